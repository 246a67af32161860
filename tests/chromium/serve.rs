//! `monazite serve` followed by a real headless Chromium: a stylesheet edit
//! restyles the open page, a YAML error shows the overlay, the fix reloads.

use std::fs;
use std::time::Duration;

use crate::support::Fixture;
use crate::support::cdp::Browser;
use crate::support::serve::Served;

const ARTICLE: &str = "content/news/odisha-sands.md";

#[test]
fn a_real_browser_follows_edits_styles_and_errors() {
    let f = Fixture::new("minimal");
    let s = Served::start(&f, &[]);
    let mut browser = Browser::start();
    browser.goto(&format!("{}news/odisha-sands/", s.url));
    let wait = Duration::from_secs(10);
    // The page is connected once the server knows it is open.
    assert!(browser.wait_until("document.querySelector('h1')", wait));
    std::thread::sleep(Duration::from_millis(300));

    // A stylesheet change restyles the open page without reloading it.
    browser.eval("window.__notReloaded = true");
    let css = fs::read_to_string(f.path("templates/assets/style.css")).unwrap();
    f.write(
        "templates/assets/style.css",
        &format!("{css}\nh1 {{ color: rgb(1, 2, 3) !important; }}\n"),
    );
    assert!(browser.wait_until(
        "getComputedStyle(document.querySelector('h1')).color === 'rgb(1, 2, 3)'",
        wait
    ));
    assert_eq!(
        browser.eval("window.__notReloaded === true"),
        serde_json::json!(true)
    );

    // A YAML error appears over the open page, without a reload.
    let good = fs::read_to_string(f.path(ARTICLE)).unwrap();
    f.write(
        ARTICLE,
        &good.replacen("date: 2025-10-17T09:30:00+05:30", "date: [", 1),
    );
    assert!(browser.wait_until("document.getElementById('monazite-overlay')", wait));
    let where_ = browser.eval("document.querySelector('.monazite-problem__where').textContent");
    assert!(
        where_
            .as_str()
            .unwrap_or("")
            .starts_with("content/news/odisha-sands.md:"),
        "{where_}"
    );

    // The fix reloads the page with the new text and no overlay.
    f.write(
        ARTICLE,
        &good.replacen("## Why sands matter", "## Why the sands matter now", 1),
    );
    assert!(browser.wait_until(
        "!window.__notReloaded && document.body && document.body.textContent.includes('Why the sands matter now')",
        wait
    ));
    assert_eq!(
        browser.eval("document.getElementById('monazite-overlay') === null"),
        serde_json::json!(true)
    );
    assert!(browser.take_console_errors().is_empty());
}
