//! The headers an uploaded file is stored with: its `Content-Type` (the one
//! `serve` answers with) and its `Cache-Control`, from `site.yaml`'s rules
//! and then the built-in ones.
//!
//! The search index's `.gz` files are stored as they are, with no
//! `Content-Encoding`: the search script inflates them itself.

use crate::config::CacheRule;
use crate::routes;

/// For files whose name carries a hash of their bytes: they never change.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For pages, feeds, sitemaps and every other file with a fixed name that
/// changes when news is published: caches ask again within a minute.
pub const SHORT: &str = "public, max-age=60";
/// For images and other files with fixed names that rarely change.
pub const MEDIUM: &str = "public, max-age=3600";

/// The headers of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headers {
    pub content_type: &'static str,
    pub cache_control: String,
}

/// The headers of the output file `file` (a path like `news/x/index.html`).
pub fn headers_of(file: &str, rules: &[CacheRule]) -> Headers {
    Headers {
        content_type: routes::content_type(file),
        cache_control: cache_control(file, rules),
    }
}

/// The first matching rule of `site.yaml`, else the built-in default.
pub fn cache_control(file: &str, rules: &[CacheRule]) -> String {
    if let Some(rule) = rules.iter().find(|rule| glob_matches(&rule.files, file)) {
        return rule.value.clone();
    }
    if is_fingerprinted(file) {
        IMMUTABLE.to_string()
    } else if changes_with_news(file) {
        SHORT.to_string()
    } else {
        MEDIUM.to_string()
    }
}

/// Whether a dot-separated part of the file's name is a hash of 8 or more
/// hex digits (`d.3fa9c2e1.gz`, `style.0a1b2c3d4e.css`).
pub fn is_fingerprinted(file: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file);
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1]
            .iter()
            .any(|p| p.len() >= 8 && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn changes_with_news(file: &str) -> bool {
    let content_type = routes::content_type(file);
    ["text/html", "application/", "text/plain", "text/javascript"]
        .iter()
        .any(|t| content_type.starts_with(t))
        && !content_type.starts_with("application/pdf")
        && !content_type.starts_with("application/octet-stream")
}

/// A glob over a file's path: `*` matches within one folder, `**` across
/// folders, `?` one character. A pattern without `/` matches the file's name
/// in any folder (as in `.gitignore`).
pub fn glob_matches(pattern: &str, file: &str) -> bool {
    let pattern = pattern.trim_start_matches('/');
    if pattern.contains('/') {
        matches(pattern.as_bytes(), file.as_bytes())
    } else {
        let name = file.rsplit('/').next().unwrap_or(file);
        matches(pattern.as_bytes(), name.as_bytes())
    }
}

#[derive(Clone, Copy)]
enum Token {
    Byte(u8),
    /// `?`: one character, not `/`.
    One,
    /// `*`: any run of characters without `/`.
    Star,
    /// `**`: any run of characters.
    Deep,
    /// `**/`: nothing, or any run of characters ending with `/`.
    DeepFolder,
}

fn tokens(pattern: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < pattern.len() {
        let (token, width) = match &pattern[i..] {
            [b'*', b'*', b'/', ..] => (Token::DeepFolder, 3),
            [b'*', b'*', ..] => (Token::Deep, 2),
            [b'*', ..] => (Token::Star, 1),
            [b'?', ..] => (Token::One, 1),
            [b, ..] => (Token::Byte(*b), 1),
            [] => unreachable!("i < len"),
        };
        out.push(token);
        i += width;
    }
    out
}

/// Dynamic programming over (token, byte), whatever the pattern: time is
/// bounded by pattern length × path length² (paths are a few hundred bytes),
/// memory by path length.
fn matches(pattern: &[u8], text: &[u8]) -> bool {
    let tokens = tokens(pattern);
    // reach[t]: the tokens so far can match text[..t].
    let mut reach = vec![false; text.len() + 1];
    reach[0] = true;
    for token in tokens {
        let mut next = vec![false; text.len() + 1];
        for t in 0..=text.len() {
            if !reach[t] {
                continue;
            }
            match token {
                Token::Byte(b) => {
                    if text.get(t) == Some(&b) {
                        next[t + 1] = true;
                    }
                }
                Token::One => {
                    if text.get(t).is_some_and(|&c| c != b'/') {
                        next[t + 1] = true;
                    }
                }
                Token::Star => {
                    next[t] = true;
                    for (end, &c) in text.iter().enumerate().skip(t) {
                        if c == b'/' {
                            break;
                        }
                        next[end + 1] = true;
                    }
                }
                Token::Deep => next[t..].iter_mut().for_each(|n| *n = true),
                Token::DeepFolder => {
                    next[t] = true;
                    for (end, &c) in text.iter().enumerate().skip(t) {
                        if c == b'/' {
                            next[end + 1] = true;
                        }
                    }
                }
            }
        }
        reach = next;
    }
    reach[text.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(files: &str, value: &str) -> CacheRule {
        CacheRule {
            files: files.into(),
            value: value.into(),
        }
    }

    #[test]
    fn defaults_are_short_for_news_and_long_for_hashed_names() {
        assert_eq!(cache_control("news/x/index.html", &[]), SHORT);
        assert_eq!(cache_control("atom.xml", &[]), SHORT);
        assert_eq!(cache_control("sitemap.xml", &[]), SHORT);
        assert_eq!(cache_control("feed.json", &[]), SHORT);
        assert_eq!(cache_control("search/index.json.gz", &[]), SHORT);
        assert_eq!(cache_control("search/d.0a1b2c3d.gz", &[]), IMMUTABLE);
        assert_eq!(cache_control("search/t.0a1b2c3d9f.bin", &[]), IMMUTABLE);
        assert_eq!(cache_control("news/x/cover.jpg", &[]), MEDIUM);
        assert_eq!(cache_control("assets/style.css", &[]), MEDIUM);
    }

    #[test]
    fn site_rules_come_first_in_order() {
        let rules = [
            rule("assets/**", "public, max-age=86400"),
            rule("*.html", "no-cache"),
        ];
        assert_eq!(
            cache_control("assets/css/site.css", &rules),
            "public, max-age=86400"
        );
        assert_eq!(cache_control("news/x/index.html", &rules), "no-cache");
        assert_eq!(cache_control("atom.xml", &rules), SHORT);
    }

    #[test]
    fn globs_keep_single_stars_within_a_folder() {
        assert!(glob_matches("news/*/index.html", "news/x/index.html"));
        assert!(!glob_matches("news/*/index.html", "news/a/b/index.html"));
        assert!(glob_matches("news/**/index.html", "news/a/b/index.html"));
        assert!(glob_matches("news/**/index.html", "news/index.html"));
        assert!(glob_matches("*.jpg", "news/x/cover.jpg"));
        assert!(glob_matches("/robots.txt", "robots.txt"));
        assert!(glob_matches("search/?.*.gz", "search/d.0a1b2c3d.gz"));
        assert!(!glob_matches("*.jpg", "news/x/cover.png"));
        assert!(!glob_matches("assets/*", "assets/a/b.css"));
    }

    #[test]
    fn fingerprints_are_hex_parts_between_name_and_extension() {
        assert!(is_fingerprinted("assets/style.0a1b2c3d.css"));
        assert!(!is_fingerprinted("assets/style.css"));
        assert!(!is_fingerprinted("0a1b2c3d4e5f.css"));
        assert!(!is_fingerprinted("news/deadbeef-cafe/index.html"));
    }
}
