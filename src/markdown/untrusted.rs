//! Markdown written by readers (comments): a small subset, rendered to HTML that
//! is safe to put in a page. Two layers, so that one mistake is not enough:
//!
//! 1. the Markdown stream is narrowed: raw HTML becomes visible text, headings
//!    become paragraphs, images become their alt text;
//! 2. the HTML is cleaned by an allow-list sanitizer (ammonia): only the tags
//!    below, links only to http, https and mailto, every link `rel="nofollow ugc"`.

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

/// Renders a reader's Markdown to sanitized HTML.
pub fn render(text: &str) -> String {
    let events = Parser::new_ext(text, Options::empty()).filter_map(narrow);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    sanitizer().clean(&html).to_string()
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

    #[test]
    fn the_subset_renders() {
        let html = render("Good *point*, **really**.\n\n> quoted\n\n- a\n- b\n\n`code`");
        assert!(html.contains("<em>point</em>"), "{html}");
        assert!(html.contains("<strong>really</strong>"));
        assert!(html.contains("<blockquote>"));
        assert!(html.contains("<li>a</li>"));
        assert!(html.contains("<code>code</code>"));
    }

    #[test]
    fn raw_html_is_text() {
        let html = render("Hi <script>alert(1)</script> <img src=x onerror=alert(2)>");
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
        let block = render("<div onclick=\"x()\">\nhello\n</div>");
        assert!(!block.contains("<div"), "{block}");
    }

    #[test]
    fn links_are_limited_and_marked() {
        let html = render(
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
        let html = render("# Big\n\n![a chart](https://evil.example/x.png)");
        assert!(!html.contains("<h1"), "{html}");
        assert!(html.contains("<p>Big</p>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("a chart"), "{html}");
    }
}
