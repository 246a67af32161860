//! What `Library::load` checks across files, once every file is parsed:
//! authors exist, slugs are unique, no page takes a path monazite makes, no
//! article is updated before it was published. Each finding points at the
//! key in the file that makes it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::dates::{Moment, rfc3339};
use super::library::RESERVED_PATHS;
use super::model::{ARTICLE_KEYS, Article, Author, StaticPage};
use super::values;
use crate::config::key_position;
use crate::diag::{Diagnostic, Diagnostics};
use crate::suggest::did_you_mean;

/// The errors found across files: authors' values, articles' authors, slugs
/// taken twice, pages on paths monazite makes.
pub(crate) fn check_across_files(
    articles: &[Article],
    authors: &BTreeMap<String, Author>,
    pages: &[StaticPage],
    errors: &mut Diagnostics,
) {
    for author in authors.values() {
        errors.extend(values::check_author(author));
    }
    check_authors(articles, authors, errors);
    check_unique_slugs(
        articles,
        |a| (&a.slug, &a.file.path, &a.file.text),
        "article",
        errors,
    );
    check_unique_slugs(
        pages,
        |p| (&p.slug, &p.file.path, &p.file.text),
        "page",
        errors,
    );
    check_reserved_page_slugs(pages, errors);
}

fn check_reserved_page_slugs(pages: &[StaticPage], errors: &mut Diagnostics) {
    for page in pages {
        if RESERVED_PATHS.contains(&page.slug.as_str()) {
            errors.push(
                slug_diag(&page.file.path, &page.file.text)
                    .with_help(format!(
                        "`/{}/` is made by monazite itself; choose another file name or slug:",
                        page.slug
                    ))
                    .map_message(format!(
                        "page slug `{}` clashes with a generated section",
                        page.slug
                    )),
            );
        }
    }
}

fn check_authors(
    articles: &[Article],
    authors: &BTreeMap<String, Author>,
    errors: &mut Diagnostics,
) {
    let known: Vec<&str> = authors.keys().map(String::as_str).collect();
    for a in articles.iter().filter(|a| !authors.contains_key(&a.author)) {
        let mut d =
            Diagnostic::error(format!("unknown author `{}`", a.author)).in_file(&a.file.path);
        if let Some((line, col)) = key_position(fm_text(&a.file.text), "author") {
            d = d.at(line + 1, col, Some(&a.file.text));
        }
        errors.push(d.with_help(unknown_author_help(&a.author, &known)));
    }
}

/// Up to how many author keys an unknown-author error lists.
const LISTED_AUTHORS: usize = 8;

/// What to write instead of an unknown author key: the nearest key of the
/// site (or its keys, when there are few), and how to add an author.
pub fn unknown_author_help(key: &str, known: &[&str]) -> String {
    let add = format!(
        "to add this author, create content/authors/{key}.md with a `name:` line in its front matter"
    );
    if let Some(close) = did_you_mean(key, known.iter().copied()) {
        return format!("did you mean `{close}`? Or {add}");
    }
    match known.len() {
        0 => format!("content/authors/ has no authors yet; {add}"),
        n if n <= LISTED_AUTHORS => format!(
            "the authors of this site are {}; or {add}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        n => format!(
            "this site has {n} authors (the files in content/authors/, e.g. `{}`); or {add}",
            known[0]
        ),
    }
}

/// A warning for each article updated before it was published (a likely
/// slip: the two dates swapped, or a mistyped month). A day written without a
/// time is compared as a day: `updated: 2025-10-17` is not before
/// `date: 2025-10-17T09:30:00`.
pub(crate) fn warn_updated_before_date(articles: &[Article], warnings: &mut Diagnostics) {
    for a in articles {
        let Some(updated) = a.updated else { continue };
        let before = if updated.has_time && a.date.has_time {
            updated.at < a.date.at
        } else {
            updated.at.date() < a.date.at.date()
        };
        if !before {
            continue;
        }
        let written = |m: Moment| {
            let iso = rfc3339(m.at);
            if m.has_time {
                iso
            } else {
                iso[..10].to_string()
            }
        };
        let mut d = Diagnostic::warning(format!(
            "`updated` ({}) is before `date` ({})",
            written(updated),
            written(a.date)
        ))
        .in_file(&a.file.path)
        .with_help("expected the time of the latest update, on or after publication; are the two dates swapped?");
        if let Some((line, col)) = key_position(fm_text(&a.file.text), "updated") {
            d = d.at(line + 1, col, Some(&a.file.text));
        }
        warnings.push(d);
    }
}

fn check_unique_slugs<T>(
    items: &[T],
    key: impl Fn(&T) -> (&String, &PathBuf, &String),
    kind: &str,
    errors: &mut Diagnostics,
) {
    let mut first: HashMap<&str, (&PathBuf, &String)> = HashMap::new();
    for item in items {
        let (slug, path, text) = key(item);
        let Some(&(other_path, other_text)) = first.get(slug.as_str()) else {
            first.insert(slug, (path, text));
            continue;
        };
        // Point at the file whose `slug:` makes the clash, when one of them has one.
        let (at_path, at_text, other) = if has_slug_key(text) || !has_slug_key(other_text) {
            (path, text, other_path)
        } else {
            (other_path, other_text, path)
        };
        errors.push(
            slug_diag(at_path, at_text)
                .map_message(format!(
                    "two {kind}s have the slug `{slug}`: this one and {}",
                    other.display()
                ))
                .with_help(
                    "expected every slug to be unique; rename one file or give it a `slug:`",
                ),
        );
    }
}

fn has_slug_key(text: &str) -> bool {
    key_position(fm_text(text), "slug").is_some()
}

/// A diagnostic at `slug:` if written, else at the top of the file.
fn slug_diag(path: &Path, text: &str) -> Diagnostic {
    let d = Diagnostic::error("").in_file(path);
    match key_position(fm_text(text), "slug") {
        Some((line, col)) => d.at(line + 1, col, Some(text)),
        None => d.at(1, 1, Some(text)),
    }
}

/// The front matter lines of a file (after the opening `---`), for key positions.
/// A warning for each front-matter key monazite does not know (usually a
/// typo, so what it says is silently lost), with the key it most likely meant.
pub(crate) fn warn_unknown_keys(articles: &[Article], warnings: &mut Diagnostics) {
    for article in articles {
        let file = &article.file;
        for key in &article.unknown_keys {
            let help = match did_you_mean(key, ARTICLE_KEYS.iter().copied()) {
                Some(known) => format!("did you mean `{known}`?"),
                None => format!(
                    "monazite ignores this key; the keys it reads are: {}",
                    ARTICLE_KEYS.join(", ")
                ),
            };
            let mut d = Diagnostic::warning(format!("unknown front-matter key `{key}`"))
                .in_file(&file.path)
                .with_help(help);
            // The key is what is wrong: point at its start, not its value.
            if let Some((line, _)) = key_position(fm_text(&file.text), key) {
                d = d.at(line + 1, 1, Some(&file.text));
            }
            warnings.push(d);
        }
    }
}

fn fm_text(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let after = text.split_once('\n').map_or("", |(_, rest)| rest);
    let end = after.find("\n---").map_or(after.len(), |i| i + 1);
    &after[..end]
}

impl Diagnostic {
    fn map_message(mut self, message: String) -> Self {
        self.message = message;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_author_help_names_a_real_key_and_the_file_to_create() {
        let add = "create content/authors/zed.md with a `name:` line";
        let help = unknown_author_help("ashaa", &["asha", "li"]);
        assert!(help.starts_with("did you mean `asha`?"), "{help}");
        let help = unknown_author_help("zed", &["asha", "li"]);
        assert!(
            help.starts_with("the authors of this site are `asha`, `li`"),
            "{help}"
        );
        assert!(help.contains(add), "{help}");
        let many: Vec<String> = (0..20).map(|n| format!("writer{n:02}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let help = unknown_author_help("zed", &many);
        assert!(help.starts_with("this site has 20 authors"), "{help}");
        assert!(
            help.contains("`writer00`") && !help.contains("writer19"),
            "{help}"
        );
        assert!(unknown_author_help("zed", &[]).contains(add));
    }
}
