//! `monazite new`: a draft article with every front-matter field laid out, so an
//! editor fills in blanks instead of remembering key names.

use std::path::{Path, PathBuf};

use time::{OffsetDateTime, UtcOffset};

use super::{front_matter_date, write_file, yaml_quoted, yaml_word};
use crate::config::Config;
use crate::content::unwritten::PLACEHOLDER_BODY;
use crate::diag::Diagnostic;
use crate::text::slug::{cap_length, is_safe_segment, slugify, tag_slug};

/// The longest slug `new` makes from a headline, in bytes (cut at a hyphen).
pub const MAX_SLUG_LENGTH: usize = 80;

/// Where articles live, relative to the site root.
pub const NEWS_DIR: &str = "content/news";

/// What `monazite new` was asked for.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub headline: String,
    /// `--author`; else the site's `default_author`.
    pub author: Option<String>,
    pub tags: Vec<String>,
    /// Write `<slug>/index.md` (a folder that can hold images) instead of `<slug>.md`.
    pub folder: bool,
    /// `--slug`; else made from the headline.
    pub slug: Option<String>,
    pub now: OffsetDateTime,
    /// The offset the date is written in (the editor's local time).
    pub offset: UtcOffset,
}

/// The fields of a new article's front matter.
#[derive(Debug, Clone)]
pub struct ArticleDraft<'a> {
    pub title: &'a str,
    /// Already formatted, e.g. `2025-10-18T17:30:00+05:30`.
    pub date: &'a str,
    pub author: &'a str,
    pub tags: &'a [String],
}

/// Writes a new draft article under `root` and returns its path relative to `root`.
/// Never overwrites: an article with the same slug is an error.
pub fn create_article(
    root: &Path,
    config: &Config,
    request: &NewArticle,
) -> Result<PathBuf, Diagnostic> {
    let headline = request.headline.trim();
    if headline.is_empty() {
        return Err(Diagnostic::error("the headline is empty").with_help(
            "expected the article's headline in quotes, e.g. monazite new \"Magnet prices climb\"",
        ));
    }
    let slug = match &request.slug {
        Some(given) => checked_slug(given)?,
        None => headline_slug(headline)?,
    };
    let known = known_authors(root).map_err(|e| {
        Diagnostic::error(format!("cannot read {}: {e}", AUTHORS_DIR)).in_file(AUTHORS_DIR)
    })?;
    let author = choose_author(
        request.author.as_deref(),
        config.default_author.as_deref(),
        &known,
    )?;
    let tags = clean_tags(&request.tags)?;

    let file = article_file(&slug, request.folder);
    for existing in [article_file(&slug, false), article_file(&slug, true)] {
        if root.join(&existing).exists() {
            return Err(already_exists(&existing, &slug));
        }
    }
    let date = front_matter_date(request.now, request.offset);
    let text = article_text(&ArticleDraft {
        title: headline,
        date: &date,
        author: &author,
        tags: &tags,
    });
    write_file(&root.join(&file), text.as_bytes(), false).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            already_exists(&file, &slug)
        } else {
            Diagnostic::error(format!("cannot write the article: {e}")).in_file(&file)
        }
    })?;
    Ok(file)
}

/// The slug a headline gives: transliterated, lowercase, hyphenated, capped at
/// [`MAX_SLUG_LENGTH`].
pub fn headline_slug(headline: &str) -> Result<String, Diagnostic> {
    let slug = slugify(headline);
    if slug.is_empty() {
        return Err(Diagnostic::error(format!(
            "cannot make a web address (slug) from the headline `{headline}`"
        ))
        .with_help("it has no letters or digits monazite can write in Latin letters; give one with --slug, e.g. --slug rare-earth-prices"));
    }
    Ok(cap_length(&slug, MAX_SLUG_LENGTH).to_string())
}

fn checked_slug(given: &str) -> Result<String, Diagnostic> {
    let given = given.trim();
    if is_safe_segment(given) && given == given.to_ascii_lowercase() {
        Ok(given.to_string())
    } else {
        Err(
            Diagnostic::error(format!("`{given}` is not a valid slug")).with_help(
                "expected lowercase letters, digits and hyphens, e.g. --slug rare-earth-prices",
            ),
        )
    }
}

/// `content/news/<slug>.md`, or `content/news/<slug>/index.md` for a folder article.
pub fn article_file(slug: &str, folder: bool) -> PathBuf {
    let news = Path::new(NEWS_DIR);
    if folder {
        news.join(slug).join("index.md")
    } else {
        news.join(format!("{slug}.md"))
    }
}

fn already_exists(file: &Path, slug: &str) -> Diagnostic {
    Diagnostic::error(format!("an article with the slug `{slug}` already exists"))
        .in_file(file)
        .with_help("monazite new never overwrites an article; choose another headline, or give a slug with --slug")
}

/// Where authors live, relative to the site root.
pub const AUTHORS_DIR: &str = "content/authors";

/// The keys of the authors in `content/authors/` (file names without `.md`), sorted.
pub fn known_authors(root: &Path) -> std::io::Result<Vec<String>> {
    let dir = root.join(AUTHORS_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut keys = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|x| x == "md")
            && let Some(stem) = path.file_stem()
        {
            keys.push(stem.to_string_lossy().into_owned());
        }
    }
    keys.sort();
    Ok(keys)
}

/// The author for a new article: `--author`, else `default_author`; either must be known.
pub fn choose_author(
    flag: Option<&str>,
    default_author: Option<&str>,
    known: &[String],
) -> Result<String, Diagnostic> {
    let listed = || {
        if known.is_empty() {
            "content/authors/ has no authors yet: add one as content/authors/<key>.md with a `name:` line".to_string()
        } else {
            format!("known authors: {}", known.join(", "))
        }
    };
    let (key, whence) = match (flag.map(str::trim), default_author.map(str::trim)) {
        (Some(key), _) if !key.is_empty() => (key, "--author"),
        (_, Some(key)) if !key.is_empty() => (key, "site.yaml's default_author"),
        _ => {
            return Err(Diagnostic::error("no author given").with_help(format!(
                "pass --author KEY, or set default_author in site.yaml; {}",
                listed()
            )));
        }
    };
    if known.iter().any(|k| k == key) {
        return Ok(key.to_string());
    }
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    Err(
        Diagnostic::error(format!("unknown author `{key}` (from {whence})"))
            .with_help(crate::content::unknown_author_help(key, &known)),
    )
}

/// Tags as given, trimmed, empty ones dropped, each once; each must have a letter or digit.
pub fn clean_tags(tags: &[String]) -> Result<Vec<String>, Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    let mut clean = Vec::new();
    for tag in tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        let slug = tag_slug(tag);
        if slug.is_empty() {
            return Err(
                Diagnostic::error(format!("tag `{tag}` has no letters or digits")).with_help(
                    "expected tags made of words, separated by commas, e.g. --tags india,magnets",
                ),
            );
        }
        if seen.insert(slug) {
            clean.push(tag.to_string());
        }
    }
    Ok(clean)
}

/// The column where the explanatory comments start.
const COMMENT_COLUMN: usize = 36;

/// The text of a new draft article: every field of the front matter, commented.
pub fn article_text(draft: &ArticleDraft<'_>) -> String {
    let tags = draft
        .tags
        .iter()
        .map(|t| yaml_word(t))
        .collect::<Vec<_>>()
        .join(", ");
    let lines: [(String, &str); 24] = [
        (format!("title: {}", yaml_quoted(draft.title)), ""),
        (
            format!("date: {}", draft.date),
            "when it is published; a later time schedules it",
        ),
        (
            format!("# updated: {}", draft.date.get(..10).unwrap_or(draft.date)),
            "when you revise it after publishing",
        ),
        (
            format!("author: {}", yaml_word(draft.author)),
            "a file name in content/authors/",
        ),
        (
            "summary: \"\"".into(),
            "one or two sentences; empty: the first paragraph",
        ),
        (
            "highlights:".into(),
            "the Highlights box: 3 to 5 short sentences",
        ),
        ("#  - \"First key fact.\"".into(), ""),
        (
            "source:".into(),
            "where the story comes from: Source: NAME, DATE.",
        ),
        ("#  name: \"The Economic Times\"".into(), ""),
        ("#  url: \"https://example.com/story\"".into(), ""),
        (
            format!("#  date: {}", draft.date.get(..10).unwrap_or(draft.date)),
            "",
        ),
        (
            "related:".into(),
            "other articles (/news/<slug>/) or {title, url} links",
        ),
        ("#  - /news/another-article/".into(), ""),
        (
            format!("tags: [{tags}]"),
            "topics; each gets a page at /tags/<tag>/",
        ),
        (
            "image:".into(),
            "cover.jpg beside a folder article, a site path or a URL",
        ),
        (
            "image_alt: \"\"".into(),
            "what the image shows, for readers who cannot see it",
        ),
        (
            "# image_caption: \"\"".into(),
            "a line shown under the image",
        ),
        (
            "# image_credit: \"\"".into(),
            "who made it: Photo: NAME / AGENCY",
        ),
        (
            "# lang: hi".into(),
            "the article's language, if not the site's",
        ),
        (
            "# aliases: [/old/path/]".into(),
            "old addresses that should lead here",
        ),
        (
            "# extra:".into(),
            "free values for your templates (article.extra)",
        ),
        (
            "# image_focus: [0.5, 0.5]".into(),
            "where the image's subject is (x, y from 0 to 1): social-card crops keep it in view",
        ),
        (
            "draft: true".into(),
            "builds only with --drafts; set to false to publish",
        ),
        (
            "# slug: custom-slug".into(),
            "the web address; else the file name",
        ),
    ];
    let mut text = String::from("---\n");
    for (line, comment) in &lines {
        text.push_str(line);
        if !comment.is_empty() {
            let width = line.chars().count();
            text.push_str(&" ".repeat(COMMENT_COLUMN.saturating_sub(width).max(1)));
            text.push_str("# ");
            text.push_str(comment);
        }
        text.push('\n');
    }
    text.push_str("---\n");
    text.push_str(PLACEHOLDER_BODY);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter;
    use crate::content::model::{ARTICLE_KEYS, ArticleFrontMatter};

    fn sample() -> String {
        article_text(&ArticleDraft {
            title: "India's \"new\" magnet plan: 50% more",
            date: "2025-10-18T17:30:00+05:30",
            author: "daniel",
            tags: &["india".into(), "rare earths".into(), "2025".into()],
        })
    }

    #[test]
    fn new_article_parses_with_every_field() {
        let text = sample();
        let split = frontmatter::split(&text).unwrap();
        let (fm, unknown): (ArticleFrontMatter, Vec<String>) =
            frontmatter::parse_noting_unknown(&split).unwrap();
        assert_eq!(
            fm.title.as_deref(),
            Some("India's \"new\" magnet plan: 50% more")
        );
        assert_eq!(fm.author.as_deref(), Some("daniel"));
        assert_eq!(fm.tags, ["india", "rare earths", "2025"]);
        assert!(fm.draft);
        assert!(fm.highlights.is_empty() && fm.related.is_empty());
        assert!(fm.source.is_none() && fm.image.is_none());
        assert!(unknown.is_empty(), "{unknown:?}");
        for key in ARTICLE_KEYS.iter().filter(|k| **k != "comments") {
            assert!(
                text.lines()
                    .any(|l| l.trim_start_matches("# ").starts_with(&format!("{key}:"))),
                "`{key}` is not laid out"
            );
        }
    }

    #[test]
    fn uncommented_examples_still_parse() {
        let text = sample().replace("\n#  ", "\n  ").replace("\n# ", "\n");
        let split = frontmatter::split(&text).unwrap();
        let fm: ArticleFrontMatter = frontmatter::parse(&split).unwrap();
        assert_eq!(fm.highlights.len(), 1);
        assert_eq!(fm.source.unwrap().name, "The Economic Times");
        assert_eq!(fm.related.len(), 1);
        assert_eq!(fm.slug.as_deref(), Some("custom-slug"));
    }

    #[test]
    fn headline_slugs() {
        assert_eq!(
            headline_slug("Société Générale’s “big” bet on NdPr!").unwrap(),
            "societe-generales-big-bet-on-ndpr"
        );
        assert_eq!(
            headline_slug("भारत में दुर्लभ खनिज").unwrap(),
            "bharat-men-durlabh-khanij"
        );
        assert_eq!(
            headline_slug("🧲 Magnet prices 🚀 soar").unwrap(),
            "magnet-prices-soar"
        );
        let long = "word ".repeat(40);
        let slug = headline_slug(&long).unwrap();
        assert!(
            slug.len() <= MAX_SLUG_LENGTH && slug.ends_with("word"),
            "{slug}"
        );
        assert!(headline_slug("🧲🚀").is_err());
    }

    #[test]
    fn authors_from_flag_or_default_and_must_be_known() {
        let known = vec!["asha".to_string(), "daniel".to_string()];
        assert_eq!(
            choose_author(Some("asha"), Some("daniel"), &known).unwrap(),
            "asha"
        );
        assert_eq!(
            choose_author(None, Some("daniel"), &known).unwrap(),
            "daniel"
        );
        let e = choose_author(Some("danial"), None, &known).unwrap_err();
        assert!(e.message.contains("unknown author `danial`"));
        let help = e.help.unwrap();
        assert!(
            help.contains("did you mean `daniel`")
                && help.contains("create content/authors/danial.md"),
            "{help}"
        );
        let e = choose_author(None, None, &known).unwrap_err();
        assert!(e.help.unwrap().contains("asha, daniel"));
    }

    #[test]
    fn tags_cleaned() {
        let tags = clean_tags(&[
            " india".into(),
            "".into(),
            "India".into(),
            "magnets ".into(),
        ]);
        assert_eq!(tags.unwrap(), ["india", "magnets"]);
        assert!(clean_tags(&["!!".into()]).is_err());
    }
}
