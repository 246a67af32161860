//! What the newsroom is made of: articles, authors and static pages, as typed
//! front matter (as written) and as validated values (as used).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use super::comments::Comment;
use super::dates::Moment;
use crate::markdown::Rendered;

/// The keys an article's front matter may have (for "did you mean").
pub const ARTICLE_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "author",
    "summary",
    "highlights",
    "source",
    "related",
    "tags",
    "image",
    "image_alt",
    "image_caption",
    "image_credit",
    "image_focus",
    "draft",
    "slug",
    "comments",
    "lang",
    "aliases",
    "extra",
];

/// Free values for templates (`extra:`), kept as written.
pub type Extra = BTreeMap<String, serde_yaml::Value>;

/// An article's front matter exactly as written.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ArticleFrontMatter {
    pub title: Option<String>,
    pub date: Option<serde_yaml::Value>,
    pub updated: Option<serde_yaml::Value>,
    pub author: Option<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub highlights: Vec<String>,
    pub source: Option<SourceFrontMatter>,
    #[serde(default, deserialize_with = "nulls_as_empty")]
    pub related: Vec<RelatedEntry>,
    #[serde(default, deserialize_with = "nulls_as_empty")]
    pub tags: Vec<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub image_caption: Option<String>,
    pub image_credit: Option<String>,
    pub image_focus: Option<Vec<f64>>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    pub comments: Option<bool>,
    /// The article's language (BCP 47), when not the site's.
    pub lang: Option<String>,
    /// Old site paths that redirect to the article.
    #[serde(default, deserialize_with = "nulls_as_empty")]
    pub aliases: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub extra: Extra,
}

/// `source:` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceFrontMatter {
    #[serde(deserialize_with = "null_as_empty")]
    pub name: String,
    pub url: Option<String>,
    pub date: Option<serde_yaml::Value>,
}

/// One `related:` entry: a bare path or URL, or a titled link.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RelatedEntry {
    Path(String),
    Titled { title: String, url: String },
}

impl Default for RelatedEntry {
    /// An entry left empty (YAML's null).
    fn default() -> Self {
        RelatedEntry::Path(String::new())
    }
}

/// A list whose null entries (`~`, `null`, a bare `-`) are kept as empty ones,
/// which the loader refuses at their position (`content::values`). Read as a
/// list of strings, serde_yaml would take them for the text `null` or `~`.
fn nulls_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    let entries: Vec<Option<T>> = Vec::deserialize(deserializer)?;
    Ok(entries.into_iter().map(Option::unwrap_or_default).collect())
}

/// A text whose null (`~`, `null`) is kept as an empty one, as [`nulls_as_empty`].
fn null_as_empty<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Option::<String>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// A value whose null (`extra:` left empty) is its default.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// An author's front matter as written (`content/authors/<key>.md`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorFrontMatter {
    pub name: Option<String>,
    pub role: Option<String>,
    pub bio: Option<String>,
    #[serde(default)]
    pub links: Vec<crate::config::Link>,
    pub photo: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub extra: Extra,
}

/// A static page's front matter as written (`content/pages/<slug>.md`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub extra: Extra,
}

/// Where a source file lives and where its body starts, for diagnostics.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, e.g. `content/news/x.md`.
    pub path: PathBuf,
    /// The full text, kept for snippets and `check`. The body stage drops it
    /// after rendering the body unless told to keep sources (`check` does).
    pub text: String,
    /// The 1-based line of the body's first line.
    pub body_line: usize,
    /// The byte offset of the body in `text`.
    pub body_offset: usize,
}

/// The attribution line under an article.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub url: Option<String>,
    pub date: Option<Moment>,
}

/// A related link: internal (a site path) or external.
#[derive(Debug, Clone)]
pub struct Related {
    pub title: Option<String>,
    pub url: String,
    pub external: bool,
}

/// An article body's HTML: in memory, or in the file where the body stage
/// keeps bodies past its memory budget (read it with
/// [`Library::body_html`](super::Library::body_html)).
#[derive(Debug, Clone)]
pub enum BodyHtml {
    Held(String),
    Stored { offset: u64, len: usize },
}

/// A validated article. Parsing (`content::parse`) fills in what the file
/// says; the body stage (`crate::bodies`) then renders the body and fills in
/// `body`, `body_html`, `body_hash`, and `summary` when none is written.
#[derive(Debug, Clone)]
pub struct Article {
    pub file: SourceFile,
    pub slug: String,
    pub title: String,
    pub date: Moment,
    pub updated: Option<Moment>,
    pub author: String,
    /// Plain text: `summary:` or the first paragraph, shortened.
    pub summary: String,
    /// Whether `summary:` is written (else the body stage makes it).
    pub summary_given: bool,
    pub highlights: Vec<String>,
    pub source: Option<Source>,
    pub related: Vec<Related>,
    /// Tag names as written.
    pub tags: Vec<String>,
    /// The image as written in front matter.
    pub image: Option<String>,
    pub image_alt: Option<String>,
    /// A line about the lead image, shown under it (plain text).
    pub image_caption: Option<String>,
    /// Who made the lead image ("Photo: Jane Doe / Agency"), plain text.
    pub image_credit: Option<String>,
    /// The article's language when written (BCP 47, canonical form), else none:
    /// the site's `language`.
    pub lang: Option<String>,
    /// Old site paths (rooted, `/old/path/`) that redirect to the article.
    pub aliases: Vec<String>,
    /// `extra:` as written, for templates.
    pub extra: Extra,
    /// Where the image's subject is, as fractions of its width and height
    /// (0 left or top, 1 right or bottom): crops keep it in view.
    pub image_focus: Option<(f64, f64)>,
    /// The image's pixel size, read from its file's header when the file is
    /// on disk (`content::images`); `None` for other images.
    pub image_size: Option<super::images::ImageSize>,
    pub draft: bool,
    /// Dated after the build's "now".
    pub scheduled: bool,
    /// `comments:` from front matter: `false` turns comments off for this article.
    pub comments: Option<bool>,
    /// The approved comments kept beside the article, in file order.
    pub approved_comments: Vec<Comment>,
    /// The body's table of contents, anchors, word count… Its HTML is in
    /// `body_html`, not here: read it with [`Library::body_html`](super::Library::body_html).
    pub body: Rendered,
    pub body_html: BodyHtml,
    /// A hash of the body's HTML, to tell a changed body without reading it.
    pub body_hash: u64,
    /// Files beside a folder article's `index.md`, copied next to its page.
    pub assets: Vec<PathBuf>,
    pub unknown_keys: Vec<String>,
}

/// A validated author. The body stage renders the body into `bio_html`, and
/// makes `bio` from it when none is written.
#[derive(Debug, Clone)]
pub struct Author {
    pub key: String,
    pub file: SourceFile,
    pub name: String,
    pub role: Option<String>,
    /// Plain text for the author box.
    pub bio: String,
    /// The body, for the author page.
    pub bio_html: String,
    pub links: Vec<crate::config::Link>,
    pub photo: Option<String>,
    /// `extra:` as written, for templates.
    pub extra: Extra,
}

/// A validated static page (about, contact, privacy). The body stage renders
/// `body`, and makes `summary` from it when none is written.
#[derive(Debug, Clone)]
pub struct StaticPage {
    pub file: SourceFile,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Whether `summary:` is written, even empty.
    pub summary_given: bool,
    pub draft: bool,
    /// `extra:` as written, for templates.
    pub extra: Extra,
    pub body: Rendered,
}

impl Article {
    /// Minutes to read at 230 words a minute, at least one.
    pub fn reading_minutes(&self) -> usize {
        self.body.word_count.div_ceil(230).max(1)
    }

    /// The last time the article changed: `updated`, else `date`.
    pub fn modified(&self) -> Moment {
        self.updated.unwrap_or(self.date)
    }
}
