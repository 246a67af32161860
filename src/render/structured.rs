//! schema.org structured data (JSON-LD) for the `<head>`: `NewsArticle` and
//! `BreadcrumbList` on articles, `Person` on author pages, `WebSite` on the home
//! page. Built as `serde_json` values, never by pasting strings together, then
//! serialized so that nothing in a title can close the `<script>` it sits in.

use serde_json::{Value, json};

use crate::config::Config;
use crate::content::dates::rfc3339;
use crate::content::model::{Article, Author};

/// The absolute URL of a site URL that may already carry the base path
/// (`/newsroom/x.svg`), or of an absolute URL (kept as it is).
pub fn absolute_url(config: &Config, url_with_base: &str) -> String {
    if url_with_base.contains("://") {
        url_with_base.to_string()
    } else {
        format!("{}{}", config.origin(), url_with_base)
    }
}

/// The absolute URL of the site's logo, if it has one.
pub fn logo_url(config: &Config) -> Option<String> {
    config
        .logo
        .as_deref()
        .map(|logo| absolute_url(config, &config.url(logo)))
}

/// The newsroom as a schema.org `Organization`: the publisher of every article.
pub fn organization(config: &Config) -> Value {
    let mut org = json!({
        "@type": "Organization",
        "name": config.publication_name,
        "url": config.base_url,
    });
    if let Some(logo) = logo_url(config) {
        org["logo"] = json!({ "@type": "ImageObject", "url": logo });
    }
    org
}

/// What an article's `NewsArticle` needs beyond the article itself.
pub struct ArticleFacts<'a> {
    /// Absolute URL of the article page.
    pub permalink: &'a str,
    pub author_name: &'a str,
    /// Absolute URL of the author's page.
    pub author_url: &'a str,
    /// Absolute URL of the article's image (or the logo when it has none).
    pub image: Option<&'a str>,
}

/// `NewsArticle` for an article page.
pub fn news_article(config: &Config, article: &Article, facts: &ArticleFacts<'_>) -> Value {
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary,
        "url": facts.permalink,
        "mainEntityOfPage": { "@type": "WebPage", "@id": facts.permalink },
        "datePublished": rfc3339(article.date.at),
        "dateModified": rfc3339(article.modified().at),
        "author": [{
            "@type": "Person",
            "name": facts.author_name,
            "url": facts.author_url,
        }],
        "publisher": organization(config),
        "inLanguage": config.language,
        "keywords": article.tags,
        "wordCount": article.body.word_count,
    });
    if let Some(image) = facts.image {
        value["image"] = json!([image]);
    }
    if let Some(source) = &article.source {
        let mut based_on = json!({ "@type": "CreativeWork", "name": source.name });
        if let Some(url) = &source.url {
            based_on["url"] = json!(url);
        }
        if let Some(date) = source.date {
            based_on["datePublished"] = json!(rfc3339(date.at));
        }
        value["isBasedOn"] = based_on;
    }
    value
}

/// `BreadcrumbList`: a page's trail from the home page, as (name, absolute URL).
pub fn breadcrumbs(trail: &[(&str, &str)]) -> Value {
    let items: Vec<Value> = trail
        .iter()
        .enumerate()
        .map(|(i, (name, url))| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": name,
                "item": url,
            })
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    })
}

/// `Person` for an author's page.
pub fn person(config: &Config, author: &Author) -> Value {
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Person",
        "name": author.name,
        "url": config.permalink(&author.path()),
        "worksFor": organization(config),
    });
    if !author.bio.is_empty() {
        value["description"] = json!(author.bio);
    }
    if let Some(role) = &author.role {
        value["jobTitle"] = json!(role);
    }
    if let Some(photo) = &author.photo {
        let url = if photo.contains("://") {
            photo.clone()
        } else {
            config.permalink(photo)
        };
        value["image"] = json!(url);
    }
    let same_as: Vec<&str> = author
        .links
        .iter()
        .map(|l| l.url.as_str())
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .collect();
    if !same_as.is_empty() {
        value["sameAs"] = json!(same_as);
    }
    value
}

/// `WebSite` for the home page.
pub fn website(config: &Config) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": config.title,
        "url": config.base_url,
        "description": config.description,
        "inLanguage": config.language,
        "publisher": organization(config),
    })
}

/// JSON text safe inside `<script type="application/ld+json">`: `<`, `>` and
/// `&` become `\u003c`, `\u003e` and `\u0026`, which JSON reads back as the
/// same characters but HTML can never take for `</script>` or `<!--`.
pub fn script_json(value: &Value) -> String {
    let text = serde_json::to_string(value).expect("a JSON value always serializes");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_and_reads_back_the_same() {
        let title = r#"</script><script>alert("x")</script> & <!-- Ré 稀土"#;
        let text = script_json(&json!({ "headline": title }));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["headline"], title);
    }

    #[test]
    fn breadcrumbs_are_numbered_from_one() {
        let list = breadcrumbs(&[("Home", "https://x.org/"), ("News", "https://x.org/news/")]);
        assert_eq!(list["itemListElement"][0]["position"], 1);
        assert_eq!(list["itemListElement"][1]["name"], "News");
    }

    #[test]
    fn logo_is_absolute_under_a_sub_path() {
        let config = Config::parse(
            "title: T\nbase_url: https://example.org/newsroom/\nlogo: /assets/logo.svg\n",
        )
        .unwrap();
        assert_eq!(
            logo_url(&config).as_deref(),
            Some("https://example.org/newsroom/assets/logo.svg")
        );
        assert_eq!(organization(&config)["logo"]["@type"], "ImageObject");
    }
}
