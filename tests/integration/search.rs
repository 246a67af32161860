//! Site search: the index the build writes under /search/ (read back with the
//! library's own reader, as the script reads it), the search page's HTML, and
//! the page in a real headless Chromium: as-you-type results, ranking, tag
//! filter, keyboard, URL state, base path, no requests off the site, and the
//! page without JavaScript.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Duration;

use monazite::outputs::search::encode::{decode_lists, decode_term, decode_term_file};
use monazite::outputs::search::files::{DocRecord, MANIFEST, Manifest, gunzip, read_manifest};
use monazite::outputs::search::query::{self, IndexSource};
use serde_json::json;

use crate::browser::assert_same_host;
use crate::support::cdp::Browser;
use crate::support::http::StaticServer;
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

/// Builds the search fixture under `/newsroom/` and serves it: the script
/// must find its index through the base path.
fn serve_under_base_path(f: &Fixture) -> StaticServer {
    let root = f.path("served");
    let out = root.join("newsroom");
    let out_arg = out.to_string_lossy().into_owned();
    f.run(&[
        "build",
        "--base-url",
        "http://127.0.0.1/newsroom/",
        "--output",
        &out_arg,
    ])
    .assert_success();
    StaticServer::start(&root)
}

fn result_titles(browser: &mut Browser) -> serde_json::Value {
    browser.eval("Array.from(document.querySelectorAll('#search-results .card__title')).map(e => e.textContent)")
}

#[test]
fn typing_in_the_search_page_shows_ranked_results_and_stays_on_site() {
    let f = search_site();
    let server = serve_under_base_path(&f);
    let mut browser = Browser::start();
    browser.viewport(1100, 900);
    browser.goto(&server.url("/newsroom/search/"));
    assert!(browser.wait_until(
        "window.monaziteSearch && window.monaziteSearch.page",
        Duration::from_secs(5)
    ));
    assert_eq!(
        browser.eval("document.getElementById('search-nojs').hidden"),
        json!(true)
    );
    browser.type_into("#search-q", "magnet");
    assert!(
        browser.wait_until(
            "document.querySelectorAll('#search-results .card__title').length === 4",
            Duration::from_secs(5)
        ),
        "results: {}",
        result_titles(&mut browser)
    );
    assert_eq!(
        result_titles(&mut browser),
        json!([
            "Magnet prices climb",
            "Recycling magnets from old hard drives",
            "Why <script> tags don’t scare magnet makers",
            "Refiners stock up on NdPr"
        ])
    );
    // Index text is text: the title's <script> is not an element.
    assert_eq!(
        browser
            .eval("document.querySelectorAll('#search-results script, #search-results b').length"),
        json!(0)
    );
    // The matched words are marked, the count is announced, the URL remembers the query.
    assert_eq!(
        browser.eval("document.querySelector('#search-results mark').textContent"),
        json!("Magnet")
    );
    assert_eq!(
        browser.eval("document.getElementById('search-status').textContent"),
        json!("4 results for “magnet”.")
    );
    assert_eq!(browser.eval("location.search"), json!("?q=magnet"));
    let first_href = browser.eval(
        "document.querySelector('#search-results a.search-result__link').getAttribute('href')",
    );
    assert_eq!(first_href, json!("/newsroom/news/magnet-prices/"));
    // Keyboard: arrow down from the input reaches the first result.
    browser.press("ArrowDown", "ArrowDown", 40);
    assert_eq!(
        browser.eval("document.activeElement.getAttribute('href')"),
        json!("/newsroom/news/magnet-prices/")
    );
    // The tag filter narrows the results.
    browser.eval("(() => { const s = document.getElementById('search-tag'); s.value = 'recycling'; s.dispatchEvent(new Event('change')); })()");
    assert!(browser.wait_until(
        "document.querySelectorAll('#search-results .card__title').length === 1",
        Duration::from_secs(5)
    ));
    assert_eq!(
        result_titles(&mut browser),
        json!(["Recycling magnets from old hard drives"])
    );
    assert_eq!(
        browser.eval("document.getElementById('search-status').textContent"),
        json!("1 result for “magnet” in recycling.")
    );
    assert_eq!(
        browser.eval("location.search"),
        json!("?q=magnet&tag=recycling")
    );
    let requests = browser.take_requests();
    assert!(
        requests
            .iter()
            .any(|u| u.contains("/newsroom/search/index.json.gz")),
        "{requests:?}"
    );
    assert!(
        requests.iter().any(|u| u.contains("/newsroom/search/t.")),
        "{requests:?}"
    );
    assert_same_host(&server, &requests);
    let errors = browser.take_console_errors();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_query_in_the_url_fills_the_box_and_searches_and_enter_searches_at_once() {
    let f = search_site();
    let server = serve_under_base_path(&f);
    let mut browser = Browser::start();
    browser.goto(&server.url("/newsroom/search/?q=monazite"));
    assert!(browser.wait_until(
        "document.querySelectorAll('#search-results .card__title').length === 1",
        Duration::from_secs(5)
    ));
    assert_eq!(
        browser.eval("document.getElementById('search-q').value"),
        json!("monazite")
    );
    assert_eq!(
        result_titles(&mut browser),
        json!(["Monazite sands of Odisha"])
    );
    // Replace the query and press Enter: results follow without a page load.
    browser.eval(
        "(() => { const i = document.getElementById('search-q'); i.value = ''; i.focus(); })()",
    );
    browser.eval("window.stillHere = true");
    browser.type_into("#search-q", "café ");
    browser.press("Enter", "Enter", 13);
    assert!(browser.wait_until(
        "document.querySelector('#search-results .card__title') && document.querySelector('#search-results .card__title').textContent.startsWith('Café')",
        Duration::from_secs(5)
    ));
    assert_eq!(browser.eval("window.stillHere"), json!(true));
    // A word nothing matches says so.
    browser.goto(&server.url("/newsroom/search/?q=zzzzqx"));
    assert!(browser.wait_until(
        "document.getElementById('search-status').textContent === 'No results for “zzzzqx”.'",
        Duration::from_secs(5)
    ));
    assert_eq!(
        browser.eval("document.getElementById('search-browse').hidden"),
        json!(false)
    );
    assert_same_host(&server, &browser.take_requests());
    assert!(browser.take_console_errors().is_empty());
}

#[test]
fn without_javascript_the_search_page_explains_and_lists_topics() {
    let f = search_site();
    let server = serve_under_base_path(&f);
    let mut browser = Browser::start();
    browser.javascript(false);
    browser.goto(&server.url("/newsroom/search/?q=magnet"));
    let visible = |b: &mut Browser, css: &str| {
        b.eval(&format!(
            "(() => {{ const e = document.querySelector({css:?}); return !!e && e.getClientRects().length > 0; }})()"
        ))
    };
    assert_eq!(visible(&mut browser, "#search-nojs"), json!(true));
    assert_eq!(
        visible(
            &mut browser,
            ".search-browse .tag-grid a[href='/newsroom/tags/recycling/']"
        ),
        json!(true)
    );
    assert_eq!(
        visible(&mut browser, ".search-browse a[href='/newsroom/news/']"),
        json!(true)
    );
    let requests = browser.take_requests();
    assert!(
        !requests.iter().any(|u| u.contains("/search/index.json")),
        "{requests:?}"
    );
    assert_same_host(&server, &requests);
}

/// The script's words, terms and stems agree with the index's on the shared word list.
#[test]
fn the_script_makes_the_same_terms_as_the_index() {
    let f = search_site();
    let server = serve_under_base_path(&f);
    let mut browser = Browser::start();
    browser.goto(&server.url("/newsroom/search/"));
    assert!(browser.wait_until("window.monaziteSearch", Duration::from_secs(5)));
    let list =
        fs::read_to_string(crate::support::repo_root().join("tests/fixtures/search/stems.txt"))
            .unwrap();
    let mut expected: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in list
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let mut parts = line.split_whitespace();
        let (word, term) = (parts.next().unwrap(), parts.next().unwrap());
        let terms = if term == "-" {
            Vec::new()
        } else {
            vec![term.to_string()]
        };
        // The Rust side, through the library, on the same line.
        assert_eq!(
            monazite::outputs::search::text::terms(word),
            terms,
            "Rust: {word}"
        );
        expected.insert(word.to_string(), terms);
    }
    let words: Vec<&String> = expected.keys().collect();
    let got = browser.eval(&format!(
        "Object.fromEntries({}.map(w => [w, window.monaziteSearch.terms(w)]))",
        json!(words)
    ));
    for (word, terms) in &expected {
        assert_eq!(got[word], json!(terms), "script: {word}");
    }
    // Longer text, with the query parser: the same words in the same order.
    let text = "Odisha’s rare-earth refiners: São Paulo's NdPr, 2025 prices (magnets) — the end";
    assert_eq!(
        browser.eval(&format!("window.monaziteSearch.terms({})", json!(text))),
        json!(monazite::outputs::search::text::terms(text))
    );
}
