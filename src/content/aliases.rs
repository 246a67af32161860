//! `aliases:`: old site paths that should lead to an article. What an alias
//! may be is checked here, on the text as written: a path on this site
//! (`/2024/10/old-headline/`, `old-story.html`), never an address of another
//! site, a path that climbs out of the output folder with `..`, or a query or
//! fragment (a static file cannot answer those). Where an alias's redirect
//! page lives is the route table's to say (`routes::alias_path`), and whether
//! it clashes with a page or another alias is checked once every page is known.

/// What is wrong with an alias, if anything.
pub fn problem(alias: &str) -> Option<String> {
    let alias = alias.trim();
    if alias.is_empty() {
        return Some("is empty".into());
    }
    if alias.contains("://") || alias.starts_with("//") || alias.starts_with("mailto:") {
        return Some(format!(
            "`{alias}` is a full address; an alias is a path on this site"
        ));
    }
    let segments: Vec<&str> = alias.trim_matches('/').split('/').collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Some(format!("`{alias}` would leave the output folder"));
    }
    if alias.contains(['?', '#']) {
        return Some(format!(
            "`{alias}` has a query or a fragment, which a static file cannot answer"
        ));
    }
    if alias.trim_matches('/').is_empty() {
        return Some("`/` is the home page".into());
    }
    if alias
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
        || segments.iter().any(|s| s.is_empty())
    {
        return Some(format!(
            "`{alias}` is not a site path (spaces, `\\` or `//` inside)"
        ));
    }
    None
}

/// Help for an alias refused by [`problem`].
pub const ALIAS_HELP: &str = "expected old site paths of this article, e.g. aliases: [/2024/10/old-headline/, /news/old-slug/]";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_are_aliases() {
        for good in [
            "/news/old-slug/",
            "news/old-slug",
            "/2024/10/17/story.html",
            "/稀土/",
        ] {
            assert_eq!(problem(good), None, "{good}");
        }
    }

    #[test]
    fn addresses_climbs_queries_and_odd_paths_are_not() {
        let says = |alias: &str, part: &str| {
            let found = problem(alias).unwrap_or_default();
            assert!(found.contains(part), "{alias}: {found:?}");
        };
        says("https://old.example.org/story/", "full address");
        says("//old.example.org/story/", "full address");
        says("/news/../../etc/", "leave the output folder");
        says("../x/", "leave the output folder");
        says("/story/?p=12", "query or a fragment");
        says("/story#top", "query or a fragment");
        says("/", "home page");
        says(" ", "empty");
        says("/old story/", "not a site path");
        says("/a//b/", "not a site path");
    }
}
