//! `/robots.txt`: lets every crawler in and names the sitemaps.
//!
//! Crawlers read robots.txt only at the root of a host; for a site under a
//! sub-path (`https://example.org/newsroom/`) the file is still written, for
//! the host's owner to merge into theirs.

use super::OutputFile;
use crate::config::Config;
use crate::routes::{NEWS_SITEMAP_PATH, ROBOTS_PATH, SITEMAP_PATH, file_of_path};

/// robots.txt naming `/sitemap.xml`, and the news sitemap when the build
/// writes one (`news_sitemap`: an article is recent enough).
pub fn robots(config: &Config, news_sitemap: bool) -> OutputFile {
    let mut text = format!(
        "# {title}: robots.txt made by monazite\n\
         User-agent: *\n\
         Allow: /\n\
         \n\
         Sitemap: {sitemap}\n",
        title = config.title.replace(['\r', '\n'], " "),
        sitemap = config.permalink(SITEMAP_PATH),
    );
    if news_sitemap {
        text.push_str(&format!(
            "Sitemap: {}\n",
            config.permalink(NEWS_SITEMAP_PATH)
        ));
    }
    OutputFile {
        file: file_of_path(ROBOTS_PATH),
        bytes: text.into_bytes(),
    }
}
