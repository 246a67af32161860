//! A real headless Chromium against a built fixture site: pages render, load
//! nothing from other hosts, and throw no script errors.

use std::time::Duration;

use crate::support::Fixture;
use crate::support::cdp::Browser;
use crate::support::http::StaticServer;

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
    assert_eq!(h1, "Odisha's sands & the <rare> earths");
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
