//! Absolute URLs in article HTML for feeds. A feed reader shows an entry with
//! no page around it, so `href="/news/x/"`, `src="cover.svg"` and `href="#fn1"`
//! would resolve against the feed (or nothing). This rewrites the URL in every
//! `href`, `src` and `poster` attribute to an absolute one.
//!
//! The HTML comes from our own Markdown renderer (or an author's raw HTML), so
//! attributes are quoted; unquoted values are left as they are.

/// Rewrites link and image URLs in `html`: root-relative (`/x`) against
/// `origin` (`https://example.org`, the base path is already in the link),
/// fragments (`#x`) and relative paths (`x.png`) against `page` (the page's
/// absolute URL, ending in `/`). Absolute and protocol-relative URLs, `mailto:`
/// and other schemes are kept.
pub fn absolute_urls(html: &str, origin: &str, page: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some((before, name_len, quote)) = next_url_attribute(rest) {
        let value_start = before + name_len + 2;
        out.push_str(&rest[..value_start]);
        rest = &rest[value_start..];
        let end = rest.find(quote).unwrap_or(rest.len());
        let value = &rest[..end];
        match resolve(value) {
            Resolve::Origin => out.push_str(origin),
            Resolve::Page => out.push_str(page),
            Resolve::Keep => {}
        }
        out.push_str(value);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

const URL_ATTRIBUTES: &[&str] = &["href", "src", "poster"];

/// The next ` href="` (or `src`, `poster`; either quote) in `html`: the byte
/// offset of the attribute name, its length, and the quote character.
fn next_url_attribute(html: &str) -> Option<(usize, usize, char)> {
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(eq) = html[from..].find('=').map(|i| i + from) {
        from = eq + 1;
        let quote = match bytes.get(eq + 1) {
            Some(b'"') => '"',
            Some(b'\'') => '\'',
            _ => continue,
        };
        for name in URL_ATTRIBUTES {
            let Some(start) = eq.checked_sub(name.len()) else {
                continue;
            };
            let preceded_by_space = start > 0 && bytes[start - 1].is_ascii_whitespace();
            if preceded_by_space && html[start..eq].eq_ignore_ascii_case(name) {
                return Some((start, name.len(), quote));
            }
        }
    }
    None
}

enum Resolve {
    Origin,
    Page,
    Keep,
}

fn resolve(url: &str) -> Resolve {
    if url.starts_with("//") || url.is_empty() || has_scheme(url) {
        Resolve::Keep
    } else if url.starts_with('/') {
        Resolve::Origin
    } else {
        Resolve::Page
    }
}

/// `https:`, `mailto:`, `data:`…: letters, digits, `+ - .`, then `:` before any `/ ? #`.
fn has_scheme(url: &str) -> bool {
    match url.find([':', '/', '?', '#']) {
        Some(i) if url.as_bytes()[i] == b':' && i > 0 => {
            let scheme = &url[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://example.org";
    const PAGE: &str = "https://example.org/newsroom/news/x/";

    fn abs(html: &str) -> String {
        absolute_urls(html, ORIGIN, PAGE)
    }

    #[test]
    fn root_relative_links_and_images_get_the_origin() {
        assert_eq!(
            abs(r#"<a href="/newsroom/news/y/">y</a> <img src="/newsroom/a.png" alt="">"#),
            r#"<a href="https://example.org/newsroom/news/y/">y</a> <img src="https://example.org/newsroom/a.png" alt="">"#
        );
    }

    #[test]
    fn fragments_and_relative_files_resolve_against_the_page() {
        assert_eq!(
            abs(r##"<sup><a href="#fn1">1</a></sup><img src="cover.svg">"##),
            r##"<sup><a href="https://example.org/newsroom/news/x/#fn1">1</a></sup><img src="https://example.org/newsroom/news/x/cover.svg">"##
        );
    }

    #[test]
    fn absolute_urls_and_other_schemes_are_kept() {
        let html = r#"<a href="https://other.org/a">a</a><a href="mailto:x@y.org">m</a><img src="//cdn.org/i.png"><img src="data:image/png;base64,AA=="><a href="">e</a>"#;
        assert_eq!(abs(html), html);
    }

    #[test]
    fn single_quotes_and_video_posters() {
        assert_eq!(
            abs("<video poster='/p.jpg' src='/v.mp4'></video>"),
            "<video poster='https://example.org/p.jpg' src='https://example.org/v.mp4'></video>"
        );
    }

    #[test]
    fn only_url_attributes_change() {
        // `data-src` is not a URL the reader loads; unquoted values are left as written.
        let html = r#"<img data-src="/lazy.png" alt="/x"><a href=/bare>b</a>"#;
        assert_eq!(abs(html), html);
    }

    #[test]
    fn non_ascii_around_attributes_is_kept() {
        assert_eq!(
            abs(r#"<p>稀土 — <a href="/ré/">ré</a></p>"#),
            r#"<p>稀土 — <a href="https://example.org/ré/">ré</a></p>"#
        );
    }
}
