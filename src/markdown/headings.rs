//! Heading ids: each heading gets its own `{#id}` or a slug of its text,
//! made unique and kept clear of the ids the page has besides its headings
//! (the theme's, footnotes', an article's comment anchors), and the table of
//! contents is gathered on the way.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::{Rendered, TocEntry, parser_options};
use crate::text::slug::slugify;

/// Ids the default theme gives elements of the pages a body is shown on (the
/// skip link's target `main`, the comments section and form fields, the
/// subscribe box, the table of contents…) and those of `serve`'s error
/// overlay. A heading never takes one of them, so that links, the skip link
/// and form labels keep working whatever an article's headings say.
/// `scaffold::theme`'s tests check this list against the theme's templates.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "site-search",
    "highlights-heading",
    "toc-heading",
    "related-heading",
    "tags-heading",
    "author-box-heading",
    "comments",
    "comments-heading",
    "comment-received",
    "comment-form",
    "comment-name",
    "comment-email",
    "comment-email-note",
    "comment-text",
    "comment-text-note",
    "subscribe-heading",
    "subscribe-email",
    "subscribe-consent",
    "recent-news-heading",
    "sidebar-topics-heading",
    "search",
    "search-q",
    "search-tag",
    "search-status",
    "search-results",
    "search-more",
    "search-browse",
    "search-nojs",
    "search-browse-heading",
    "monazite-overlay",
    "monazite-overlay-title",
];

/// The `{#id}` each heading of `text` asks for (`None` where it asks for
/// none), in order, with the byte offset of its heading: `check` compares them
/// with the ids [`render`](super::render) gave.
pub fn requested_heading_ids(text: &str) -> Vec<Option<(String, usize)>> {
    Parser::new_ext(text, parser_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Heading { id, .. }) => {
                Some(id.map(|id| (id.to_string(), range.start)))
            }
            _ => None,
        })
        .collect()
}

/// A footnote label as an id fragment: `fn-` is added by the caller so that
/// footnote ids never collide with heading ids (a heading "2025" is `#2025`).
pub(super) fn footnote_id(label: &str) -> String {
    let slug = slugify(label);
    if slug.is_empty() {
        "note".to_string()
    } else {
        slug
    }
}

/// Unique heading ids, clear of the ids the page has besides its headings.
pub(super) struct HeadingIds {
    /// Every id given or kept so far, besides [`RESERVED_IDS`].
    taken: HashSet<String>,
    /// For each base id that was taken, the suffix to try next.
    next_suffix: HashMap<String, usize>,
    /// Candidate ids tried, for the tests that check the work is linear.
    tried: usize,
}

impl HeadingIds {
    /// Keeps [`RESERVED_IDS`] and `page_ids` from headings.
    pub(super) fn new(page_ids: &[String]) -> HeadingIds {
        HeadingIds {
            taken: page_ids.iter().cloned().collect(),
            next_suffix: HashMap::new(),
            tried: 0,
        }
    }

    /// Keeps the ids the footnotes of `events` get (`fn-<label>`, `fnref-<label>`).
    pub(super) fn keep_footnotes(&mut self, events: &[(Event<'_>, std::ops::Range<usize>)]) {
        for (event, _) in events {
            if let Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) =
                event
            {
                let id = footnote_id(label);
                self.taken.insert(format!("fnref-{id}"));
                self.taken.insert(format!("fn-{id}"));
            }
        }
    }

    /// `base` if it is free, else `base-2`, `base-3`… the first free one.
    ///
    /// Linear in the headings: each base resumes at the suffix after the last
    /// one it tried, and a try fails only on an id taken by someone else
    /// (`base-n` can be made from this base and suffix only), so there are at
    /// most as many failed tries as ids taken.
    fn allocate(&mut self, base: String) -> String {
        self.tried += 1;
        if is_free(&self.taken, &base) {
            self.taken.insert(base.clone());
            return base;
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            self.tried += 1;
            if is_free(&self.taken, &candidate) {
                self.taken.insert(candidate.clone());
                return candidate;
            }
        }
    }
}

/// Whether `id` is neither one of [`RESERVED_IDS`] nor `taken`.
fn is_free(taken: &HashSet<String>, id: &str) -> bool {
    // The theme's ids, in a set made once rather than copied for every body.
    static RESERVED: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let reserved = RESERVED.get_or_init(|| RESERVED_IDS.iter().copied().collect());
    !reserved.contains(id) && !taken.contains(id)
}

/// Gives every heading an id (its own `{#id}` or a slug of its text, made
/// unique with `-2`, `-3`…, see [`HeadingIds`]) and records the table of contents.
pub(super) fn assign_heading_ids(
    events: &mut [(Event<'_>, std::ops::Range<usize>)],
    ids: &mut HeadingIds,
    out: &mut Rendered,
) {
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = *level;
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() {
                match &events[j].0 {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => title.push_str(t),
                    _ => {}
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| {
                let s = slugify(&title);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            });
            let unique = ids.allocate(base);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(unique.clone()));
            }
            out.anchors.push(unique.clone());
            if level != HeadingLevel::H1 {
                out.toc.push(TocEntry {
                    level: level as u8,
                    id: unique,
                    title: title.trim().to_string(),
                });
            }
            i = j;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{MarkdownOptions, render, render_keeping};

    fn md(text: &str) -> Rendered {
        render(
            text,
            &MarkdownOptions {
                base_path: "/".into(),
                site_host: Some("news.example.org".into()),
            },
        )
    }

    #[test]
    fn heading_ids_are_unique_and_in_toc() {
        let r = md("## Why prices fell\n\ntext\n\n## Why prices fell\n\n### Custom {#mine}\n");
        assert!(r.html.contains("<h2 id=\"why-prices-fell\">"));
        assert!(r.html.contains("<h2 id=\"why-prices-fell-2\">"));
        assert!(r.html.contains("<h3 id=\"mine\">"));
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[2].title, "Custom");
    }

    #[test]
    fn thirty_thousand_identical_headings_get_ids_in_linear_time() {
        // Each used to try every suffix taken before it: 106 s in a release build.
        let r = md(&"## Same\n\n".repeat(30_000));
        assert_eq!(r.anchors.len(), 30_000);
        assert_eq!(r.anchors[0], "same");
        assert_eq!(r.anchors[29_999], "same-30000");
        let unique: HashSet<&String> = r.anchors.iter().collect();
        assert_eq!(unique.len(), 30_000);
    }

    #[test]
    fn heading_ids_try_each_candidate_once() {
        // Every suffix of `a` taken by other headings first, then `a` again
        // and again: the tries stay within twice the headings.
        let mut ids = HeadingIds::new(&[]);
        for n in 2..=1_000 {
            ids.allocate(format!("a-{n}"));
        }
        for _ in 0..1_000 {
            ids.allocate("a".to_string());
        }
        assert_eq!(ids.allocate("a".to_string()), "a-2000");
        assert!(ids.tried <= 2 * 2_000, "{} tries", ids.tried);
    }

    #[test]
    fn suffixes_skip_ids_taken_by_other_headings() {
        let r = md("## A\n\n## A 2\n\n## A\n\n## A\n\n### A 4 {#a-4}\n");
        assert_eq!(r.anchors, ["a", "a-2", "a-3", "a-4", "a-4-2"]);
    }

    #[test]
    fn heading_ids_never_take_the_pages_own_ids() {
        let r =
            md("## Main\n\n## Comments\n\n## Main\n\n### Form {#comment-form}\n\n## Toc heading\n");
        assert_eq!(
            r.anchors,
            [
                "main-2",
                "comments-2",
                "main-3",
                "comment-form-2",
                "toc-heading-2"
            ]
        );
        assert!(r.html.contains("<h3 id=\"comment-form-2\">"), "{}", r.html);
        assert_eq!(r.toc[0].id, "main-2");
        // Footnotes' ids, and an article's comment anchors, are kept too.
        let r = md("## Fn 1\n\nText.[^1]\n\n## Fnref 1\n\n[^1]: A note.\n");
        assert_eq!(r.anchors, ["fn-1-2", "fnref-1-2"]);
        let r = render_keeping(
            "## Comment c1\n\n## Comment c1 author\n",
            &MarkdownOptions::default(),
            &["comment-c1".to_string(), "comment-c1-author".to_string()],
        );
        assert_eq!(r.anchors, ["comment-c1-2", "comment-c1-author-2"]);
    }
}
