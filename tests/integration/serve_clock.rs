//! `monazite serve` keeps time: "now" is read again at every rebuild, a
//! timer wakes the preview when the next scheduled article's time comes, and
//! a folder that is no site is refused as `build` refuses it. These tests run
//! on the real clock (no `MONAZITE_NOW`), and wait for what they expect with a
//! generous timeout rather than asserting how long anything took.

use std::process::Stdio;
use std::time::{Duration, Instant};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::support::Fixture;
use crate::support::serve::{PATIENCE, Served};

/// `monazite serve --port 0 <args>` on the real clock.
fn serve_on_the_clock(f: &Fixture, args: &[&str]) -> Served {
    let mut command = f.command(&["serve", "--port", "0"]);
    command.args(args).env_remove("MONAZITE_NOW");
    Served::spawn(command)
}

/// An article dated `from_now` away from the real clock (negative: in the past).
fn article_dated(f: &Fixture, slug: &str, from_now: time::Duration) {
    let date = (OffsetDateTime::now_utc() + from_now)
        .replace_nanosecond(0)
        .unwrap()
        .format(&Rfc3339)
        .unwrap();
    f.write(
        &format!("content/news/{slug}.md"),
        &format!(
            "---\ntitle: \"On the clock\"\ndate: {date}\nauthor: asha\n---\nThe article's body.\n"
        ),
    );
}

/// Polls `path` until `done` holds for its status and text, or PATIENCE passes.
fn poll(s: &Served, path: &str, done: impl Fn(u16, &str) -> bool) -> bool {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        let page = s.get(path);
        if done(page.status, &page.text()) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn a_scheduled_article_appears_when_its_time_comes() {
    let f = Fixture::new("minimal");
    article_dated(&f, "on-the-hour", time::Duration::seconds(8));
    let s = serve_on_the_clock(&f, &[]);
    assert_eq!(s.get("/news/on-the-hour/").status, 404, "not yet published");
    let mut live = s.live("/");
    // No file changes: only the timer can bring it in.
    live.expect("reload");
    assert!(
        poll(&s, "/news/on-the-hour/", |status, _| status == 200),
        "the article never appeared\n{}",
        s.stdout_text()
    );
    // The terminal says why (printed just after the reload event goes out).
    let deadline = Instant::now() + PATIENCE;
    while !s.stdout_text().contains("a scheduled article's time came") {
        assert!(Instant::now() < deadline, "{}", s.stdout_text());
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn an_article_written_after_start_and_dated_before_now_is_published() {
    let f = Fixture::new("minimal");
    let s = serve_on_the_clock(&f, &["--drafts"]);
    // Past the moment serve started, but before the edit is taken in.
    std::thread::sleep(Duration::from_secs(2));
    article_dated(&f, "just-now", time::Duration::seconds(-1));
    assert!(
        poll(&s, "/news/just-now/", |status, text| status == 200
            && text.contains("On the clock")),
        "the article never appeared\n{}",
        s.stdout_text()
    );
    let page = s.get("/news/just-now/").text();
    assert!(
        !page.contains("status-banner--scheduled"),
        "an article dated before now is not scheduled"
    );
    // The fixture's 2099 article is still scheduled on the real clock.
    let future = s.get("/news/future-story/").text();
    assert!(future.contains("status-banner--scheduled"));
}

/// Runs `serve` and waits for it to exit: its status and stderr.
fn serve_exits(f: &Fixture) -> (std::process::ExitStatus, String) {
    let mut child = f
        .command(&["serve", "--port", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
            return (status, err);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("serve kept running in a folder that is no site");
}

#[test]
fn serve_without_site_yaml_exits_with_builds_error() {
    let f = Fixture::new("minimal");
    std::fs::remove_file(f.path("site.yaml")).unwrap();
    let (status, err) = serve_exits(&f);
    assert!(!status.success());
    let build = f.run(&["build"]);
    assert!(err.contains("cannot read site.yaml"), "{err}");
    assert!(
        build.stderr.contains("cannot read site.yaml"),
        "{}",
        build.stderr
    );
    assert!(err.contains("monazite init"), "{err}");
}

#[test]
fn serve_without_a_theme_exits_with_builds_error() {
    let f = Fixture::new("minimal");
    std::fs::remove_dir_all(f.path("templates")).unwrap();
    let (status, err) = serve_exits(&f);
    assert!(!status.success());
    assert!(
        err.contains("the theme folder `templates/` is missing"),
        "{err}"
    );
    let build = f.run(&["build"]);
    assert!(
        build
            .stderr
            .contains("the theme folder `templates/` is missing")
    );
}
