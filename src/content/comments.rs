//! Approved reader comments: a YAML list kept beside its article
//! (`content/news/<name>.comments.yaml`, or `comments.yaml` inside a folder
//! article). Moderation is the commit: whatever is in the file is approved.
//!
//! Parses `&str` only; errors carry the file's own line and column. A comment
//! too long or too deeply nested to render is refused here, where the error
//! can point at it; its text is rendered after loading by the body stage
//! (`crate::bodies`), through the untrusted-Markdown sanitizer.

use std::path::{Path, PathBuf};

use crate::config::zone::SiteZone;
use serde::Deserialize;

use super::dates::{self, Moment};
use crate::markdown::RESERVED_IDS;
use crate::markdown::untrusted::{self, Refused};
use crate::text::slug::is_safe_segment;
use crate::yaml;

/// The file name of a folder article's comments.
pub const FOLDER_FILE: &str = "comments.yaml";
/// The suffix of a file article's comments file (`x.md` → `x.comments.yaml`).
pub const FILE_SUFFIX: &str = ".comments.yaml";

/// One approved comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Unique in its file; the page anchor is `comment-<id>`.
    pub id: String,
    /// As written; escaped where shown.
    pub author: String,
    pub date: Moment,
    /// The comment's Markdown as written, trimmed; dropped once rendered
    /// unless sources are kept.
    pub text: String,
    /// The sanitized HTML of the comment's Markdown, made by the body stage.
    pub html: String,
    /// The id of an earlier comment in the same file this one answers.
    pub reply_to: Option<String>,
}

/// What is wrong in a comments file, and where (1-based, the file's own lines).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CommentError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub help: String,
}

/// The comments file that belongs to an article file.
pub fn file_for(article: &Path) -> PathBuf {
    if article.file_name().is_some_and(|n| n == "index.md") {
        article.with_file_name(FOLDER_FILE)
    } else {
        let stem = article
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        article.with_file_name(format!("{stem}{FILE_SUFFIX}"))
    }
}

/// The ids the theme gives an article's comments on its page (`comment-<id>`,
/// and `comment-<id>-author` on the commenter's name), which its headings
/// keep clear of.
pub fn page_ids(comments: &[Comment]) -> Vec<String> {
    comments
        .iter()
        .flat_map(|c| {
            [
                format!("comment-{}", c.id),
                format!("comment-{}-author", c.id),
            ]
        })
        .collect()
}

/// The article file a comments file belongs to (the inverse of [`file_for`]).
pub fn article_for(comments: &Path) -> Option<PathBuf> {
    let name = comments.file_name()?.to_str()?;
    if name == FOLDER_FILE {
        Some(comments.with_file_name("index.md"))
    } else {
        let stem = name.strip_suffix(FILE_SUFFIX)?;
        Some(comments.with_file_name(format!("{stem}.md")))
    }
}

/// A comment as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComment {
    id: Option<serde_yaml::Value>,
    author: Option<String>,
    date: Option<serde_yaml::Value>,
    text: Option<String>,
    reply_to: Option<serde_yaml::Value>,
}

const LIST_HELP: &str = "expected a list of comments, each with `id`, `author`, `date` and `text`, and optionally `reply_to`:\n  - id: c1\n    author: Priya\n    date: 2025-10-18T08:15:00+05:30\n    text: Great piece.";

/// Parses a comments file. Dates without an offset are read in `zone`. Every problem
/// in the file is returned, in file order.
pub fn parse(text: &str, zone: &SiteZone) -> Result<Vec<Comment>, Vec<CommentError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: Option<Vec<RawComment>> = yaml::parse(text).map_err(|e| {
        vec![CommentError {
            message: format!("invalid comments file: {}", e.message),
            line: e.line.unwrap_or(1),
            column: e.column.unwrap_or(1),
            help: e.help.unwrap_or_else(|| LIST_HELP.into()),
        }]
    })?;
    let raw = raw.unwrap_or_default();
    let entries = entry_lines(text);
    let mut comments: Vec<Comment> = Vec::with_capacity(raw.len());
    let mut errors = Vec::new();
    for (index, entry) in raw.into_iter().enumerate() {
        let span = EntrySpan {
            text,
            start: entries.get(index).copied().unwrap_or(0),
            end: entries.get(index + 1).copied().unwrap_or(usize::MAX),
        };
        match check(entry, &span, &comments, zone) {
            Ok(c) => comments.push(c),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(comments)
    } else {
        Err(errors)
    }
}

/// Validates one entry against the comments before it.
fn check(
    entry: RawComment,
    span: &EntrySpan<'_>,
    earlier: &[Comment],
    zone: &SiteZone,
) -> Result<Comment, Vec<CommentError>> {
    let mut errors = Vec::new();
    let mut fail = |key: &str, message: String, help: &str| {
        let (line, column) = span.key(key);
        errors.push(CommentError {
            message,
            line,
            column,
            help: help.into(),
        });
    };
    let id = entry.id.as_ref().and_then(scalar).unwrap_or_default();
    if id.is_empty() {
        fail(
            "id",
            "comment has no `id`".into(),
            "expected a short unique id, e.g. id: c3",
        );
    } else if !is_safe_segment(&id) {
        fail(
            "id",
            format!("comment id `{id}` is not a simple name"),
            "expected letters, digits, `-` and `_` only, e.g. id: c3",
        );
    } else if let Some(anchor) = [format!("comment-{id}"), format!("comment-{id}-author")]
        .into_iter()
        .find(|anchor| RESERVED_IDS.contains(&anchor.as_str()))
    {
        fail(
            "id",
            format!(
                "comment id `{id}` would give the page a second `{anchor}`, which the theme uses"
            ),
            "expected an id the theme does not use for its comment form, e.g. id: c3",
        );
    } else if earlier.iter().any(|c| c.id == id) {
        fail(
            "id",
            format!("two comments have the id `{id}`"),
            "expected every comment in the file to have its own id",
        );
    }
    let author = entry.author.as_deref().map(str::trim).unwrap_or_default();
    if author.is_empty() {
        fail(
            "author",
            "comment has no `author`".into(),
            "expected the commenter's name as it should be shown, e.g. author: Priya Raman",
        );
    }
    let date_text = entry.date.as_ref().and_then(scalar).unwrap_or_default();
    let date = dates::parse(&date_text, zone);
    if date.is_none() {
        let message = if date_text.is_empty() {
            "comment has no `date`".to_string()
        } else {
            format!("comment `date` is not a date: `{date_text}`")
        };
        fail("date", message, dates::ACCEPTED_FORMS);
    }
    let body = entry.text.as_deref().map(str::trim).unwrap_or_default();
    if body.is_empty() {
        fail(
            "text",
            "comment has no `text`".into(),
            "expected the comment's words (a little Markdown is allowed: *emphasis*, links, quotes, lists)",
        );
    }
    let reply_to = entry.reply_to.as_ref().and_then(scalar);
    if let Some(parent) = &reply_to
        && !earlier.iter().any(|c| &c.id == parent)
    {
        fail(
            "reply_to",
            format!("`reply_to: {parent}` is not the id of an earlier comment in this file"),
            "expected the id of a comment above this one; replies come after the comment they answer",
        );
    }
    // Refused (in time linear in its length) when it is too long or too
    // deeply nested for the sanitizer: see `untrusted::MAX_CHARS` and `MAX_NESTING`.
    let text = (!body.is_empty()).then(|| body.to_string());
    if let Some(Err(refused)) = text.as_deref().map(untrusted::check) {
        let help = match refused {
            Refused::TooLong { .. } => {
                "expected a comment of the length the form takes (5,000 characters); shorten it, or leave it out"
            }
            Refused::TooDeep { .. } => {
                "expected quotes and lists a few levels deep; a reply quotes the words it answers once (`> `), not every quote before them"
            }
        };
        fail("text", format!("comment `{id}` {refused}"), help);
    }
    match (date, text) {
        (Some(date), Some(text)) if errors.is_empty() => Ok(Comment {
            id,
            author: author.to_string(),
            date,
            text,
            html: String::new(),
            reply_to,
        }),
        _ => Err(errors),
    }
}

/// A string or number as text; other YAML values are not ids or dates.
fn scalar(value: &serde_yaml::Value) -> Option<String> {
    match value {
        serde_yaml::Value::String(s) => Some(s.trim().to_string()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The lines (0-based) of one list entry in the file, for pointing at its keys.
struct EntrySpan<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

impl EntrySpan<'_> {
    /// The 1-based (line, column) of `key:`'s value in this entry, else of the entry.
    fn key(&self, key: &str) -> (usize, usize) {
        let lines = self.text.lines().enumerate().skip(self.start);
        for (i, line) in lines.take(self.end.saturating_sub(self.start)) {
            let body = line.trim_start();
            let body = body.strip_prefix("- ").unwrap_or(body).trim_start();
            if let Some(rest) = body.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
                let column = line.len() - rest.trim_start().len() + 1;
                return (i + 1, column);
            }
        }
        (self.start + 1, 1)
    }
}

/// The 0-based lines where the top-level list's entries start.
fn entry_lines(text: &str) -> Vec<usize> {
    let is_item = |line: &str| {
        let t = line.trim_start();
        t == "-" || t.starts_with("- ")
    };
    let indent = |line: &str| line.len() - line.trim_start().len();
    let Some(base) = text.lines().find(|l| is_item(l)).map(indent) else {
        return Vec::new();
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| is_item(l) && indent(l) == base)
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\
- id: c1
  author: Priya Raman
  date: 2025-10-18T08:15:00+05:30
  text: |
    Good piece. Is *Kerala* next?
- id: c2
  author: Tom
  date: 2025-10-18
  reply_to: c1
  text: Probably not this year.
";

    fn parse_utc(text: &str) -> Result<Vec<Comment>, Vec<CommentError>> {
        parse(text, &SiteZone::default())
    }

    #[test]
    fn a_good_file() {
        let comments = parse_utc(GOOD).unwrap();
        assert_eq!(comments.len(), 2);
        assert_eq!(comments[0].id, "c1");
        assert_eq!(comments[0].author, "Priya Raman");
        assert_eq!(comments[0].text, "Good piece. Is *Kerala* next?");
        assert!(comments[0].html.is_empty(), "rendered by the body stage");
        assert_eq!(comments[1].reply_to.as_deref(), Some("c1"));
        assert_eq!(
            dates::rfc3339(comments[0].date.at),
            "2025-10-18T08:15:00+05:30"
        );
    }

    #[test]
    fn empty_files_have_no_comments() {
        assert_eq!(parse_utc("").unwrap(), vec![]);
        assert_eq!(parse_utc("# none yet\n[]\n").unwrap(), vec![]);
    }

    #[test]
    fn yaml_errors_point_at_the_line() {
        let err = parse_utc("- id: c1\n  author: A\n  text: [unclosed\n  date: 2025-01-01\n")
            .unwrap_err();
        assert_eq!(err.len(), 1);
        assert!((3..=5).contains(&err[0].line), "{err:?}");
        let err = parse_utc("- id: c1\n  author: A\n  dat: 2025-01-01\n  text: x\n").unwrap_err();
        assert!(err[0].message.contains("unknown field `dat`"), "{err:?}");
        assert_eq!(err[0].line, 3);
        let err = parse_utc("id: c1\n").unwrap_err();
        assert!(err[0].help.starts_with("expected a list"), "{err:?}");
    }

    #[test]
    fn unknown_reply_to_names_its_line() {
        let text = GOOD.replace("reply_to: c1", "reply_to: c9");
        let err = parse_utc(&text).unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!((err[0].line, err[0].column), (9, 13));
        assert!(err[0].message.contains("c9"), "{err:?}");
    }

    #[test]
    fn every_missing_field_is_reported() {
        let err = parse_utc(
            "- id: a\n  author: A\n  date: 2025-01-01\n  text: x\n- id: a\n  date: 17/10/2025\n",
        )
        .unwrap_err();
        let messages: Vec<(usize, &str)> =
            err.iter().map(|e| (e.line, e.message.as_str())).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert_eq!(messages[0], (5, "two comments have the id `a`"));
        assert_eq!(messages[1].0, 5, "missing author points at the entry");
        assert_eq!(
            messages[2],
            (6, "comment `date` is not a date: `17/10/2025`")
        );
        assert_eq!(messages[3].1, "comment has no `text`");
    }

    #[test]
    fn alias_fan_out_is_refused() {
        // 500,000 values written in 1 KB.
        let text = format!(
            "- id: &a [{}]\n  date: &b [{}]\n  reply_to: [{}]\n  author: A\n  text: x\n",
            vec!["x"; 100].join(","),
            vec!["*a"; 100].join(","),
            vec!["*b"; 50].join(",")
        );
        let Err(err) = parse_utc(&text) else {
            panic!("a comment expanding 500 times over was accepted");
        };
        assert!(err[0].message.contains("aliases"), "{err:?}");
        assert!((1..=3).contains(&err[0].line), "{err:?}");
    }

    #[test]
    fn hostile_comments_are_refused_before_sanitizing() {
        let comment = |id: &str, text: &str| {
            format!("- id: {id}\n  author: A\n  date: 2025-01-01\n  text: \"{text}\"\n")
        };
        // Quotes nested a hundred deep, in a comment of 110 characters.
        let deep = comment("c1", &format!("{} deep", ">".repeat(100)));
        let err = parse_utc(&deep).unwrap_err();
        assert_eq!(err.len(), 1, "{err:?}");
        assert!(err[0].message.contains("`c1`"), "{err:?}");
        assert!(err[0].message.contains("nest"), "{err:?}");
        assert_eq!((err[0].line, err[0].column), (4, 9), "{err:?}");
        // Twenty thousand characters of plain words.
        let long = comment("c2", &"word ".repeat(4_000));
        let err = parse_utc(&long).unwrap_err();
        assert!(err[0].message.contains("`c2`"), "{err:?}");
        assert!(err[0].message.contains("characters"), "{err:?}");
        // Quotes and lists a few deep, as people write them, still render.
        let fine = comment("c3", "> quoted\\n> > inner\\n>\\n> - a\\n>   - b");
        let ok = parse_utc(&fine).unwrap();
        assert!(ok[0].text.starts_with("> quoted"), "{}", ok[0].text);
    }

    #[test]
    fn comment_ids_keep_clear_of_the_comment_forms_ids() {
        let err =
            parse_utc("- id: form\n  author: A\n  date: 2025-01-01\n  text: x\n").unwrap_err();
        assert!(err[0].message.contains("`comment-form`"), "{err:?}");
        assert_eq!((err[0].line, err[0].column), (1, 7));
        let ok = parse_utc(GOOD).unwrap();
        assert_eq!(
            page_ids(&ok),
            [
                "comment-c1",
                "comment-c1-author",
                "comment-c2",
                "comment-c2-author"
            ]
        );
    }

    #[test]
    fn file_names() {
        assert_eq!(
            file_for(Path::new("content/news/x.md")),
            Path::new("content/news/x.comments.yaml")
        );
        assert_eq!(
            file_for(Path::new("content/news/x/index.md")),
            Path::new("content/news/x/comments.yaml")
        );
        assert_eq!(
            article_for(Path::new("content/news/x.comments.yaml")),
            Some(PathBuf::from("content/news/x.md"))
        );
        assert_eq!(article_for(Path::new("content/news/x.yaml")), None);
    }
}
