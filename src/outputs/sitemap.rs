//! `/sitemap.xml` (every public page with its `lastmod`) and the Google News
//! sitemap `/news-sitemap.xml` (articles of the last two days, when there are
//! any). A sitemap past
//! its URL limit (50,000; 1,000 for news) becomes a sitemap index pointing at
//! numbered files (`sitemap-1.xml`, …), as the sitemaps protocol asks.
//!
//! Left out of both: the 404 page, drafts and scheduled articles (even with
//! `--drafts`), draft pages, and topic pages with no published article.

use std::collections::HashMap;

use time::{Duration, OffsetDateTime};

use super::OutputFile;
use super::feeds::is_public;
use super::xml::XmlWriter;
use crate::config::Config;
use crate::content::Library;
use crate::content::dates::rfc3339;
use crate::content::model::Article;
use crate::routes::{
    NEWS_SITEMAP_PATH, PageKey, Routes, SITEMAP_PATH, article_path, file_of_path, sitemap_part_path,
};

/// URLs per sitemap file (the protocol's limit).
pub const URLS_PER_SITEMAP: usize = 50_000;
/// URLs per Google News sitemap file (Google's limit).
pub const URLS_PER_NEWS_SITEMAP: usize = 1_000;
/// How far back the news sitemap reaches from the build's "now".
pub const NEWS_WINDOW: Duration = Duration::days(2);

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

/// One URL of a sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapUrl {
    /// Absolute URL.
    pub loc: String,
    pub lastmod: Option<OffsetDateTime>,
}

/// `/sitemap.xml` (and its numbered parts, past 50,000 URLs).
pub fn sitemap(config: &Config, library: &Library, routes: &Routes<'_>) -> Vec<OutputFile> {
    let urls = public_urls(config, library, routes);
    split(
        config,
        SITEMAP_PATH,
        &urls,
        URLS_PER_SITEMAP,
        |u| u.lastmod,
        urlset,
    )
}

/// `/news-sitemap.xml`: articles published in the two days up to `now`; no
/// file at all when there is none, since a `urlset` without a `url` is not
/// valid against the sitemap schema (the build removes an earlier one).
pub fn news_sitemap(config: &Config, library: &Library, now: OffsetDateTime) -> Vec<OutputFile> {
    let recent = recent_articles(&library.articles, now);
    if recent.is_empty() {
        return Vec::new();
    }
    split(
        config,
        NEWS_SITEMAP_PATH,
        &recent,
        URLS_PER_NEWS_SITEMAP,
        |a| Some(a.modified().at),
        |items| news_urlset(config, items),
    )
}

/// Published articles dated within [`NEWS_WINDOW`] before `now`, newest first.
pub fn recent_articles(articles: &[Article], now: OffsetDateTime) -> Vec<&Article> {
    articles
        .iter()
        .filter(|a| is_public(a) && a.date.at <= now && a.date.at >= now - NEWS_WINDOW)
        .collect()
}

/// Writes `items` as one sitemap at `path`, or, past `limit`, as numbered
/// sitemaps of `limit` items each with a sitemap index at `path`.
pub fn split<T>(
    config: &Config,
    path: &str,
    items: &[T],
    limit: usize,
    lastmod: impl Fn(&T) -> Option<OffsetDateTime>,
    write: impl Fn(&[T]) -> String,
) -> Vec<OutputFile> {
    if items.len() <= limit {
        return vec![OutputFile {
            file: file_of_path(path),
            bytes: write(items).into_bytes(),
        }];
    }
    let mut files = Vec::new();
    let mut parts = Vec::new();
    for (n, chunk) in items.chunks(limit.max(1)).enumerate() {
        let part = sitemap_part_path(path, n + 1);
        parts.push(SitemapUrl {
            loc: config.permalink(&part),
            lastmod: chunk.iter().filter_map(&lastmod).max(),
        });
        files.push(OutputFile {
            file: file_of_path(&part),
            bytes: write(chunk).into_bytes(),
        });
    }
    files.push(OutputFile {
        file: file_of_path(path),
        bytes: sitemap_index(&parts).into_bytes(),
    });
    files
}

/// Every public page of the site with its last modification, in page order.
fn public_urls(config: &Config, library: &Library, routes: &Routes<'_>) -> Vec<SitemapUrl> {
    let articles = &library.articles;
    // Each list's newest change, computed once rather than once per page of the list.
    let every_article: Vec<usize> = (0..articles.len()).collect();
    let site_lastmod = newest_public(articles, &every_article);
    let tag_lastmod: Vec<Option<OffsetDateTime>> = library
        .tags
        .iter()
        .map(|t| newest_public(articles, &t.articles))
        .collect();
    let author_lastmod: HashMap<&str, Option<OffsetDateTime>> = library
        .authors
        .keys()
        .map(|k| (k.as_str(), newest_public(articles, library.articles_by(k))))
        .collect();
    routes
        .pages()
        .into_iter()
        .filter_map(|key| {
            let lastmod = match &key {
                // Not-found, the subscribe confirmation and search are noindex pages.
                PageKey::NotFound | PageKey::Subscribed | PageKey::Search => return None,
                PageKey::Article(i) if !is_public(&articles[*i]) => return None,
                PageKey::Article(i) => Some(articles[*i].modified().at),
                PageKey::Home(_) | PageKey::Archive(_) | PageKey::TagIndex => site_lastmod,
                // A topic of drafts only (built with --drafts) is not public.
                PageKey::Tag(t, _) if tag_lastmod[*t].is_none() => return None,
                PageKey::Tag(t, _) => tag_lastmod[*t],
                PageKey::Author(k, _) => author_lastmod.get(k.as_str()).copied().flatten(),
                PageKey::Page(i) if library.pages[*i].draft => return None,
                // Static pages carry no date; a sitemap URL may go without `lastmod`.
                PageKey::Page(_) => None,
            };
            Some(SitemapUrl {
                loc: config.permalink(&routes.path_of(&key)),
                lastmod,
            })
        })
        .collect()
}

/// The latest change among the published articles at `indices`.
fn newest_public(articles: &[Article], indices: &[usize]) -> Option<OffsetDateTime> {
    indices
        .iter()
        .map(|&i| &articles[i])
        .filter(|a| is_public(a))
        .map(|a| a.modified().at)
        .max()
}

fn urlset(urls: &[SitemapUrl]) -> String {
    let mut w = XmlWriter::new();
    w.open("urlset", &[("xmlns", SITEMAP_NS)]);
    for url in urls {
        w.open("url", &[]);
        w.text("loc", &[], &url.loc);
        if let Some(at) = url.lastmod {
            w.text("lastmod", &[], &rfc3339(at));
        }
        w.close("url");
    }
    w.close("urlset");
    w.finish()
}

fn sitemap_index(parts: &[SitemapUrl]) -> String {
    let mut w = XmlWriter::new();
    w.open("sitemapindex", &[("xmlns", SITEMAP_NS)]);
    for part in parts {
        w.open("sitemap", &[]);
        w.text("loc", &[], &part.loc);
        if let Some(at) = part.lastmod {
            w.text("lastmod", &[], &rfc3339(at));
        }
        w.close("sitemap");
    }
    w.close("sitemapindex");
    w.finish()
}

fn news_urlset(config: &Config, articles: &[&Article]) -> String {
    let language = news_language(&config.language);
    let mut w = XmlWriter::new();
    w.open("urlset", &[("xmlns", SITEMAP_NS), ("xmlns:news", NEWS_NS)]);
    for article in articles {
        w.open("url", &[]);
        w.text("loc", &[], &config.permalink(&article_path(&article.slug)));
        w.open("news:news", &[]);
        w.open("news:publication", &[]);
        w.text("news:name", &[], &config.publication_name);
        w.text("news:language", &[], &language);
        w.close("news:publication");
        w.text("news:publication_date", &[], &rfc3339(article.date.at));
        w.text("news:title", &[], &article.title);
        w.close("news:news");
        w.close("url");
    }
    w.close("urlset");
    w.finish()
}

/// Google News wants an ISO 639 code (`en`, not `en-GB`), except `zh-cn` and `zh-tw`.
pub fn news_language(language: &str) -> String {
    let lower = language.trim().to_ascii_lowercase().replace('_', "-");
    if lower == "zh-cn" || lower == "zh-tw" {
        return lower;
    }
    match lower.as_str() {
        "zh-hans" | "zh-sg" => "zh-cn".into(),
        "zh-hant" | "zh-hk" | "zh-mo" => "zh-tw".into(),
        _ => lower.split('-').next().unwrap_or("en").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse("title: T\nbase_url: https://example.org/newsroom/\n").unwrap()
    }

    fn urls(n: usize) -> Vec<SitemapUrl> {
        (1..=n)
            .map(|i| SitemapUrl {
                loc: format!("https://example.org/newsroom/{i}/"),
                lastmod: OffsetDateTime::from_unix_timestamp(i as i64 * 86_400).ok(),
            })
            .collect()
    }

    fn text(file: &OutputFile) -> &str {
        std::str::from_utf8(&file.bytes).unwrap()
    }

    #[test]
    fn at_the_limit_one_file() {
        let files = split(&config(), SITEMAP_PATH, &urls(3), 3, |u| u.lastmod, urlset);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].file, "sitemap.xml");
        assert_eq!(text(&files[0]).matches("<url>").count(), 3);
    }

    #[test]
    fn past_the_limit_an_index_of_numbered_parts() {
        let files = split(&config(), SITEMAP_PATH, &urls(7), 3, |u| u.lastmod, urlset);
        let names: Vec<&str> = files.iter().map(|f| f.file.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let counts: Vec<usize> = files[..3]
            .iter()
            .map(|f| text(f).matches("<url>").count())
            .collect();
        assert_eq!(counts, [3, 3, 1]);
        let index = text(&files[3]);
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://example.org/newsroom/sitemap-2.xml</loc>"));
        // The index's lastmod of a part is the newest of its URLs (day 6 for part 2).
        assert!(index.contains("<lastmod>1970-01-07T00:00:00Z</lastmod>"));
    }

    #[test]
    fn news_languages() {
        assert_eq!(news_language("en"), "en");
        assert_eq!(news_language("en-GB"), "en");
        assert_eq!(news_language("zh-TW"), "zh-tw");
        assert_eq!(news_language("zh-Hans"), "zh-cn");
        assert_eq!(news_language("hi_IN"), "hi");
    }
}
