//! The search page in a real headless Chromium: as-you-type results, ranking,
//! tag filter, keyboard, URL state, base path, no requests off the site, the
//! page without JavaScript, and the script's terms against the index's.

use std::collections::BTreeMap;
use std::fs;
use std::time::Duration;

use serde_json::json;

use crate::pages::assert_same_host;
use crate::support::Fixture;
use crate::support::cdp::Browser;
use crate::support::http::StaticServer;

/// The fixture made for search; see its articles in tests/fixtures/search/site.
fn search_site() -> Fixture {
    Fixture::new("search/site")
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
