//! schema.org structured data (JSON-LD) for the `<head>`: `NewsArticle` and
//! `BreadcrumbList` on articles, `Person` on author pages, `WebSite` on the home
//! page. Built as typed structs (article pages) or `serde_json` values, never
//! by pasting strings together, then serialized so that nothing in a title can
//! close the `<script>` it sits in.

use serde::Serialize;
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
///
/// The article types below are typed structs rather than `json!` values: they
/// are made for every article page. Their fields are in the order `json!`
/// maps keep (sorted), so either way gives the same text.
#[derive(Debug, Serialize)]
pub struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<ImageObject>,
    name: &'a str,
    url: &'a str,
}

#[derive(Debug, Serialize)]
struct ImageObject {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: String,
}

pub fn organization(config: &Config) -> Organization<'_> {
    Organization {
        kind: "Organization",
        logo: logo_url(config).map(|url| ImageObject {
            kind: "ImageObject",
            url,
        }),
        name: &config.publication_name,
        url: &config.base_url,
    }
}

/// What an article's `NewsArticle` needs beyond the article itself.
pub struct ArticleFacts<'a> {
    /// Absolute URL of the article page.
    pub permalink: &'a str,
    pub author_name: &'a str,
    /// Absolute URL of the author's page.
    pub author_url: &'a str,
    /// Absolute URLs of the article's images: the 16:9, 4:3 and 1:1 crops
    /// of its own image, or its drawn social card (src/cards).
    pub images: &'a [String],
    /// `images` are crops of the article's own image, which its caption
    /// and credit describe.
    pub images_cropped: bool,
    /// RFC 3339 moments of publication and of the last update (the
    /// publication when there is none), as the page's meta tags give them.
    pub published: &'a str,
    pub modified: &'a str,
    /// The article's topics by their display names (`content::library::display_name`).
    pub tags: &'a [String],
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    author: [PersonRef<'a>; 1],
    date_modified: &'a str,
    date_published: &'a str,
    description: &'a str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    image: Vec<ArticleImage<'a>>,
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_based_on: Option<CreativeWork<'a>>,
    keywords: &'a [String],
    main_entity_of_page: WebPage<'a>,
    publisher: Organization<'a>,
    url: &'a str,
    word_count: usize,
}

/// An article's image: its URL, or an `ImageObject` when the article gives
/// the image a caption or a credit.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum ArticleImage<'a> {
    Url(&'a str),
    Described(CaptionedImage<'a>),
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CaptionedImage<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    caption: Option<&'a str>,
    content_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit_text: Option<&'a str>,
    url: &'a str,
}

impl<'a> ArticleImage<'a> {
    /// The image at `url` (absolute), with the article's caption and credit
    /// when it shows the article's own image (a crop of it, not a drawn card).
    fn of(article: &'a Article, url: &'a str, cropped: bool) -> ArticleImage<'a> {
        let caption = article.image_caption.as_deref();
        let credit = article.image_credit.as_deref();
        if !cropped || (caption.is_none() && credit.is_none()) {
            return ArticleImage::Url(url);
        }
        ArticleImage::Described(CaptionedImage {
            kind: "ImageObject",
            caption,
            content_url: url,
            credit_text: credit,
            url,
        })
    }
}

#[derive(Debug, Serialize)]
struct PersonRef<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: &'a str,
}

#[derive(Debug, Serialize)]
struct WebPage<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CreativeWork<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// `NewsArticle` for an article page.
pub fn news_article<'a>(
    config: &'a Config,
    article: &'a Article,
    facts: &ArticleFacts<'a>,
) -> NewsArticle<'a> {
    NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        author: [PersonRef {
            kind: "Person",
            name: facts.author_name,
            url: facts.author_url,
        }],
        date_modified: facts.modified,
        date_published: facts.published,
        description: &article.summary,
        headline: &article.title,
        image: facts
            .images
            .iter()
            .map(|url| ArticleImage::of(article, url, facts.images_cropped))
            .collect(),
        in_language: article.lang.as_deref().unwrap_or(&config.language),
        is_based_on: article.source.as_ref().map(|source| CreativeWork {
            kind: "CreativeWork",
            date_published: source.date.map(|date| rfc3339(date.at)),
            name: &source.name,
            url: source.url.as_deref(),
        }),
        keywords: facts.tags,
        main_entity_of_page: WebPage {
            id: facts.permalink,
            kind: "WebPage",
        },
        publisher: organization(config),
        url: facts.permalink,
        word_count: article.body.word_count,
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BreadcrumbList<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    item_list_element: Vec<ListItem<'a>>,
}

#[derive(Debug, Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: &'a str,
    name: &'a str,
    position: usize,
}

/// `BreadcrumbList`: a page's trail from the home page, as (name, absolute URL).
pub fn breadcrumbs<'a>(trail: &[(&'a str, &'a str)]) -> BreadcrumbList<'a> {
    BreadcrumbList {
        context: "https://schema.org",
        kind: "BreadcrumbList",
        item_list_element: trail
            .iter()
            .enumerate()
            .map(|(i, &(name, item))| ListItem {
                kind: "ListItem",
                item,
                name,
                position: i + 1,
            })
            .collect(),
    }
}

/// `Person` for an author's page.
pub fn person(config: &Config, author: &Author) -> Value {
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Person",
        "name": author.name,
        "url": config.permalink(&crate::routes::author_path(&author.key)),
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
pub fn script_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::with_capacity(1024);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, ScriptSafe);
    value
        .serialize(&mut serializer)
        .expect("JSON-LD always serializes");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// serde_json's compact form, with `<`, `>` and `&` in strings (where alone
/// JSON text can have them) written as escapes.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let bytes = fragment.as_bytes();
        let mut start = 0;
        // Sixteen bytes at a time, tested without a branch per byte (the
        // compiler makes it a few vector instructions): most fragments have
        // nothing to escape.
        for (n, chunk) in bytes.chunks(16).enumerate() {
            if !chunk
                .iter()
                .fold(false, |any, &b| any | matches!(b, b'<' | b'>' | b'&'))
            {
                continue;
            }
            for (i, &b) in chunk.iter().enumerate() {
                let escape: &[u8] = match b {
                    b'<' => b"\\u003c",
                    b'>' => b"\\u003e",
                    b'&' => b"\\u0026",
                    _ => continue,
                };
                let at = n * 16 + i;
                writer.write_all(&bytes[start..at])?;
                writer.write_all(escape)?;
                start = at + 1;
            }
        }
        writer.write_all(&bytes[start..])
    }
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
        // Escapes at every place in and across the sixteen-byte chunks.
        for at in 0..40 {
            for special in ['<', '>', '&'] {
                let mut title: Vec<char> = "a\"é".chars().cycle().take(40).collect();
                title[at] = special;
                title[(at * 7) % 40] = '&';
                let title: String = title.into_iter().collect();
                let text = script_json(&json!({ "headline": title }));
                assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
                let back: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(back["headline"], title);
            }
        }
    }

    #[test]
    fn script_json_escapes_keys_too_and_keeps_other_text() {
        let mut map = serde_json::Map::new();
        map.insert("<k>".into(), json!("a \"q\" \\ é\n"));
        let text = script_json(&map);
        assert_eq!(text, r#"{"\u003ck\u003e":"a \"q\" \\ é\n"}"#);
    }

    #[test]
    fn breadcrumbs_are_numbered_from_one() {
        let list = breadcrumbs(&[("Home", "https://x.org/"), ("News", "https://x.org/news/")]);
        let list = serde_json::to_value(&list).unwrap();
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
        let org = serde_json::to_value(organization(&config)).unwrap();
        assert_eq!(org["logo"]["@type"], "ImageObject");
    }
}
