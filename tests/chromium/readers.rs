//! Readers in a real headless Chromium, on built sites served over local HTTP:
//! the subscribe form with and without JavaScript, a hostile comment that must
//! stay text, an axe-core accessibility audit, no request to another host, and
//! screenshots of the example newsroom for the README.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};

use crate::pages::assert_same_host;
use crate::support::cdp::Browser;
use crate::support::http::{Reply, StaticServer, percent_decode};
use crate::support::{Fixture, repo_root};

const WAIT: Duration = Duration::from_secs(10);
const ARTICLE: &str = "/news/odisha-sands/";
const THANKS: &str = "Thanks — check your inbox to confirm.";

/// The readers fixture, built so that its subscribe form posts to the test
/// server's `/subscribe` endpoint, which answers like a real generic endpoint:
/// JSON to scripts, a redirect to /subscribed/ to a plain form post.
fn served_readers_site() -> (Fixture, StaticServer) {
    let f = Fixture::new("minimal").overlay("readers");
    let server = StaticServer::start(&f.path("public"));
    server.endpoint("/subscribe", |request| {
        let wants_json = request
            .headers
            .get("accept")
            .is_some_and(|a| a.contains("application/json"));
        if wants_json {
            Reply::new(200, "application/json", r#"{"status":"pending"}"#)
        } else {
            Reply::redirect("/subscribed/")
        }
    });
    // A Staticman-style comment service: takes the post, sends the reader back.
    server.endpoint("/comments", |request| {
        let redirect = form_value(&request.body, "options[redirect]").unwrap_or_default();
        Reply::redirect(&redirect)
    });
    let yaml = std::fs::read_to_string(f.path("site.yaml")).unwrap();
    let yaml = yaml
        .replace(
            "https://newsletter.example.org/subscribe",
            &server.url("/subscribe"),
        )
        .replace(
            "https://comments.example.org/v3/entry/fixture",
            &server.url("/comments"),
        );
    f.write("site.yaml", &yaml);
    f.run(&["build", "--base-url", &server.url("/")])
        .assert_success();
    (f, server)
}

/// The value of `name` in an `application/x-www-form-urlencoded` body.
fn form_value(body: &str, name: &str) -> Option<String> {
    body.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        let decode = |s: &str| percent_decode(&s.replace('+', " "));
        (decode(key) == name).then(|| decode(value))
    })
}

/// The posts the subscribe endpoint received.
fn subscriptions(server: &StaticServer) -> Vec<String> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/subscribe")
        .map(|r| format!("{} {}", r.method, r.body))
        .collect()
}

#[test]
fn subscribe_with_javascript_confirms_in_place() {
    let (_f, server) = served_readers_site();
    let mut browser = Browser::start();
    browser.viewport(1280, 900);
    let page = server.url(ARTICLE);
    browser.goto(&page);
    browser.type_into("#subscribe-email", "reader@example.org");
    browser.click("form.subscribe-form button[type=submit]");
    assert!(
        browser.wait_until(
            &format!(
                "document.querySelector('.subscribe-status').textContent === {}",
                json!(THANKS)
            ),
            WAIT
        ),
        "no confirmation; status: {}",
        browser.eval("document.querySelector('.subscribe-status').textContent")
    );
    assert_eq!(
        browser.eval("location.href"),
        json!(page),
        "the page stayed"
    );
    assert_eq!(
        browser.eval("document.querySelector('#subscribe-email').value"),
        json!(""),
        "the form was cleared"
    );
    browser.eval("document.querySelector('.subscribe').scrollIntoView({block: 'center', behavior: 'instant'})");
    save_screenshot(
        "subscribe-confirmed-1280.png",
        &browser.screenshot_viewport(),
    );
    let posts = subscriptions(&server);
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert!(posts[0].starts_with("POST "), "{posts:?}");
    for field in ["email=reader%40example.org", "list=weekly", "website_url="] {
        assert!(posts[0].contains(field), "{field} not in {posts:?}");
    }
    let requests = browser.take_requests();
    assert_same_host(&server, &requests);
    assert!(browser.take_console_errors().is_empty());
}

/// The readers fixture with its newsletter on `provider`, posting to `provider_server`
/// (another origin: a different port), served by the returned server.
fn served_with_provider_elsewhere(
    provider: &str,
    provider_server: &StaticServer,
) -> (Fixture, StaticServer) {
    let f = Fixture::new("minimal").overlay("readers");
    let server = StaticServer::start(&f.path("public"));
    let yaml = std::fs::read_to_string(f.path("site.yaml")).unwrap();
    let yaml = yaml
        .replace("provider: generic", &format!("provider: {provider}"))
        .replace(
            "https://newsletter.example.org/subscribe",
            &provider_server.url("/subscribe"),
        );
    f.write("site.yaml", &yaml);
    f.run(&["build", "--base-url", &server.url("/")])
        .assert_success();
    (f, server)
}

/// Requests to any host but `provider`'s must be to `server`.
fn assert_only_site_and_provider(
    server: &StaticServer,
    provider: &StaticServer,
    requests: &[String],
) {
    let site: Vec<String> = requests
        .iter()
        .filter(|u| !u.starts_with(&provider.url("")))
        .cloned()
        .collect();
    assert_same_host(server, &site);
}

#[test]
fn subscribe_in_place_to_a_provider_that_sends_no_cors_headers() {
    // Buttondown's embed endpoint: takes the post, answers a page, no CORS headers.
    let provider = StaticServer::start(&std::env::temp_dir().join("monazite-no-such-dir"));
    provider.endpoint("/subscribe", |_| {
        Reply::new(200, "text/html; charset=utf-8", "<p>Check your inbox</p>")
    });
    let (_f, server) = served_with_provider_elsewhere("buttondown", &provider);
    let mut browser = Browser::start();
    let page = server.url(ARTICLE);
    browser.goto(&page);
    browser.type_into("#subscribe-email", "reader@example.org");
    browser.click("form.subscribe-form button[type=submit]");
    assert!(browser.wait_until(
        &format!(
            "document.querySelector('.subscribe-status').textContent === {}",
            json!(THANKS)
        ),
        WAIT
    ));
    assert_eq!(
        browser.eval("location.href"),
        json!(page),
        "the page stayed"
    );
    let posts = subscriptions(&provider);
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert!(posts[0].contains("email=reader%40example.org"), "{posts:?}");
    assert!(
        posts[0].contains("embed=1"),
        "Buttondown's preset field: {posts:?}"
    );
    assert_only_site_and_provider(&server, &provider, &browser.take_requests());
    assert!(browser.take_console_errors().is_empty());
}

#[test]
fn a_blocked_in_place_submission_falls_back_to_the_ordinary_post() {
    // A generic endpoint on another origin that sends no CORS headers: the script
    // cannot read its reply, so the browser posts the form the ordinary way.
    let provider = StaticServer::start(&std::env::temp_dir().join("monazite-no-such-dir"));
    let (_f, server) = served_with_provider_elsewhere("generic\n  in_place: true", &provider);
    let subscribed = server.url("/subscribed/");
    provider.endpoint("/subscribe", move |request| {
        if request
            .headers
            .get("accept")
            .is_some_and(|a| a.contains("json"))
        {
            Reply::new(200, "application/json", r#"{"status":"pending"}"#)
        } else {
            Reply::redirect(&subscribed)
        }
    });
    let mut browser = Browser::start();
    browser.goto(&server.url(ARTICLE));
    browser.type_into("#subscribe-email", "reader@example.org");
    browser.click("form.subscribe-form button[type=submit]");
    assert!(
        browser.wait_until("location.pathname === '/subscribed/'", WAIT),
        "landed on {}",
        browser.eval("location.href")
    );
    let posts = subscriptions(&provider);
    assert!(
        posts
            .iter()
            .all(|p| p.contains("email=reader%40example.org")),
        "{posts:?}"
    );
    assert_only_site_and_provider(&server, &provider, &browser.take_requests());
}

#[test]
fn a_filled_honeypot_sends_nothing() {
    let (_f, server) = served_readers_site();
    let mut browser = Browser::start();
    browser.goto(&server.url(ARTICLE));
    browser.type_into("#subscribe-email", "bot@example.org");
    // Bots fill every field; people never see this one.
    browser.eval("document.querySelector('.subscribe-hp input').value = 'http://spam.example'");
    browser.click("form.subscribe-form button[type=submit]");
    assert!(
        browser.wait_until(
            &format!(
                "document.querySelector('.subscribe-status').textContent === {}",
                json!(THANKS)
            ),
            WAIT
        ),
        "{}",
        browser.eval("location.href + ' | ' + document.querySelector('.subscribe-status').textContent + ' | ' + document.querySelector('#subscribe-email').value")
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        subscriptions(&server).is_empty(),
        "the honeypot post was sent"
    );
    assert_same_host(&server, &browser.take_requests());
}

#[test]
fn subscribe_without_javascript_posts_and_lands_on_subscribed() {
    let (_f, server) = served_readers_site();
    let mut browser = Browser::start();
    browser.javascript(false);
    browser.goto(&server.url(ARTICLE));
    browser.type_into("#subscribe-email", "reader@example.org");
    browser.press("Enter", "Enter", 13);
    assert!(browser.wait_for_load(WAIT), "the form did not post");
    assert!(
        browser.wait_until("location.pathname === '/subscribed/'", WAIT),
        "landed on {}",
        browser.eval("location.href")
    );
    save_screenshot("subscribed-no-js.png", &browser.screenshot_viewport());
    assert_eq!(
        browser.eval("document.querySelector('main h1').textContent.trim()"),
        json!("Thanks for subscribing")
    );
    let posts = subscriptions(&server);
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert!(posts[0].contains("email=reader%40example.org"), "{posts:?}");
    let requests = browser.take_requests();
    assert!(
        requests.iter().any(|u| u.ends_with("/subscribed/")),
        "{requests:?}"
    );
    assert_same_host(&server, &requests);
}

#[test]
fn a_hostile_comment_shows_as_text_and_runs_nothing() {
    let (_f, server) = served_readers_site();
    let mut browser = Browser::start();
    browser.goto(&server.url(ARTICLE));
    assert!(browser.wait_until("document.querySelector('#comment-c4')", WAIT));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(browser.eval("typeof window.__pwned"), json!("undefined"));
    let text = browser.eval("document.querySelector('#comment-c4 .comment__text').textContent");
    let text = text.as_str().unwrap();
    assert!(
        text.contains("<script>window.__pwned = 1</script>"),
        "{text}"
    );
    assert!(text.contains("onerror="), "{text}");
    assert_eq!(
        browser.eval("document.querySelectorAll('#comments script, #comments img, #comments [onerror]').length"),
        json!(0)
    );
    // The link with a javascript: URL is inert: clicking it runs nothing.
    browser.click("#comment-c4 .comment__text a");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(browser.eval("typeof window.__pwned"), json!("undefined"));
    assert_eq!(
        browser.eval("document.querySelector('#comment-c4 .comment__author').textContent"),
        json!("Eve <b>Bold</b>")
    );
    let requests = browser.take_requests();
    assert!(
        !requests.iter().any(|u| u.contains("pwned")),
        "{requests:?}"
    );
    assert_same_host(&server, &requests);
    assert!(browser.take_console_errors().is_empty());
}

#[test]
fn a_reply_is_posted_to_the_comment_service_and_the_reader_is_thanked() {
    let (_f, server) = served_readers_site();
    let mut browser = Browser::start();
    browser.viewport(1280, 900);
    let page = server.url(ARTICLE);
    browser.goto(&page);
    // With the script, each comment offers Reply; it marks the form as a reply.
    browser.click("#comment-c1 > article .comment__reply");
    assert!(browser.wait_until(
        "!document.querySelector('.comment-form__replying').hidden",
        WAIT
    ));
    assert_eq!(
        browser.eval("document.querySelector('.comment-form__replying').textContent.trim()"),
        json!("Replying to Ravi Menon. Cancel reply")
    );
    assert_eq!(
        browser.eval("document.activeElement.id"),
        json!("comment-text"),
        "the reader can type straight away"
    );
    browser.click("[data-reply-cancel]");
    assert_eq!(
        browser.eval("document.querySelector(\"input[name='fields[reply_to]']\").value"),
        json!("")
    );
    browser.click("#comment-c2 > article .comment__reply");
    browser.type_into("#comment-name", "Kavya");
    browser.type_into("#comment-email", "kavya@example.org");
    browser.type_into("#comment-text", "Which survey, exactly?");
    browser.eval("document.querySelector('#comment-c2').scrollIntoView({block: 'start', behavior: 'instant'})");
    save_screenshot("comment-replying-1280.png", &browser.screenshot_viewport());
    browser.click("form.comment-form button[type=submit]");
    assert!(browser.wait_for_load(WAIT), "the comment was not posted");
    assert!(
        browser.wait_until(
            "getComputedStyle(document.querySelector('#comment-received')).display !== 'none'",
            WAIT
        ),
        "no thank-you note at {}",
        browser.eval("location.href")
    );
    assert_eq!(browser.eval("location.hash"), json!("#comment-received"));
    let posts: Vec<String> = server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/comments")
        .map(|r| r.body)
        .collect();
    assert_eq!(posts.len(), 1, "{posts:?}");
    for (name, value) in [
        ("fields[name]", "Kavya"),
        ("fields[email]", "kavya@example.org"),
        ("fields[comment]", "Which survey, exactly?"),
        ("fields[reply_to]", "c2"),
        ("options[slug]", "odisha-sands"),
    ] {
        assert_eq!(
            form_value(&posts[0], name).as_deref(),
            Some(value),
            "{name}"
        );
    }
    assert_same_host(&server, &browser.take_requests());
    assert!(browser.take_console_errors().is_empty());
}

#[test]
fn without_javascript_the_comment_form_still_posts_and_reply_stays_hidden() {
    let (_f, server) = served_readers_site();
    let mut browser = Browser::start();
    browser.javascript(false);
    browser.goto(&server.url(ARTICLE));
    assert_eq!(
        browser.eval(
            "[...document.querySelectorAll('.comment__reply')].every(b => b.offsetParent === null)"
        ),
        json!(true),
        "Reply buttons do nothing without the script, so they stay hidden"
    );
    browser.type_into("#comment-name", "Kavya");
    browser.type_into("#comment-email", "kavya@example.org");
    browser.type_into("#comment-text", "A top-level comment.");
    browser.click("form.comment-form button[type=submit]");
    assert!(browser.wait_for_load(WAIT), "the comment was not posted");
    assert!(browser.wait_until(
        "getComputedStyle(document.querySelector('#comment-received')).display !== 'none'",
        WAIT
    ));
    assert_same_host(&server, &browser.take_requests());
}

/// axe-core's browser bundle, installed by `.ci/install-deps`.
fn axe_source() -> String {
    let path = repo_root().join("tests/browser/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {} ({e}): the accessibility audit needs axe-core; run `bash .ci/install-deps` (npm ci --prefix tests/browser)",
            path.display()
        )
    })
}

/// Runs axe-core on the open page and returns its serious and critical
/// violations, one readable line per failing element.
fn serious_violations(browser: &mut Browser, axe: &str) -> Vec<String> {
    browser.eval(&format!("{axe}\n;true"));
    // MONAZITE_AXE_ALL=1 lists the minor and moderate findings too (not asserted on).
    let impacts = if std::env::var("MONAZITE_AXE_ALL").is_ok_and(|v| v == "1") {
        r#"["minor", "moderate", "serious", "critical"]"#
    } else {
        r#"["serious", "critical"]"#
    };
    let found = browser.eval(&format!(
        "axe.run(document, {{resultTypes: ['violations']}}).then(r => r.violations
            .filter(v => {impacts}.includes(v.impact))
            .flatMap(v => v.nodes.map(n => `${{v.impact}} ${{v.id}}: ${{v.help}} — ${{n.target.join(' ')}}: ${{n.failureSummary.replace(/\\s+/g, ' ')}}`)))"
    ));
    match found {
        Value::Array(items) => items
            .into_iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect(),
        other => panic!("axe did not run: {other}"),
    }
}

/// Audits `paths` of a served site in light and dark colour schemes, asserting no
/// serious or critical violation and no request to another host.
fn audit(server: &StaticServer, public: &Path, paths: &[&str]) {
    let axe = axe_source();
    let mut browser = Browser::start();
    let mut problems = Vec::new();
    for scheme in ["light", "dark"] {
        browser.color_scheme(scheme);
        for path in paths {
            browser.goto(&server.url(path));
            for v in serious_violations(&mut browser, &axe) {
                problems.push(format!("{path} ({scheme}): {v}"));
            }
            assert_same_host(server, &browser.take_requests());
        }
    }
    // A control: the same audit does fail on a page with a known fault.
    browser.eval("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">')");
    let control = serious_violations(&mut browser, &axe);
    assert!(
        control.iter().any(|v| v.starts_with("critical image-alt")),
        "axe missed an image without alt text: {control:?}"
    );
    assert!(
        browser.take_console_errors().is_empty(),
        "script errors while auditing"
    );
    assert!(
        problems.is_empty(),
        "accessibility violations in {}:\n{}",
        public.display(),
        problems.join("\n")
    );
}

#[test]
fn accessibility_audit_of_the_fixture_pages() {
    let (f, server) = served_readers_site();
    audit(
        &server,
        &f.path("public"),
        &[
            "/",
            ARTICLE,
            "/tags/india/",
            "/authors/asha/",
            "/subscribed/",
        ],
    );
}

/// The search page is built by another part of monazite: audited wherever the
/// build has one, skipped (with a note) only when it is absent.
#[test]
fn accessibility_audit_of_the_search_page() {
    let (f, server) = served_readers_site();
    let public = f.path("public");
    assert!(
        public.join("search/index.html").is_file(),
        "the build has no /search/ page"
    );
    audit(&server, &public, &["/search/"]);
}

/// The example newsroom at the repository root, built into `out` for `server`.
fn build_example_newsroom(out: &Path, server: &StaticServer) {
    let output = Command::new(env!("CARGO_BIN_EXE_monazite"))
        .args(["build", "--quiet", "--root"])
        .arg(repo_root())
        .arg("--output")
        .arg(out)
        .args(["--base-url", &server.url("/")])
        .output()
        .expect("run monazite");
    assert!(
        output.status.success(),
        "the example newsroom does not build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

const EXAMPLE_ARTICLE: &str = "/news/kerala-beach-sand-mining-debate/";

#[test]
fn accessibility_audit_of_the_example_newsroom() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let server = StaticServer::start(&public);
    build_example_newsroom(&public, &server);
    audit(
        &server,
        &public,
        &[
            "/",
            EXAMPLE_ARTICLE,
            "/tags/india/",
            "/authors/priya/",
            "/news/",
        ],
    );
}

/// Where screenshots go: always under the target folder; with
/// `MONAZITE_SCREENSHOTS=1` also into docs/screenshots/ (the README's).
fn screenshot_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots")];
    if std::env::var("MONAZITE_SCREENSHOTS").is_ok_and(|v| v == "1") {
        dirs.push(repo_root().join("docs/screenshots"));
    }
    dirs
}

/// Keeps a screenshot of a test's final state under the target folder, to look at.
fn save_screenshot(name: &str, png: &[u8]) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), png).unwrap();
}

/// The width in pixels from a PNG's header.
fn png_width(png: &[u8]) -> u32 {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    u32::from_be_bytes(png[16..20].try_into().unwrap())
}

#[test]
fn screenshots_of_the_example_newsroom() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let server = StaticServer::start(&public);
    build_example_newsroom(&public, &server);
    let mut browser = Browser::start();
    let mut shots: Vec<(String, Vec<u8>)> = Vec::new();
    for (width, height) in [(390, 1500), (1280, 1400)] {
        browser.viewport(width, height);
        for (name, path) in [("home", "/"), ("article", EXAMPLE_ARTICLE)] {
            browser.goto(&server.url(path));
            let png = browser.screenshot_viewport();
            assert_eq!(png_width(&png), width);
            shots.push((format!("{name}-{width}.png"), png));
            assert_same_host(&server, &browser.take_requests());
        }
    }
    // The comments of the example article, close up.
    browser.viewport(1280, 1400);
    browser.goto(&server.url(EXAMPLE_ARTICLE));
    browser.eval(
        "document.querySelector('#comments').scrollIntoView({block: 'start', behavior: 'instant'})",
    );
    std::thread::sleep(Duration::from_millis(200));
    shots.push(("comments-1280.png".into(), browser.screenshot_viewport()));
    // The same in the dark colour scheme, to look at (not in the README).
    browser.color_scheme("dark");
    browser.goto(&server.url(EXAMPLE_ARTICLE));
    browser.eval(
        "document.querySelector('#comments').scrollIntoView({block: 'start', behavior: 'instant'})",
    );
    save_screenshot("comments-1280-dark.png", &browser.screenshot_viewport());
    assert!(browser.take_console_errors().is_empty());
    for dir in screenshot_dirs() {
        std::fs::create_dir_all(&dir).unwrap();
        for (name, png) in &shots {
            std::fs::write(dir.join(name), png).unwrap();
        }
    }
}
