//! Site search: the index the build writes under /search/ (read back with the
//! library's own reader, as the script reads it) and the search page's HTML.
//! The page in a real headless Chromium is in the `chromium` test target.

use std::fs;
use std::path::Path;

use monazite::outputs::search::encode::{decode_lists, decode_term, decode_term_file};
use monazite::outputs::search::files::{DocRecord, MANIFEST, Manifest, gunzip, read_manifest};
use monazite::outputs::search::query::{self, IndexSource};

use crate::support::{Fixture, select, text_of};

/// The fixture made for search; see its articles in tests/fixtures/search/site.
fn search_site() -> Fixture {
    Fixture::new("search/site")
}

fn manifest(dir: &Path) -> Manifest {
    let bytes = fs::read(dir.join(MANIFEST)).expect("the manifest");
    read_manifest(&bytes).expect("the manifest is gzipped JSON in the documented shape")
}

struct Dir<'a>(&'a Path);

impl IndexSource for Dir<'_> {
    fn read(&mut self, name: &str) -> Option<Vec<u8>> {
        fs::read(self.0.join(name)).ok()
    }
}

fn titles(dir: &Path, q: &str, tag: Option<&str>) -> Vec<String> {
    let manifest = manifest(dir);
    let (hits, _) = query::search(&manifest, &mut Dir(dir), q, tag).unwrap();
    let ids: Vec<u32> = hits.iter().map(|h| h.id).collect();
    let (records, _) = query::records(&manifest, &mut Dir(dir), &ids).unwrap();
    records.into_iter().map(|r| r.0).collect()
}

#[test]
fn the_build_writes_a_small_complete_index() {
    let f = search_site();
    f.build();
    let dir = f.path("public/search");
    let files: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.len() < 200, "{} files", files.len());
    let m = manifest(&dir);
    assert_eq!(m.docs, 6, "published articles only: the draft is left out");
    let read = |name: &String| fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut terms = Vec::new();
    for (_, name) in &m.term_files {
        let file = decode_term_file(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (term, lists) in file {
            decode_term(&lists).unwrap_or_else(|e| panic!("{name}, {term}: {e}"));
            terms.push(term);
        }
    }
    assert!(
        terms.windows(2).all(|w| w[0] < w[1]),
        "terms sorted across files"
    );
    let mut titles = Vec::new();
    for name in &m.doc_files {
        let records: Vec<DocRecord> = serde_json::from_slice(&gunzip(&read(name)).unwrap())
            .unwrap_or_else(|e| panic!("{name} is not gzipped JSON: {e}"));
        titles.extend(records.into_iter().map(|r| r.0));
    }
    assert_eq!(titles.len(), 6);
    let tag_lists = decode_lists(&read(&m.tag_file)).unwrap();
    assert_eq!(tag_lists.len(), m.tags.len(), "one list per tag");
    // index.html (the page), the manifest, the script and the data files: nothing else.
    assert_eq!(
        files.len(),
        m.term_files.len() + m.doc_files.len() + 4,
        "{files:?}"
    );
    assert_eq!(m.authors, ["Asha Rao", "Li Wen"]);
    assert!(
        m.tags
            .iter()
            .any(|(name, slug)| name == "recycling" && slug == "recycling")
    );
    assert!(
        !titles.iter().any(|t| t == "Secret magnet plans") && !terms.iter().any(|t| t == "secret"),
        "the draft leaked into the index"
    );
    // The script is shipped beside the index, smaller than its source.
    let script = fs::read_to_string(dir.join("search.js")).unwrap();
    assert!(script.contains("monaziteSearch") && !script.contains("\n  "));
}

#[test]
fn the_written_index_ranks_title_matches_first_then_newest() {
    let f = search_site();
    f.build();
    let dir = f.path("public/search");
    assert_eq!(
        titles(&dir, "magnet", None),
        [
            "Magnet prices climb",
            "Recycling magnets from old hard drives",
            "Why <script> tags don’t scare magnet makers",
            "Refiners stock up on NdPr",
        ]
    );
    assert_eq!(
        titles(&dir, "magnets", Some("recycling")),
        ["Recycling magnets from old hard drives"]
    );
    assert_eq!(
        titles(&dir, "sao paulo", None),
        ["Café society: São Paulo’s lithium traders"]
    );
}

#[test]
fn a_rebuild_of_the_same_site_writes_the_same_index() {
    let f = search_site();
    f.build();
    let before = f.snapshot_public();
    f.build();
    assert_eq!(before, f.snapshot_public());
}

#[test]
fn the_search_page_is_labelled_announces_and_loads_its_script_deferred() {
    let f = search_site();
    f.run(&[
        "build",
        "--base-url",
        "https://search.example.org/newsroom/",
    ])
    .assert_success();
    let html = f.html("search/index.html");
    // The one search box is the header's, tied to the results it updates.
    assert_eq!(text_of(&html, "label[for=search-q]"), "Search Search Times");
    assert_eq!(select(&html, "input[type=search]").len(), 1);
    assert_eq!(
        select(&html, "header form#site-search[role=search] input#search-q[name=q][type=search][aria-controls=search-results]").len(),
        1
    );
    assert_eq!(
        select(&html, "select#search-tag[form=site-search]").len(),
        1,
        "the topic filter goes with the header's form"
    );
    assert_eq!(text_of(&html, "label[for=search-tag]"), "Topic");
    let options = select(&html, "select#search-tag option");
    assert!(options.len() > 5, "all topics are filter options");
    let status = select(&html, "#search-status");
    assert_eq!(status[0].attr("role"), Some("status"));
    assert_eq!(status[0].attr("aria-live"), Some("polite"));
    let script = select(&html, "script[src$='search.js']");
    assert_eq!(script.len(), 1);
    assert_eq!(script[0].attr("src"), Some("/newsroom/search/search.js"));
    assert!(script[0].attr("defer").is_some());
    let root = select(&html, "#search");
    assert_eq!(root[0].attr("data-search-index"), Some("/newsroom/search/"));
    assert_eq!(
        select(&html, "meta[name=robots]")[0].attr("content"),
        Some("noindex")
    );
    // The page works as a page without the script: it explains, and offers topics and the archive.
    assert!(text_of(&html, "#search-nojs").contains("needs JavaScript"));
    assert!(!select(&html, ".search-browse a[href='/newsroom/tags/recycling/']").is_empty());
    assert!(!select(&html, ".search-browse a[href='/newsroom/news/']").is_empty());
    // Only the search page loads the script.
    let home = f.output("index.html");
    assert!(!home.contains("search.js"));
}
