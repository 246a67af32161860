//! Front-matter values that YAML accepts but monazite must still refuse: dates
//! a feed cannot write, URLs with a script scheme (`javascript:`, `vbscript:`,
//! `data:`), tags and related entries left empty or null, an empty source
//! name. Each finding points at the line and column where the value is written.
//!
//! The loader calls [`check_article`] once per article, with what it has
//! already parsed, and [`check_author`] once per author; this module reads
//! nothing from disk.

use std::path::Path;

use super::dates::Moment;
use super::frontmatter::{self, Split};
use super::model::{ArticleFrontMatter, Author, RelatedEntry};
use crate::config::{
    dotted_key_position, item_field_position, item_position, key_position, refused_scheme,
    refused_url,
};
use crate::diag::Diagnostic;
use crate::text::slug::tag_slug;

/// The first year a feed can date an article: RSS writes dates as RFC 822
/// does, whose successors (RFC 2822, 5322) take "any numeric year 1900 or
/// later". The last is the last RFC 3339 writes ([`super::dates::WRITABLE_YEARS`]).
pub const FIRST_ARTICLE_YEAR: i32 = 1900;

/// A file's front matter as written, to point diagnostics at its values.
pub struct FrontMatterText<'a> {
    pub path: &'a Path,
    /// The whole file, for the snippet under a diagnostic.
    pub text: &'a str,
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// The file's line where the YAML starts.
    pub yaml_line: usize,
}

impl<'a> FrontMatterText<'a> {
    pub fn new(path: &'a Path, text: &'a str, split: &Split<'a>) -> Self {
        FrontMatterText {
            path,
            text,
            yaml: split.yaml,
            yaml_line: split.yaml_line,
        }
    }

    /// `d` in this file at `position` (1-based, in the YAML), else at the
    /// opening `---`.
    fn at(&self, position: Option<(usize, usize)>, d: Diagnostic) -> Diagnostic {
        let (line, column) = position.map_or((1, 1), |(l, c)| (l + self.yaml_line - 1, c));
        d.in_file(self.path).at(line, column, Some(self.text))
    }

    /// `d` at the value of `key` (`title`, or `source.url` under `source:`).
    fn at_key(&self, key: &str, d: Diagnostic) -> Diagnostic {
        self.at(dotted_key_position(self.yaml, key), d)
    }
}

/// Checks what the loader does not: that `date` and `updated` (as parsed)
/// are years a feed can write, that no URL has a script scheme, that every
/// tag and related entry has something in it, and that a source has a name.
pub fn check_article(
    fm: &ArticleFrontMatter,
    date: Option<Moment>,
    updated: Option<Moment>,
    written: &FrontMatterText<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    check_years(date, updated, written, errors);
    check_tags(&fm.tags, written, errors);
    check_related(&fm.related, written, errors);
    check_aliases(&fm.aliases, written, errors);
    if let Some(source) = &fm.source
        && source.name.trim().is_empty()
    {
        errors.push(written.at_key(
            "source.name",
            Diagnostic::error("`source.name` is empty").with_help(
                "expected the name of the publication the story comes from, e.g. name: The Economic Times",
            ),
        ));
    }
    let yaml = written.yaml;
    if let Some(url) = fm.source.as_ref().and_then(|s| s.url.as_deref()) {
        refuse_script_url(url, written, errors, || {
            (
                "`source.url`".into(),
                dotted_key_position(yaml, "source.url"),
            )
        });
    }
    for (i, entry) in fm.related.iter().enumerate() {
        let (url, titled) = match entry {
            RelatedEntry::Path(url) => (url, false),
            RelatedEntry::Titled { url, .. } => (url, true),
        };
        refuse_script_url(url, written, errors, || {
            let position = if titled {
                item_field_position(yaml, "related", i, "url")
            } else {
                item_position(yaml, "related", i)
            };
            let position = position.or_else(|| key_position(yaml, "related"));
            (format!("`related` entry {}", i + 1), position)
        });
    }
    if let Some(image) = &fm.image {
        refuse_script_url(image, written, errors, || {
            ("`image`".into(), key_position(yaml, "image"))
        });
    }
}

/// Checks an author's `links` and `photo` for script schemes.
pub fn check_author(author: &Author) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    // The author parsed, so its front matter splits.
    let Ok(split) = frontmatter::split(&author.file.text) else {
        return errors;
    };
    let written = FrontMatterText::new(&author.file.path, &author.file.text, &split);
    let yaml = written.yaml;
    for (i, link) in author.links.iter().enumerate() {
        refuse_script_url(&link.url, &written, &mut errors, || {
            let position = item_field_position(yaml, "links", i, "url")
                .or_else(|| key_position(yaml, "links"));
            (format!("`links` entry {}", i + 1), position)
        });
    }
    if let Some(photo) = &author.photo {
        refuse_script_url(photo, &written, &mut errors, || {
            ("`photo`".into(), key_position(yaml, "photo"))
        });
    }
    errors
}

/// An error when `url` has a refused scheme; `field` tells, only then, what
/// the editor calls the field and where (1-based, in the YAML) it is written.
fn refuse_script_url(
    url: &str,
    written: &FrontMatterText<'_>,
    errors: &mut Vec<Diagnostic>,
    field: impl FnOnce() -> (String, Option<(usize, usize)>),
) {
    if let Some(scheme) = refused_scheme(url) {
        let (what, position) = field();
        errors.push(written.at(position, refused_url(&what, scheme)));
    }
}

/// Every tag has a letter or digit, in any script: `稀土` is a tag (see
/// [`tag_slug`]); an empty or null entry, or `🧲`, is not.
fn check_tags(tags: &[String], written: &FrontMatterText<'_>, errors: &mut Vec<Diagnostic>) {
    for (i, tag) in tags.iter().enumerate() {
        let message = if tag.trim().is_empty() {
            format!("tag {} is empty", i + 1)
        } else if tag_slug(tag).is_empty() {
            format!("tag `{}` has no letters or digits", tag.trim())
        } else {
            continue;
        };
        let yaml = written.yaml;
        let position = item_position(yaml, "tags", i).or_else(|| key_position(yaml, "tags"));
        errors.push(written.at(
            position,
            Diagnostic::error(message).with_help(
                "expected tags made of words in any script, e.g. tags: [india, magnets, 稀土]; a bare `-`, `~` or `null` is an empty entry",
            ),
        ));
    }
}

/// Every alias is a path on this site ([`super::aliases::problem`]).
fn check_aliases(aliases: &[String], written: &FrontMatterText<'_>, errors: &mut Vec<Diagnostic>) {
    for (i, alias) in aliases.iter().enumerate() {
        let Some(problem) = super::aliases::problem(alias) else {
            continue;
        };
        let yaml = written.yaml;
        let position = item_position(yaml, "aliases", i).or_else(|| key_position(yaml, "aliases"));
        errors.push(
            written.at(
                position,
                Diagnostic::error(format!("alias {}: {problem}", i + 1))
                    .with_help(super::aliases::ALIAS_HELP),
            ),
        );
    }
}

/// Every related entry has a URL, and a title where it is given one.
fn check_related(
    related: &[RelatedEntry],
    written: &FrontMatterText<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    for (i, entry) in related.iter().enumerate() {
        let (problem, field) = match entry {
            RelatedEntry::Path(url) if url.trim().is_empty() => ("is empty", None),
            RelatedEntry::Titled { title, .. } if title.trim().is_empty() => {
                ("has an empty title", Some("title"))
            }
            RelatedEntry::Titled { url, .. } if url.trim().is_empty() => {
                ("has an empty url", Some("url"))
            }
            _ => continue,
        };
        let yaml = written.yaml;
        let position = match field {
            Some(field) => item_field_position(yaml, "related", i, field),
            None => item_position(yaml, "related", i),
        };
        let position = position.or_else(|| key_position(yaml, "related"));
        errors.push(written.at(
            position,
            Diagnostic::error(format!("`related` entry {} {problem}", i + 1)).with_help(
                "expected a site path such as /news/slug/ or a web address, or a `title:` and a `url:`; a bare `-`, `~` or `null` is an empty entry",
            ),
        ));
    }
}

/// `date` and `updated` in years a feed can write.
fn check_years(
    date: Option<Moment>,
    updated: Option<Moment>,
    written: &FrontMatterText<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    for (key, moment) in [("date", date), ("updated", updated)] {
        let Some(year) = moment.map(|m| m.at.year()) else {
            continue;
        };
        if year < FIRST_ARTICLE_YEAR {
            errors.push(written.at_key(
                key,
                Diagnostic::error(format!("`{key}` is in the year {year}")).with_help(format!(
                    "expected a year from {FIRST_ARTICLE_YEAR} to 9999: an RSS feed cannot date an article before {FIRST_ARTICLE_YEAR} (is the year mistyped?)"
                )),
            ));
        }
    }
}
