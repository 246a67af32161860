//! Feeds: Atom 1.0, RSS 2.0 and JSON Feed 1.1 of the latest articles at the
//! site root, and an Atom feed per tag and per author. Each entry carries the
//! full article with absolute URLs, since a feed reader has no page around it.
//!
//! Drafts and scheduled articles (present with `--drafts`) never enter a feed.
//! Entries are built once per article and shared by every feed that lists it;
//! the three formats in `atom`, `rss` and `json` only write them out.

mod atom;
mod json;
mod rss;

use std::collections::BTreeSet;

use pulldown_cmark_escape::{escape_href, escape_html};
use rayon::prelude::*;
use time::OffsetDateTime;

use super::OutputFile;
use super::absolute::absolute_urls;
use super::xml::escape_text;
use crate::config::Config;
use crate::content::Library;
use crate::content::model::Article;
use crate::markdown::NEW_TAB_HINT;
use crate::render::meta::list_feed_title;
use crate::render::structured::{absolute_url, logo_url};
use crate::render::views::image_url;
use crate::routes::{
    FeedFormat, article_path, author_path, file_of_path, list_feed_path, site_feed_path, tag_path,
};

/// One article as every feed format needs it.
#[derive(Debug, Clone)]
pub struct FeedEntry {
    /// The article's permalink: stable as long as the slug and base URL are.
    pub id: String,
    pub url: String,
    pub title: String,
    pub published: OffsetDateTime,
    pub updated: OffsetDateTime,
    pub author_name: String,
    /// Absolute URL of the author's page.
    pub author_url: String,
    /// Plain text.
    pub summary: String,
    /// The whole article (image, highlights, body, source line) with absolute URLs.
    pub content_html: String,
    /// `content_html` escaped for XML once, for every Atom and RSS feed listing it.
    pub content_xml: String,
    /// Tag names as written.
    pub tags: Vec<String>,
    /// Absolute URL of the article's image.
    pub image: Option<String>,
    /// What the article says of its image (plain text), each or none.
    pub image_caption: Option<String>,
    pub image_credit: Option<String>,
    /// The article's own language (`lang:`), none when it has none: the feed's.
    pub lang: Option<String>,
}

/// One feed: what it follows and the entries it holds, newest first.
#[derive(Debug)]
pub struct Feed<'a> {
    pub title: String,
    pub description: String,
    /// Absolute URL of the page the feed follows (home, a tag or an author page).
    pub page_url: String,
    /// Absolute URL of the feed itself.
    pub self_url: String,
    pub language: String,
    /// The newest `updated` of its entries (the build's "now" when it has none).
    pub updated: OffsetDateTime,
    pub publisher: String,
    pub logo: Option<String>,
    pub entries: Vec<&'a FeedEntry>,
}

impl Feed<'_> {
    /// About the size of the feed's XML: its entries' content, and a
    /// kilobyte for the rest of each entry and of the feed.
    fn expected_xml_bytes(&self) -> usize {
        let entries: usize = self.entries.iter().map(|e| e.content_xml.len()).sum();
        entries + 1024 * (self.entries.len() + 1)
    }
}

/// Every feed of the site. `now` dates a feed with no entries.
pub fn all(config: &Config, library: &Library, now: OffsetDateTime) -> Vec<OutputFile> {
    let (site, lists) = plans(config, library);
    let entries = entries(config, library, std::iter::once(&site).chain(&lists));

    let mut files = Vec::with_capacity(lists.len() + 3);
    let mut feed = site.feed(config, &entries, now);
    for format in FeedFormat::ALL {
        let path = site_feed_path(format);
        feed.self_url = config.permalink(&path);
        let text = match format {
            FeedFormat::Atom => atom::write(&feed),
            FeedFormat::Rss => rss::write(&feed),
            FeedFormat::Json => json::write(&feed),
        };
        files.push(output(&path, text));
    }
    for plan in &lists {
        files.push(output(
            &plan.file,
            atom::write(&plan.feed(config, &entries, now)),
        ));
    }
    files
}

/// One feed before its entries are built: what it follows and which articles.
struct FeedPlan {
    title: String,
    description: String,
    /// Site path of the page the feed follows.
    page: String,
    /// Site path of the feed (the Atom one, for the site).
    file: String,
    /// Library indices of its articles, newest first, at most `feed_limit`.
    articles: Vec<usize>,
}

/// The site's feed, then one per tag and one per author.
fn plans(config: &Config, library: &Library) -> (FeedPlan, Vec<FeedPlan>) {
    let latest = |indices: Vec<usize>| -> Vec<usize> {
        indices
            .into_iter()
            .filter(|&i| is_public(&library.articles[i]))
            .take(config.feed_limit)
            .collect()
    };
    let site = FeedPlan {
        title: config.title.clone(),
        description: config.description.clone(),
        page: crate::routes::HOME_PATH.into(),
        file: site_feed_path(FeedFormat::Atom),
        articles: latest((0..library.articles.len()).collect()),
    };
    let tags = library.tags.iter().map(|tag| FeedPlan {
        title: list_feed_title(config, &tag.name),
        description: format!("Articles about {} from {}.", tag.name, config.title),
        file: list_feed_path(&tag_path(&tag.slug)),
        page: tag_path(&tag.slug),
        articles: latest(tag.articles.clone()),
    });
    let authors = library.authors.values().map(|author| FeedPlan {
        title: list_feed_title(config, &author.name),
        description: format!("Articles by {} in {}.", author.name, config.title),
        file: list_feed_path(&author_path(&author.key)),
        page: author_path(&author.key),
        articles: latest(library.articles_by(&author.key).to_vec()),
    });
    (site, tags.chain(authors).collect())
}

/// The entry of every article some feed lists (indexed like the library),
/// each built once however many feeds list it.
fn entries<'a>(
    config: &Config,
    library: &Library,
    plans: impl Iterator<Item = &'a FeedPlan>,
) -> Vec<Option<FeedEntry>> {
    let needed: BTreeSet<usize> = plans.flat_map(|p| p.articles.iter().copied()).collect();
    let built: Vec<(usize, FeedEntry)> = needed
        .into_par_iter()
        .map(|i| (i, entry(config, library, &library.articles[i])))
        .collect();
    let mut entries = vec![None; library.articles.len()];
    for (i, entry) in built {
        entries[i] = Some(entry);
    }
    entries
}

impl FeedPlan {
    fn feed<'e>(
        &self,
        config: &Config,
        entries: &'e [Option<FeedEntry>],
        now: OffsetDateTime,
    ) -> Feed<'e> {
        let picked: Vec<&FeedEntry> = self
            .articles
            .iter()
            .filter_map(|&i| entries[i].as_ref())
            .collect();
        Feed {
            title: self.title.clone(),
            description: self.description.clone(),
            page_url: config.permalink(&self.page),
            self_url: config.permalink(&self.file),
            language: config.language.clone(),
            updated: picked.iter().map(|e| e.updated).max().unwrap_or(now),
            publisher: config.publication_name.clone(),
            logo: logo_url(config),
            entries: picked,
        }
    }
}

/// Published: neither a draft nor scheduled (both appear only with `--drafts`).
pub fn is_public(article: &Article) -> bool {
    !article.draft && !article.scheduled
}

fn output(site_path: &str, text: String) -> OutputFile {
    OutputFile {
        file: file_of_path(site_path),
        bytes: text.into_bytes(),
    }
}

/// What a feed shows of an article's byline and image, as its page shows them.
struct EntryLinks {
    permalink: String,
    author_name: String,
    /// Absolute URL of the author's page.
    author_url: String,
    /// The image's URL on the site (with the base path), as the page's `src`.
    image: Option<String>,
    image_alt: String,
}

impl EntryLinks {
    fn of(config: &Config, library: &Library, article: &Article) -> EntryLinks {
        let author = library.authors.get(&article.author);
        // Loading refuses unknown authors; were one left, its entry would name
        // it by its key, as its page does.
        let author_page = author.map_or(String::new(), |a| config.url(&author_path(&a.key)));
        EntryLinks {
            permalink: config.permalink(&article_path(&article.slug)),
            author_name: author.map_or(&article.author, |a| &a.name).clone(),
            author_url: absolute_url(config, &author_page),
            image: image_url(config, article),
            image_alt: article.image_alt.clone().unwrap_or_default(),
        }
    }
}

fn entry(config: &Config, library: &Library, article: &Article) -> FeedEntry {
    let links = EntryLinks::of(config, library, article);
    let image = links.image.as_deref().map(|i| absolute_url(config, i));
    let content_html = content_html(config, &library.body_html(article), article, &links);
    FeedEntry {
        id: links.permalink.clone(),
        url: links.permalink,
        title: article.title.clone(),
        published: article.date.at,
        updated: article.modified().at,
        author_name: links.author_name,
        author_url: links.author_url,
        summary: article.summary.clone(),
        content_xml: escape_text(&content_html),
        content_html,
        tags: library.tag_names(article),
        image,
        image_caption: article.image_caption.clone(),
        image_credit: article.image_credit.clone(),
        lang: article.lang.clone(),
    }
}

/// The body without the "(opens in a new tab)" hints of external links: feed
/// readers have no stylesheet to hide them and decide themselves where links open.
fn without_new_tab_hints(html: &str) -> String {
    html.replace(
        &format!("<span class=\"visually-hidden\"> {NEW_TAB_HINT}</span>"),
        "",
    )
}

/// The article as a feed reader shows it: image, highlights, body, source line.
fn content_html(config: &Config, body: &str, article: &Article, links: &EntryLinks) -> String {
    let mut html = String::with_capacity(body.len() + 512);
    if let Some(image) = &links.image {
        lead_image_html(&mut html, image, &links.image_alt, article);
    }
    if !article.highlights.is_empty() {
        html.push_str("<h2>Highlights</h2>\n<ul>\n");
        for item in &article.highlights {
            html.push_str("<li>");
            escape_html(&mut html, item).ok();
            html.push_str("</li>\n");
        }
        html.push_str("</ul>\n");
    }
    html.push_str(&without_new_tab_hints(body));
    if let Some(source) = &article.source {
        html.push_str("<p>Source: ");
        match &source.url {
            Some(url) => {
                html.push_str("<a href=\"");
                escape_href(&mut html, url).ok();
                html.push_str("\">");
                escape_html(&mut html, &source.name).ok();
                html.push_str("</a>");
            }
            None => {
                escape_html(&mut html, &source.name).ok();
            }
        }
        if let Some(date) = source.date {
            html.push_str(", ");
            escape_html(&mut html, &date.view(config).display).ok();
        }
        html.push_str(".</p>\n");
    }
    absolute_urls(&html, config.origin(), &links.permalink)
}

/// The lead image as its page shows it: in a `<figure>` with its caption and
/// credit under it when the article gives them, else on its own.
fn lead_image_html(html: &mut String, image: &str, alt: &str, article: &Article) {
    let (caption, credit) = (&article.image_caption, &article.image_credit);
    let described = caption.is_some() || credit.is_some();
    html.push_str(if described { "<figure>" } else { "<p>" });
    html.push_str("<img src=\"");
    escape_href(&mut *html, image).ok();
    html.push_str("\" alt=\"");
    escape_html(&mut *html, alt).ok();
    html.push_str("\">");
    if !described {
        html.push_str("</p>\n");
        return;
    }
    html.push_str("<figcaption>");
    if let Some(caption) = caption {
        escape_html(&mut *html, caption).ok();
    }
    if let Some(credit) = credit {
        if caption.is_some() {
            html.push(' ');
        }
        html.push_str("<small>");
        escape_html(&mut *html, credit).ok();
        html.push_str("</small>");
    }
    html.push_str("</figcaption></figure>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{MarkdownOptions, render};

    #[test]
    fn external_link_hints_are_left_out_of_feeds() {
        let body = render(
            "See [USGS](https://www.usgs.gov/).",
            &MarkdownOptions::default(),
        );
        assert!(body.html.contains(NEW_TAB_HINT));
        let feed_html = without_new_tab_hints(&body.html);
        assert!(!feed_html.contains(NEW_TAB_HINT), "{feed_html}");
        assert!(feed_html.contains(">USGS</a>"));
    }
}
