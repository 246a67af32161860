//! Site-wide outputs that are not theme pages: feeds, sitemaps, robots.txt, the
//! search index. Each is a function of the loaded site (its [`SiteModel`], or
//! the part of it the output reads) and returns files; none uses a template,
//! and none writes to disk itself.

pub mod absolute;
pub mod feeds;
pub mod redirects;
pub mod robots;
pub mod search;
pub mod sitemap;
pub mod xml;

use time::OffsetDateTime;

use crate::config::Config;
use crate::content::Library;
use crate::routes::Routes;

/// What outputs are made from: the loaded site and its route table.
#[derive(Debug, Clone, Copy)]
pub struct SiteModel<'a> {
    pub config: &'a Config,
    pub library: &'a Library,
    pub routes: Routes<'a>,
    /// The build's "now": the news sitemap's window ends there, and a feed
    /// with no entries is dated then.
    pub now: OffsetDateTime,
}

/// One generated file: its path relative to the output root, and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub file: String,
    pub bytes: Vec<u8>,
}

/// Every non-page output of the site.
pub fn all(site: &SiteModel<'_>) -> Vec<OutputFile> {
    let mut files = site_files(site);
    files.extend(search::output_files(site.library));
    files
}

/// Feeds, sitemaps, robots.txt and the aliases' redirects: cheap, so a build makes them every time.
/// The search index, which is not, is [`search::output_files`], with its own
/// [`search::fingerprint`] so that a build can keep it when unchanged.
pub fn site_files(site: &SiteModel<'_>) -> Vec<OutputFile> {
    let mut files = feeds::all(site.config, site.library, site.now);
    files.extend(sitemap::sitemap(site.config, site.library, &site.routes));
    let news = sitemap::news_sitemap(site.config, site.library, site.now);
    files.push(robots::robots(site.config, !news.is_empty()));
    files.extend(news);
    files.extend(redirects::redirects(site));
    files
}
