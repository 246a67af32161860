//! One file's text → an article, author or page: the front matter split and
//! read, every value checked, each problem a diagnostic at the file's own line
//! and column.
//!
//! Pure: a path and a text in, the model out. It reads no file (the loader,
//! `content::load`, reads them, lists a folder article's images and reads its
//! comments) and renders no Markdown: the body stays in the file's text, and
//! what comes from it (the HTML, an unwritten summary or bio, the table of
//! contents, the word count) is filled in by the body stage (`crate::bodies`)
//! after loading. So every rule here is tested on strings.

use std::path::Path;

use time::OffsetDateTime;

use super::dates::{self, Moment};
use super::frontmatter::{self, FrontMatterError, Split};
use super::model::*;
use super::{lang, unwritten, values};
use crate::config::zone::SiteZone;
use crate::config::{Config, dotted_key_position};
use crate::diag::Diagnostic;
use crate::markdown::{Rendered, typographic};
use crate::text::slug::{is_safe_segment, slugify, tag_slug};

/// What parsing needs besides the file.
#[derive(Debug, Clone)]
pub struct ParseContext {
    /// Dates written without an offset are in the site's time zone.
    pub timezone: SiteZone,
    /// The build's "now": later-dated articles are scheduled, not published.
    pub now: OffsetDateTime,
}

impl ParseContext {
    pub fn new(config: &Config, now: OffsetDateTime) -> ParseContext {
        ParseContext {
            timezone: config.timezone.clone(),
            now,
        }
    }
}

/// Parses an article file: `path` is relative to the site root
/// (`content/news/x.md`, or `content/news/x/index.md` for a folder article),
/// `text` its whole text. The text is kept in the article, not copied: the
/// body stage renders the body from it.
///
/// The article comes without comments and without a folder's files (the
/// loader adds them) and with its body not yet rendered.
pub fn article(
    path: &Path,
    text: String,
    context: &ParseContext,
) -> Result<Article, Vec<Diagnostic>> {
    let split = split(path, &text).map_err(|d| vec![d])?;
    // Keys monazite does not read are listed (`check` warns about them), not built.
    let (fm, unknown_keys): (ArticleFrontMatter, _) =
        frontmatter::parse_noting_unknown(&split).map_err(|e| vec![fm_diag(path, &text, &e)])?;
    let mut errors = Vec::new();
    let at = |key: &str, d: Diagnostic| key_diag(path, &text, &split, key, d);

    let title = required_text(
        &fm.title,
        "title",
        &at,
        &mut errors,
        "expected a headline, e.g. title: \"India turns to Russian processing know-how\"",
    );
    let date = match &fm.date {
        None => {
            errors.push(at("date", missing("date").with_help(dates::ACCEPTED_FORMS)));
            None
        }
        Some(v) => moment(v, "date", &context.timezone, &at, &mut errors),
    };
    let updated = fm
        .updated
        .as_ref()
        .and_then(|v| moment(v, "updated", &context.timezone, &at, &mut errors));
    let author = author_key(fm.author.as_deref(), &at, &mut errors);
    let slug = slug(
        fm.slug.as_deref(),
        path,
        is_folder_article(path),
        &at,
        &mut errors,
    );
    let source = fm.source.as_ref().map(|s| Source {
        name: s.name.clone(),
        url: s.url.clone(),
        date: s
            .date
            .as_ref()
            .and_then(|v| moment(v, "source.date", &context.timezone, &at, &mut errors)),
    });
    let lang = fm
        .lang
        .as_deref()
        .and_then(|written| match lang::parse(written) {
            Ok(tag) => Some(tag),
            Err(lang::NotALanguageTag(bad)) => {
                let message = format!("`lang` is not a language tag: `{bad}`");
                errors.push(at(
                    "lang",
                    Diagnostic::error(message).with_help(lang::LANG_HELP),
                ));
                None
            }
        });
    let image_focus = focus(fm.image_focus.as_deref(), &at, &mut errors);
    let written = values::FrontMatterText::new(path, &text, &split);
    values::check_article(&fm, date, updated, &written, &mut errors);
    if !fm.draft
        && let Some(d) = unwritten::unwritten_body(path, &text, text.len() - split.body.len())
    {
        errors.push(d);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some(title), Some(date)) = (title, date) else {
        return Err(errors);
    };
    let (body_line, body_offset) = (split.body_line, text.len() - split.body.len());
    let summary_given = fm.summary.as_ref().is_some_and(|s| !s.trim().is_empty());
    Ok(Article {
        slug,
        // Headlines get the typographic quotes and dashes of bodies, once,
        // here: every page, feed and index shows this title.
        title: typographic(&title),
        date,
        updated,
        author,
        // An unwritten summary is the body's first paragraph, from the body stage.
        summary: match &fm.summary {
            Some(s) if summary_given => s.trim().to_string(),
            _ => String::new(),
        },
        summary_given,
        // Read beside the body, so set like it.
        highlights: non_empty(&fm.highlights)
            .iter()
            .map(|h| typographic(h))
            .collect(),
        source,
        related: fm.related.iter().map(related).collect(),
        tags: dedup_tags(&fm.tags),
        image: fm.image.clone().filter(|s| !s.trim().is_empty()),
        image_alt: fm.image_alt.clone(),
        image_caption: trimmed(&fm.image_caption),
        image_credit: trimmed(&fm.image_credit),
        lang,
        aliases: fm.aliases.iter().map(|a| a.trim().to_string()).collect(),
        extra: fm.extra,
        image_focus,
        image_size: None,
        draft: fm.draft,
        scheduled: date.at > context.now,
        comments: fm.comments,
        approved_comments: Vec::new(),
        body: Rendered::default(),
        body_html: BodyHtml::Held(String::new()),
        body_hash: 0,
        assets: Vec::new(),
        unknown_keys,
        file: SourceFile {
            path: path.to_path_buf(),
            text,
            body_line,
            body_offset,
        },
    })
}

/// Parses `content/authors/<key>.md` (`path` relative to the site root). The
/// bio is empty when not written: the body stage makes it from the body.
pub fn author(path: &Path, text: String) -> Result<Author, Vec<Diagnostic>> {
    let split = split(path, &text).map_err(|d| vec![d])?;
    let fm: AuthorFrontMatter =
        frontmatter::parse(&split).map_err(|e| vec![fm_diag(path, &text, &e)])?;
    let mut errors = Vec::new();
    let at = |key: &str, d: Diagnostic| key_diag(path, &text, &split, key, d);
    let name = required_text(
        &fm.name,
        "name",
        &at,
        &mut errors,
        "expected the author's name as readers see it, e.g. name: \"Daniel Okafor\"",
    );
    let key = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    if !is_safe_segment(&key) {
        errors.push(Diagnostic::error(format!("author file name `{key}` is not a valid key")).in_file(path).with_help("expected a file name of lowercase letters, digits and hyphens, e.g. content/authors/daniel.md"));
    }
    let Some(name) = name.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    let (body_line, body_offset) = (split.body_line, text.len() - split.body.len());
    Ok(Author {
        key,
        name,
        role: fm.role,
        bio: fm
            .bio
            .as_deref()
            .map(str::trim)
            .unwrap_or_default()
            .to_string(),
        bio_html: String::new(),
        links: fm.links,
        photo: fm.photo,
        extra: fm.extra,
        file: SourceFile {
            path: path.to_path_buf(),
            text,
            body_line,
            body_offset,
        },
    })
}

/// Parses `content/pages/<slug>.md` (`path` relative to the site root), its
/// body not yet rendered.
pub fn page(path: &Path, text: String) -> Result<StaticPage, Vec<Diagnostic>> {
    let split = split(path, &text).map_err(|d| vec![d])?;
    let fm: PageFrontMatter =
        frontmatter::parse(&split).map_err(|e| vec![fm_diag(path, &text, &e)])?;
    let mut errors = Vec::new();
    let at = |key: &str, d: Diagnostic| key_diag(path, &text, &split, key, d);
    let title = required_text(
        &fm.title,
        "title",
        &at,
        &mut errors,
        "expected the page's title, e.g. title: \"About\"",
    );
    let slug = slug(fm.slug.as_deref(), path, false, &at, &mut errors);
    let Some(title) = title.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    let (body_line, body_offset) = (split.body_line, text.len() - split.body.len());
    Ok(StaticPage {
        slug,
        title: typographic(&title),
        summary_given: fm.summary.is_some(),
        summary: fm.summary.unwrap_or_default(),
        draft: fm.draft,
        extra: fm.extra,
        body: Rendered::default(),
        file: SourceFile {
            path: path.to_path_buf(),
            text,
            body_line,
            body_offset,
        },
    })
}

/// `news/<slug>/index.md`: the slug is the folder's name.
pub fn is_folder_article(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "index.md")
}

/// The key of the article's author in `content/authors/`.
/// `image_focus: [x, y]`, each from 0 to 1.
fn focus(
    written: Option<&[f64]>,
    at: &dyn Fn(&str, Diagnostic) -> Diagnostic,
    errors: &mut Vec<Diagnostic>,
) -> Option<(f64, f64)> {
    match written? {
        &[x, y] if (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y) => Some((x, y)),
        other => {
            errors.push(at(
                "image_focus",
                Diagnostic::error(format!("image_focus {other:?} is not a point of the image"))
                    .with_help("expected [x, y], fractions of the width and height from 0 to 1: image_focus: [0.5, 0.3] is the middle, a third of the way down"),
            ));
            None
        }
    }
}

fn author_key(
    written: Option<&str>,
    at: &dyn Fn(&str, Diagnostic) -> Diagnostic,
    errors: &mut Vec<Diagnostic>,
) -> String {
    match written.map(str::trim) {
        Some(a) if !a.is_empty() => a.to_string(),
        _ => {
            errors.push(at(
                "author",
                missing("author").with_help(
                    "expected the key of an author in content/authors/, e.g. author: daniel",
                ),
            ));
            String::new()
        }
    }
}

/// A text trimmed, none when empty.
fn trimmed(written: &Option<String>) -> Option<String> {
    written
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Entries trimmed, empty ones left out.
fn non_empty(entries: &[String]) -> Vec<String> {
    entries
        .iter()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .collect()
}

fn split<'t>(path: &Path, text: &'t str) -> Result<Split<'t>, Diagnostic> {
    frontmatter::split(text).map_err(|e| fm_diag(path, text, &e))
}

fn related(entry: &RelatedEntry) -> Related {
    let (title, url) = match entry {
        RelatedEntry::Path(url) => (None, url.trim().to_string()),
        RelatedEntry::Titled { title, url } => (Some(typographic(title)), url.trim().to_string()),
    };
    let external = url.contains("://") || url.starts_with("mailto:");
    Related {
        title,
        url,
        external,
    }
}

fn moment(
    value: &serde_yaml::Value,
    key: &str,
    timezone: &SiteZone,
    at: &dyn Fn(&str, Diagnostic) -> Diagnostic,
    errors: &mut Vec<Diagnostic>,
) -> Option<Moment> {
    let text = match value {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Null => String::new(),
        _ => String::from("(a list or mapping)"),
    };
    if text.trim().is_empty() {
        errors.push(at(
            key,
            Diagnostic::error(format!("`{key}` is empty")).with_help(dates::ACCEPTED_FORMS),
        ));
        return None;
    }
    let parsed = dates::parse(&text, timezone);
    if parsed.is_none() {
        errors.push(at(
            key,
            Diagnostic::error(format!("`{key}` is not a date: `{}`", text.trim()))
                .with_help(dates::ACCEPTED_FORMS),
        ));
    }
    parsed
}

fn slug(
    given: Option<&str>,
    path: &Path,
    is_folder: bool,
    at: &dyn Fn(&str, Diagnostic) -> Diagnostic,
    errors: &mut Vec<Diagnostic>,
) -> String {
    if let Some(given) = given.map(str::trim) {
        if is_safe_segment(given) {
            return given.to_string();
        }
        let leaves = given.contains('/') || given.contains('\\') || given.contains("..");
        let message = if leaves {
            format!("slug `{given}` would leave the output folder")
        } else {
            format!("slug `{given}` is not a valid URL segment")
        };
        errors.push(at("slug", Diagnostic::error(message).with_help("expected lowercase letters, digits and hyphens, e.g. slug: india-russia-processing")));
        return String::new();
    }
    let stem = if is_folder {
        path.parent().and_then(Path::file_name)
    } else {
        path.file_stem()
    };
    let stem = stem
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let slug = slugify(&stem);
    if slug.is_empty() {
        errors.push(
            Diagnostic::error(format!("cannot make a slug from the file name `{stem}`"))
                .with_help("expected a file name with letters or digits, or a `slug:` field"),
        );
    }
    slug
}

/// The diagnostic for a front-matter split or YAML error.
fn fm_diag(path: &Path, text: &str, e: &FrontMatterError) -> Diagnostic {
    let mut d = Diagnostic::error(e.to_string())
        .in_file(path)
        .with_help(e.expected());
    if let Some((line, column)) = e.position() {
        // Positions are counted after a byte order mark, which editors do not show.
        d = d.at(
            line,
            column,
            Some(text.strip_prefix('\u{feff}').unwrap_or(text)),
        );
    }
    d
}

/// Points `d` at `key:` in the front matter, or at the opening `---` when the key is absent.
fn key_diag(path: &Path, text: &str, split: &Split<'_>, key: &str, d: Diagnostic) -> Diagnostic {
    let d = d.in_file(path);
    match dotted_key_position(split.yaml, key) {
        Some((line, column)) => d.at(line + split.yaml_line - 1, column, Some(text)),
        None => d.at(1, 1, Some(text)),
    }
}

fn missing(key: &str) -> Diagnostic {
    Diagnostic::error(format!("missing required field `{key}` in front matter"))
}

fn required_text(
    value: &Option<String>,
    key: &str,
    at: &dyn Fn(&str, Diagnostic) -> Diagnostic,
    errors: &mut Vec<Diagnostic>,
    help: &str,
) -> Option<String> {
    match value.as_deref().map(str::trim) {
        Some(v) if !v.is_empty() => Some(v.to_string()),
        Some(_) => {
            errors.push(at(
                key,
                Diagnostic::error(format!("`{key}` is empty")).with_help(help),
            ));
            None
        }
        None => {
            errors.push(at(
                key,
                Diagnostic::error(format!("missing required field `{key}` in front matter"))
                    .with_help(help),
            ));
            None
        }
    }
}

/// Tags once each, in the order written.
fn dedup_tags(tags: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    tags.iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty() && seen.insert(tag_slug(t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Position;

    fn context() -> ParseContext {
        ParseContext {
            timezone: SiteZone::Offset(time::UtcOffset::from_hms(5, 30, 0).unwrap()),
            now: time::macros::datetime!(2025-10-18 12:00 UTC),
        }
    }

    fn parse_article(path: &str, text: &str) -> Result<Article, Vec<Diagnostic>> {
        article(Path::new(path), text.to_string(), &context())
    }

    fn position(d: &Diagnostic) -> (usize, usize) {
        let Position { line, column } = d.position.expect("a position");
        (line, column)
    }

    const STORY: &str = "---\ntitle: \" Sands of Odisha \"\ndate: 2025-10-17\nauthor: asha\ntags: [India, india, Monazite]\n---\nThe lead paragraph.\n\n## Why\n";

    #[test]
    fn an_article_is_parsed_from_its_text_with_its_body_left_to_render() {
        let a = parse_article("content/news/odisha-sands.md", STORY).unwrap();
        assert_eq!(a.title, "Sands of Odisha");
        assert_eq!(a.slug, "odisha-sands");
        assert_eq!(a.author, "asha");
        assert_eq!(
            a.tags,
            ["India", "Monazite"],
            "tags once each, as first written"
        );
        assert_eq!(
            dates::rfc3339(a.date.at),
            "2025-10-17T00:00:00+05:30",
            "the site's time zone"
        );
        assert!(!a.scheduled && !a.draft);
        assert!(
            !a.summary_given && a.summary.is_empty(),
            "made by the body stage"
        );
        assert!(matches!(&a.body_html, BodyHtml::Held(html) if html.is_empty()));
        assert_eq!(
            &a.file.text[a.file.body_offset..],
            "The lead paragraph.\n\n## Why\n"
        );
        assert_eq!(a.file.body_line, 7);
        assert_eq!(a.file.path, Path::new("content/news/odisha-sands.md"));
    }

    #[test]
    fn a_folder_article_takes_its_folder_name_and_a_later_one_is_scheduled() {
        let text = STORY.replace("2025-10-17", "2025-10-19T08:00:00Z");
        let a = parse_article("content/news/kerala-sands/index.md", &text).unwrap();
        assert_eq!(a.slug, "kerala-sands");
        assert!(a.scheduled);
        assert!(is_folder_article(Path::new(
            "content/news/kerala-sands/index.md"
        )));
    }

    #[test]
    fn a_written_summary_is_kept_trimmed() {
        let text = STORY.replace("author: asha", "author: asha\nsummary: \"  Short.  \"");
        let a = parse_article("content/news/x.md", &text).unwrap();
        assert!(a.summary_given);
        assert_eq!(a.summary, "Short.");
    }

    #[test]
    fn every_problem_points_at_its_line_after_a_bom_and_with_crlf() {
        let text = "\u{feff}---\r\ndate: 17/10/2025\r\nauthor: \"\"\r\n---\r\nBody\r\n";
        let errors = parse_article("content/news/x.md", text).unwrap_err();
        let found: Vec<(&str, (usize, usize))> = errors
            .iter()
            .map(|d| (d.message.as_str(), position(d)))
            .collect();
        assert_eq!(
            found,
            [
                ("missing required field `title` in front matter", (1, 1)),
                ("`date` is not a date: `17/10/2025`", (2, 7)),
                ("missing required field `author` in front matter", (3, 9)),
            ]
        );
        assert!(
            errors
                .iter()
                .all(|d| d.path.as_deref() == Some(Path::new("content/news/x.md")))
        );
    }

    #[test]
    fn front_matter_that_cannot_be_split_or_read_is_one_error() {
        let errors = parse_article("content/news/x.md", "Body only\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(position(&errors[0]), (1, 1));
        let errors = parse_article("content/news/x.md", "---\ntitle: x\n").unwrap_err();
        assert!(errors[0].message.contains("never closed"), "{errors:?}");
        let errors = parse_article("content/news/x.md", "---\ntitle: [x\n---\n").unwrap_err();
        assert!(
            errors[0].message.starts_with("invalid front matter"),
            "{errors:?}"
        );
        assert_eq!(position(&errors[0]).0, 2, "{errors:?}");
    }

    #[test]
    fn a_slug_that_would_leave_the_output_is_refused_where_written() {
        let text = STORY.replace("author: asha", "author: asha\nslug: ../up");
        let errors = parse_article("content/news/x.md", &text).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("would leave the output folder"));
        assert_eq!(position(&errors[0]), (5, 7));
    }

    #[test]
    fn an_author_has_its_file_name_as_key_and_an_unwritten_bio_left_to_make() {
        let path = Path::new("content/authors/li.md");
        let li = author(path, "---\nname: Li Wen\n---\nLi follows prices.\n".into()).unwrap();
        assert_eq!((li.key.as_str(), li.name.as_str()), ("li", "Li Wen"));
        assert!(li.bio.is_empty() && li.bio_html.is_empty());
        let written = author(path, "---\nname: Li\nbio: \" Markets. \"\n---\n".into()).unwrap();
        assert_eq!(written.bio, "Markets.");
        let bad = author(
            Path::new("content/authors/Li Wen.md"),
            "---\nname: Li\n---\n".into(),
        )
        .unwrap_err();
        assert!(bad[0].message.contains("not a valid key"), "{bad:?}");
    }

    #[test]
    fn a_page_written_with_an_empty_summary_keeps_it_empty() {
        let path = Path::new("content/pages/about.md");
        let about = page(
            path,
            "---\ntitle: About\nsummary: \"\"\n---\nWho we are.\n".into(),
        )
        .unwrap();
        assert_eq!(about.slug, "about");
        assert!(about.summary_given && about.summary.is_empty());
        let plain = page(path, "---\ntitle: About\n---\nWho we are.\n".into()).unwrap();
        assert!(!plain.summary_given);
    }
}
