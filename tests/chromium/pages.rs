//! A real headless Chromium against a built fixture site: pages render, load
//! nothing from other hosts, and throw no script errors.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::Fixture;
use crate::support::cdp::Browser;
use crate::support::http::StaticServer;

const WAIT: Duration = Duration::from_secs(10);

/// Every request must go to the test server itself.
pub fn assert_same_host(server: &StaticServer, requests: &[String]) {
    let own = server.url("");
    for url in requests {
        let local = url.starts_with(&own) || url.starts_with("data:") || url.starts_with("about:");
        assert!(local, "the page requested another host: {url}");
    }
}

#[test]
fn article_page_renders_and_stays_on_site() {
    let f = Fixture::new("minimal");
    f.run(&["build", "--base-url", "http://127.0.0.1/"])
        .assert_success();
    let server = StaticServer::start(&f.path("public"));
    let mut browser = Browser::start();
    browser.viewport(390, 900);
    browser.goto(&server.url("/news/odisha-sands/"));
    assert!(browser.wait_until("document.querySelector('h1')", Duration::from_secs(5)));
    let h1 = browser.eval("document.querySelector('h1').textContent.trim()");
    assert_eq!(h1, "Odisha’s sands & the <rare> earths");
    // The stylesheet applied: the highlights box is visibly styled.
    let styled = browser.eval("getComputedStyle(document.querySelector('.highlights')).backgroundColor !== 'rgba(0, 0, 0, 0)'");
    assert_eq!(styled, serde_json::json!(true));
    let requests = browser.take_requests();
    assert!(
        requests.iter().any(|u| u.ends_with("/assets/style.css")),
        "{requests:?}"
    );
    assert_same_host(&server, &requests);
    assert!(browser.take_console_errors().is_empty());
    let png = browser.screenshot();
    assert!(png.starts_with(b"\x89PNG"));
}

/// The theme fixture (laid over minimal: a photo article, tags spelled two
/// ways, headlines with quotes), built for and served by a local server.
fn served_theme_site() -> (Fixture, StaticServer) {
    let f = Fixture::new("minimal").overlay("theme");
    f.run(&["build", "--base-url", "http://127.0.0.1/"])
        .assert_success();
    let server = StaticServer::start(&f.path("public"));
    (f, server)
}

/// The pages a reader goes through: home (two pages), an article, a topic,
/// an author, the archive, the topics, search and a missing page.
const READER_PAGES: &[&str] = &[
    "/",
    "/page/2/",
    "/news/harbour-photo/",
    "/tags/rare-earths/",
    "/authors/li/",
    "/news/",
    "/tags/",
    "/search/",
    "/404.html",
];

/// Evaluates `script` on each page at each width and returns what it gave.
fn on_every_page(
    browser: &mut Browser,
    server: &StaticServer,
    script: &str,
) -> Vec<(String, Value)> {
    let mut seen = Vec::new();
    for width in [390, 1280] {
        browser.viewport(width, 900);
        for path in READER_PAGES {
            browser.goto(&server.url(path));
            seen.push((format!("{path} at {width}px"), browser.eval(script)));
        }
    }
    seen
}

#[test]
fn every_page_has_one_search_box_in_its_header_with_and_without_javascript() {
    let (_f, server) = served_theme_site();
    let mut browser = Browser::start();
    let count = "JSON.stringify([\
        document.querySelectorAll('input[type=search]').length,\
        document.querySelectorAll('form[role=search], [role=search] form').length,\
        Array.from(document.querySelectorAll('input[type=search]')).filter(i => i.getClientRects().length > 0 && i.closest('header')).length])";
    for enabled in [true, false] {
        browser.javascript(enabled);
        for (page, seen) in on_every_page(&mut browser, &server, count) {
            assert_eq!(
                seen,
                json!("[1,1,1]"),
                "{page}, javascript {enabled}: [boxes, forms, visible in the header]"
            );
        }
    }
    // Without JavaScript the header's box takes the reader to the search
    // page, whose topic filter goes with that same form.
    browser.javascript(false);
    browser.goto(&server.url("/news/harbour-photo/"));
    browser.eval("document.getElementById('search-q').value = 'harbour'");
    browser.eval("document.getElementById('site-search').requestSubmit()");
    assert!(browser.wait_until(
        "location.pathname === '/search/' && document.readyState === 'complete'",
        WAIT
    ));
    assert_eq!(
        browser.eval("document.getElementById('search-tag').form.id"),
        json!("site-search")
    );
    // With it, the search page's results come from the header's box.
    browser.javascript(true);
    browser.goto(&server.url("/search/?q=harbour"));
    assert!(
        browser.wait_until(
            "document.querySelectorAll('#search-results .card__title').length === 1",
            WAIT
        ),
        "{}",
        browser.eval("document.getElementById('search-status').textContent")
    );
    assert_eq!(
        browser.eval("document.getElementById('search-q').value"),
        json!("harbour")
    );
    assert!(browser.take_console_errors().is_empty());
}

#[test]
fn the_sidebar_never_lists_an_article_shown_beside_it() {
    let (_f, server) = served_theme_site();
    let mut browser = Browser::start();
    let overlap = "(() => {\
        const links = sel => Array.from(document.querySelectorAll(sel)).map(a => a.pathname).filter(p => /^\\/news\\/.+/.test(p));\
        const main = new Set(links('main .card__title a, main .archive__list a').concat([location.pathname]));\
        const side = links('aside.sidebar a');\
        return JSON.stringify({both: side.filter(p => main.has(p)), side: side.length,\
            topics: !!document.querySelector('aside .sidebar-topics'), recent: !!document.querySelector('aside .recent-news')}); })()";
    for (page, seen) in on_every_page(&mut browser, &server, overlap) {
        let seen: Value = serde_json::from_str(seen.as_str().unwrap()).unwrap();
        assert_eq!(seen["both"], json!([]), "{page}: {seen}");
        if page.starts_with("/ at") {
            // The front page lists the newest itself: its sidebar offers topics.
            assert_eq!(seen["topics"], json!(true), "{page}: {seen}");
            assert_eq!(seen["recent"], json!(false), "{page}: {seen}");
        }
        if page.starts_with("/page/2/") {
            assert_eq!(
                seen["recent"],
                json!(true),
                "{page}: older pages keep Recent news: {seen}"
            );
        }
    }
}

#[test]
fn cards_show_their_images_at_their_own_size() {
    let (_f, server) = served_theme_site();
    let mut browser = Browser::start();
    for width in [390, 1280] {
        browser.viewport(width, 900);
        browser.goto(&server.url("/"));
        let image = "document.querySelector('.card a[href=\"/news/harbour-photo/\"]').closest('.card').querySelector('.card__image img')";
        browser.eval(&format!("{image}.scrollIntoView()"));
        assert!(browser.wait_until(
            &format!("{image}.complete && {image}.naturalWidth > 0"),
            WAIT
        ));
        let seen = browser.eval(&format!(
            "(() => {{ const i = {image}; const r = i.getBoundingClientRect(); return JSON.stringify([\
             i.getAttribute('width'), i.getAttribute('height'), i.naturalWidth, i.naturalHeight,\
             i.getAttribute('loading'), i.getAttribute('decoding'), i.alt, r.width > 40 && r.height > 20]); }})()"
        ));
        assert_eq!(
            seen,
            json!(
                r#"["640","360",640,360,"lazy","async","Two bulk carriers at a quay, sand-coloured cargo in the foreground",true]"#
            ),
            "{width}px"
        );
    }
    // An SVG's size comes from its root element (viewBox 0 0 10 10).
    browser.goto(&server.url("/page/3/"));
    assert_eq!(
        browser.eval("(() => { const i = document.querySelector('.card__image img'); return [i.getAttribute('width'), i.getAttribute('height'), i.alt].join(' '); })()"),
        json!("10 10 A drawing of sand")
    );
    assert!(browser.take_console_errors().is_empty());
}

#[test]
fn headlines_have_the_typographic_quotes_of_bodies_everywhere() {
    let (_f, server) = served_theme_site();
    let mut browser = Browser::start();
    browser.viewport(1280, 900);
    let headlines = "JSON.stringify(Array.from(document.querySelectorAll('h1, .card__title, .recent-news__list a, .archive__list a')).map(e => e.textContent.trim()).concat([document.title]))";
    let mut seen_curly = 0;
    for path in [
        "/",
        "/page/2/",
        "/news/",
        "/news/harbour-photo/",
        "/news/odisha-sands/",
        "/tags/rare-earths/",
    ] {
        browser.goto(&server.url(path));
        let texts: Vec<String> =
            serde_json::from_str(browser.eval(headlines).as_str().unwrap()).unwrap();
        for text in &texts {
            assert!(
                !text.contains(['\'', '"']) && !text.contains("--") && !text.contains("..."),
                "{path}: {text}"
            );
            seen_curly += usize::from(text.contains(['’', '“', '”', '–', '…']));
        }
    }
    assert!(seen_curly >= 8, "{seen_curly} typographic headlines");
    browser.goto(&server.url("/news/harbour-photo/"));
    assert_eq!(
        browser.eval("document.querySelector('h1').textContent.trim()"),
        json!("Ships load “heavy” sands at Chennai’s harbour")
    );
    assert_eq!(
        browser.eval("document.title"),
        json!("Ships load “heavy” sands at Chennai’s harbour — Fixture Times")
    );
    browser.goto(&server.url("/news/refiners-margins/"));
    assert_eq!(
        browser.eval("document.querySelector('h1').textContent.trim()"),
        json!("Refiners’ margins – a closer look…")
    );
}

#[test]
fn a_topic_has_one_name_on_its_page_its_pills_and_its_lists() {
    let (_f, server) = served_theme_site();
    let mut browser = Browser::start();
    browser.viewport(1280, 900);
    browser.goto(&server.url("/tags/rare-earths/"));
    let name = browser.eval("document.querySelector('h1').textContent.trim()");
    assert_eq!(
        name,
        json!("Rare Earths"),
        "the newest article's spelling, of two used once each"
    );
    let shown_as = "JSON.stringify(Array.from(document.querySelectorAll('a[href=\"/tags/rare-earths/\"]')).filter(a => !a.closest('nav.site-nav')).map(a => (a.querySelector('.tag-grid__name') || a).textContent.trim()))";
    for path in [
        "/news/harbour-photo/",
        "/news/refiners-margins/",
        "/tags/",
        "/",
    ] {
        browser.goto(&server.url(path));
        let names: Vec<String> =
            serde_json::from_str(browser.eval(shown_as).as_str().unwrap()).unwrap();
        assert!(!names.is_empty(), "{path}");
        for shown in names {
            assert_eq!(json!(shown), name, "{path}");
        }
    }
}
