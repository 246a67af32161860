//! `page`: what the `<head>` of every page needs: title, description, canonical
//! URL, social-card fields. Structured data and feeds hook in here.

use serde::Serialize;

use crate::config::Config;

/// The head metadata of one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// `article`, `home`, `archive`, `tag`, `tags`, `author`, `page`, `404` or `search`.
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
    /// Absolute URL of the social-card image, if any.
    pub image: Option<String>,
    /// `article` or `website`.
    pub og_type: &'static str,
    pub published: Option<String>,
    pub modified: Option<String>,
    /// Keep search engines off (404, drafts).
    pub noindex: bool,
}

impl PageMeta {
    pub fn new(
        config: &Config,
        kind: &'static str,
        title: impl Into<String>,
        description: impl Into<String>,
        path: &str,
    ) -> PageMeta {
        PageMeta {
            kind,
            title: title.into(),
            description: description.into(),
            path: path.to_string(),
            url: config.url(path),
            permalink: config.permalink(path),
            image: None,
            og_type: if kind == "article" {
                "article"
            } else {
                "website"
            },
            published: None,
            modified: None,
            noindex: kind == "404",
        }
    }
}
