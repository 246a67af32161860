//! Markdown written by readers (comments): a small subset, rendered to HTML that
//! is safe to put in a page. Two layers, so that one mistake is not enough:
//!
//! 1. the Markdown stream is narrowed: raw HTML becomes visible text, headings
//!    become paragraphs, images become their alt text;
//! 2. the HTML is cleaned by an allow-list sanitizer (ammonia): only the tags
//!    below, links only to http, https and mailto, every link `rel="nofollow ugc"`.
//!
//! A comment longer than [`MAX_CHARS`] or nested deeper than [`MAX_NESTING`] is
//! refused before it reaches the sanitizer, whose HTML parser does work that
//! grows with the square of the nesting (80 KB of `>` took 28 s).

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The HTML tags a comment may contain.
pub const ALLOWED_TAGS: &[&str] = &[
    "p",
    "em",
    "strong",
    "a",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "br",
];

/// The longest comment rendered, in characters: twice what the theme's comment
/// form lets a reader type (5,000), for what a moderator adds.
pub const MAX_CHARS: usize = 10_000;

/// The deepest nesting of elements rendered: quotes, lists, their items and
/// paragraphs, emphasis and links, one level each. A reply that quotes a quote
/// in a list with a link in bold is seven.
pub const MAX_NESTING: usize = 16;

/// Why a comment is not rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("is {chars} characters long (at most {MAX_CHARS})")]
    TooLong { chars: usize },
    #[error("nests quotes, lists or emphasis {depth} levels deep (at most {MAX_NESTING})")]
    TooDeep { depth: usize },
}

/// Whether a reader's Markdown would be rendered: refuses it (in time linear
/// in its length) when it is too long or too deeply nested, rendering nothing.
/// The loader checks each comment with it, so that a refusal points at the
/// comments file; [`render`] refuses the same texts.
pub fn check(text: &str) -> Result<(), Refused> {
    refuse_long(text)?;
    let mut nesting = Nesting::default();
    narrowed(text).for_each(|event| nesting.see(&event));
    nesting.refuse_deep()
}

/// Renders a reader's Markdown to sanitized HTML, or refuses it (in time linear
/// in its length) when it is too long or too deeply nested.
pub fn render(text: &str) -> Result<String, Refused> {
    refuse_long(text)?;
    let mut nesting = Nesting::default();
    let events = narrowed(text).inspect(|event| nesting.see(event));
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    // Checked before the sanitizer parses the HTML.
    nesting.refuse_deep()?;
    Ok(sanitizer().clean(&html).to_string())
}

/// At most [`MAX_CHARS`] characters. A character is at least a byte: only a
/// long text needs counting.
fn refuse_long(text: &str) -> Result<(), Refused> {
    if text.len() > MAX_CHARS {
        let chars = text.chars().count();
        if chars > MAX_CHARS {
            return Err(Refused::TooLong { chars });
        }
    }
    Ok(())
}

/// The events of the subset a comment may use.
fn narrowed(text: &str) -> impl Iterator<Item = Event<'_>> {
    Parser::new_ext(text, Options::empty()).filter_map(narrow)
}

/// How deep the elements of a stream of events nest.
#[derive(Default)]
struct Nesting {
    depth: usize,
    deepest: usize,
}

impl Nesting {
    fn see(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(_) => {
                self.depth += 1;
                self.deepest = self.deepest.max(self.depth);
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    /// At most [`MAX_NESTING`] levels.
    fn refuse_deep(&self) -> Result<(), Refused> {
        if self.deepest > MAX_NESTING {
            return Err(Refused::TooDeep {
                depth: self.deepest,
            });
        }
        Ok(())
    }
}

/// Keeps the subset: raw HTML is shown as text, not interpreted.
fn narrow(event: Event<'_>) -> Option<Event<'_>> {
    Some(match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Heading { .. }) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Paragraph),
        // An image's alt text stays as text; the image is not loaded.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => return None,
        Event::Rule => return None,
        other => other,
    })
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut b = ammonia::Builder::empty();
        b.tags(ALLOWED_TAGS.iter().copied().collect::<HashSet<_>>())
            .tag_attributes(
                [("a", ["href"].into_iter().collect::<HashSet<_>>())]
                    .into_iter()
                    .collect(),
            )
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .url_relative(ammonia::UrlRelative::Deny)
            .link_rel(Some("nofollow ugc"))
            .strip_comments(true);
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> String {
        render(text).unwrap()
    }

    #[test]
    fn long_or_deep_comments_are_refused() {
        let deep = format!("{} deep", ">".repeat(MAX_NESTING));
        assert_eq!(
            render(&deep),
            Err(Refused::TooDeep {
                depth: MAX_NESTING + 1
            })
        );
        let emphasis = format!("{}x{}", "*a ".repeat(40), " a*".repeat(40));
        assert!(matches!(render(&emphasis), Err(Refused::TooDeep { .. })));
        let long = "é".repeat(MAX_CHARS + 1);
        assert_eq!(
            render(&long),
            Err(Refused::TooLong {
                chars: MAX_CHARS + 1
            })
        );
        assert!(
            render(&"é".repeat(MAX_CHARS)).is_ok(),
            "characters, not bytes"
        );
        let nested = "> quoted\n> > inner\n>\n> - a\n>   - **[b](https://x.org/)**";
        assert!(ok(nested).contains("<strong><a"), "{}", ok(nested));
    }

    #[test]
    fn check_refuses_what_render_refuses() {
        let deep = format!("{} deep", ">".repeat(MAX_NESTING));
        let emphasis = format!("{}x{}", "*a ".repeat(40), " a*".repeat(40));
        let just_deep_enough = format!("{} deep", ">".repeat(MAX_NESTING - 2));
        for text in [
            deep.as_str(),
            emphasis.as_str(),
            just_deep_enough.as_str(),
            &"é".repeat(MAX_CHARS + 1),
            &"é".repeat(MAX_CHARS),
            "> quoted\n> > inner\n>\n> - a\n>   - **[b](https://x.org/)**",
            "# Big\n\n![a chart](https://evil.example/x.png)",
        ] {
            assert_eq!(check(text), render(text).map(|_| ()), "{text:?}");
        }
    }

    #[test]
    fn the_subset_renders() {
        let html = ok("Good *point*, **really**.\n\n> quoted\n\n- a\n- b\n\n`code`");
        assert!(html.contains("<em>point</em>"), "{html}");
        assert!(html.contains("<strong>really</strong>"));
        assert!(html.contains("<blockquote>"));
        assert!(html.contains("<li>a</li>"));
        assert!(html.contains("<code>code</code>"));
    }

    #[test]
    fn raw_html_is_text() {
        let html = ok("Hi <script>alert(1)</script> <img src=x onerror=alert(2)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("&lt;img src=x onerror=alert(2)&gt;"),
            "{html}"
        );
        let block = ok("<div onclick=\"x()\">\nhello\n</div>");
        assert!(!block.contains("<div"), "{block}");
    }

    #[test]
    fn links_are_limited_and_marked() {
        let html = ok(
            "[site](https://example.org/a) [bad](javascript:alert(1)) [rel](/news/x/) <mailto:a@b.org>",
        );
        assert!(
            html.contains(r#"<a href="https://example.org/a" rel="nofollow ugc">site</a>"#),
            "{html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("href=\"/news/x/\""), "{html}");
        assert!(html.contains(r#"href="mailto:a@b.org""#), "{html}");
    }

    #[test]
    fn headings_and_images_are_flattened() {
        let html = ok("# Big\n\n![a chart](https://evil.example/x.png)");
        assert!(!html.contains("<h1"), "{html}");
        assert!(html.contains("<p>Big</p>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("a chart"), "{html}");
    }
}
