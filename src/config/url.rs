//! URLs as site.yaml and front matter give them: the base URL split into what
//! the rest of monazite uses, and the schemes no link, image or form of the
//! site may have, read as a browser reads them.

use std::borrow::Cow;

use ::url::{Position, Url};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::diag::Diagnostic;

/// A site's base URL, split: `https://Example.org/newsroom` is
/// `https://example.org/newsroom/`, host `example.org`, path `/newsroom/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// The whole URL, ending with `/`.
    pub url: String,
    /// The host, and the port when one is given: a link to it is a link to
    /// this site.
    pub host: String,
    /// The path, starting and ending with `/`.
    pub path: String,
}

/// Reads a base URL as a browser reads an address (the `url` crate: host in
/// lower case, an international one in punycode, a default port left out,
/// `.` and `..` resolved), its path percent-encoded as [`encode_path`] does
/// (`/समाचार/` → `/%E0%A4%B8…/`), as every address made from it (sitemaps,
/// feeds, links) must be. `None` for anything but an absolute http(s) URL
/// with a host and neither query nor fragment.
pub fn split_base_url(text: &str) -> Option<BaseUrl> {
    let address = Url::parse(text).ok()?;
    let is_web = matches!(address.scheme(), "http" | "https");
    if !is_web || address.host_str().is_none_or(str::is_empty) {
        return None;
    }
    if address.query().is_some() || address.fragment().is_some() {
        return None;
    }
    let path = format!("/{}/", encode_path(address.path().trim_matches('/'))).replace("//", "/");
    Some(BaseUrl {
        url: format!("{}{path}", &address[..Position::AfterPort]),
        host: address[Position::BeforeHost..Position::AfterPort].to_string(),
        path,
    })
}

/// Schemes whose URL runs script in the page's origin, or shows a document
/// made of the URL itself, when a reader follows or loads it.
const REFUSED_SCHEMES: [&str; 3] = ["javascript", "vbscript", "data"];

/// The longest of [`REFUSED_SCHEMES`]: reading a scheme stops past it.
const LONGEST_REFUSED: usize = 10;

/// The refused scheme (`javascript`, `vbscript` or `data`) of `url`, if it has
/// one. Read as browsers read an address: leading spaces and control
/// characters dropped, tabs and line breaks anywhere ignored, case ignored;
/// so `" JaVaScRiPt:"` and `"java\tscript:"` are both `javascript`.
pub fn refused_scheme(url: &str) -> Option<&'static str> {
    let mut scheme = String::with_capacity(LONGEST_REFUSED);
    for c in url.trim_start_matches(|c: char| c <= ' ').chars() {
        match c {
            '\t' | '\n' | '\r' => {}
            ':' => {
                return REFUSED_SCHEMES
                    .into_iter()
                    .find(|s| s.eq_ignore_ascii_case(&scheme));
            }
            // At most LONGEST_REFUSED scheme characters are read: past that,
            // whatever the scheme is, it is not one of these.
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {
                if scheme.len() == LONGEST_REFUSED {
                    return None;
                }
                scheme.push(c);
            }
            _ => return None,
        }
    }
    None
}

/// The error for `what` (as the editor knows it: "`source.url`", "`nav` link
/// 2") holding a URL of a refused `scheme`; the caller places it.
pub fn refused_url(what: &str, scheme: &str) -> Diagnostic {
    Diagnostic::error(format!("{what} is a `{scheme}:` URL")).with_help(
        "expected a web address (https://…) or a site path such as /news/slug/; a javascript:, vbscript: or data: URL would run or show whatever it holds in the reader's browser",
    )
}

/// `path` with every byte that a URL may not hold as it is percent-encoded:
/// letters outside ASCII (as their UTF-8 bytes, `稀` → `%E7%A8%80`), spaces,
/// quotes, `<`, `>`, and the like, as browsers and the Markdown renderer
/// encode them. `%`, `?` and `#` are kept, so an address already encoded, or
/// with a query or a fragment, comes back as it was.
pub fn encode_path(path: &str) -> Cow<'_, str> {
    utf8_percent_encode(path, NOT_IN_URLS).into()
}

/// The ASCII a URL may not hold as it is: controls, the space, the double
/// quote and the backquote, `< > [ \ ] ^ { | }`. The rest is RFC 3986's
/// unreserved characters, its sub-delimiters, `: @ /`, and `% ? #`; bytes
/// outside ASCII are always encoded.
const NOT_IN_URLS: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_percent_encoded_once() {
        assert!(matches!(encode_path("/news/a-b_c.d/"), Cow::Borrowed(_)));
        assert_eq!(encode_path("/tags/稀土/"), "/tags/%E7%A8%80%E5%9C%9F/");
        assert_eq!(
            encode_path("समाचार/"),
            "%E0%A4%B8%E0%A4%AE%E0%A4%BE%E0%A4%9A%E0%A4%BE%E0%A4%B0/"
        );
        assert_eq!(
            encode_path("/files/a report\".pdf"),
            "/files/a%20report%22.pdf"
        );
        assert_eq!(
            encode_path("/tags/%E7%A8%80/#x?y=1"),
            "/tags/%E7%A8%80/#x?y=1"
        );
        assert_eq!(
            encode_path("/a<b>`{|}^[]\\"),
            "/a%3Cb%3E%60%7B%7C%7D%5E%5B%5D%5C"
        );
    }

    #[test]
    fn base_urls_are_split_as_browsers_read_them() {
        let split = |text: &str| split_base_url(text).map(|b| (b.url, b.host, b.path));
        let parts = |url: &str, host: &str, path: &str| {
            Some((url.to_string(), host.to_string(), path.to_string()))
        };
        assert_eq!(
            split("https://example.org"),
            parts("https://example.org/", "example.org", "/")
        );
        assert_eq!(
            split("http://News.Example.org:8080/newsroom"),
            parts(
                "http://news.example.org:8080/newsroom/",
                "news.example.org:8080",
                "/newsroom/"
            )
        );
        assert_eq!(
            split("http://127.0.0.1:1111/"),
            parts("http://127.0.0.1:1111/", "127.0.0.1:1111", "/")
        );
        assert_eq!(
            split("https://example.org:443/a/./b/../c//"),
            parts("https://example.org/a/c/", "example.org", "/a/c/")
        );
        assert_eq!(
            split("https://example.com/稀土 news/"),
            parts(
                "https://example.com/%E7%A8%80%E5%9C%9F%20news/",
                "example.com",
                "/%E7%A8%80%E5%9C%9F%20news/"
            )
        );
        for bad in [
            "example.org",
            "/newsroom/",
            "https://",
            "https://exa mple.org/",
            "ftp://example.org/",
            "mailto:desk@example.org",
            "https://example.org/?page=1",
            "https://example.org/#top",
        ] {
            assert_eq!(split_base_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn ascii_is_kept_when_a_url_may_hold_it() {
        for b in 0..0x80_u8 {
            let kept = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%?#".contains(&b);
            let text = char::from(b).to_string();
            assert_eq!(encode_path(&text) == text, kept, "byte {b:#04x}");
        }
    }

    #[test]
    fn script_schemes_as_browsers_read_them() {
        for (url, scheme) in [
            ("javascript:alert(1)", "javascript"),
            (" JaVaScRiPt:alert(1)", "javascript"),
            ("java\tscript:alert(1)", "javascript"),
            ("java\nscr\ript:alert(1)", "javascript"),
            ("\u{1}\u{0} \u{1f}javascript:x", "javascript"),
            ("VBScript:msgbox(1)", "vbscript"),
            ("data:text/html;base64,PHNjcmlwdD4=", "data"),
            ("  DATA:image/png;base64,AA==", "data"),
        ] {
            assert_eq!(refused_scheme(url), Some(scheme), "{url:?}");
        }
    }

    #[test]
    fn other_urls_pass() {
        for url in [
            "https://example.org/javascript:x",
            "/news/javascript:x/",
            "mailto:desk@example.org",
            "tel:+91-44-1234",
            "javascripts:x",
            "xjavascript:x",
            "java script:x",
            "#javascript:",
            "news/data:x",
            "",
            "javascript",
            "\u{a0}javascript:x",
        ] {
            assert_eq!(refused_scheme(url), None, "{url:?}");
        }
    }
}
