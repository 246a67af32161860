//! The files a build would write, as link targets: which site paths exist, and
//! which ids (anchors) each rendered page has.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::routes::{files_serving, path_of_file};

/// Every output file of a render, by path relative to the output root.
pub struct OutputIndex {
    /// Bytes where the render produced them; `None` for a page that failed to render.
    files: HashMap<String, Option<Vec<u8>>>,
    /// Ids found in each HTML page, computed on first use.
    ids: RefCell<HashMap<String, Rc<HashSet<String>>>>,
}

impl OutputIndex {
    /// `rendered` are the files a render wrote; `pages` every page file it should
    /// have written (a page that failed to render still counts as a link target).
    pub fn new(rendered: HashMap<String, Vec<u8>>, pages: Vec<String>) -> OutputIndex {
        let mut files: HashMap<String, Option<Vec<u8>>> = rendered
            .into_iter()
            .map(|(file, bytes)| (file, Some(bytes)))
            .collect();
        for page in pages {
            files.entry(page).or_insert(None);
        }
        OutputIndex {
            files,
            ids: RefCell::default(),
        }
    }

    /// The output file a site path names (no query or fragment), as a static host
    /// would serve it: `/news/x/` and `/news/x` → `news/x/index.html`.
    pub fn file_for(&self, site_path: &str) -> Option<String> {
        files_serving(site_path)
            .into_iter()
            .find(|c| self.files.contains_key(c))
    }

    /// The ids in an HTML output file; `None` when it is not HTML or did not render.
    pub fn ids_of(&self, file: &str) -> Option<Rc<HashSet<String>>> {
        if !file.ends_with(".html") {
            return None;
        }
        if let Some(ids) = self.ids.borrow().get(file) {
            return Some(ids.clone());
        }
        let bytes = self.files.get(file)?.as_ref()?;
        let ids = Rc::new(html_ids(&String::from_utf8_lossy(bytes)));
        self.ids.borrow_mut().insert(file.to_string(), ids.clone());
        Some(ids)
    }

    /// The site paths of every HTML page (`/news/x/`), for "did you mean".
    pub fn page_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .files
            .keys()
            .filter(|f| f.ends_with(".html"))
            .map(|f| path_of_file(f))
            .collect();
        paths.sort();
        paths
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
        let index = OutputIndex::new(
            HashMap::from([
                ("index.html".to_string(), b"<p id=\"top\">".to_vec()),
                ("news/a/index.html".to_string(), Vec::new()),
                ("feed.xml".to_string(), Vec::new()),
            ]),
            vec!["tags/index.html".to_string()],
        );
        assert_eq!(index.file_for("/").as_deref(), Some("index.html"));
        assert_eq!(
            index.file_for("/news/a/").as_deref(),
            Some("news/a/index.html")
        );
        assert_eq!(
            index.file_for("/news/a").as_deref(),
            Some("news/a/index.html")
        );
        assert_eq!(index.file_for("/feed.xml").as_deref(), Some("feed.xml"));
        assert_eq!(index.file_for("/tags/").as_deref(), Some("tags/index.html"));
        assert_eq!(index.file_for("/news/b/"), None);
        assert!(index.ids_of("index.html").unwrap().contains("top"));
        assert!(index.ids_of("tags/index.html").is_none(), "did not render");
        assert_eq!(index.page_paths(), ["/", "/news/a/", "/tags/"]);
        assert_eq!(crate::routes::file_of_path("/404.html"), "404.html");
    }
}
