//! `/robots.txt`: lets every crawler in and names the sitemaps.
//!
//! Crawlers read robots.txt only at the root of a host; for a site under a
//! sub-path (`https://example.org/newsroom/`) the file is still written, for
//! the host's owner to merge into theirs.

use super::OutputFile;
use super::sitemap::{NEWS_SITEMAP_PATH, SITEMAP_PATH};
use crate::config::Config;

pub fn robots(config: &Config) -> OutputFile {
    let text = format!(
        "# {title}: robots.txt made by monazite\n\
         User-agent: *\n\
         Allow: /\n\
         \n\
         Sitemap: {sitemap}\n\
         Sitemap: {news}\n",
        title = config.title.replace(['\r', '\n'], " "),
        sitemap = config.permalink(SITEMAP_PATH),
        news = config.permalink(NEWS_SITEMAP_PATH),
    );
    OutputFile {
        file: "robots.txt".into(),
        bytes: text.into_bytes(),
    }
}
