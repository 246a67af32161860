//! `monazite serve`: the real binary on a fixture site, fetched over HTTP,
//! with the live channel read as a browser would (a real headless Chromium
//! following the edits is in the `chromium` test target).

use std::fs;
use std::process::Command;
use std::time::{Duration, Instant};

use scraper::Html;

use crate::support::serve::{PATIENCE, Served};
use crate::support::{Fixture, select, text_of};

const ARTICLE: &str = "content/news/odisha-sands.md";

fn edit(f: &Fixture, rel: &str, from: &str, to: &str) {
    let text = fs::read_to_string(f.path(rel)).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    f.write(rel, &text.replacen(from, to, 1));
}

#[test]
fn serves_pages_files_and_the_live_script_with_their_types() {
    let f = Fixture::new("minimal");
    let s = Served::start(&f, &[]);
    let home = s.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = Html::parse_document(&home.text());
    let scripts = select(&html, "script[src='/__monazite/live.js']");
    assert_eq!(scripts.len(), 1, "one live-reload script");
    assert!(
        scripts[0]
            .value()
            .attr("data-generation")
            .is_some_and(|g| g.parse::<u64>().is_ok())
    );

    let css = s.get("/assets/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(
        css.body,
        fs::read(f.path("templates/assets/style.css")).unwrap()
    );
    let svg = s.get("/news/folder-story/cover.svg");
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    let script = s.get("/__monazite/live.js");
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.text().contains("EventSource"));

    let article = s.get("/news/odisha-sands/");
    assert_eq!(article.status, 200);
    let html = Html::parse_document(&article.text());
    assert_eq!(text_of(&html, "h1"), "Odisha’s sands & the <rare> earths");
    // Links point at the preview, not at the published base_url.
    assert!(
        !article.text().contains("https://fixture.example.org/news/"),
        "permalinks should use the preview's address"
    );
    assert!(
        article
            .text()
            .contains(&format!("{}news/odisha-sands/", s.url))
    );
    let moved = s.get("/news/odisha-sands");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some("/news/odisha-sands/"));
    // Nothing is written to the site folder.
    assert!(!f.path("public").exists());
}

#[test]
fn an_edited_article_sends_reload_and_serves_the_new_text() {
    let f = Fixture::new("minimal");
    let s = Served::start(&f, &[]);
    let page = s.get("/news/odisha-sands/").text();
    assert!(!page.contains("freshly edited sentence"));
    let mut live = s.live("/news/odisha-sands/");

    edit(
        &f,
        ARTICLE,
        "The beach sands of Odisha",
        "A freshly edited sentence. The beach sands of Odisha",
    );
    let reload = live.expect("reload");
    assert!(reload.data.parse::<u64>().is_ok());
    let page = s.get("/news/odisha-sands/");
    assert!(page.text().contains("A freshly edited sentence."));
    let generation = format!("data-generation=\"{}\"", reload.data);
    assert!(
        page.text().contains(&generation),
        "page carries the new generation"
    );

    // A new title reaches the lists that show the article.
    edit(
        &f,
        ARTICLE,
        "title: \"Odisha's sands & the <rare> earths\"",
        "title: \"Odisha's sands, retitled\"",
    );
    live.expect("reload");
    let home = Html::parse_document(&s.get("/").text());
    let titles: Vec<String> = select(&home, ".card__title")
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect();
    assert!(
        titles.contains(&"Odisha’s sands, retitled".to_string()),
        "{titles:?}"
    );
    let other = Html::parse_document(&s.get("/news/magnet-prices/").text());
    let recent: Vec<String> = select(&other, ".recent-news__list a")
        .iter()
        .map(|e| e.text().collect())
        .collect();
    assert!(
        recent.contains(&"Odisha’s sands, retitled".to_string()),
        "{recent:?}"
    );
    assert!(s.stdout_text().contains("rebuilt 1 article"));

    // A new date moves the article in the lists.
    let order = |s: &Served| -> Vec<String> {
        let home = Html::parse_document(&s.get("/").text());
        select(&home, ".card__title a")
            .iter()
            .map(|e| e.value().attr("href").unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(order(&s)[0], "/news/odisha-sands/");
    edit(
        &f,
        ARTICLE,
        "date: 2025-10-17T09:30:00+05:30",
        "date: 2025-01-02",
    );
    live.expect("reload");
    assert_eq!(order(&s)[0], "/news/magnet-prices/");

    // A new article appears; a deleted one is gone.
    f.write(
        "content/news/new-plant.md",
        "---\ntitle: \"A new plant opens\"\ndate: 2025-10-18T08:00:00Z\nauthor: li\n---\nIt opened today.\n",
    );
    live.expect("reload");
    assert_eq!(s.get("/news/new-plant/").status, 200);
    assert!(s.get("/").text().contains("A new plant opens"));
    fs::remove_file(f.path("content/news/new-plant.md")).unwrap();
    live.expect("reload");
    assert_eq!(s.get("/news/new-plant/").status, 404);
    assert!(!s.get("/").text().contains("A new plant opens"));
    // The preview keeps everything in memory: it leaves the build's files alone.
    assert!(!f.path(".public.markdown-cache").exists());
    assert!(!f.path("public").exists());
}

#[test]
fn a_yaml_error_shows_the_overlay_and_the_fix_reloads() {
    let f = Fixture::new("minimal");
    let s = Served::start(&f, &[]);
    let mut live = s.live("/news/odisha-sands/");
    let good = fs::read_to_string(f.path("content/news/magnet-prices.md")).unwrap();
    f.write(
        "content/news/magnet-prices.md",
        &good.replacen("title: \"Magnet prices climb\"", "title: [unclosed", 1),
    );

    let problems = live.expect("problems");
    assert!(
        problems.data.contains("content/news/magnet-prices.md:2:8"),
        "{}",
        problems.data
    );
    // Every page now carries the overlay, over the last good build.
    let page = s.get("/news/odisha-sands/");
    assert_eq!(page.status, 200);
    let html = Html::parse_document(&page.text());
    let overlay = text_of(&html, "#monazite-overlay .monazite-problem__where");
    assert_eq!(overlay, "content/news/magnet-prices.md:2:8");
    assert!(text_of(&html, "#monazite-overlay .monazite-problem__what").contains("error:"));
    assert_eq!(text_of(&html, "h1"), "Odisha’s sands & the <rare> earths");
    assert!(s.wait_stderr("magnet-prices.md:2:8: error: invalid front matter"));
    assert!(
        s.child.id() > 0 && s.get("/").status == 200,
        "still serving"
    );

    f.write("content/news/magnet-prices.md", &good);
    let reload = live.expect("reload");
    let page = s.get("/news/odisha-sands/");
    assert!(!page.text().contains("monazite-overlay"));
    assert!(
        page.text()
            .contains(&format!("data-generation=\"{}\"", reload.data))
    );
    assert_eq!(s.get("/news/magnet-prices/").status, 200);
}

#[test]
fn a_broken_site_yaml_and_an_unknown_author_are_shown_then_recover() {
    let f = Fixture::new("minimal");
    let s = Served::start(&f, &[]);
    let mut live = s.live("/");
    let good = fs::read_to_string(f.path("site.yaml")).unwrap();
    f.write("site.yaml", &format!("{good}paginate_by: [\n"));
    let problems = live.expect("problems");
    assert!(problems.data.contains("site.yaml:"), "{}", problems.data);
    f.write("site.yaml", &good);
    live.expect("reload");
    assert!(!s.get("/").text().contains("monazite-overlay"));

    edit(&f, ARTICLE, "author: asha", "author: nobody");
    let problems = live.expect("problems");
    assert!(problems.data.contains("unknown author `nobody`"));
    assert!(problems.data.contains("content/news/odisha-sands.md:"));
    edit(&f, ARTICLE, "author: nobody", "author: asha");
    live.expect("reload");
}

#[test]
fn a_first_build_that_fails_serves_the_problems_until_fixed() {
    let f = Fixture::new("minimal").overlay("errors/malformed-yaml");
    let s = Served::start(&f, &[]);
    let page = s.get("/");
    assert_eq!(page.status, 500);
    let html = Html::parse_document(&page.text());
    let where_ = text_of(&html, "#monazite-overlay .monazite-problem__where");
    assert!(where_.starts_with("content/news/bad-yaml.md:"), "{where_}");
    assert_eq!(
        select(&html, "script[src='/__monazite/live.js']").len(),
        1,
        "the problem page reloads itself when fixed"
    );
    let mut live = s.live("/");
    fs::remove_file(f.path("content/news/bad-yaml.md")).unwrap();
    live.expect("reload");
    let page = s.get("/");
    assert_eq!(page.status, 200);
    assert!(!page.text().contains("monazite-overlay"));
}

#[test]
fn a_template_error_shows_the_overlay_and_the_fix_reloads() {
    let f = Fixture::new("minimal");
    let s = Served::start(&f, &[]);
    let mut live = s.live("/news/odisha-sands/");
    let good = fs::read_to_string(f.path("templates/article.html")).unwrap();

    // A syntax error: caught when the theme is loaded again.
    f.write(
        "templates/article.html",
        &good.replacen("{% block content %}", "{% block content %}{% if %}", 1),
    );
    let problems = live.expect("problems");
    assert!(
        problems.data.contains("templates/article.html:2:"),
        "{}",
        problems.data
    );
    let page = s.get("/news/odisha-sands/");
    assert!(page.text().contains("templates/article.html:2:"));
    f.write("templates/article.html", &good);
    live.expect("reload");
    assert!(
        !s.get("/news/odisha-sands/")
            .text()
            .contains("monazite-overlay")
    );

    // An undefined variable: caught when the open page is rendered again.
    f.write(
        "templates/article.html",
        &good.replacen("{{ article.title }}", "{{ article.no_such_field }}", 1),
    );
    let problems = live.expect("problems");
    assert!(
        problems.data.contains("templates/article.html:"),
        "{}",
        problems.data
    );
    let failed = s.get("/news/magnet-prices/");
    assert_eq!(failed.status, 500);
    assert!(failed.text().contains("monazite-overlay"));
    f.write("templates/article.html", &good);
    live.expect("reload");
    assert_eq!(s.get("/news/magnet-prices/").status, 200);
}

#[test]
fn a_stylesheet_change_swaps_styles_without_a_reload() {
    let f = Fixture::new("minimal");
    let s = Served::start(&f, &[]);
    let mut live = s.live("/");
    let css = fs::read_to_string(f.path("templates/assets/style.css")).unwrap();
    f.write(
        "templates/assets/style.css",
        &format!("{css}\n.changed-rule {{ color: red; }}\n"),
    );
    let event = live.expect("css");
    assert!(event.data.parse::<u64>().is_ok());
    assert!(s.get("/assets/style.css").text().contains(".changed-rule"));
    assert!(
        live.quiet_for(Duration::from_millis(300)).is_none(),
        "no reload for a CSS change"
    );
}

#[test]
fn traversal_requests_are_refused() {
    let f = Fixture::new("minimal");
    let s = Served::start(&f, &[]);
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/..%2fsite.yaml",
        "/assets/../../site.yaml",
        "/assets/%2e%2e%2f%2e%2e%2fsite.yaml",
        "/news/..%5c..%5csite.yaml",
    ] {
        let response = s.get(path);
        assert_eq!(response.status, 400, "{path}");
        assert!(!response.text().contains("Fixture Times"), "{path}");
    }
    // Files of the site folder that are not outputs are not served at all.
    for path in [
        "/site.yaml",
        "/content/news/odisha-sands.md",
        "/templates/base.html",
    ] {
        let response = s.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(!response.text().contains("paginate_by"), "{path}");
    }
}

#[test]
fn a_missing_page_is_the_themes_404() {
    let f = Fixture::new("minimal");
    let s = Served::start(&f, &[]);
    let response = s.get("/no/such/page/");
    assert_eq!(response.status, 404);
    assert_eq!(
        response.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = Html::parse_document(&response.text());
    assert_eq!(text_of(&html, "h1"), "Page not found");
    assert_eq!(select(&html, "script[src='/__monazite/live.js']").len(), 1);
}

#[test]
fn drafts_and_scheduled_articles_show_banners_with_drafts() {
    let f = Fixture::new("minimal");
    let without = Served::start(&f, &[]);
    assert_eq!(without.get("/news/draft-story/").status, 404);
    drop(without);
    let s = Served::start(&f, &["--drafts"]);
    let draft = Html::parse_document(&s.get("/news/draft-story/").text());
    assert!(text_of(&draft, ".status-banner--draft").starts_with("Draft"));
    let future = Html::parse_document(&s.get("/news/future-story/").text());
    assert!(text_of(&future, ".status-banner--scheduled").starts_with("Scheduled"));
}

#[test]
fn builds_never_contain_the_live_reload_script() {
    let f = Fixture::new("minimal");
    let s = Served::start(&f, &[]);
    assert!(s.get("/").text().contains("/__monazite/live.js"));
    f.build();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(f.path("public")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = String::from_utf8_lossy(&fs::read(entry.path()).unwrap()).into_owned();
            assert!(
                !text.contains("__monazite") && !text.contains("EventSource"),
                "{}",
                entry.path().display()
            );
            pages += 1;
        }
    }
    assert!(pages > 5);
}

/// Whether `port` is listened on at 127.0.0.1 only (Linux's /proc/net/tcp).
fn listens_on_loopback_only(port: u16) -> Option<bool> {
    let table = fs::read_to_string("/proc/net/tcp").ok()?;
    let wanted = format!(":{port:04X}");
    let addresses: Vec<String> = table
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            let local = cols.get(1)?;
            (local.ends_with(&wanted) && cols.get(3) == Some(&"0A")).then(|| local.to_string())
        })
        .collect();
    (!addresses.is_empty()).then(|| addresses.iter().all(|a| a.starts_with("0100007F:")))
}

#[test]
fn binds_to_loopback_by_default() {
    let f = Fixture::new("minimal");
    let s = Served::start(&f, &[]);
    assert!(s.url.starts_with("http://127.0.0.1:"), "{}", s.url);
    if let Some(loopback) = listens_on_loopback_only(s.port) {
        assert!(loopback, "listening beyond loopback");
    }
    drop(s);
    let s = Served::start(&f, &["--bind", "0.0.0.0"]);
    assert!(s.wait_stderr("other machines can see this preview"));
    if let Some(loopback) = listens_on_loopback_only(s.port) {
        assert!(!loopback, "--bind 0.0.0.0 listens on all interfaces");
    }
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let f = Fixture::new("minimal");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let s = Served::start(&f, &["--port", &port.to_string()]);
    assert!(s.port > port, "{} should be after {port}", s.port);
    assert!(
        s.wait_stderr(&format!(
            "port {port} is in use; serving on {} instead",
            s.port
        )),
        "{}",
        s.stderr_text()
    );
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn ctrl_c_stops_cleanly() {
    let f = Fixture::new("minimal");
    let mut s = Served::start(&f, &[]);
    let _live = s.live("/");
    let sent = Command::new("kill")
        .args(["-INT", &s.child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(100));
    assert!(s.stdout_text().ends_with("stopped"), "{}", s.stdout_text());
}

#[cfg(unix)]
#[test]
fn open_hands_the_url_to_the_desktop_opener() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new("minimal");
    let bin = tempfile::tempdir().unwrap();
    let record = bin.path().join("opened.txt");
    let opener = bin.path().join("xdg-open");
    fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", record.display()),
    )
    .unwrap();
    fs::set_permissions(&opener, fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = f.command(&["serve", "--port", "0", "--open"]);
    command.env("PATH", path);
    let s = Served::spawn(command);
    let deadline = Instant::now() + PATIENCE;
    // The shell creates the file before `echo` fills it: wait for a whole line.
    let written = || fs::read_to_string(&record).is_ok_and(|t| t.ends_with('\n'));
    while !written() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let opened = fs::read_to_string(&record).expect("the opener was run");
    assert_eq!(opened.trim(), s.url);
}
