//! The URL layout: the site path of each kind of page and generated file,
//! as a function of slugs and keys, and the output file of each site path.
//!
//! Every address has two forms: the *site path* (`/news/x/`, without the
//! base path; what links, pages and feeds are written with) and the *output
//! file* (`news/x/index.html`, relative to the output folder), related by
//! [`file_of_path`] and [`path_of_file`]. These functions know no library:
//! which pages exist is [`super::Routes`]'s to say.

use crate::content::model::Article;

/// The home page, first of the latest-news list.
pub const HOME_PATH: &str = "/";
/// The news archive, first of its pages.
pub const ARCHIVE_PATH: &str = "/news/";
/// Every topic.
pub const TAG_INDEX_PATH: &str = "/tags/";
/// The page a static host shows for a path it does not have.
pub const NOT_FOUND_PATH: &str = "/404.html";
/// Where a newsletter provider sends a new subscriber back to.
pub const SUBSCRIBED_PATH: &str = "/subscribed/";
/// The search page; the search index's files sit in the same folder.
pub const SEARCH_PATH: &str = "/search/";
/// Every public page, with its last change (or an index of numbered parts).
pub const SITEMAP_PATH: &str = "/sitemap.xml";
/// The Google News sitemap: the latest articles only.
pub const NEWS_SITEMAP_PATH: &str = "/news-sitemap.xml";
/// The crawlers' rules.
pub const ROBOTS_PATH: &str = "/robots.txt";

/// The redirect rules for Netlify and Cloudflare Pages: one line per alias.
pub const REDIRECTS_PATH: &str = "/_redirects";

/// The file that serves a folder's site path (`/news/x/` is `news/x/index.html`).
const INDEX_FILE: &str = "index.html";

/// Page `n` of a list whose first page is at `first`: `first` itself, then
/// `first` + `page/N/`.
pub(super) fn numbered_path(first: &str, n: usize) -> String {
    if n <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{n}/")
    }
}

/// An article's page: `/news/<slug>/`.
pub fn article_path(slug: &str) -> String {
    format!("/news/{slug}/")
}

/// A file beside an article's page (an image of a folder article): `/news/<slug>/<name>`.
pub fn beside_article(slug: &str, name: &str) -> String {
    format!("/news/{slug}/{name}")
}

/// The site path of an article's image, if it has one: as written when it
/// is a full address or a site path, else beside the article.
pub fn article_image_path(article: &Article) -> Option<String> {
    let image = article.image.as_deref()?;
    Some(if image.contains("://") || image.starts_with('/') {
        image.to_string()
    } else {
        beside_article(&article.slug, image.trim_start_matches("./"))
    })
}

/// The site path of an article's alias as written in `aliases:` (checked by
/// `content::aliases`): rooted, and a folder (`/old/path/`) unless it names
/// an HTML file (`/old/story.html`), as the old site served it.
pub fn alias_path(written: &str) -> String {
    let path = rooted(written.trim());
    let last = path.rsplit('/').next().unwrap_or("");
    if path.ends_with('/') || last.ends_with(".html") || last.ends_with(".htm") {
        path
    } else {
        format!("{path}/")
    }
}

/// The site path of a file of the site's `static/` folder, from its path
/// under that folder (`docs/report.pdf` → `/docs/report.pdf`).
pub fn static_file_path(under_static: &str) -> String {
    rooted(under_static)
}

/// A topic's first page: `/tags/<slug>/`.
pub fn tag_path(slug: &str) -> String {
    format!("/tags/{slug}/")
}

/// An author's first page: `/authors/<key>/`.
pub fn author_path(key: &str) -> String {
    format!("/authors/{key}/")
}

/// A static page (about, contact): `/<slug>/`.
pub fn static_page_path(slug: &str) -> String {
    format!("/{slug}/")
}

/// A file of the theme's `assets/` folder: `/assets/<name>`.
pub fn theme_asset_path(name: &str) -> String {
    format!("/assets/{name}")
}

/// A file of the search index: `/search/<name>`, beside the search page.
pub fn search_index_path(name: &str) -> String {
    format!("{SEARCH_PATH}{name}")
}

/// The output folder of the search index, as a prefix of its files: `search/`.
pub fn search_index_folder() -> &'static str {
    SEARCH_PATH.trim_start_matches('/')
}

/// The folder of the social cards (src/cards), one entry among the site's files.
pub const CARDS_FOLDER: &str = "cards";

/// The site's own card, for the home page, topics, authors and other pages.
pub const SITE_CARD_PATH: &str = "/cards/site.jpg";

/// The site path of an article's card: `/cards/news/<slug>.jpg`.
pub fn card_path(slug: &str) -> String {
    format!("/{CARDS_FOLDER}/news/{slug}.jpg")
}

/// The site path of one crop of an article's image:
/// `/cards/news/<slug>.16x9.jpg` (a slug has no dot).
pub fn crop_path(slug: &str, name: &str) -> String {
    format!("/{CARDS_FOLDER}/news/{slug}.{name}.jpg")
}

/// Part `n` (from 1) of a sitemap too long for one file: `/sitemap.xml` →
/// `/sitemap-1.xml`.
pub fn sitemap_part_path(sitemap: &str, n: usize) -> String {
    format!("{}-{n}.xml", sitemap.trim_end_matches(".xml"))
}

/// The formats the site's feeds come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedFormat {
    Atom,
    Rss,
    Json,
}

impl FeedFormat {
    /// Every format, in the order pages announce them.
    pub const ALL: [FeedFormat; 3] = [FeedFormat::Atom, FeedFormat::Rss, FeedFormat::Json];

    /// The feed's file name, at the site root (and, for Atom, in each list's folder).
    pub fn file_name(self) -> &'static str {
        match self {
            FeedFormat::Atom => "atom.xml",
            FeedFormat::Rss => "rss.xml",
            FeedFormat::Json => "feed.json",
        }
    }

    /// The format whose feeds are named `name` (`atom.xml`), if any.
    pub fn of_file_name(name: &str) -> Option<FeedFormat> {
        FeedFormat::ALL.into_iter().find(|f| f.file_name() == name)
    }

    /// The feed's media type, without parameters.
    pub fn media_type(self) -> &'static str {
        let content_type = self.content_type();
        content_type.split(';').next().unwrap_or(content_type)
    }

    /// The `Content-Type` a server sends with the feed: its media type and
    /// the UTF-8 the outputs write.
    pub fn content_type(self) -> &'static str {
        match self {
            FeedFormat::Atom => "application/atom+xml; charset=utf-8",
            FeedFormat::Rss => "application/rss+xml; charset=utf-8",
            FeedFormat::Json => "application/feed+json; charset=utf-8",
        }
    }

    /// The format's name, for people: `Atom`, `RSS`, `JSON Feed`.
    pub fn name(self) -> &'static str {
        match self {
            FeedFormat::Atom => "Atom",
            FeedFormat::Rss => "RSS",
            FeedFormat::Json => "JSON Feed",
        }
    }
}

/// The site-wide feed in `format`: `/atom.xml`, `/rss.xml`, `/feed.json`.
pub fn site_feed_path(format: FeedFormat) -> String {
    format!("{HOME_PATH}{}", format.file_name())
}

/// The Atom feed of a list (a topic, an author) whose first page is at
/// `list_path`: `/tags/india/atom.xml`.
pub fn list_feed_path(list_path: &str) -> String {
    format!("{list_path}{}", FeedFormat::Atom.file_name())
}

/// The output file of a site path: `/news/x/` → `news/x/index.html`,
/// `/atom.xml` → `atom.xml`.
pub fn file_of_path(path: &str) -> String {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}{INDEX_FILE}")
    } else {
        rel.to_string()
    }
}

/// The output file that serves a folder (relative to the output, without
/// slashes around it): `news/x` → `news/x/index.html`, `` → `index.html`.
pub fn index_file_of(folder: &str) -> String {
    if folder.is_empty() {
        INDEX_FILE.to_string()
    } else {
        format!("{folder}/{INDEX_FILE}")
    }
}

/// The site path an output file is served at: `news/x/index.html` →
/// `/news/x/`, `404.html` → `/404.html`.
pub fn path_of_file(file: &str) -> String {
    match file.strip_suffix(INDEX_FILE) {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
        _ => format!("/{file}"),
    }
}

/// The output files a static host tries for a site path (no query or
/// fragment), in order: `/news/x/` is `news/x/index.html`; `/news/x` is the
/// file `news/x`, else the folder's `news/x/index.html`.
pub fn files_serving(path: &str) -> Vec<String> {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        vec![file_of_path(path)]
    } else {
        vec![rel.to_string(), index_file_of(rel)]
    }
}

/// A path written without its leading slash (`news/x/` in front matter) as
/// the site path it means (`/news/x/`).
pub fn rooted(path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

/// The slug of the article whose page a site path names (`/news/x/` or
/// `/news/x`), if it names one.
pub fn article_slug_at(path: &str) -> Option<&str> {
    Some(path.strip_prefix("/news/")?.trim_end_matches('/'))
}

/// The slug of the article whose page is the output file `file`
/// (`news/<slug>/index.html`), if it is one.
pub(super) fn article_slug_in(file: &str) -> Option<&str> {
    file.strip_prefix("news/")?
        .strip_suffix(INDEX_FILE)?
        .strip_suffix('/')
}

/// The kind of page an output file is, from its path alone (no library).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageClass {
    /// `news/<slug>/index.html`
    Article(String),
    /// `index.html`, `page/N/index.html`
    Home,
    /// `news/index.html`, `news/page/N/index.html`
    Archive,
    /// `tags/index.html`
    TagIndex,
    /// `tags/<slug>/…`
    Tag(String),
    /// `authors/<key>/…`
    Author(String),
    /// `404.html`
    NotFound,
    /// A static page (`<slug>/index.html`), or an output that is not a page
    /// (feeds, sitemaps, search index).
    Other,
}

impl PageClass {
    /// Classifies an output file path like `news/x/index.html`.
    pub fn of(file: &str) -> PageClass {
        let parts: Vec<&str> = file.split('/').collect();
        match parts.as_slice() {
            [INDEX_FILE] | ["page", _, INDEX_FILE] => PageClass::Home,
            ["news", INDEX_FILE] | ["news", "page", _, INDEX_FILE] => PageClass::Archive,
            ["news", slug, INDEX_FILE] => PageClass::Article(slug.to_string()),
            ["tags", INDEX_FILE] => PageClass::TagIndex,
            ["tags", slug, ..] => PageClass::Tag(slug.to_string()),
            ["authors", key, ..] => PageClass::Author(key.to_string()),
            ["404.html"] => PageClass::NotFound,
            _ => PageClass::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_and_output_files_correspond() {
        for (path, file) in [
            ("/", "index.html"),
            ("/news/x/", "news/x/index.html"),
            ("/tags/india/page/2/", "tags/india/page/2/index.html"),
            ("/404.html", "404.html"),
            ("/atom.xml", "atom.xml"),
        ] {
            assert_eq!(file_of_path(path), file);
            assert_eq!(path_of_file(file), path);
        }
        assert_eq!(files_serving("/news/x"), ["news/x", "news/x/index.html"]);
        assert_eq!(files_serving("/news/x/"), ["news/x/index.html"]);
        assert_eq!(search_index_folder(), "search/");
    }

    #[test]
    fn feeds_sitemaps_and_files_beside_pages() {
        assert_eq!(site_feed_path(FeedFormat::Rss), "/rss.xml");
        assert_eq!(list_feed_path(&tag_path("india")), "/tags/india/atom.xml");
        assert_eq!(
            FeedFormat::of_file_name("feed.json"),
            Some(FeedFormat::Json)
        );
        assert_eq!(FeedFormat::of_file_name("feed.xml"), None);
        assert_eq!(sitemap_part_path(SITEMAP_PATH, 2), "/sitemap-2.xml");
        assert_eq!(theme_asset_path("style.css"), "/assets/style.css");
        assert_eq!(beside_article("x", "cover.svg"), "/news/x/cover.svg");
    }

    #[test]
    fn aliases_are_folders_unless_they_name_an_html_file() {
        assert_eq!(alias_path("/2024/10/old-story/"), "/2024/10/old-story/");
        assert_eq!(alias_path("2024/10/old-story"), "/2024/10/old-story/");
        assert_eq!(alias_path("/old/story.html"), "/old/story.html");
        assert_eq!(alias_path("/old/story.htm"), "/old/story.htm");
        assert_eq!(alias_path("/v1.2/story"), "/v1.2/story/");
        assert_eq!(file_of_path(&alias_path("/old/x")), "old/x/index.html");
        assert_eq!(static_file_path("docs/report.pdf"), "/docs/report.pdf");
        assert_eq!(file_of_path(REDIRECTS_PATH), "_redirects");
    }

    #[test]
    fn article_pages_are_found_by_path_and_by_file() {
        assert_eq!(article_slug_at("/news/x/"), Some("x"));
        assert_eq!(article_slug_at("/news/x"), Some("x"));
        assert_eq!(article_slug_at("/tags/x/"), None);
        assert_eq!(article_slug_in("news/x/index.html"), Some("x"));
        assert_eq!(article_slug_in("news/index.html"), None);
        assert_eq!(article_slug_in("news/x"), None);
    }
}
