//! Absolute URLs in article HTML for feeds. A feed reader shows an entry with
//! no page around it, so `href="/news/x/"`, `src="cover.svg"` and `href="#fn1"`
//! would resolve against the feed (or nothing). This rewrites the URL in every
//! `href`, `src` and `poster` attribute to an absolute one.
//!
//! Only attributes of tags are read: the HTML is walked tag by tag, so text
//! that shows an attribute (a code sample's `&lt;img src='/x.png'&gt;`, whose
//! single quotes the Markdown renderer leaves as they are), a comment, or a
//! script stays as written. The HTML comes from our own Markdown renderer (or
//! an author's raw HTML), so attributes are quoted; unquoted values are left
//! as they are. One pass over the HTML: linear in its length.

/// Rewrites link and image URLs in `html`: root-relative (`/x`) against
/// `origin` (`https://example.org`, the base path is already in the link),
/// fragments (`#x`) and relative paths (`x.png`) against `page` (the page's
/// absolute URL, ending in `/`). Absolute and protocol-relative URLs, `mailto:`
/// and other schemes are kept.
pub fn absolute_urls(html: &str, origin: &str, page: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let open = at + found;
        let rest = &html[open..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(html.len(), |end| open + end + 3);
            continue;
        }
        // A start tag's name begins with a letter; `</p>`, `<!DOCTYPE` and a
        // lone `<` hold no attributes.
        if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            at = open + 1;
            continue;
        }
        let tag = read_tag(html, open + 1);
        for value in tag.url_values {
            let prefix = match resolve(&html[value.clone()]) {
                Resolve::Origin => origin,
                Resolve::Page => page,
                Resolve::Keep => continue,
            };
            out.push_str(&html[copied..value.start]);
            out.push_str(prefix);
            copied = value.start;
        }
        at = tag.end;
        // Script and style hold text, not tags, up to their end tag.
        if RAW_TEXT_ELEMENTS
            .iter()
            .any(|raw| tag.name.eq_ignore_ascii_case(raw))
        {
            at = end_tag(html, at, tag.name).unwrap_or(html.len());
        }
    }
    out.push_str(&html[copied..]);
    out
}

const URL_ATTRIBUTES: &[&str] = &["href", "src", "poster"];

/// Elements whose content is text up to their own end tag.
const RAW_TEXT_ELEMENTS: &[&str] = &["script", "style", "textarea", "title", "xmp"];

/// A start tag as read: its name, the byte ranges of its quoted URL
/// attributes' values, and where it ends (after its `>`, or at the end of the HTML).
struct Tag<'a> {
    name: &'a str,
    url_values: Vec<std::ops::Range<usize>>,
    end: usize,
}

/// Reads the start tag whose name begins at `from` (just after its `<`).
fn read_tag(html: &str, from: usize) -> Tag<'_> {
    let bytes = html.as_bytes();
    let is_name_end = |b: u8| b.is_ascii_whitespace() || b == b'/' || b == b'>';
    let mut at = from;
    while at < bytes.len() && !is_name_end(bytes[at]) {
        at += 1;
    }
    let mut tag = Tag {
        name: &html[from..at],
        url_values: Vec::new(),
        end: html.len(),
    };
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        match bytes.get(at) {
            None => return tag,
            Some(b'>') => {
                tag.end = at + 1;
                return tag;
            }
            Some(_) => {}
        }
        let name_start = at;
        while at < bytes.len() && !is_name_end(bytes[at]) && bytes[at] != b'=' {
            at += 1;
        }
        let name = &html[name_start..at];
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if bytes.get(at) != Some(&b'=') {
            continue;
        }
        at += 1;
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        match bytes.get(at) {
            Some(&quote @ (b'"' | b'\'')) => {
                let start = at + 1;
                let end = html[start..]
                    .find(char::from(quote))
                    .map_or(html.len(), |i| start + i);
                if URL_ATTRIBUTES.iter().any(|u| name.eq_ignore_ascii_case(u)) {
                    tag.url_values.push(start..end);
                }
                at = (end + 1).min(html.len());
            }
            // Unquoted: left as written.
            _ => {
                while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>' {
                    at += 1;
                }
            }
        }
    }
}

/// Where the end tag `</name` is, from `from` on (any case).
fn end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(found) = html[at..].find("</") {
        let start = at + found;
        let after = start + 2;
        if bytes.len() >= after + name.len()
            && bytes[after..after + name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some(start);
        }
        at = after;
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
    fn text_that_shows_attributes_is_kept() {
        // A code sample showing HTML, escaped as the Markdown renderer writes
        // it (single quotes are not escaped in text), and prose about it.
        let html = r#"<pre><code>&lt;img src='/x.png'&gt; &lt;a href="/y/"&gt;</code></pre><p>Write src='/z' or href=&quot;/w&quot; = ' href='/v'</p>"#;
        assert_eq!(abs(html), html);
        // Comments and scripts hold no links; a `>` inside a quoted value does
        // not end its tag.
        let html = r#"<!-- <a href='/c'> --><script>var s = " src='/s'";</script><a title="a > b" href='/t'>t</a>"#;
        assert_eq!(
            abs(html),
            r#"<!-- <a href='/c'> --><script>var s = " src='/s'";</script><a title="a > b" href='https://example.org/t'>t</a>"#
        );
        // A value that shows an attribute is not one.
        assert_eq!(
            abs(r#"<img alt=' src="/x"' SRC="/y"/>"#),
            r#"<img alt=' src="/x"' SRC="https://example.org/y"/>"#
        );
    }

    #[test]
    fn non_ascii_around_attributes_is_kept() {
        assert_eq!(
            abs(r#"<p>稀土 — <a href="/ré/">ré</a></p>"#),
            r#"<p>稀土 — <a href="https://example.org/ré/">ré</a></p>"#
        );
    }
}
