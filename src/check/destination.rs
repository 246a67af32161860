//! What a link as written in the content points at: a path of this site (with
//! the base path and `..` resolved, as a browser would), another site, or
//! something monazite does not check (`mailto:`).

use crate::markdown::is_external;

/// What a link in the content is, once read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A path of this site (base path removed), with its `#fragment`.
    Internal {
        path: String,
        fragment: Option<String>,
    },
    /// `#fragment` on the same page.
    SamePage(String),
    /// An http(s) URL of another site.
    External(String),
    /// `mailto:`, `tel:` and other schemes monazite does not check.
    Other,
    /// `[text]()`.
    Empty,
    /// A relative path with more `..` than folders above it.
    OutsideSite,
}

/// Reads `url` as written on the page at site path `page` (e.g. `/news/x/`).
pub fn destination(url: &str, page: &str, site: &SiteAddress<'_>) -> Destination {
    let url = url.trim();
    if url.is_empty() {
        return Destination::Empty;
    }
    if let Some(fragment) = url.strip_prefix('#') {
        return Destination::SamePage(percent_decode(fragment));
    }
    let scheme = url.split_once(':').map(|(s, _)| s).filter(|s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
    });
    let is_web = url.starts_with("//")
        || scheme
            .is_some_and(|s| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"));
    if !is_web && scheme.is_some() {
        return Destination::Other;
    }
    let (without_fragment, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (url, None),
    };
    let path_part = without_fragment
        .split('?')
        .next()
        .unwrap_or(without_fragment);
    if is_web {
        if is_external(url, site.host) {
            return Destination::External(url.to_string());
        }
        // A full address on this site's own host: keep the path under the base path.
        let after_scheme = path_part.split_once("//").map_or(path_part, |(_, r)| r);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        return match path.strip_prefix(site.base_path.trim_end_matches('/')) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                let rest = if rest.is_empty() { "/" } else { rest };
                internal(rest, "/", fragment)
            }
            _ => Destination::External(url.to_string()),
        };
    }
    internal(path_part, page, fragment)
}

fn internal(path: &str, page: &str, fragment: Option<String>) -> Destination {
    match join(page, &percent_decode(path)) {
        Some(path) => Destination::Internal { path, fragment },
        None => Destination::OutsideSite,
    }
}

/// The parts of the site's address a link is judged against.
#[derive(Debug, Clone, Copy)]
pub struct SiteAddress<'a> {
    pub host: Option<&'a str>,
    /// `/` or `/newsroom/`.
    pub base_path: &'a str,
}

/// Resolves `path` against the folder of `page` (`/news/x/`), as a browser does.
/// `None` when `..` climbs above the site root.
pub fn join(page: &str, path: &str) -> Option<String> {
    let mut segments: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        let dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    let parts: Vec<&str> = path.split('/').collect();
    let mut trailing_slash = path.is_empty() || path.ends_with('/');
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        match *part {
            "" => {}
            "." => trailing_slash |= last,
            ".." => {
                segments.pop()?;
                trailing_slash |= last;
            }
            other => segments.push(other),
        }
    }
    let mut joined = format!("/{}", segments.join("/"));
    if trailing_slash && !joined.ends_with('/') {
        joined.push('/');
    }
    Some(joined)
}

/// Decodes `%XX` escapes; invalid escapes are kept as written, and text
/// whose escapes do not make UTF-8 is kept whole.
pub fn percent_decode(text: &str) -> String {
    match percent_encoding::percent_decode_str(text).decode_utf8() {
        Ok(decoded) => decoded.into_owned(),
        Err(_) => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: SiteAddress<'static> = SiteAddress {
        host: Some("news.example.org"),
        base_path: "/",
    };

    fn internal(path: &str, fragment: Option<&str>) -> Destination {
        Destination::Internal {
            path: path.into(),
            fragment: fragment.map(Into::into),
        }
    }

    #[test]
    fn reads_destinations() {
        let page = "/news/x/";
        assert_eq!(
            destination("/news/a/", page, &SITE),
            internal("/news/a/", None)
        );
        assert_eq!(
            destination("/news/a/#why", page, &SITE),
            internal("/news/a/", Some("why"))
        );
        assert_eq!(
            destination("cover.svg", page, &SITE),
            internal("/news/x/cover.svg", None)
        );
        assert_eq!(
            destination("../a/?x=1", page, &SITE),
            internal("/news/a/", None)
        );
        assert_eq!(
            destination("#why", page, &SITE),
            Destination::SamePage("why".into())
        );
        assert_eq!(
            destination("https://news.example.org/about/#team", page, &SITE),
            internal("/about/", Some("team"))
        );
        assert_eq!(
            destination("https://www.usgs.gov/", page, &SITE),
            Destination::External("https://www.usgs.gov/".into())
        );
        assert_eq!(
            destination("mailto:a@b.org", page, &SITE),
            Destination::Other
        );
        assert_eq!(destination(" ", page, &SITE), Destination::Empty);
        assert_eq!(
            destination("../../../x", page, &SITE),
            Destination::OutsideSite
        );
        assert_eq!(
            destination("/a%20b.pdf", page, &SITE),
            internal("/a b.pdf", None)
        );
    }

    #[test]
    fn own_host_under_a_base_path() {
        let site = SiteAddress {
            host: Some("example.org"),
            base_path: "/newsroom/",
        };
        assert_eq!(
            destination("https://example.org/newsroom/news/a/", "/", &site),
            internal("/news/a/", None)
        );
        assert_eq!(
            destination("https://example.org/shop/", "/", &site),
            Destination::External("https://example.org/shop/".into())
        );
    }

    #[test]
    fn decodes_escapes_and_keeps_what_is_not_one() {
        assert_eq!(percent_decode("/tags/%E7%A8%80%e5%9c%9f/"), "/tags/稀土/");
        assert_eq!(percent_decode("100%25"), "100%");
        assert_eq!(percent_decode("a%zz%2"), "a%zz%2", "not escapes");
        assert_eq!(percent_decode("%ff%41"), "%ff%41", "not UTF-8: kept whole");
    }

    #[test]
    fn joins_like_a_browser() {
        assert_eq!(join("/news/x/", "a.png").as_deref(), Some("/news/x/a.png"));
        assert_eq!(join("/news/x/", "./").as_deref(), Some("/news/x/"));
        assert_eq!(join("/news/x/", "..").as_deref(), Some("/news/"));
        assert_eq!(join("/about/", "/news/").as_deref(), Some("/news/"));
        assert_eq!(join("/", "..").as_deref(), None);
    }
}
