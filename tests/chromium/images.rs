//! Processed photographs in a real headless Chromium: a phone fetches a
//! small WebP and a desktop a larger one, the image's box is reserved before
//! it loads (no layout shift), and screenshots at 390 and 1280 px wide are
//! saved for a person to look at (`target/screenshots/images-*.png`).

use std::time::Duration;

use crate::support::cdp::Browser;
use crate::support::http::StaticServer;
use crate::support::photos::{jpeg, photo, site_with_article};
use crate::support::repo_root;

/// The layout shift so far, summed as Lighthouse's CLS does (without input).
const LAYOUT_SHIFT: &str = "new Promise(done => { let sum = 0; \
    new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value; }) \
    .observe({type: 'layout-shift', buffered: true}); setTimeout(() => done(sum), 300); })";

#[test]
fn a_phone_gets_a_small_webp_a_desktop_a_larger_one_and_nothing_shifts() {
    let f = site_with_article(
        "photo",
        "image: pit.jpg\nimage_alt: \"Trucks on the haul road of an open-pit mine\"\nsummary: \"A photo story.\"\n",
        "The pit at first light.\n\n![The concentrator seen from the tailings dam](plant.jpg)\n\nMore text.",
        &[
            ("pit.jpg", jpeg(&photo(2400, 1600, 11), None)),
            ("plant.jpg", jpeg(&photo(1600, 1200, 12), None)),
        ],
    );
    f.run(&["build", "--base-url", "http://127.0.0.1/"])
        .assert_success();
    let server = StaticServer::start(&f.path("public"));
    let mut browser = Browser::start();
    let shots = repo_root().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (width, lead_file) in [(390, "-480w-"), (1280, "-800w-")] {
        browser.viewport(width, 900);
        browser.goto(&server.url("/news/photo/"));
        assert!(browser.wait_until(
            "document.querySelector('.article-figure img')?.complete",
            Duration::from_secs(10)
        ));
        let lead = browser.eval("document.querySelector('.article-figure img').currentSrc");
        let lead = lead.as_str().unwrap();
        assert!(
            lead.ends_with(".webp") && lead.contains(lead_file),
            "{width} px: {lead}"
        );
        // The box has the photograph's proportions (3:2) from the start.
        let ratio = browser.eval(
            "(() => { const r = document.querySelector('.article-figure img').getBoundingClientRect(); return r.width / r.height; })()",
        );
        assert!((ratio.as_f64().unwrap() - 1.5).abs() < 0.01, "{ratio}");
        let shift = browser.eval(LAYOUT_SHIFT);
        assert_eq!(shift.as_f64(), Some(0.0), "{width} px: layout shifted");
        let png = browser.screenshot();
        std::fs::write(shots.join(format!("images-{width}.png")), png).unwrap();
    }
    assert!(browser.take_console_errors().is_empty());
}
