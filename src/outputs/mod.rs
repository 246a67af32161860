//! Site-wide outputs that are not theme pages: feeds, sitemaps, robots.txt, the
//! search index. Each is a function of the loaded site and returns files; none
//! writes to disk itself.

pub mod search;

use crate::render::Renderer;

/// One generated file: its path relative to the output root, and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub file: String,
    pub bytes: Vec<u8>,
}

/// Every non-page output of the site.
pub fn all(renderer: &Renderer<'_>) -> Vec<OutputFile> {
    let mut files = Vec::new();
    files.extend(search::output_files(renderer));
    files
}
