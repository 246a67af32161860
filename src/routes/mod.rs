//! The route table: where each page and each generated file of a site lives.
//!
//! Why it exists: the URL layout (`/news/<slug>/`, `/tags/<tag>/page/2/`,
//! `/atom.xml`, `/assets/…`) is one decision, and it is made here. Rendering
//! links to pages, outputs name their files, `check` resolves links and
//! `serve` answers requests by asking this module, never by writing a path
//! themselves, so moving a page means changing this module alone.
//!
//! [`Routes`] is the table of one loaded site: every page it has (articles,
//! numbered list pages, topics, authors…) and where each one lives; it also
//! says which articles each list page shows. `paths.rs` is the layout itself:
//! the site path of each kind of page and file, as functions of slugs and
//! keys, and the output file of each site path.
//!
//! What it must not know: the site's base URL and percent-encoding
//! (`Config::url` and `Config::permalink` put a site path under the site's
//! address), templates, or what a page shows. It reads the configuration only
//! for how many articles a list page holds, and the library only for slugs,
//! keys and which articles each list has.

mod media;
mod paths;

pub use media::content_type;
pub use paths::*;

use crate::config::Config;
use crate::content::Library;

/// One page of the site, before rendering.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageKey {
    Article(usize),
    Home(usize),
    Archive(usize),
    TagIndex,
    /// Tag index in `Library::tags`, page number.
    Tag(usize, usize),
    Author(String, usize),
    Page(usize),
    NotFound,
    /// `/subscribed/`: where a newsletter provider sends a new subscriber back to.
    Subscribed,
    /// `/search/`, when the theme has a search page.
    Search,
}

/// A list of articles split into numbered pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List<'a> {
    /// Every article: the home page and its `/page/N/` pages.
    Home,
    /// Every article again, more to a page: `/news/` and `/news/page/N/`.
    Archive,
    /// A topic's articles (its index in `Library::tags`).
    Tag(usize),
    /// An author's articles (the author's key).
    Author(&'a str),
}

impl List<'_> {
    /// Page `n` of this list.
    pub fn page(self, n: usize) -> PageKey {
        match self {
            List::Home => PageKey::Home(n),
            List::Archive => PageKey::Archive(n),
            List::Tag(t) => PageKey::Tag(t, n),
            List::Author(key) => PageKey::Author(key.to_string(), n),
        }
    }
}

/// Pages a theme may leave out: each is made only when the theme has its template.
#[derive(Debug, Clone, Copy, Default)]
pub struct OptionalPages {
    /// The theme has a search page.
    pub search: bool,
    /// The theme has a page to thank new subscribers (made only when the
    /// site has a newsletter).
    pub subscribed: bool,
}

/// The route table of one loaded site: every page, and where each one lives.
#[derive(Debug, Clone, Copy)]
pub struct Routes<'a> {
    library: &'a Library,
    /// Articles per page of the home, topic and author lists.
    per_page: usize,
    /// Articles per page of the archive.
    archive_per_page: usize,
    search: bool,
    subscribed: bool,
}

impl<'a> Routes<'a> {
    pub fn new(config: &Config, library: &'a Library, optional: OptionalPages) -> Routes<'a> {
        Routes {
            library,
            per_page: config.paginate_by,
            archive_per_page: config.archive_paginate_by,
            search: optional.search,
            subscribed: optional.subscribed && config.newsletter.is_some(),
        }
    }

    /// Every page of the site, in the order a build renders them.
    pub fn pages(&self) -> Vec<PageKey> {
        let lib = self.library;
        let mut keys: Vec<PageKey> = (0..lib.articles.len()).map(PageKey::Article).collect();
        keys.extend(self.every_page_of(List::Home));
        keys.extend(self.every_page_of(List::Archive));
        keys.push(PageKey::TagIndex);
        for t in 0..lib.tags.len() {
            keys.extend(self.every_page_of(List::Tag(t)));
        }
        for key in lib.authors.keys() {
            keys.extend(self.every_page_of(List::Author(key)));
        }
        keys.extend((0..lib.pages.len()).map(PageKey::Page));
        keys.push(PageKey::NotFound);
        if self.subscribed {
            keys.push(PageKey::Subscribed);
        }
        if self.search {
            keys.push(PageKey::Search);
        }
        keys
    }

    /// The site path of a page, e.g. `/news/x/` or `/404.html`.
    pub fn path_of(&self, key: &PageKey) -> String {
        let lib = self.library;
        match key {
            PageKey::Article(i) => article_path(&lib.articles[*i].slug),
            PageKey::Home(n) => self.numbered_page_path(List::Home, *n),
            PageKey::Archive(n) => self.numbered_page_path(List::Archive, *n),
            PageKey::TagIndex => TAG_INDEX_PATH.into(),
            PageKey::Tag(t, n) => self.numbered_page_path(List::Tag(*t), *n),
            PageKey::Author(key, n) => self.numbered_page_path(List::Author(key), *n),
            PageKey::Page(i) => static_page_path(&lib.pages[*i].slug),
            PageKey::NotFound => NOT_FOUND_PATH.into(),
            PageKey::Subscribed => SUBSCRIBED_PATH.into(),
            PageKey::Search => SEARCH_PATH.into(),
        }
    }

    /// The output file of a page, e.g. `news/x/index.html` or `404.html`.
    pub fn file_of(&self, key: &PageKey) -> String {
        file_of_path(&self.path_of(key))
    }

    /// Page `number` (from 1) of `list`: what it shows and where the list's
    /// other pages are.
    pub fn list_page<'l>(&self, list: List<'l>, number: usize) -> ListPage<'l>
    where
        'a: 'l,
    {
        let paging = self.paging(list);
        ListPage {
            list,
            number,
            page_count: paging.page_count(),
            first_page: self.first_page_path(list),
            paging,
        }
    }

    /// Every page of a list, first to last.
    fn every_page_of<'l>(&self, list: List<'l>) -> impl Iterator<Item = PageKey> + 'l {
        (1..=self.paging(list).page_count()).map(move |n| list.page(n))
    }

    /// The site path of page `n` of a list.
    fn numbered_page_path(&self, list: List<'_>, n: usize) -> String {
        numbered_path(&self.first_page_path(list), n)
    }

    /// The site path of a list's first page.
    fn first_page_path(&self, list: List<'_>) -> String {
        match list {
            List::Home => HOME_PATH.into(),
            List::Archive => ARCHIVE_PATH.into(),
            List::Tag(t) => tag_path(&self.library.tags[t].slug),
            List::Author(key) => author_path(key),
        }
    }

    fn paging(&self, list: List<'_>) -> Paging<'a> {
        let lib = self.library;
        let (articles, per_page) = match list {
            List::Home => (Listed::Every(lib.articles.len()), self.per_page),
            List::Archive => (Listed::Every(lib.articles.len()), self.archive_per_page),
            List::Tag(t) => (Listed::These(&lib.tags[t].articles), self.per_page),
            List::Author(key) => (Listed::These(lib.articles_by(key)), self.per_page),
        };
        Paging { articles, per_page }
    }
}

/// The articles of a list, newest first, by index into `Library::articles`.
#[derive(Debug, Clone, Copy)]
enum Listed<'a> {
    /// The library's first `n`: every article.
    Every(usize),
    These(&'a [usize]),
}

/// A list's articles and how many go on a page.
#[derive(Debug, Clone, Copy)]
struct Paging<'a> {
    articles: Listed<'a>,
    per_page: usize,
}

impl Paging<'_> {
    fn len(&self) -> usize {
        match self.articles {
            Listed::Every(n) => n,
            Listed::These(indices) => indices.len(),
        }
    }

    /// How many pages the list fills (at least one, even when empty).
    fn page_count(&self) -> usize {
        self.len().div_ceil(self.per_page.max(1)).max(1)
    }
}

/// One numbered page of a list of articles.
#[derive(Debug, Clone)]
pub struct ListPage<'a> {
    pub list: List<'a>,
    /// From 1.
    pub number: usize,
    /// How many pages the list has (at least one).
    pub page_count: usize,
    /// Site path of the list's first page.
    first_page: String,
    paging: Paging<'a>,
}

impl ListPage<'_> {
    /// How many articles the whole list has.
    pub fn total_items(&self) -> usize {
        self.paging.len()
    }

    /// The articles on this page, newest first (indices into `Library::articles`).
    pub fn articles_on_page(&self) -> Vec<usize> {
        let (total, per_page) = (self.paging.len(), self.paging.per_page);
        let start = (self.number.saturating_sub(1) * per_page).min(total);
        let end = (start + per_page).min(total);
        match self.paging.articles {
            Listed::Every(_) => (start..end).collect(),
            Listed::These(indices) => indices[start..end].to_vec(),
        }
    }

    /// The site path of page `n` of the same list.
    pub fn path_of_page(&self, n: usize) -> String {
        numbered_path(&self.first_page, n)
    }
}

/// An old address of an article: a redirect page, and a line of `_redirects`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasRoute {
    /// Site path of the alias, e.g. `/2024/10/old-story/`.
    pub path: String,
    /// Its output file, e.g. `2024/10/old-story/index.html`.
    pub file: String,
    /// The article it leads to (an index into `Library::articles`).
    pub article: usize,
}

impl Routes<'_> {
    /// Every alias of every article, in library order, then as written.
    pub fn aliases(&self) -> Vec<AliasRoute> {
        let lib = self.library;
        lib.articles
            .iter()
            .enumerate()
            .flat_map(|(article, a)| {
                a.aliases.iter().map(move |written| {
                    let path = alias_path(written);
                    AliasRoute {
                        file: file_of_path(&path),
                        path,
                        article,
                    }
                })
            })
            .collect()
    }
}

/// The library index of the article whose page a site path names.
pub fn article_at(library: &Library, path: &str) -> Option<usize> {
    library.by_slug.get(article_slug_at(path)?).copied()
}

/// The library index of the article whose page is the output file `file`.
pub fn article_in(library: &Library, file: &str) -> Option<usize> {
    library.by_slug.get(article_slug_in(file)?).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::library::RESERVED_PATHS;
    use crate::site::minimal_fixture;

    fn every_page() -> OptionalPages {
        OptionalPages {
            search: true,
            subscribed: true,
        }
    }

    #[test]
    fn pages_have_their_paths_and_files() {
        let (config, library) = minimal_fixture();
        let routes = Routes::new(&config, &library, every_page());
        let slug = &library.articles[0].slug;
        assert_eq!(
            routes.path_of(&PageKey::Article(0)),
            format!("/news/{slug}/")
        );
        assert_eq!(routes.path_of(&PageKey::Home(1)), "/");
        assert_eq!(routes.path_of(&PageKey::Home(2)), "/page/2/");
        assert_eq!(routes.path_of(&PageKey::Archive(3)), "/news/page/3/");
        let tag = &library.tags[0].slug;
        assert_eq!(
            routes.path_of(&PageKey::Tag(0, 2)),
            format!("/tags/{tag}/page/2/")
        );
        assert_eq!(
            routes.path_of(&PageKey::Author("li".into(), 1)),
            "/authors/li/"
        );
        assert_eq!(routes.file_of(&PageKey::Home(1)), "index.html");
        assert_eq!(routes.file_of(&PageKey::NotFound), "404.html");
        assert_eq!(routes.file_of(&PageKey::Search), "search/index.html");
    }

    #[test]
    fn every_list_has_a_first_page_and_no_page_is_listed_twice() {
        let (config, library) = minimal_fixture();
        let routes = Routes::new(&config, &library, every_page());
        let pages = routes.pages();
        assert!(pages.contains(&PageKey::Home(1)) && pages.contains(&PageKey::Archive(1)));
        for (t, _) in library.tags.iter().enumerate() {
            assert!(pages.contains(&PageKey::Tag(t, 1)));
        }
        let files: std::collections::HashSet<String> =
            pages.iter().map(|k| routes.file_of(k)).collect();
        assert_eq!(files.len(), pages.len());
        let without = Routes::new(&config, &library, OptionalPages::default()).pages();
        assert!(!without.contains(&PageKey::Search) && !without.contains(&PageKey::Subscribed));
    }

    #[test]
    fn a_list_page_shows_its_share_of_the_list() {
        let (mut config, library) = minimal_fixture();
        config.paginate_by = 2;
        let routes = Routes::new(&config, &library, OptionalPages::default());
        let total = library.articles.len();
        assert!(total > 2, "two home pages to compare");
        let last = total.div_ceil(2);
        let first = routes.list_page(List::Home, 1);
        assert_eq!(first.articles_on_page(), [0, 1]);
        assert_eq!((first.page_count, first.total_items()), (last, total));
        assert_eq!(first.path_of_page(2), "/page/2/");
        let end = routes.list_page(List::Home, last);
        assert_eq!(
            end.articles_on_page(),
            ((last - 1) * 2..total).collect::<Vec<_>>()
        );
    }

    /// A static page may not take a folder the generator writes into.
    #[test]
    fn every_generated_folder_is_reserved_from_static_pages() {
        let (config, library) = minimal_fixture();
        let routes = Routes::new(&config, &library, every_page());
        let mut paths: Vec<String> = routes
            .pages()
            .iter()
            .filter(|k| !matches!(k, PageKey::Page(_)))
            .map(|k| routes.path_of(k))
            .collect();
        paths.extend([
            theme_asset_path("style.css"),
            search_index_path("manifest.json"),
            numbered_path(HOME_PATH, 2),
        ]);
        for path in paths {
            let rest = path.trim_start_matches('/');
            if let Some((folder, _)) = rest.split_once('/') {
                assert!(RESERVED_PATHS.contains(&folder), "{path}");
            }
        }
    }
}
