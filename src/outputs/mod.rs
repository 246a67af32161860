//! Site-wide outputs that are not theme pages: feeds, sitemaps, robots.txt, the
//! search index. Each is a function of the loaded site and returns files; none
//! writes to disk itself.

use crate::render::Renderer;

/// One generated file: its path relative to the output root, and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub file: String,
    pub bytes: Vec<u8>,
}

/// Every non-page output of the site.
pub fn all(_renderer: &Renderer<'_>) -> Vec<OutputFile> {
    Vec::new()
}
