//! Markdown → HTML for article bodies: heading anchors, a table of contents,
//! external links that open in a new tab and say so, root-relative links moved
//! under the site's base path, the links found (for `check`), the first
//! paragraph (for summaries) and a word count (for reading time).
//!
//! Knows nothing of pages, templates or the disk.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;

use crate::text::slug::slugify;

pub mod untrusted;

/// How links are treated.
#[derive(Debug, Clone, Default)]
pub struct MarkdownOptions {
    /// The site's base path (`/` or `/newsroom/`), prefixed to root-relative links.
    pub base_path: String,
    /// The site's own host: links to it are not external.
    pub site_host: Option<String>,
}

/// A heading in the table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link or image destination as written, with its byte offset in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub url: String,
    pub offset: usize,
    pub is_image: bool,
}

/// The result of rendering one Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every heading id, in order (the anchors a link may point to).
    pub anchors: Vec<String>,
    pub links: Vec<LinkRef>,
    /// The plain text of the first paragraph.
    pub first_paragraph: String,
    pub word_count: usize,
}

/// The text the new-tab hint adds for screen readers.
pub const NEW_TAB_HINT: &str = "(opens in a new tab)";

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Ids the default theme gives elements of the pages a body is shown on (the
/// skip link's target `main`, the comments section and form fields, the
/// subscribe box, the table of contents…) and those of `serve`'s error
/// overlay. A heading never takes one of them, so that links, the skip link
/// and form labels keep working whatever an article's headings say.
/// `scaffold::theme`'s tests check this list against the theme's templates.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "header-search",
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
    "sidebar-search-heading",
    "sidebar-search",
    "recent-news-heading",
    "search",
    "search-q",
    "search-tag",
    "search-status",
    "search-results",
    "search-more",
    "search-browse",
    "search-nojs",
    "search-browse-heading",
    "notfound-search",
    "monazite-overlay",
    "monazite-overlay-title",
];

/// Changes whenever the same Markdown renders differently (the Markdown cache
/// keys on it): 2 since headings keep clear of [`RESERVED_IDS`] and footnotes.
pub const RENDERING_REVISION: u32 = 2;

/// Renders `text` to HTML and gathers what templates and `check` need.
pub fn render(text: &str, options: &MarkdownOptions) -> Rendered {
    render_keeping(text, options, &[])
}

/// Like [`render`], with `page_ids` kept from the headings too: ids the page
/// carries besides the theme's, such as an article's comment anchors.
pub fn render_keeping(text: &str, options: &MarkdownOptions, page_ids: &[String]) -> Rendered {
    // Room for the events up front (news prose makes one per 30 to 40
    // bytes), rather than copying them all on each of a dozen doublings.
    let mut events: Vec<(Event<'_>, std::ops::Range<usize>)> = Vec::with_capacity(text.len() / 24);
    events.extend(Parser::new_ext(text, parser_options()).into_offset_iter());
    let mut out = Rendered::default();
    let mut ids = HeadingIds::new(page_ids);
    ids.keep_footnotes(&events);
    assign_heading_ids(&mut events, &mut ids, &mut out);

    let mut first_paragraph: Option<String> = None;
    let mut paragraph_depth = 0usize;
    let mut in_first_paragraph = false;
    let mut external_link_stack: Vec<bool> = Vec::new();
    let mut footnotes = FootnoteNumbers::default();
    let mut links = Vec::new();
    let mut word_count = 0;
    // Each event becomes exactly one, written as it is made.
    let rewritten = events.into_iter().map(|(event, range)| {
        match event {
            Event::Start(Tag::Paragraph) => {
                paragraph_depth += 1;
                if first_paragraph.is_none() && paragraph_depth == 1 {
                    in_first_paragraph = true;
                    first_paragraph = Some(String::new());
                }
                Event::Start(Tag::Paragraph)
            }
            Event::End(TagEnd::Paragraph) => {
                paragraph_depth = paragraph_depth.saturating_sub(1);
                in_first_paragraph = false;
                Event::End(TagEnd::Paragraph)
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                word_count += count_words(t);
                if in_first_paragraph && let Some(p) = first_paragraph.as_mut() {
                    p.push_str(t);
                }
                event
            }
            Event::SoftBreak | Event::HardBreak => {
                if in_first_paragraph && let Some(p) = first_paragraph.as_mut() {
                    p.push(' ');
                }
                event
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                links.push(LinkRef {
                    url: dest_url.to_string(),
                    offset: range.start,
                    is_image: false,
                });
                let external = is_external(&dest_url, options.site_host.as_deref());
                external_link_stack.push(external);
                let dest_url = rebase(dest_url, &options.base_path);
                if external {
                    Event::Html(CowStr::from(external_link_open(
                        &dest_url, &title,
                    )))
                } else {
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
            }
            Event::End(TagEnd::Link) => {
                if external_link_stack.pop().unwrap_or(false) {
                    Event::Html(CowStr::from(format!(
                        "<span class=\"visually-hidden\"> {NEW_TAB_HINT}</span></a>"
                    )))
                } else {
                    Event::End(TagEnd::Link)
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                links.push(LinkRef {
                    url: dest_url.to_string(),
                    offset: range.start,
                    is_image: true,
                });
                let dest_url = rebase(dest_url, &options.base_path);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::FootnoteReference(label) => {
                let n = footnotes.number(&label);
                let id = footnote_id(&label);
                Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#fn-{id}\" id=\"fnref-{id}\">{n}</a></sup>"
                )))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = footnotes.number(&label);
                let id = footnote_id(&label);
                footnotes.open.push(id.clone());
                Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"fn-{id}\"><sup class=\"footnote-definition-label\">{n}</sup>"
                )))
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let id = footnotes.open.pop().unwrap_or_default();
                Event::Html(CowStr::from(format!(
                    "<a href=\"#fnref-{id}\" class=\"footnote-backref\" aria-label=\"Back to the text\">↩</a></div>\n"
                )))
            }
            other => other,
        }
    });
    let mut html = String::with_capacity(text.len() + text.len() / 4);
    pulldown_cmark::html::push_html(&mut html, rewritten);
    out.html = html;
    out.word_count = word_count;
    out.links = links;

    out.first_paragraph = first_paragraph.unwrap_or_default().trim().to_string();
    out
}

/// The number of words in `text`, as `text.split_whitespace().count()` gives
/// it, eight bytes at a time: a word starts wherever a non-space follows a
/// space. Letters outside ASCII (Kraków, bastnäsite) are never spaces, so
/// they stay on the fast path; only a byte that may begin Unicode whitespace
/// (U+0085, U+00A0, U+1680, U+2000 to U+205F, U+3000) sends the rest of the
/// text to decoding character by character. Text events are short (a line,
/// a run between links), so this beats a loop the compiler vectorizes over
/// long blocks.
fn count_words(text: &str) -> usize {
    const fn every(b: u8) -> u64 {
        u64::from_le_bytes([b; 8])
    }
    // The high bit of each byte equal to `c` (any byte value); exact, no
    // carries across bytes.
    let equal = |x: u64, c: u8| {
        let y = x ^ every(c);
        !(((y & every(0x7f)) + every(0x7f)) | y) & every(0x80)
    };
    // The high bit of each byte between `m` and `n` (exclusive, both below
    // 0x80); bytes from 0x80 up never are.
    let between = |x: u64, m: u8, n: u8| {
        let low = x & every(0x7f);
        (every(0x7f + n) - low) & !x & (low + every(0x7f - m)) & every(0x80)
    };
    let bytes = text.as_bytes();
    let mut words = 0;
    // The high bit: whether the byte before the chunk is a space (the text's
    // start counts as one).
    let mut space_before = every(0x80);
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        if x & every(0x80) != 0
            && equal(x, 0xc2) | equal(x, 0xe1) | equal(x, 0xe2) | equal(x, 0xe3) != 0
        {
            break;
        }
        // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form
        // feed, carriage return and space.
        let spaces = equal(x, b' ') | between(x, b'\t' - 1, b'\r' + 1);
        let spaces_before = spaces << 8 | space_before >> 56;
        words += (!spaces & spaces_before & every(0x80)).count_ones() as usize;
        space_before = spaces;
        at += 8;
    }
    // The rest character by character. A character begun in the chunks
    // before is no space (its first byte would have stopped them), and part
    // of a word already counted.
    let mut after_space = space_before >> 63 == 1;
    while at < bytes.len() && !text.is_char_boundary(at) {
        at += 1;
        after_space = false;
    }
    for c in text[at..].chars() {
        let is_space = c.is_whitespace();
        words += usize::from(after_space && !is_space);
        after_space = is_space;
    }
    words
}

/// Footnote numbers in order of first appearance, as readers see them.
#[derive(Default)]
struct FootnoteNumbers {
    numbers: HashMap<String, usize>,
    open: Vec<String>,
}

impl FootnoteNumbers {
    fn number(&mut self, label: &str) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(label.to_string()).or_insert(next)
    }
}

/// A footnote label as an id fragment: `fn-` is added by the caller so that
/// footnote ids never collide with heading ids (a heading "2025" is `#2025`).
fn footnote_id(label: &str) -> String {
    let slug = slugify(label);
    if slug.is_empty() {
        "note".to_string()
    } else {
        slug
    }
}

/// Unique heading ids, clear of the ids the page has besides its headings.
struct HeadingIds {
    /// Every id given or kept so far, besides [`RESERVED_IDS`].
    taken: HashSet<String>,
    /// For each base id that was taken, the suffix to try next.
    next_suffix: HashMap<String, usize>,
    /// Candidate ids tried, for the tests that check the work is linear.
    tried: usize,
}

impl HeadingIds {
    /// Keeps [`RESERVED_IDS`] and `page_ids` from headings.
    fn new(page_ids: &[String]) -> HeadingIds {
        HeadingIds {
            taken: page_ids.iter().cloned().collect(),
            next_suffix: HashMap::new(),
            tried: 0,
        }
    }

    /// Keeps the ids the footnotes of `events` get (`fn-<label>`, `fnref-<label>`).
    fn keep_footnotes(&mut self, events: &[(Event<'_>, std::ops::Range<usize>)]) {
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
fn assign_heading_ids(
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

/// The `{#id}` each heading of `text` asks for (`None` where it asks for
/// none), in order, with the byte offset of its heading: `check` compares them
/// with the ids [`render`] gave.
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

/// An http(s) link to another host.
pub fn is_external(url: &str, site_host: Option<&str>) -> bool {
    let rest = match url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        Some(r) => r,
        None => return url.starts_with("//"),
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    site_host.is_none_or(|own| !host.eq_ignore_ascii_case(own))
}

/// `/news/x/` → `/newsroom/news/x/` when the site lives under a sub-path.
fn rebase<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    if base_path.len() > 1 && url.starts_with('/') && !url.starts_with("//") {
        CowStr::from(format!("{}{}", base_path.trim_end_matches('/'), url))
    } else {
        url
    }
}

fn external_link_open(url: &str, title: &str) -> String {
    let mut tag = String::from("<a href=\"");
    escape_href(&mut tag, url).ok();
    tag.push('"');
    if !title.is_empty() {
        tag.push_str(" title=\"");
        escape_html(&mut tag, title).ok();
        tag.push('"');
    }
    tag.push_str(" target=\"_blank\" rel=\"noopener noreferrer\">");
    tag
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            "   ",
            "one",
            " two  words ",
            "tab\tand\nnew\x0bline\x0cfeed\rreturn",
            "non\u{a0}breaking\u{2003}em space",
            "Kraków — São Paulo, 2025",
            "\u{3000}ideographic\u{3000}",
            "eight ch",
            "exactly sixteen!",
            "a b c d e f g h i j k l m n o p",
            " leading space over the first chunk",
            "12345678 12345678\t\x0b\x0c\r\n\x1fx\x1e\x1cy\x08z",
            "an ASCII start, then Kraków",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them_at_every_alignment() {
        // Every byte value below 0x80 at every position of a chunk, with
        // spaces of every kind around it.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b"ab \t\n\x0b\x0c\r\x1c\x1f\x08\x0e!~\x00\x7f";
        for len in 0..40 {
            for _ in 0..200 {
                let text: String = (0..len)
                    .map(|_| alphabet[next() as usize % alphabet.len()] as char)
                    .collect();
                assert_eq!(
                    count_words(&text),
                    text.split_whitespace().count(),
                    "{text:?}"
                );
            }
        }
        // Letters, punctuation and every Unicode space, in UTF-8 of one to
        // three bytes, at every alignment.
        let unicode: Vec<char> = "aä ó—\u{85}\u{a0}\u{1680}\u{2000}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{2019}\u{20ac}\u{1f4a1}"
            .chars()
            .collect();
        for len in 0..40 {
            for _ in 0..200 {
                let text: String = (0..len)
                    .map(|_| unicode[next() as usize % unicode.len()])
                    .collect();
                assert_eq!(
                    count_words(&text),
                    text.split_whitespace().count(),
                    "{text:?}"
                );
            }
        }
        for b in 0..0x80u8 {
            for at in 0..9 {
                let mut text = vec![b'x'; 17];
                text[at] = b;
                text[at + 1] = b' ';
                let text = String::from_utf8(text).unwrap();
                assert_eq!(
                    count_words(&text),
                    text.split_whitespace().count(),
                    "{text:?}"
                );
            }
        }
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

    #[test]
    fn external_links_open_in_new_tab_and_say_so() {
        let r = md(
            "See [USGS](https://www.usgs.gov/) and [us](https://news.example.org/x/) and [a](/news/a/).",
        );
        assert!(r.html.contains(
            "<a href=\"https://www.usgs.gov/\" target=\"_blank\" rel=\"noopener noreferrer\">USGS<span class=\"visually-hidden\"> (opens in a new tab)</span></a>"
        ));
        assert!(
            r.html
                .contains("<a href=\"https://news.example.org/x/\">us</a>")
        );
        assert!(r.html.contains("<a href=\"/news/a/\">a</a>"));
        assert_eq!(r.links.len(), 3);
    }

    #[test]
    fn rebases_root_relative_links() {
        let r = render(
            "[a](/news/a/) ![i](/img/x.png) [b](b.html)",
            &MarkdownOptions {
                base_path: "/newsroom/".into(),
                site_host: None,
            },
        );
        assert!(r.html.contains("href=\"/newsroom/news/a/\""));
        assert!(r.html.contains("src=\"/newsroom/img/x.png\""));
        assert!(r.html.contains("href=\"b.html\""));
    }

    #[test]
    fn extensions_and_first_paragraph() {
        let r = md(
            "Lead *one*\nline.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1] ~~old~~\n\n- [x] done\n\n[^1]: The note.\n\n\"Quoted\"",
        );
        assert_eq!(r.first_paragraph, "Lead one line.");
        assert!(r.html.contains("<table>"));
        assert!(
            r.html.contains("<a href=\"#fn-1\" id=\"fnref-1\">1</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<div class=\"footnote-definition\" id=\"fn-1\">")
        );
        assert!(r.html.contains("href=\"#fnref-1\""));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("“Quoted”"));
        assert!(r.word_count >= 8);
    }

    #[test]
    fn raw_html_passes_for_authors() {
        assert!(
            md("<aside class=\"note\">x</aside>")
                .html
                .contains("<aside class=\"note\">")
        );
    }
}
