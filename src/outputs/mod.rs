//! Site-wide outputs that are not theme pages: feeds, sitemaps, robots.txt, the
//! search index. Each is a function of the loaded site and returns files; none
//! writes to disk itself.

pub mod absolute;
pub mod feeds;
pub mod robots;
pub mod search;
pub mod sitemap;
pub mod xml;

use time::OffsetDateTime;

use crate::render::Renderer;

/// One generated file: its path relative to the output root, and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub file: String,
    pub bytes: Vec<u8>,
}

/// Every non-page output of the site. `now` is the build's "now" (the news
/// sitemap's window ends there).
pub fn all(renderer: &Renderer<'_>, now: OffsetDateTime) -> Vec<OutputFile> {
    let mut files = site_files(renderer, now);
    files.extend(search::output_files(renderer));
    files
}

/// Feeds, sitemaps and robots.txt: cheap, so a build makes them every time.
/// The search index, which is not, is [`search::output_files`], with its own
/// [`search::fingerprint`] so that a build can keep it when unchanged.
pub fn site_files(renderer: &Renderer<'_>, now: OffsetDateTime) -> Vec<OutputFile> {
    let mut files = feeds::all(renderer, now);
    files.extend(sitemap::sitemap(renderer));
    let news = sitemap::news_sitemap(renderer, now);
    files.push(robots::robots(renderer.config, !news.is_empty()));
    files.extend(news);
    files
}
