//! Text that knows nothing of the site: slugs ([`slug`]), the romanization
//! they start from ([`romanize`]) and plain text shortened at a word
//! ([`truncate_words`]).
//!
//! A leaf: it uses nothing of the crate, so every layer may use it (content
//! for article and tag slugs, markdown for heading anchors, render and outputs
//! for tag pages) without depending on another.

pub mod romanize;
pub mod slug;
mod truncate;

pub use truncate::truncate_words;
