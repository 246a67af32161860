//! JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>): the site's `/feed.json`,
//! serialized with serde.

use serde::Serialize;

use super::{Feed, FeedEntry};
use crate::content::dates::rfc3339;

pub const VERSION: &str = "https://jsonfeed.org/version/1.1";

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<&'a str>,
    authors: Vec<JsonAuthor<'a>>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    content_html: &'a str,
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    date_published: String,
    date_modified: String,
    authors: Vec<JsonAuthor<'a>>,
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
}

pub fn write(feed: &Feed<'_>) -> String {
    let json = JsonFeed {
        version: VERSION,
        title: &feed.title,
        home_page_url: &feed.page_url,
        feed_url: &feed.self_url,
        description: &feed.description,
        language: &feed.language,
        icon: feed.logo.as_deref(),
        authors: vec![JsonAuthor {
            name: &feed.publisher,
            url: Some(&feed.page_url),
        }],
        items: feed.entries.iter().map(|e| item(e)).collect(),
    };
    let mut text = serde_json::to_string_pretty(&json).expect("a feed always serializes");
    text.push('\n');
    text
}

fn item(e: &FeedEntry) -> JsonItem<'_> {
    JsonItem {
        id: &e.id,
        url: &e.url,
        title: &e.title,
        content_html: &e.content_html,
        summary: &e.summary,
        image: e.image.as_deref(),
        date_published: rfc3339(e.published),
        date_modified: rfc3339(e.updated),
        authors: vec![JsonAuthor {
            name: &e.author_name,
            url: Some(&e.author_url),
        }],
        tags: &e.tags,
        language: e.lang.as_deref(),
    }
}
