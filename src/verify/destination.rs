//! What a link as written in the content points at: a path of this site (with
//! the base path and `..` resolved, as a browser would), another site, or
//! something monazite does not check (`mailto:`).

use url::{ParseError, Position, Url};

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
    // An address with a scheme, or one that takes the page's (`//host/…`),
    // is read by the `url` crate; a path of this site has no scheme.
    let address = match url.strip_prefix("//") {
        Some(_) => Url::parse(&format!("https:{url}")),
        None => Url::parse(url),
    };
    match address {
        Ok(address) if matches!(address.scheme(), "http" | "https") => web(url, &address, site),
        Ok(_) => Destination::Other,
        Err(ParseError::RelativeUrlWithoutBase) => {
            let (without_fragment, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(percent_decode(f))),
                None => (url, None),
            };
            let path = without_fragment.split('?').next().unwrap_or_default();
            internal(path, page, fragment)
        }
        // A web address whose host does not parse: only another site's.
        Err(_) => Destination::External(url.to_string()),
    }
}

/// An http(s) address: a page of this site when it names the site's host
/// and a path under its base path, else another site's.
fn web(url: &str, address: &Url, site: &SiteAddress<'_>) -> Destination {
    let host = &address[Position::BeforeHost..Position::AfterPort];
    if !site.host.is_some_and(|own| own.eq_ignore_ascii_case(host)) {
        return Destination::External(url.to_string());
    }
    match address
        .path()
        .strip_prefix(site.base_path.trim_end_matches('/'))
    {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            let rest = if rest.is_empty() { "/" } else { rest };
            internal(rest, "/", address.fragment().map(percent_decode))
        }
        _ => Destination::External(url.to_string()),
    }
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
    fn web_addresses_read_as_a_browser_reads_them() {
        let page = "/news/x/";
        assert_eq!(
            destination("HTTPS://News.Example.org/about/#team", page, &SITE),
            internal("/about/", Some("team"))
        );
        assert_eq!(
            destination("//news.example.org/news/a/?utm=x", page, &SITE),
            internal("/news/a/", None)
        );
        assert_eq!(
            destination("https://news.example.org:8443/about/", page, &SITE),
            Destination::External("https://news.example.org:8443/about/".into()),
            "another port, another site"
        );
        assert_eq!(
            destination("https://exa mple.org/", page, &SITE),
            Destination::External("https://exa mple.org/".into())
        );
        assert_eq!(
            destination("tel:+91-44-1234", page, &SITE),
            Destination::Other
        );
        let site = SiteAddress {
            host: Some("example.com"),
            base_path: "/%E0%A4%B8/",
        };
        assert_eq!(
            destination("https://example.com/स/news/a/#स", "/", &site),
            internal("/news/a/", Some("स")),
            "a base path written unencoded"
        );
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
