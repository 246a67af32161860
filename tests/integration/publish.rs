//! "Publish nothing broken": `build` refuses a site whose readers would meet
//! a broken link, anchor, image, related entry or a link to a draft, and
//! leaves `public/` exactly as it was; `--drafts` reports them and builds;
//! misspelt keys warn; an unwritten article is an error.

use crate::support::{Fixture, Run, files_under};

/// Builds `minimal`, then lays `case` over it and builds again: the second
/// build must fail, and `public/` must be byte for byte the first build's.
fn refused(case: &str) -> Run {
    let fixture = Fixture::new("minimal");
    fixture.build();
    let before = files_under(&fixture.path("public"));
    let fixture = fixture.overlay(case);
    let run = fixture.run(&["build"]);
    run.assert_failure();
    assert_eq!(
        files_under(&fixture.path("public")),
        before,
        "a refused build changed public/"
    );
    assert!(
        run.stderr.contains("is as it was"),
        "the failure does not say public/ is untouched:\n{}",
        run.stderr
    );
    run
}

/// Whether stderr has a finding at `location` (a path ending, line and column) with `message`.
fn has(run: &Run, location: &str, message: &str) -> bool {
    run.stderr
        .lines()
        .any(|l| l.contains(&format!("{location}: ")) && l.contains(message))
}

fn assert_has(run: &Run, location: &str, message: &str) {
    assert!(
        has(run, location, message),
        "no `{location}: … {message}` in:\n{}",
        run.stderr
    );
}

#[test]
fn broken_links_and_anchors_and_links_to_drafts_stop_the_build() {
    let run = refused("check-links");
    let file = "content/news/broken-links.md";
    assert_has(
        &run,
        &format!("{file}:10:33"),
        "error: link to /news/magnet-price/ does not resolve",
    );
    assert_has(
        &run,
        &format!("{file}:11:31"),
        "error: link to /news/magnet-prices/#what-changes: no heading or id",
    );
    assert_has(
        &run,
        &format!("{file}:15:23"),
        "error: link to #our-own-sections",
    );
    // The draft is not in this build, yet the link is named for what it is.
    assert_has(
        &run,
        &format!("{file}:20:11"),
        "error: link to /news/draft-story/ leads to a draft",
    );
    assert_has(
        &run,
        "content/pages/contact.md:4:35",
        "error: link to /about-us/ does not resolve",
    );
    assert!(
        run.stderr.contains("build failed: 6 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_images_author_photos_and_related_entries_stop_the_build() {
    let run = refused("check-images");
    assert!(
        run.stderr
            .lines()
            .any(|l| l.contains("content/authors/li.md")
                && l.contains("image /assets/li-wen.jpg does not exist")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/news/photo-story/index.md"),
        "{}",
        run.stderr
    );
    let run = refused("check-related");
    assert!(
        run.stderr
            .contains("error: related link to /news/odisha-sand/ does not resolve"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_drafts_build_reports_broken_links_as_warnings_and_builds() {
    let fixture = Fixture::new("minimal").overlay("check-links");
    let run = fixture.run(&["build", "--drafts"]);
    run.assert_success();
    assert_has(
        &run,
        "content/news/broken-links.md:10:33",
        "warning: link to /news/magnet-price/ does not resolve",
    );
    assert!(!run.stderr.contains(": error:"), "{}", run.stderr);
    assert!(
        fixture
            .path("public/news/broken-links/index.html")
            .is_file()
    );
}

#[test]
fn anchors_on_the_themes_own_ids_resolve_in_a_build_and_a_rebuild() {
    let fixture = Fixture::new("minimal").overlay("publish-anchors");
    let first = fixture.build();
    assert!(!first.stderr.contains("theme-anchors"), "{}", first.stderr);
    // The second build keeps the unchanged pages without rendering them:
    // their ids are read back from the output.
    let again = fixture.build();
    assert!(again.stdout.contains("unchanged"), "{}", again.stdout);
    assert!(!again.stderr.contains("theme-anchors"), "{}", again.stderr);
    // A story edited to link to an id no page has is refused on a rebuild too.
    let path = "content/news/theme-anchors.md";
    let text = std::fs::read_to_string(fixture.path(path)).unwrap();
    fixture.write(path, &text.replace("#author-box-heading", "#author-boxes"));
    let run = fixture.run(&["build"]);
    run.assert_failure();
    assert_has(
        &run,
        &format!("{path}:10:34"),
        "error: link to /news/magnet-prices/#author-boxes: no heading or id",
    );
}

#[test]
fn feeds_sitemaps_assets_and_the_404_page_are_link_targets() {
    let fixture = Fixture::new("minimal");
    fixture.write(
        "content/pages/follow.md",
        "---\ntitle: \"Follow us\"\n---\nRead [the Atom feed](/atom.xml), [RSS](/rss.xml), \
         [the sitemap](/sitemap.xml), [robots](/robots.txt), [search data](/search/manifest.json), \
         [the not-found page](/404.html), [the style](/assets/style.css) and \
         [a folder article's image](/news/folder-story/cover.svg).\n",
    );
    let run = fixture.build();
    assert!(!run.stderr.contains("follow.md"), "{}", run.stderr);
}

#[test]
fn misspelt_front_matter_keys_warn_in_a_build_with_the_suggestion() {
    let fixture = Fixture::new("minimal").overlay("check-keys");
    let run = fixture.build();
    assert_has(
        &run,
        "content/news/typo-keys.md:6:1",
        "warning: unknown front-matter key `hightlights`",
    );
    assert!(
        run.stderr.contains("did you mean `highlights`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_placeholder_body_of_new_is_an_error_once_the_draft_is_published() {
    let fixture = Fixture::new("minimal");
    let run = fixture.run(&["new", "Magnet plant opens in Vizag", "--author", "li"]);
    run.assert_success();
    let path = "content/news/magnet-plant-opens-in-vizag.md";
    fixture.build();
    let text = std::fs::read_to_string(fixture.path(path)).unwrap();
    let body_line = text
        .lines()
        .position(|l| l.starts_with("Start with the news"))
        .unwrap()
        + 1;
    fixture.write(path, &text.replace("draft: true", "draft: false"));
    for command in ["build", "check"] {
        let run = fixture.run(&[command]);
        run.assert_failure();
        assert_has(
            &run,
            &format!("{path}:{body_line}:1"),
            "error: the article still has the placeholder text of `monazite new`",
        );
        assert!(
            run.stderr.contains("write the story, or set `draft: true`"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn an_empty_body_is_an_error_in_build_and_check() {
    let fixture = Fixture::new("minimal").overlay("publish-empty");
    for command in ["build", "check"] {
        let run = fixture.run(&[command]);
        run.assert_failure();
        assert_has(
            &run,
            "content/news/empty-story.md:6:1",
            "error: the article has no body",
        );
    }
}

#[test]
fn a_link_to_an_article_scheduled_for_later_is_a_warning() {
    let fixture = Fixture::new("minimal");
    fixture.write(
        "content/news/looking-ahead.md",
        "---\ntitle: \"Looking ahead\"\ndate: 2025-10-12\nauthor: li\n---\nSee [the coming story](/news/future-story/).\n",
    );
    let run = fixture.build();
    assert_has(
        &run,
        "content/news/looking-ahead.md:6:24",
        "warning: link to /news/future-story/ leads to an article scheduled for later",
    );
    assert!(
        fixture
            .path("public/news/looking-ahead/index.html")
            .is_file()
    );
}
