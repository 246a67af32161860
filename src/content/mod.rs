//! Content: the site's files as the model (articles, authors, pages and their
//! comments). [`parse`] turns one file's text into its part of the model
//! (pure: a path and a text in, no disk), [`load`] reads the files for it, and
//! [`library`] checks them against each other (`checks`) and sorts them into
//! the [`Library`].
//!
//! Renders no Markdown: bodies are rendered after loading by the body stage
//! (`crate::bodies`), which fills in what comes from them. Knows nothing of
//! templates or output.

pub mod aliases;
mod checks;
pub mod comments;
pub mod dates;
pub mod frontmatter;
pub mod images;
pub mod lang;
pub mod library;
pub mod load;
pub mod model;
pub mod parse;
pub mod unwritten;
pub mod update;
pub mod values;

pub use checks::unknown_author_help;
pub use library::{Library, StoredBodies, Tag};
pub use load::LoadOptions;
pub use model::{Article, Author, BodyHtml, StaticPage};
pub use parse::ParseContext;
