//! What a link may lead to: the files a build writes (from the route table,
//! the assets and the outputs, gathered before the commit) and, for a
//! `#fragment`, the ids on a rendered page, read back only for the few pages
//! a fragment link needs.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use crate::routes::{files_serving, path_of_file};

/// Every output file a build writes, by path relative to the output root
/// (`news/x/index.html`, `assets/style.css`, `atom.xml`). A new kind of
/// output (a `static/` file, a redirect page) is one more [`SiteFiles::insert`].
#[derive(Debug, Default, Clone)]
pub struct SiteFiles {
    files: HashSet<String>,
    /// Folders of data files the build writes as a whole (`search/`): any
    /// file under them but a page counts, as their names are not known when
    /// they are kept from the last build. Pages are always listed one by one.
    folders: Vec<String>,
}

impl SiteFiles {
    pub fn new() -> SiteFiles {
        SiteFiles::default()
    }

    /// Adds one output file (`news/x/index.html`).
    pub fn insert(&mut self, file: impl Into<String>) {
        self.files.insert(file.into());
    }

    /// Adds a folder of generated files (`search/`), named with its trailing `/`.
    pub fn insert_folder(&mut self, folder: impl Into<String>) {
        self.folders.push(folder.into());
    }

    /// Adds output files.
    pub fn extend(&mut self, files: impl IntoIterator<Item = String>) {
        self.files.extend(files);
    }

    pub fn contains(&self, file: &str) -> bool {
        self.files.contains(file)
            || (!file.ends_with(".html")
                && self.folders.iter().any(|f| file.starts_with(f.as_str())))
    }

    /// The output file a site path names (no query or fragment), as a static host
    /// would serve it: `/news/x/` and `/news/x` → `news/x/index.html`.
    pub fn file_for(&self, site_path: &str) -> Option<String> {
        files_serving(site_path)
            .into_iter()
            .find(|c| self.contains(c))
    }

    /// The site paths of every HTML page (`/news/x/`), sorted, for "did you mean".
    pub fn page_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .files
            .iter()
            .filter(|f| f.ends_with(".html"))
            .map(|f| path_of_file(f))
            .collect();
        paths.sort();
        paths
    }
}

/// A rendered page read back before the commit: from memory (`check`) or
/// from the staging folder (`build`).
pub trait RenderedPages: Sync {
    /// The bytes of output file `file`, if it was rendered.
    fn html_of(&self, file: &str) -> Option<Vec<u8>>;
}

/// The ids on rendered pages, each page read and scanned once, on first use.
pub struct PageIds<'a> {
    pages: &'a dyn RenderedPages,
    seen: Mutex<HashMap<String, Option<Arc<HashSet<String>>>>>,
}

impl<'a> PageIds<'a> {
    pub fn new(pages: &'a dyn RenderedPages) -> PageIds<'a> {
        PageIds {
            pages,
            seen: Mutex::default(),
        }
    }

    /// The ids in an HTML output file; `None` when it is not HTML or did not render.
    pub fn ids_of(&self, file: &str) -> Option<Arc<HashSet<String>>> {
        if !file.ends_with(".html") {
            return None;
        }
        if let Some(ids) = self.seen.lock().expect("ids lock").get(file) {
            return ids.clone();
        }
        let ids = self
            .pages
            .html_of(file)
            .map(|bytes| Arc::new(html_ids(&String::from_utf8_lossy(&bytes))));
        self.seen
            .lock()
            .expect("ids lock")
            .insert(file.to_string(), ids.clone());
        ids
    }
}

/// The values of `id="…"` attributes in HTML that monazite rendered (quoted,
/// escaped attribute values), which is all a fragment link can point to.
fn html_ids(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(i) = rest.find("id=") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + 3..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let value_and_after = &rest[1..];
        if let Some(end) = value_and_after.find(quote) {
            ids.insert(unescape(&value_and_after[..end]));
            rest = &value_and_after[end + 1..];
        }
    }
    ids
}

fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Pages(HashMap<String, Vec<u8>>);

    impl RenderedPages for Pages {
        fn html_of(&self, file: &str) -> Option<Vec<u8>> {
            self.0.get(file).cloned()
        }
    }

    #[test]
    fn finds_ids_not_data_ids() {
        let ids = html_ids(
            "<h2 id=\"why\">x</h2><div data-id=\"no\" id='main'></div><a href=\"#x\">id=</a><p\nid=\"a&amp;b\">",
        );
        let mut ids: Vec<_> = ids.into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["a&b", "main", "why"]);
    }

    #[test]
    fn resolves_like_a_static_host() {
        let mut files = SiteFiles::new();
        for file in [
            "index.html",
            "news/a/index.html",
            "feed.xml",
            "tags/index.html",
        ] {
            files.insert(file);
        }
        files.insert_folder("search/");
        assert_eq!(files.file_for("/").as_deref(), Some("index.html"));
        assert_eq!(
            files.file_for("/news/a/").as_deref(),
            Some("news/a/index.html")
        );
        assert_eq!(
            files.file_for("/news/a").as_deref(),
            Some("news/a/index.html")
        );
        assert_eq!(files.file_for("/feed.xml").as_deref(), Some("feed.xml"));
        assert_eq!(
            files.file_for("/search/manifest.json").as_deref(),
            Some("search/manifest.json")
        );
        assert_eq!(files.file_for("/news/b/"), None);
        assert_eq!(
            files.file_for("/search/"),
            None,
            "a page is listed, or absent"
        );
        assert_eq!(files.page_paths(), ["/", "/news/a/", "/tags/"]);
    }

    #[test]
    fn reads_each_page_once_and_only_html() {
        let pages = Pages(HashMap::from([(
            "index.html".to_string(),
            b"<p id=\"top\">".to_vec(),
        )]));
        let ids = PageIds::new(&pages);
        assert!(ids.ids_of("index.html").unwrap().contains("top"));
        assert!(ids.ids_of("tags/index.html").is_none(), "did not render");
        assert!(ids.ids_of("feed.xml").is_none());
    }
}
