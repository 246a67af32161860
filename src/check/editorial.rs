//! Findings a build accepts but an editor wants to know about (misspelt
//! front-matter keys are `content`'s, as a build warns of them too): tags that only one article uses
//! (often a misspelling of another tag), articles without a summary or
//! highlights, and headings whose `{#id}` the page already uses.

use crate::config::{CONFIG_FILE, key_position};
use crate::content::Tag;
use crate::content::model::Article;
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::site::Site;
use crate::suggest::{NearWords, did_you_mean};
use crate::text::slug::tag_slug;
use crate::verify::locate;

/// From how many articles a tag used by one article is worth a note: on a
/// new site most tags are on one article, and the notes would be noise.
/// `check --pedantic` gives them on any site.
pub const LONELY_TAG_NOTES_FROM: usize = 20;

/// Adds every editorial finding about `site` to `found`; `pedantic`: notes
/// about tags on one article even on a small site.
pub fn check(site: &Site, pedantic: bool, found: &mut Diagnostics) {
    for article in &site.library.articles {
        missing_summary_or_highlights(article, found);
        renamed_heading_ids(article, found);
    }
    let notes = pedantic || site.library.articles.len() >= LONELY_TAG_NOTES_FROM;
    lonely_tags(site, notes, found);
    default_author(site, found);
}

/// A warning for each heading whose `{#id}` was taken (by the theme, a
/// comment, a footnote or an earlier heading), so that it was given another.
fn renamed_heading_ids(article: &Article, found: &mut Diagnostics) {
    let file = &article.file;
    let body = &file.text[file.body_offset.min(file.text.len())..];
    if !body.contains("{#") {
        return;
    }
    let requested = markdown::requested_heading_ids(body);
    for (asked, given) in requested.iter().zip(&article.body.anchors) {
        let Some((id, offset)) = asked else { continue };
        if id == given {
            continue;
        }
        let d = Diagnostic::warning(format!(
            "heading id `{id}` is already used on the page; this heading's id is `{given}`"
        ))
        .with_help(format!(
            "links to `#{id}` lead to the theme's element, a comment or an earlier heading, not to this one; choose an id of its own, e.g. {{#{id}-section}}"
        ));
        let at = locate::body_link(file, *offset, &format!("{{#{id}"));
        found.push(locate::at(d, &file.path, &file.text, Some(at)));
    }
}

/// A note for an article with no `summary:` or no `highlights:`.
fn missing_summary_or_highlights(article: &Article, found: &mut Diagnostics) {
    let (message, help) = match (article.summary_given, !article.highlights.is_empty()) {
        (true, true) => return,
        (false, false) => (
            "article has no summary and no highlights",
            "lists, feeds and search show its first paragraph, and its page has no Highlights box; add `summary:` and 3 to 5 `highlights:`",
        ),
        (false, true) => (
            "article has no summary",
            "lists, feeds and search show its first paragraph, shortened; add `summary:` with one or two sentences",
        ),
        (true, false) => (
            "article has no highlights",
            "its page has no Highlights box; add 3 to 5 short sentences under `highlights:`",
        ),
    };
    let file = &article.file;
    let mut d = Diagnostic::note(message)
        .with_help(help)
        .in_file(&file.path);
    if let Some((line, column)) = locate::front_matter_key(file, "title") {
        // A position without the source line: the title line itself is not wrong.
        d = d.at(line, column, None);
    }
    found.push(d);
}

/// Tags that only one article uses: a warning when another tag is spelt almost
/// the same (a likely typo; tags on more articles are suggested first), else a
/// note when `notes`.
fn lonely_tags(site: &Site, notes: bool, found: &mut Diagnostics) {
    let library = &site.library;
    let mut by_use: Vec<&Tag> = library.tags.iter().collect();
    by_use.sort_by_key(|t| std::cmp::Reverse(t.articles.len()));
    let close_tags = CloseTags::new(by_use.iter().map(|t| t.slug.as_str()));
    for (index, article) in library.articles.iter().enumerate() {
        let file = &article.file;
        // Its tags as written (each once), those that no other article has.
        for written in &article.tags {
            let Some(tag) = library.tag(&tag_slug(written)) else {
                continue;
            };
            if tag.articles != [index] {
                continue;
            }
            let at = locate::front_matter_value(file, "tags", written);
            let d = match close_tags.closest(&tag.slug).and_then(|s| library.tag(s)) {
                Some(close) => {
                    let count = close.articles.len();
                    Diagnostic::warning(format!("tag `{written}` is used by no other article"))
                        .with_help(format!(
                            "did you mean `{}` (used by {count} article{})?",
                            close.name,
                            if count == 1 { "" } else { "s" }
                        ))
                }
                None if !notes => continue,
                None => Diagnostic::note(format!("tag `{written}` is used only by this article"))
                    .with_help("a tag on a single article is often a misspelling of another; if it is new, ignore this note"),
            };
            found.push(locate::at(d, &file.path, &file.text, at));
        }
    }
}

/// The tag spelt most like another: one edit apart (two for long tags), so
/// `magnet` and `magnets` but not `markets` and `magnets`.
///
/// Each tag is compared with the few tags spelt almost like it (see
/// [`NearWords`]), not with every tag: that made `check` quadratic in a site's
/// distinct tags. Tags longer than `NEAR_MAX_CHARS` get no suggestion.
struct CloseTags<'t> {
    near: NearWords<'t>,
}

impl<'t> CloseTags<'t> {
    /// `slugs` in order of preference (most used first).
    fn new(slugs: impl IntoIterator<Item = &'t str>) -> CloseTags<'t> {
        CloseTags {
            near: NearWords::new(slugs, 2),
        }
    }

    fn closest(&self, slug: &str) -> Option<&'t str> {
        let limit = if slug.len() < 10 { 1 } else { 2 };
        self.near.closest(slug, limit)
    }
}

/// `default_author` must name an author, or `monazite new` will refuse to run.
fn default_author(site: &Site, found: &mut Diagnostics) {
    let Some(key) = site.config.default_author.as_deref() else {
        return;
    };
    let authors = &site.library.authors;
    if authors.contains_key(key) {
        return;
    }
    let text = std::fs::read_to_string(site.root.join(CONFIG_FILE)).unwrap_or_default();
    let mut help = format!(
        "`monazite new` uses it when --author is not given; known authors: {}",
        authors.keys().cloned().collect::<Vec<_>>().join(", ")
    );
    if let Some(close) = did_you_mean(key, authors.keys().map(String::as_str)) {
        help = format!("did you mean `{close}`? {help}");
    }
    let mut d = Diagnostic::warning(format!("default_author `{key}` is not an author"))
        .in_file(CONFIG_FILE)
        .with_help(help);
    if let Some((line, column)) = key_position(&text, "default_author") {
        d = d.at(line, column, Some(&text));
    }
    found.push(d);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::COMPARED;

    #[test]
    fn close_tags_compare_each_tag_with_a_few_others() {
        // 4,000 distinct tags, each on one article: comparing every pair made
        // 16 million comparisons (2.1 s in a release build).
        let tags: Vec<String> = (0..4_000)
            .map(|n| format!("mineral-{n:x}-{}", n * 7919 % 4_001))
            .collect();
        let close_tags = CloseTags::new(tags.iter().map(String::as_str));
        COMPARED.set(0);
        let found = tags
            .iter()
            .filter(|t| close_tags.closest(t).is_some())
            .count();
        let compared = COMPARED.get();
        assert!(compared < 10 * tags.len(), "{compared} comparisons");
        assert!(found > 0);
        assert_eq!(close_tags.closest("mineral-1-391"), Some("mineral-1-3918"));
        assert_eq!(close_tags.closest("magnet"), None);
    }
}
