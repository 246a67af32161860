//! `aliases:` (issue 18): each old address of an article gets a page that
//! sends readers and crawlers on to it, and `_redirects` gets a 301 rule for
//! Netlify and Cloudflare Pages; bad aliases and clashes fail the build with
//! the old site kept. The `aliases` fixture lays over `minimal` an article,
//! `renamed-story`, with three old addresses.

use roxmltree::Document;
use scraper::Html;

use crate::support::serve::Served;
use crate::support::{Fixture, select, text_of};

const TARGET: &str = "https://fixture.example.org/news/renamed-story/";
const STORY: &str = "content/news/renamed-story.md";

fn aliases() -> Fixture {
    Fixture::new("minimal").overlay("aliases")
}

/// Checks the redirect page at `file` leads to `target`.
fn assert_redirect_page(html: &Html, target: &str) {
    let refresh = select(html, "meta[http-equiv='refresh']");
    assert_eq!(
        refresh[0].value().attr("content"),
        Some(format!("0; url={target}").as_str())
    );
    let canonical = select(html, "link[rel='canonical']");
    assert_eq!(canonical[0].value().attr("href"), Some(target));
    let robots = select(html, "meta[name='robots']");
    assert_eq!(robots[0].value().attr("content"), Some("noindex"));
    let link = select(html, "body a");
    assert_eq!(link[0].value().attr("href"), Some(target));
    assert_eq!(
        text_of(html, "body a"),
        "Monazite processing moves to Chavara"
    );
}

#[test]
fn every_alias_gets_a_redirect_page_and_a_301_rule() {
    let f = aliases();
    f.build();
    for file in [
        "2025/10/monazite-processing-kerala/index.html",
        "news/monazite-kerala/index.html",
        "archive/story-1234.html",
    ] {
        assert_redirect_page(&f.html(file), TARGET);
    }
    let rules: Vec<String> = f
        .output("_redirects")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    assert_eq!(
        rules,
        [
            "/2025/10/monazite-processing-kerala/ /news/renamed-story/ 301",
            "/news/monazite-kerala/ /news/renamed-story/ 301",
            "/archive/story-1234.html /news/renamed-story/ 301",
        ]
    );
}

#[test]
fn aliases_stay_out_of_sitemaps_and_search() {
    let f = aliases();
    f.build();
    let sitemap = f.output("sitemap.xml");
    let doc = Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&TARGET), "{locs:?}");
    for loc in &locs {
        assert!(
            !loc.contains("monazite-processing-kerala")
                && !loc.contains("monazite-kerala")
                && !loc.contains("story-1234"),
            "{loc}"
        );
    }
    for (file, bytes) in crate::support::files_under(&f.path("public/search")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("story-1234"), "search/{file}");
        assert!(!text.contains("monazite-kerala/"), "search/{file}");
    }
}

#[test]
fn under_a_base_path_both_sides_of_a_rule_carry_it() {
    let f = aliases();
    f.run(&["build", "--base-url", "https://example.org/newsroom/"])
        .assert_success();
    let rules = f.output("_redirects");
    assert!(
        rules.contains("\n/newsroom/archive/story-1234.html /newsroom/news/renamed-story/ 301\n"),
        "{rules}"
    );
    assert_redirect_page(
        &f.html("archive/story-1234.html"),
        "https://example.org/newsroom/news/renamed-story/",
    );
}

#[test]
fn a_site_without_aliases_writes_no_redirects_file() {
    let f = Fixture::new("minimal");
    f.build();
    assert!(!f.path("public/_redirects").exists());
}

/// Builds after `edit` of the story's aliases and returns the failed run's
/// stderr, checking the old site is kept.
fn refused(f: &Fixture, aliases: &str) -> String {
    let text = std::fs::read_to_string(f.path(STORY)).unwrap();
    let start = text.find("aliases:").unwrap();
    let end = text.find("tags:").unwrap();
    f.write(
        STORY,
        &format!("{}{aliases}\n{}", &text[..start], &text[end..]),
    );
    let before = f.snapshot_public();
    let run = f.run(&["build"]);
    run.assert_failure();
    assert_eq!(f.snapshot_public(), before, "the old site is kept");
    run.stderr
}

#[test]
fn an_absolute_url_or_a_climb_is_refused_where_written() {
    let f = aliases();
    f.build();
    let stderr = refused(
        &f,
        "aliases:\n  - /fine/\n  - https://old.example.org/story/\n  - /news/../../etc/",
    );
    assert!(stderr.contains(&format!("{STORY}:8:5")), "{stderr}");
    assert!(
        stderr.contains("alias 2: `https://old.example.org/story/` is a full address"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{STORY}:9:5")), "{stderr}");
    assert!(
        stderr.contains("alias 3: `/news/../../etc/` would leave the output folder"),
        "{stderr}"
    );
}

#[test]
fn an_alias_that_is_a_page_names_both_articles() {
    let f = aliases();
    f.build();
    let stderr = refused(&f, "aliases: [/news/odisha-sands/]");
    assert!(
        stderr.contains(&format!(
            "the alias /news/odisha-sands/ of {STORY} would be written over the page /news/odisha-sands/ of content/news/odisha-sands.md"
        )),
        "{stderr}"
    );
    let stderr = refused(&f, "aliases: [/tags/india/]");
    assert!(
        stderr.contains("would be written over the page /tags/india/"),
        "{stderr}"
    );
}

#[test]
fn two_articles_with_one_alias_are_named_both() {
    let f = aliases();
    let other = "content/news/magnet-prices.md";
    let text = std::fs::read_to_string(f.path(other)).unwrap();
    f.write(
        other,
        &text.replacen("tags:", "aliases: [/archive/story-1234.html]\ntags:", 1),
    );
    let run = f.run(&["build"]);
    run.assert_failure();
    let stderr = &run.stderr;
    assert!(
        stderr.contains("the alias /archive/story-1234.html of content/news/")
            && stderr.contains(STORY)
            && stderr.contains(other),
        "{stderr}"
    );
    assert!(stderr.contains("one article only"), "{stderr}");
}

#[test]
fn serve_answers_an_alias_with_its_redirect_page() {
    let f = aliases();
    let s = Served::start(&f, &[]);
    let page = s.get("/archive/story-1234.html");
    assert_eq!(page.status, 200);
    // The preview's own address stands in for the base URL.
    let target = format!("http://127.0.0.1:{}/news/renamed-story/", s.port);
    assert_redirect_page(&Html::parse_document(&page.text()), &target);
    // An old folder asked for without its slash is sent to it, as a static host does.
    let bare = s.get("/2025/10/monazite-processing-kerala");
    assert!(
        matches!(bare.status, 301 | 302 | 307 | 308),
        "{}",
        bare.status
    );
    assert_eq!(
        bare.header("location"),
        Some("/2025/10/monazite-processing-kerala/")
    );
    let rules = s.get("/_redirects");
    assert!(rules.text().contains("/news/renamed-story/ 301"));
}
