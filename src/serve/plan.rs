//! What a change means: changed paths → a [`RebuildPlan`], and an edited
//! article's old and new look → which cached pages are now stale
//! ([`Invalidation`]). Pure functions of their arguments (no disk, no clock), so
//! every rule is unit-tested here and the preview only carries them out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::content::library::STATIC_DIR;
use crate::render::RECENT_NEWS;
use crate::render::theme::{THEME_DIR, fragment_name};
use crate::routes::{PageClass, theme_asset_path};

/// What to redo after a batch of file changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RebuildPlan {
    /// Reload everything (site.yaml changed: every page may differ).
    pub everything: bool,
    /// Reload all content (an author or static page changed; they show on many pages).
    pub all_content: bool,
    /// Article files to re-read one by one (`content/news/x.md`, `content/news/x/index.md`),
    /// relative to the site root. A file that no longer exists is removed.
    pub articles: BTreeSet<PathBuf>,
    /// Templates changed (names under `templates/`): reload the theme.
    pub templates: BTreeSet<String>,
    /// Theme assets changed (site paths like `/assets/style.css`).
    pub assets: BTreeSet<String>,
    /// A file of `static/` was added, changed or removed: list them again.
    pub static_files: bool,
}

impl RebuildPlan {
    pub fn is_empty(&self) -> bool {
        *self == RebuildPlan::default()
    }

    /// Only stylesheets changed: open pages can swap styles without reloading.
    pub fn is_css_only(&self) -> bool {
        !self.everything
            && !self.all_content
            && self.articles.is_empty()
            && self.templates.is_empty()
            && !self.assets.is_empty()
            && self.assets.iter().all(|a| a.ends_with(".css"))
    }
}

/// Classifies changed paths (absolute, or relative to `root`) into a plan.
/// Editor litter (hidden files, backups, swap files) and paths outside what a
/// build reads are ignored.
pub fn plan(root: &Path, changed: &[PathBuf]) -> RebuildPlan {
    let mut plan = RebuildPlan::default();
    for path in changed {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let Some(name) = parts.last() else { continue };
        if parts.len() == 1 && name == CONFIG_FILE {
            plan.everything = true;
            continue;
        }
        if is_editor_litter(name) {
            continue;
        }
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        match parts.as_slice() {
            [dir, "assets", rest @ ..] if *dir == THEME_DIR && !rest.is_empty() => {
                plan.assets.insert(theme_asset_path(&rest.join("/")));
            }
            [dir, rest @ ..] if *dir == THEME_DIR && !rest.is_empty() && is_template_name(name) => {
                plan.templates.insert(rest.join("/"));
            }
            [dir, ..] if *dir == STATIC_DIR => plan.static_files = true,
            ["content", "news", file] if file.ends_with(".md") => {
                plan.articles.insert(rel.to_path_buf());
            }
            // A folder article's own folder (created, renamed, removed), its
            // index.md, or a file beside it (an image): re-read the article.
            ["content", "news", folder] if !folder.contains('.') => {
                plan.articles
                    .insert(PathBuf::from("content/news").join(folder).join("index.md"));
            }
            ["content", "news", folder, _, ..] => {
                plan.articles
                    .insert(PathBuf::from("content/news").join(folder).join("index.md"));
            }
            // Authors and pages show on many pages; content this plan does not
            // know yet (another kind of file) is safest read again in full.
            ["content", ..] => plan.all_content = true,
            _ => {}
        }
    }
    plan
}

/// Files editors write beside the real one while saving.
fn is_editor_litter(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

fn is_template_name(name: &str) -> bool {
    [".html", ".xml", ".txt", ".json"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Which cached outputs a change makes stale.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Invalidation {
    pub everything: bool,
    /// Every article page.
    pub all_articles: bool,
    /// Article pages by slug.
    pub articles: BTreeSet<String>,
    /// Home and archive pages, the topic index.
    pub lists: bool,
    /// Every list page: the above, every topic page and every author page.
    pub all_lists: bool,
    /// Topic pages by tag slug.
    pub tags: BTreeSet<String>,
    /// Author pages by key.
    pub authors: BTreeSet<String>,
    /// The not-found page.
    pub not_found: bool,
}

impl Invalidation {
    pub fn everything() -> Invalidation {
        Invalidation {
            everything: true,
            ..Invalidation::default()
        }
    }

    /// Whether the cached output at `file` must be rendered again. Outputs that
    /// are not theme pages (feeds, sitemaps, the search index) follow any change.
    pub fn covers(&self, file: &str) -> bool {
        if self.everything {
            return true;
        }
        match PageClass::of(file) {
            PageClass::Article(slug) => self.all_articles || self.articles.contains(&slug),
            PageClass::Home | PageClass::Archive | PageClass::TagIndex => {
                self.lists || self.all_lists
            }
            PageClass::Tag(slug) => self.all_lists || self.tags.contains(&slug),
            PageClass::Author(key) => self.all_lists || self.authors.contains(&key),
            PageClass::NotFound => self.not_found,
            PageClass::Other => true,
        }
    }

    /// Adds another change's stale pages to this one.
    pub fn merge(&mut self, other: Invalidation) {
        self.everything |= other.everything;
        self.all_articles |= other.all_articles;
        self.not_found |= other.not_found;
        self.lists |= other.lists;
        self.all_lists |= other.all_lists;
        self.articles.extend(other.articles);
        self.tags.extend(other.tags);
        self.authors.extend(other.authors);
    }
}

/// The pages a template change makes stale. `sources` are the theme's
/// templates (name, text): a template that extends, includes or imports a
/// changed one changes with it, so a change to `base.html` reaches every page
/// and a change to `article.html` only articles.
pub fn template_invalidation(
    changed: &BTreeSet<String>,
    sources: &[(String, String)],
) -> Invalidation {
    let mut affected: BTreeSet<&str> = changed.iter().map(String::as_str).collect();
    loop {
        let before = affected.len();
        for (name, text) in sources {
            let uses_affected = affected
                .iter()
                .any(|a| text.contains(&format!("\"{a}\"")) || text.contains(&format!("'{a}'")));
            if uses_affected {
                affected.insert(name);
            }
        }
        if affected.len() == before {
            break;
        }
    }
    // Site-wide fragments (and what they include) are on every page.
    if affected.iter().any(|name| fragment_name(name).is_some()) {
        return Invalidation::everything();
    }
    let mut stale = Invalidation::default();
    for name in affected {
        match name {
            "article.html" => stale.all_articles = true,
            "list.html" => stale.all_lists = true,
            "tags.html" => stale.lists = true,
            "404.html" => stale.not_found = true,
            // Static pages and outputs that are not theme pages always go stale.
            _ => {}
        }
    }
    stale
}

/// How an article looks from other pages, before or after an edit.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleLook {
    pub slug: String,
    /// Its position in the newest-first list.
    pub position: usize,
    /// Tag slugs.
    pub tags: Vec<String>,
    pub author: String,
    /// Its card (title, date, summary, byline, image…) as templates see it.
    pub card: serde_json::Value,
}

/// How far down the newest-first list a page's Recent news can reach: it
/// shows the newest [`RECENT_NEWS`] articles the page does not list itself,
/// and a list page lists at most `longest_list_page` of them.
pub fn recent_news_reach(longest_list_page: usize) -> usize {
    RECENT_NEWS + longest_list_page
}

/// The pages an article edit makes stale. `before`/`after` are `None` when the
/// article did not exist (or was hidden) on that side. `linked_from` are the
/// slugs of articles whose related links point at it (they show its title).
/// `recent_reach` is [`recent_news_reach`]: an article placed within it may
/// be in any page's sidebar.
pub fn article_invalidation(
    before: Option<&ArticleLook>,
    after: Option<&ArticleLook>,
    linked_from: &[String],
    recent_reach: usize,
) -> Invalidation {
    let mut stale = Invalidation::default();
    for look in before.iter().chain(after.iter()) {
        stale.articles.insert(look.slug.clone());
    }
    let card_changed = match (before, after) {
        (Some(b), Some(a)) => b.card != a.card || b.position != a.position,
        (None, None) => false,
        _ => true,
    };
    if !card_changed {
        // Only the body changed: the article page itself (and feeds) are all that show it.
        return stale;
    }
    let in_recent_news = before
        .iter()
        .chain(after.iter())
        .any(|l| l.position <= recent_reach);
    let tags_changed = before.map(|b| &b.tags) != after.map(|a| &a.tags);
    if in_recent_news || tags_changed {
        // Every page's sidebar lists it, or tag counts (shown with cards) moved.
        return Invalidation::everything();
    }
    stale.lists = true;
    for look in before.iter().chain(after.iter()) {
        stale.tags.extend(look.tags.iter().cloned());
        stale.authors.insert(look.author.clone());
    }
    stale.articles.extend(linked_from.iter().cloned());
    stale
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan_of(paths: &[&str]) -> RebuildPlan {
        let root = Path::new("/site");
        let changed: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        plan(root, &changed)
    }

    #[test]
    fn site_yaml_rebuilds_everything() {
        let p = plan_of(&["site.yaml"]);
        assert!(p.everything);
        assert!(!p.is_css_only());
    }

    #[test]
    fn an_article_file_is_reread_alone() {
        let p = plan_of(&["content/news/magnet-prices.md"]);
        assert_eq!(
            p.articles,
            BTreeSet::from([PathBuf::from("content/news/magnet-prices.md")])
        );
        assert!(!p.everything && !p.all_content);
        assert!(p.templates.is_empty() && p.assets.is_empty());
    }

    #[test]
    fn folder_article_files_map_to_its_index() {
        for path in [
            "content/news/odisha/index.md",
            "content/news/odisha/cover.jpg",
            "content/news/odisha",
        ] {
            let p = plan_of(&[path]);
            assert_eq!(
                p.articles,
                BTreeSet::from([PathBuf::from("content/news/odisha/index.md")]),
                "{path}"
            );
        }
    }

    #[test]
    fn authors_and_pages_reload_content() {
        assert!(plan_of(&["content/authors/asha.md"]).all_content);
        assert!(plan_of(&["content/pages/about.md"]).all_content);
        assert!(!plan_of(&["content/pages/about.md"]).everything);
    }

    #[test]
    fn other_content_reloads_all_content() {
        assert!(plan_of(&["content/comments/x.yaml"]).all_content);
        assert!(plan_of(&["content/news/notes.txt"]).all_content);
    }

    #[test]
    fn templates_and_partials_reload_the_theme() {
        let p = plan_of(&["templates/article.html", "templates/partials/card.html"]);
        assert_eq!(
            p.templates,
            BTreeSet::from(["article.html".to_string(), "partials/card.html".to_string()])
        );
        assert!(plan_of(&["templates/README.md"]).is_empty());
    }

    #[test]
    fn a_stylesheet_alone_is_css_only() {
        let p = plan_of(&["templates/assets/style.css"]);
        assert_eq!(p.assets, BTreeSet::from(["/assets/style.css".to_string()]));
        assert!(p.is_css_only());
        let p = plan_of(&["templates/assets/style.css", "templates/assets/logo.svg"]);
        assert!(!p.is_css_only());
        let p = plan_of(&["templates/assets/style.css", "content/news/a.md"]);
        assert!(!p.is_css_only());
    }

    #[test]
    fn editor_litter_and_outside_paths_are_ignored() {
        let p = plan_of(&[
            "content/news/.a.md.swp",
            "content/news/a.md~",
            "content/news/4913",
            "templates/.#base.html",
            "public/index.html",
            "README.md",
        ]);
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn output_files_are_classified() {
        assert_eq!(PageClass::of("index.html"), PageClass::Home);
        assert_eq!(PageClass::of("page/3/index.html"), PageClass::Home);
        assert_eq!(PageClass::of("news/index.html"), PageClass::Archive);
        assert_eq!(PageClass::of("news/page/2/index.html"), PageClass::Archive);
        assert_eq!(
            PageClass::of("news/x/index.html"),
            PageClass::Article("x".into())
        );
        assert_eq!(
            PageClass::of("tags/india/page/2/index.html"),
            PageClass::Tag("india".into())
        );
        assert_eq!(
            PageClass::of("authors/li/index.html"),
            PageClass::Author("li".into())
        );
        assert_eq!(PageClass::of("about/index.html"), PageClass::Other);
        assert_eq!(PageClass::of("atom.xml"), PageClass::Other);
    }

    fn sources(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn a_page_template_touches_its_own_pages() {
        let theme = sources(&[
            ("base.html", "<html>{% block content %}{% endblock %}"),
            ("article.html", "{% extends \"base.html\" %}"),
            (
                "list.html",
                "{% extends \"base.html\" %}{% include \"partials/card.html\" %}",
            ),
            ("404.html", "{% extends 'base.html' %}"),
            ("partials/card.html", "<article>"),
        ]);
        let stale = template_invalidation(&BTreeSet::from(["article.html".into()]), &theme);
        assert!(stale.covers("news/x/index.html"));
        assert!(!stale.covers("index.html") && !stale.covers("404.html"));

        let stale = template_invalidation(&BTreeSet::from(["partials/card.html".into()]), &theme);
        assert!(stale.covers("index.html") && stale.covers("tags/india/index.html"));
        assert!(!stale.covers("news/x/index.html"));

        let stale = template_invalidation(&BTreeSet::from(["base.html".into()]), &theme);
        for file in [
            "news/x/index.html",
            "index.html",
            "404.html",
            "about/index.html",
        ] {
            assert!(stale.covers(file), "{file}");
        }
    }

    #[test]
    fn a_fragment_or_what_it_includes_touches_every_page() {
        let theme = sources(&[
            (
                "base.html",
                "{{ fragments.sidebar }}{% block content %}{% endblock %}",
            ),
            ("article.html", "{% extends \"base.html\" %}"),
            (
                "fragments/sidebar.html",
                "{% include \"partials/subscribe.html\" %}",
            ),
            ("partials/subscribe.html", "<form>"),
        ]);
        for changed in ["fragments/sidebar.html", "partials/subscribe.html"] {
            let stale = template_invalidation(&BTreeSet::from([changed.into()]), &theme);
            for file in [
                "news/x/index.html",
                "index.html",
                "404.html",
                "about/index.html",
            ] {
                assert!(stale.covers(file), "{changed}: {file}");
            }
        }
    }

    /// Lists of ten a page: Recent news reaches the 15th article.
    const REACH: usize = RECENT_NEWS + 10;

    #[test]
    fn an_edit_within_recent_news_reach_touches_every_page() {
        // A topic page listing the newest ten shows the 11th to 15th beside them.
        let at = |position| {
            article_invalidation(
                Some(&look("x", position, "Old")),
                Some(&look("x", position, "New")),
                &[],
                recent_news_reach(10),
            )
        };
        assert!(at(14).everything);
        assert!(!at(16).everything);
    }

    fn look(slug: &str, position: usize, title: &str) -> ArticleLook {
        ArticleLook {
            slug: slug.into(),
            position,
            tags: vec!["india".into()],
            author: "li".into(),
            card: json!({ "title": title }),
        }
    }

    #[test]
    fn a_body_edit_touches_only_its_page_and_feeds() {
        let before = look("x", 40, "Same");
        let after = look("x", 40, "Same");
        let stale = article_invalidation(Some(&before), Some(&after), &["y".into()], REACH);
        assert!(stale.covers("news/x/index.html"));
        assert!(!stale.covers("news/y/index.html"));
        assert!(!stale.covers("index.html"));
        assert!(!stale.covers("tags/india/index.html"));
        assert!(stale.covers("atom.xml"));
    }

    #[test]
    fn a_title_edit_touches_lists_and_linking_articles() {
        let stale = article_invalidation(
            Some(&look("x", 40, "Old")),
            Some(&look("x", 40, "New")),
            &["y".into()],
            REACH,
        );
        for file in [
            "news/x/index.html",
            "news/y/index.html",
            "index.html",
            "page/5/index.html",
            "news/index.html",
            "tags/index.html",
            "tags/india/index.html",
            "authors/li/index.html",
        ] {
            assert!(stale.covers(file), "{file}");
        }
        assert!(!stale.covers("news/z/index.html"));
        assert!(!stale.covers("authors/asha/index.html"));
        assert!(!stale.covers("tags/china/index.html"));
        assert!(!stale.covers("404.html"));
    }

    #[test]
    fn an_edit_among_recent_news_touches_every_page() {
        let stale = article_invalidation(
            Some(&look("x", 2, "Old")),
            Some(&look("x", 2, "New")),
            &[],
            REACH,
        );
        assert!(stale.everything);
        assert!(stale.covers("news/z/index.html") && stale.covers("404.html"));
    }

    #[test]
    fn new_and_removed_articles_change_lists() {
        let added = article_invalidation(None, Some(&look("x", 30, "New")), &[], REACH);
        assert!(added.covers("index.html") && added.covers("news/x/index.html"));
        let removed = article_invalidation(Some(&look("x", 30, "Gone")), None, &[], REACH);
        assert!(removed.covers("news/x/index.html") && removed.covers("news/index.html"));
        let recent = article_invalidation(None, Some(&look("x", 0, "Newest")), &[], REACH);
        assert!(recent.everything);
    }

    #[test]
    fn a_tag_change_touches_everything() {
        let before = look("x", 40, "Same");
        let mut after = before.clone();
        after.tags = vec!["china".into()];
        after.card = json!({ "title": "Same", "tags": ["china"] });
        assert!(article_invalidation(Some(&before), Some(&after), &[], REACH).everything);
    }
}
