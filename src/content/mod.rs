//! Content: front matter, dates, the article/author/page model, and the
//! loaded [`Library`]. Knows nothing of templates or output.

mod at_offset;
pub mod bodies;
pub mod comments;
pub mod dates;
pub mod frontmatter;
pub mod library;
pub mod load;
pub mod markdown_cache;
pub mod model;
pub mod update;
pub mod values;

pub use library::{Library, Tag};
pub use load::LoadOptions;
pub use model::{Article, Author, StaticPage};
