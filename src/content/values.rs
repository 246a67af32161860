//! Front-matter values that YAML accepts but monazite must still refuse: dates
//! a feed cannot write. Each finding points at the line and column where the
//! value is written.
//!
//! The loader calls [`check_article`] once per article, with what it has
//! already parsed; this module reads nothing from disk.

use std::path::Path;

use super::dates::Moment;
use super::frontmatter::Split;
use super::model::ArticleFrontMatter;
use crate::config::dotted_key_position;
use crate::diag::Diagnostic;

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
/// are years a feed can write.
pub fn check_article(
    _fm: &ArticleFrontMatter,
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
