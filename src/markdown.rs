//! Markdown → HTML for article bodies: heading anchors, a table of contents,
//! external links that open in a new tab and say so, root-relative links moved
//! under the site's base path, the links found (for `check`), the first
//! paragraph (for summaries) and a word count (for reading time).
//!
//! Knows nothing of pages, templates or the disk: it uses only `config` (for
//! [`MarkdownOptions::for_site`]) and `text` (slugs for heading anchors), and
//! never `content`. Rendering a site's bodies, with the Markdown cache, is the
//! body stage's job (`crate::bodies`).

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;

use crate::config::Config;

mod headings;
mod typography;
pub mod untrusted;
mod words;

pub use typography::typographic;

use headings::{HeadingIds, assign_heading_ids, footnote_id};
pub use headings::{RESERVED_IDS, requested_heading_ids};
use words::count_words;

/// How links are treated.
#[derive(Debug, Clone, Default)]
pub struct MarkdownOptions {
    /// The site's base path (`/` or `/newsroom/`), prefixed to root-relative links.
    pub base_path: String,
    /// The site's own host: links to it are not external.
    pub site_host: Option<String>,
}

impl MarkdownOptions {
    /// The options a site's configuration implies.
    pub fn for_site(config: &Config) -> MarkdownOptions {
        MarkdownOptions {
            base_path: config.base_path.clone(),
            site_host: config.host.clone(),
        }
    }
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

/// The Markdown extensions article bodies are written with.
fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

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

    let mut walk = Walk {
        options,
        first_paragraph: None,
        paragraph_depth: 0,
        in_first_paragraph: false,
        external_links: Vec::new(),
        footnotes: FootnoteNumbers::default(),
        links: Vec::new(),
        word_count: 0,
    };
    // Each event becomes exactly one, written as it is made.
    let rewritten = events
        .into_iter()
        .map(|(event, range)| walk.rewrite(event, range.start));
    let mut html = String::with_capacity(text.len() + text.len() / 4);
    pulldown_cmark::html::push_html(&mut html, rewritten);
    out.html = html;
    out.word_count = walk.word_count;
    out.links = walk.links;
    out.first_paragraph = walk.first_paragraph.unwrap_or_default().trim().to_string();
    out
}

/// What one pass over a body's events gathers while rewriting them.
struct Walk<'o> {
    options: &'o MarkdownOptions,
    /// The plain text of the first top-level paragraph, once it has begun.
    first_paragraph: Option<String>,
    paragraph_depth: usize,
    in_first_paragraph: bool,
    /// For each link open, whether it is external.
    external_links: Vec<bool>,
    footnotes: FootnoteNumbers,
    links: Vec<LinkRef>,
    word_count: usize,
}

impl Walk<'_> {
    /// The event written in place of `event` (at byte `at` of the text).
    fn rewrite<'a>(&mut self, event: Event<'a>, at: usize) -> Event<'a> {
        match event {
            Event::Start(Tag::Paragraph) => {
                self.paragraph_depth += 1;
                if self.first_paragraph.is_none() && self.paragraph_depth == 1 {
                    self.in_first_paragraph = true;
                    self.first_paragraph = Some(String::new());
                }
                event
            }
            Event::End(TagEnd::Paragraph) => {
                self.paragraph_depth = self.paragraph_depth.saturating_sub(1);
                self.in_first_paragraph = false;
                event
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                self.word_count += count_words(t);
                self.add_to_first_paragraph(t);
                event
            }
            Event::SoftBreak | Event::HardBreak => {
                self.add_to_first_paragraph(" ");
                event
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.link(link_type, dest_url, title, id, at),
            Event::End(TagEnd::Link) => {
                if self.external_links.pop().unwrap_or(false) {
                    Event::Html(CowStr::from(format!(
                        "<span class=\"visually-hidden\"> {NEW_TAB_HINT}</span></a>"
                    )))
                } else {
                    event
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.links.push(LinkRef {
                    url: dest_url.to_string(),
                    offset: at,
                    is_image: true,
                });
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: rebase(dest_url, &self.options.base_path),
                    title,
                    id,
                })
            }
            Event::FootnoteReference(label) => {
                Event::Html(CowStr::from(self.footnotes.reference(&label)))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                Event::Html(CowStr::from(self.footnotes.open_definition(&label)))
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                Event::Html(CowStr::from(self.footnotes.close_definition()))
            }
            other => other,
        }
    }

    fn add_to_first_paragraph(&mut self, text: &str) {
        if self.in_first_paragraph
            && let Some(p) = self.first_paragraph.as_mut()
        {
            p.push_str(text);
        }
    }

    /// A link's opening, recorded: external links open in a new tab, and
    /// root-relative ones move under the base path.
    fn link<'a>(
        &mut self,
        link_type: pulldown_cmark::LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        at: usize,
    ) -> Event<'a> {
        self.links.push(LinkRef {
            url: dest_url.to_string(),
            offset: at,
            is_image: false,
        });
        let external = is_external(&dest_url, self.options.site_host.as_deref());
        self.external_links.push(external);
        let dest_url = rebase(dest_url, &self.options.base_path);
        if external {
            Event::Html(CowStr::from(external_link_open(&dest_url, &title)))
        } else {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
    }
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

    /// The HTML of a reference to a note: its number, linking to the note.
    fn reference(&mut self, label: &str) -> String {
        let n = self.number(label);
        let id = footnote_id(label);
        format!(
            "<sup class=\"footnote-reference\"><a href=\"#fn-{id}\" id=\"fnref-{id}\">{n}</a></sup>"
        )
    }

    /// The HTML that opens a note.
    fn open_definition(&mut self, label: &str) -> String {
        let n = self.number(label);
        let id = footnote_id(label);
        let html = format!(
            "<div class=\"footnote-definition\" id=\"fn-{id}\"><sup class=\"footnote-definition-label\">{n}</sup>"
        );
        self.open.push(id);
        html
    }

    /// The HTML that closes the note last opened, linking back to its reference.
    fn close_definition(&mut self) -> String {
        let id = self.open.pop().unwrap_or_default();
        format!(
            "<a href=\"#fnref-{id}\" class=\"footnote-backref\" aria-label=\"Back to the text\">↩</a></div>\n"
        )
    }
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
