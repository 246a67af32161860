//! `page`: what the `<head>` of every page needs: title, description, canonical
//! URL, social-card fields (OpenGraph, Twitter), feed autodiscovery links and
//! schema.org JSON-LD. The theme's `partials/head_meta.html` prints them.

use serde::Serialize;

use super::structured::{self, ArticleFacts};
use super::views::ArticleCard;
use crate::cards;
use crate::config::Config;
use crate::content::Tag;
use crate::content::dates::rfc3339;
use crate::content::model::{Article, Author, Extra};
use crate::routes::{self, FeedFormat};

/// The title of a tag's or an author's feed: `India — Monazite News`.
pub fn list_feed_title(config: &Config, name: &str) -> String {
    format!("{name} — {}", config.title)
}

/// The head metadata of one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// `article`, `home`, `archive`, `tag`, `tags`, `author`, `page`, `404`,
    /// `subscribed` or `search`.
    pub kind: &'static str,
    /// The page's own title (the `<title>` adds the site name).
    pub title: String,
    pub description: String,
    /// Site path without the base path, e.g. `/news/x/`.
    pub path: String,
    /// Site path with the base path, for links.
    pub url: String,
    /// Absolute URL; the canonical link.
    pub permalink: String,
    /// Absolute URL of the social-card image: the article's card, else the
    /// site's (src/cards).
    pub image: Option<String>,
    /// The card's size in px, for `og:image:width` and `og:image:height`.
    pub image_width: Option<u32>,
    pub image_height: Option<u32>,
    /// What the card shows, for `og:image:alt` and `twitter:image:alt`.
    pub image_alt: Option<String>,
    /// `article` or `website`.
    pub og_type: &'static str,
    /// `en_GB` for `en-GB`: OpenGraph's form of the site language.
    pub og_locale: String,
    pub published: Option<String>,
    pub modified: Option<String>,
    /// Keep search engines off (404, drafts).
    pub noindex: bool,
    /// An article's author, for `article:author`.
    pub author: Option<MetaAuthor>,
    /// An article's tag names, for `article:tag`.
    pub tags: Vec<String>,
    /// `summary_large_image` when the page has a card (every page has), else `summary`.
    pub twitter_card: &'static str,
    /// The site's Twitter handle with its `@`, if configured.
    pub twitter_site: Option<String>,
    /// Feeds to announce with `<link rel="alternate">`: the site's, then the page's own.
    pub feeds: Vec<FeedLink>,
    /// JSON-LD blocks, each already safe to print inside `<script>` (`| safe`).
    pub jsonld: Vec<String>,
    /// `extra:` of the article, author or static page the page shows (a map,
    /// empty on other pages).
    pub extra: Extra,
}

/// An article's author in the head.
#[derive(Debug, Clone, Serialize)]
pub struct MetaAuthor {
    pub name: String,
    /// Absolute URL of the author page.
    pub permalink: String,
}

/// A feed for autodiscovery.
#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    pub title: String,
    /// Absolute URL.
    pub url: String,
    /// `application/atom+xml`, `application/rss+xml` or `application/feed+json`.
    pub mime: &'static str,
}

impl PageMeta {
    pub fn new(
        config: &Config,
        kind: &'static str,
        title: impl Into<String>,
        description: impl Into<String>,
        path: &str,
    ) -> PageMeta {
        let card = cards::site_card(config);
        PageMeta {
            kind,
            title: title.into(),
            description: description.into(),
            path: path.to_string(),
            url: config.url(path),
            permalink: config.permalink(path),
            image: Some(card.url),
            image_width: Some(card.width),
            image_height: Some(card.height),
            image_alt: Some(card.alt),
            og_type: if kind == "article" {
                "article"
            } else {
                "website"
            },
            og_locale: og_locale(&config.language),
            published: None,
            modified: None,
            noindex: kind == "404",
            author: None,
            tags: Vec::new(),
            twitter_card: "summary_large_image",
            twitter_site: config.twitter.as_deref().map(twitter_handle),
            feeds: site_feeds(config),
            jsonld: Vec::new(),
            extra: Extra::new(),
        }
    }

    /// Adds an article's author, tags, image, publication and update times,
    /// and its `NewsArticle` and `BreadcrumbList` (which give the same times).
    pub fn describe_article(&mut self, config: &Config, article: &Article, card: &ArticleCard) {
        let author_url = structured::absolute_url(config, &card.author.url);
        let images = cards::article_images(config, article);
        self.image = Some(images.card.url);
        self.image_width = Some(images.card.width);
        self.image_height = Some(images.card.height);
        self.image_alt = Some(images.card.alt);
        let published = card.date.iso.clone();
        let modified = rfc3339(article.modified().at);
        let tags: Vec<String> = card.tags.iter().map(|t| t.name.clone()).collect();
        let facts = ArticleFacts {
            permalink: &self.permalink,
            author_name: &card.author.name,
            author_url: &author_url,
            images: &images.structured,
            images_cropped: images.cropped,
            published: &published,
            modified: &modified,
            tags: &tags,
        };
        let news_article = structured::news_article(config, article, &facts);
        let news = config.permalink(routes::ARCHIVE_PATH);
        let trail = structured::breadcrumbs(&[
            (config.title.as_str(), config.base_url.as_str()),
            ("News", news.as_str()),
            (article.title.as_str(), self.permalink.as_str()),
        ]);
        self.author = Some(MetaAuthor {
            name: card.author.name.clone(),
            permalink: author_url.clone(),
        });
        self.tags = tags.clone();
        self.og_locale = og_locale(&card.lang);
        self.extra = article.extra.clone();
        let scripts = [
            structured::script_json(&news_article),
            structured::script_json(&trail),
        ];
        self.jsonld.extend(scripts);
        self.published = Some(published);
        self.modified = Some(modified);
    }

    /// Adds an author page's `Person` and the author's own Atom feed.
    pub fn describe_author(&mut self, config: &Config, author: &Author) {
        self.extra = author.extra.clone();
        self.add_jsonld(&structured::person(config, author));
        self.add_feed(
            list_feed_title(config, &author.name),
            config.permalink(&routes::list_feed_path(&routes::author_path(&author.key))),
        );
    }

    /// Adds a tag page's own Atom feed.
    pub fn describe_tag(&mut self, config: &Config, tag: &Tag) {
        self.add_feed(
            list_feed_title(config, &tag.name),
            config.permalink(&routes::list_feed_path(&routes::tag_path(&tag.slug))),
        );
    }

    /// Adds the home page's `WebSite`.
    pub fn describe_home(&mut self, config: &Config) {
        self.add_jsonld(&structured::website(config));
    }

    /// Announces one more Atom feed (absolute URL) on this page.
    pub fn add_feed(&mut self, title: String, url: String) {
        self.feeds.push(FeedLink {
            title,
            url,
            mime: FeedFormat::Atom.media_type(),
        });
    }

    pub fn add_jsonld<T: Serialize + ?Sized>(&mut self, value: &T) {
        self.jsonld.push(structured::script_json(value));
    }
}

/// The site-wide feeds every page announces.
fn site_feeds(config: &Config) -> Vec<FeedLink> {
    FeedFormat::ALL
        .into_iter()
        .map(|format| FeedLink {
            title: format!("{} ({})", config.title, format.name()),
            url: config.permalink(&routes::site_feed_path(format)),
            mime: format.media_type(),
        })
        .collect()
}

/// OpenGraph's form of a language tag: `en_GB` for `en-GB`.
fn og_locale(lang: &str) -> String {
    lang.replace('-', "_")
}

/// `@monazite` for `monazite` or `@monazite`.
fn twitter_handle(handle: &str) -> String {
    format!("@{}", handle.trim().trim_start_matches('@'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twitter_handle_has_one_at() {
        assert_eq!(twitter_handle("monazite"), "@monazite");
        assert_eq!(twitter_handle("@monazite"), "@monazite");
    }

    #[test]
    fn every_page_announces_the_site_feeds_under_the_base_path() {
        let config = Config::parse("title: T\nbase_url: https://example.org/newsroom/\n").unwrap();
        let meta = PageMeta::new(&config, "page", "About", "", "/about/");
        let urls: Vec<&str> = meta.feeds.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://example.org/newsroom/atom.xml",
                "https://example.org/newsroom/rss.xml",
                "https://example.org/newsroom/feed.json"
            ]
        );
        assert_eq!(meta.permalink, "https://example.org/newsroom/about/");
    }
}
