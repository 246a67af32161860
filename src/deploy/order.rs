//! The order of uploads that keeps the live site whole: a page goes up only
//! after what it links to. Files are classed by the route table
//! (`routes::PageClass`, the site's fixed file names), not guessed from names.

use crate::outputs::search::files::MANIFEST as SEARCH_MANIFEST;
use crate::routes::{
    self, FeedFormat, NEWS_SITEMAP_PATH, PageClass, ROBOTS_PATH, SITEMAP_PATH, file_of_path,
};

/// When a file goes up; deletions come after the last wave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Wave {
    /// Images, styles, scripts, the search index's hashed parts: what pages use.
    Assets,
    /// Article pages, static pages, the 404 page.
    Pages,
    /// Archive, topic and author lists (they link to articles).
    Lists,
    /// Home, feeds, sitemaps, `robots.txt`, the search manifest: the ways in.
    Entrances,
}

impl Wave {
    /// The wave of the output file `file` (`news/x/index.html`).
    pub fn of(file: &str) -> Wave {
        if is_entrance(file) {
            return Wave::Entrances;
        }
        if !routes::content_type(file).starts_with("text/html") {
            return Wave::Assets;
        }
        match PageClass::of(file) {
            PageClass::Home => Wave::Entrances,
            PageClass::Archive | PageClass::TagIndex | PageClass::Tag(_) | PageClass::Author(_) => {
                Wave::Lists
            }
            PageClass::Article(_) | PageClass::NotFound | PageClass::Other => Wave::Pages,
        }
    }

    /// How the plan names the wave.
    pub fn label(self) -> &'static str {
        match self {
            Wave::Assets => "assets",
            Wave::Pages => "pages",
            Wave::Lists => "lists",
            Wave::Entrances => "home, feeds and sitemaps",
        }
    }
}

/// Feeds (of the site, a topic or an author), sitemaps and their parts,
/// `robots.txt` and the search manifest (it names the hashed index files).
fn is_entrance(file: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file);
    if FeedFormat::of_file_name(name).is_some() {
        return true;
    }
    let search_manifest = format!("{}{SEARCH_MANIFEST}", routes::search_index_folder());
    let fixed = [
        file_of_path(SITEMAP_PATH),
        file_of_path(NEWS_SITEMAP_PATH),
        file_of_path(ROBOTS_PATH),
        search_manifest,
    ];
    fixed.iter().any(|f| f == file) || is_sitemap_part(file)
}

/// `sitemap-3.xml`, a part of a sitemap too long for one file.
fn is_sitemap_part(file: &str) -> bool {
    let stem = file_of_path(SITEMAP_PATH);
    let stem = stem.trim_end_matches(".xml");
    file.strip_prefix(stem)
        .and_then(|rest| rest.strip_prefix('-'))
        .and_then(|rest| rest.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_classed_by_the_route_table() {
        for (file, wave) in [
            ("assets/style.css", Wave::Assets),
            ("news/x/cover.jpg", Wave::Assets),
            ("search/d.0a1b2c3d.gz", Wave::Assets),
            ("news/x/index.html", Wave::Pages),
            ("about/index.html", Wave::Pages),
            ("404.html", Wave::Pages),
            ("news/index.html", Wave::Lists),
            ("news/page/2/index.html", Wave::Lists),
            ("tags/india/index.html", Wave::Lists),
            ("authors/daniel/index.html", Wave::Lists),
            ("index.html", Wave::Entrances),
            ("page/2/index.html", Wave::Entrances),
            ("atom.xml", Wave::Entrances),
            ("tags/india/atom.xml", Wave::Entrances),
            ("sitemap.xml", Wave::Entrances),
            ("sitemap-2.xml", Wave::Entrances),
            ("news-sitemap.xml", Wave::Entrances),
            ("robots.txt", Wave::Entrances),
            ("search/index.json.gz", Wave::Entrances),
        ] {
            assert_eq!(Wave::of(file), wave, "{file}");
        }
    }
}
