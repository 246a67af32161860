//! URLs as site.yaml and front matter give them: the schemes no link, image or
//! form of the site may have, read as a browser reads them.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::diag::Diagnostic;

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
