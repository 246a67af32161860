//! `monazite check`: each kind of problem is found in a fixture made for it,
//! reported as `file:line:col: severity: message` with a count at the end, and
//! the exit code is non-zero only on errors. Nothing is written.

use crate::support::{Fixture, Run, copy_dir, repo_root};

/// Runs `check` on `minimal` with `case` laid over it.
fn check_case(case: &str) -> (Fixture, Run) {
    let fixture = Fixture::new("minimal").overlay(case);
    let run = fixture.run(&["check"]);
    (fixture, run)
}

/// Asserts that stderr has a finding line starting with `location` (a path
/// ending, line and column) and containing `message`, and returns the line's help.
fn finding(run: &Run, location: &str, message: &str) -> String {
    let lines: Vec<&str> = run.stderr.lines().collect();
    let index = lines
        .iter()
        .position(|l| l.contains(&format!("{location}: ")) && l.contains(message))
        .unwrap_or_else(|| panic!("no finding `{location}: … {message}` in:\n{}", run.stderr));
    lines[index + 1..]
        .iter()
        .find_map(|l| l.trim_start().strip_prefix("= help: "))
        .unwrap_or("")
        .to_string()
}

/// The numbers of the count line: (errors, warnings, notes).
fn counts(run: &Run) -> (usize, usize, usize) {
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("check: "))
        .unwrap_or_else(|| panic!("no count line in:\n{}", run.stderr));
    let numbers: Vec<usize> = line
        .trim_start_matches("check: ")
        .split(", ")
        .take(3)
        .map(|part| part.split(' ').next().unwrap().parse().unwrap())
        .collect();
    (numbers[0], numbers[1], numbers[2])
}

#[test]
fn broken_links_and_anchors_are_errors_with_positions() {
    let (fixture, run) = check_case("check-links");
    run.assert_failure();
    let file = "content/news/broken-links.md";
    let help = finding(
        &run,
        &format!("{file}:10:33"),
        "error: link to /news/magnet-price/ does not resolve",
    );
    assert_eq!(help, "did you mean /news/magnet-prices/?");
    let help = finding(
        &run,
        &format!("{file}:11:31"),
        "error: link to /news/magnet-prices/#what-changes: no heading or id `what-changes`",
    );
    assert_eq!(help, "did you mean #what-changed?");
    let help = finding(
        &run,
        &format!("{file}:15:23"),
        "error: link to #our-own-sections: no heading or id",
    );
    assert_eq!(help, "did you mean #our-own-section?");
    finding(
        &run,
        &format!("{file}:22:1"),
        "error: link has no destination",
    );
    finding(
        &run,
        &format!("{file}:20:11"),
        "error: link to /news/draft-story/ leads to a draft",
    );
    finding(
        &run,
        "content/pages/contact.md:4:35",
        "error: link to /about-us/ does not resolve",
    );
    // The working links (relative, anchors, tags, assets, folder images, own host) are not reported.
    for good in [
        "../magnet-prices/",
        "#what-changed",
        "/about/:",
        "/tags/mining/",
        "style.css",
        "cover.svg",
        "fixture.example.org",
        "#our-own-section:",
    ] {
        assert!(
            !run.stderr
                .lines()
                .any(|l| l.contains(": error:") && l.contains(good)),
            "`{good}` wrongly reported:\n{}",
            run.stderr
        );
    }
    assert_eq!(counts(&run).0, 6, "{}", run.stderr);
    // The source line is shown with a caret under the link.
    assert!(run.stderr.contains(
        "10 | This links to [a missing story](/news/magnet-price/) and to\n   |                                 ^"
    ));
    assert!(!fixture.path("public").exists(), "check wrote public/");
}

#[test]
fn related_entries_must_resolve() {
    let (_, run) = check_case("check-related");
    run.assert_failure();
    let help = finding(
        &run,
        "content/news/with-related.md:10:5",
        "error: related link to /news/odisha-sand/ does not resolve",
    );
    assert_eq!(help, "did you mean /news/odisha-sands/?");
    assert_eq!(counts(&run).0, 1, "{}", run.stderr);
}

#[test]
fn missing_images_in_front_matter_markdown_and_author_photos() {
    let (_, run) = check_case("check-images");
    run.assert_failure();
    let help = finding(
        &run,
        "content/news/photo-story/index.md:8:8",
        "error: image photo.jpg (/news/photo-story/photo.jpg) does not exist",
    );
    assert!(help.contains("beside the article, in content/news/photo-story/"));
    finding(
        &run,
        "content/news/photo-story/index.md:11:36",
        "error: image coast-map.png (/news/photo-story/coast-map.png) does not exist",
    );
    finding(
        &run,
        "content/authors/li.md:4:9",
        "error: image /assets/li-wen.jpg does not exist",
    );
    assert_eq!(counts(&run).0, 3, "{}", run.stderr);
}

#[test]
fn image_in_a_single_file_article_explains_folders() {
    let fixture = Fixture::new("minimal");
    fixture.write(
        "content/news/flat.md",
        "---\ntitle: Flat\ndate: 2025-10-01\nauthor: li\n---\n![A map](map.png)\n",
    );
    let run = fixture.run(&["check"]);
    run.assert_failure();
    let help = finding(
        &run,
        "content/news/flat.md:6:10",
        "error: image map.png (/news/flat/map.png) does not exist",
    );
    assert!(
        help.contains("make it content/news/flat/index.md and put map.png beside it"),
        "{help}"
    );
}

#[test]
fn unknown_keys_warn_with_a_suggestion() {
    let (_, run) = check_case("check-keys");
    run.assert_success();
    let help = finding(
        &run,
        "content/news/typo-keys.md:6:1",
        "warning: unknown front-matter key `hightlights`",
    );
    assert_eq!(help, "did you mean `highlights`?");
    let help = finding(
        &run,
        "content/news/typo-keys.md:8:1",
        "warning: unknown front-matter key `categry`",
    );
    assert!(
        help.contains("the keys it reads are: title, date"),
        "{help}"
    );
    // Without highlights (the key is misspelt), the article gets a note.
    finding(
        &run,
        "content/news/typo-keys.md:2:1",
        "note: article has no highlights",
    );
    assert_eq!(counts(&run).0, 0);
}

#[test]
fn a_heading_id_the_page_already_uses_is_a_warning() {
    let (_, run) = check_case("heading-ids");
    run.assert_success();
    let help = finding(
        &run,
        "content/news/heading-ids.md:17:14",
        "warning: heading id `subscribe-email` is already used on the page; this heading's id is `subscribe-email-2`",
    );
    assert!(help.contains("choose an id of its own"), "{help}");
    // Headings without `{#id}` are renamed quietly: no one asked for their ids.
    assert_eq!(
        run.stderr.matches("heading id `").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn tags_used_once_are_listed() {
    let (_, run) = check_case("check-tags");
    run.assert_success();
    let help = finding(
        &run,
        "content/news/tag-typo.md:8:8",
        "warning: tag `magnet` is used by no other article",
    );
    assert_eq!(help, "did you mean `magnets` (used by 2 articles)?");
    assert!(
        !run.stderr.contains("tag `magnets`"),
        "a tag on two articles is fine:\n{}",
        run.stderr
    );
    // On a small site most tags are on one article: no notes unless asked.
    assert!(
        !run.stderr.contains("tag `thorium`"),
        "a note about a lonely tag on a small site:\n{}",
        run.stderr
    );
    let fixture = Fixture::new("minimal").overlay("check-tags");
    let run = fixture.run(&["check", "--pedantic"]);
    finding(
        &run,
        "content/news/more-magnets.md:8:26",
        "note: tag `thorium` is used only by this article",
    );
}

#[test]
fn lonely_tag_notes_come_once_the_site_has_twenty_articles() {
    let fixture = Fixture::new("minimal").overlay("check-tags");
    for n in 0..monazite::check::LONELY_TAG_NOTES_FROM {
        fixture.write(
            &format!("content/news/filler-{n}.md"),
            &format!(
                "---\ntitle: \"Market note {n}\"\ndate: 2025-09-{:02}\nauthor: li\ntags: [markets]\n---\nPrices held.\n",
                n + 1
            ),
        );
    }
    let run = fixture.run(&["check"]);
    run.assert_success();
    finding(
        &run,
        "content/news/more-magnets.md:8:26",
        "note: tag `thorium` is used only by this article",
    );
}

#[test]
fn articles_without_summary_or_highlights_are_notes() {
    let fixture = Fixture::new("minimal");
    let run = fixture.run(&["check"]);
    run.assert_success();
    finding(
        &run,
        "content/news/magnet-prices.md:2:1",
        "note: article has no summary",
    );
    finding(
        &run,
        "content/news/folder-story/index.md:2:1",
        "note: article has no summary and no highlights",
    );
    assert!(
        !run.stderr.contains("odisha-sands.md:2:1: note"),
        "odisha-sands has both:\n{}",
        run.stderr
    );
    let (errors, _, notes) = counts(&run);
    assert_eq!(errors, 0);
    assert!(notes >= 2);
}

#[test]
fn site_yaml_links_and_default_author() {
    let (_, run) = check_case("check-nav");
    run.assert_failure();
    finding(
        &run,
        "site.yaml:12:11",
        "error: link to /opinion/ does not resolve",
    );
    finding(
        &run,
        "site.yaml:6:17",
        "warning: default_author `lee` is not an author",
    );
}

#[test]
fn build_errors_are_check_errors() {
    let (fixture, run) = check_case("errors/bad-date");
    run.assert_failure();
    finding(
        &run,
        "content/news/bad-date.md:3:7",
        "error: `date` is not a date",
    );
    // The rest of the site is checked too (its notes are shown), with no
    // error made of the article left out.
    assert_eq!(counts(&run).0, 1, "{}", run.stderr);
    assert!(!fixture.path("public").exists());
}

#[test]
fn template_errors_are_check_errors() {
    let (_, run) = check_case("errors/template-undefined");
    run.assert_failure();
    assert!(
        run.stderr.contains("templates/page.html:"),
        "{}",
        run.stderr
    );
    // A template error does not hide the content's broken links.
    let fixture = Fixture::new("minimal")
        .overlay("errors/template-undefined")
        .overlay("check-links");
    let run = fixture.run(&["check"]);
    assert!(
        run.stderr.contains("templates/page.html:"),
        "{}",
        run.stderr
    );
    finding(
        &run,
        "content/news/broken-links.md:10:33",
        "error: link to /news/magnet-price/ does not resolve",
    );
}

#[test]
fn quiet_prints_only_errors() {
    let fixture = Fixture::new("minimal");
    let run = fixture.run(&["check", "--quiet"]);
    run.assert_success();
    assert_eq!(run.stderr, "", "quiet and clean prints nothing");
    let fixture = fixture.overlay("check-related");
    let run = fixture.run(&["check", "--quiet"]);
    run.assert_failure();
    assert!(run.stderr.contains("error: related link"));
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);
}

#[test]
fn the_example_newsroom_passes() {
    // A copy, so nothing can touch the repository's own site.
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "templates"] {
        copy_dir(&repo_root().join(part), &dir.path().join(part));
    }
    std::fs::copy(repo_root().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_monazite"))
        .args(["check", "--root"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .env_remove("MONAZITE_NOW")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("check: 0 errors"),
        "the newsroom should have no errors:\n{stderr}"
    );
}

#[test]
fn external_links_only_with_the_flag() {
    let served = tempfile::tempdir().unwrap();
    std::fs::write(served.path().join("report.html"), "<p>here</p>").unwrap();
    let server = crate::support::http::StaticServer::start(served.path());
    let fixture = Fixture::new("minimal");
    // Its links to other sites must not be fetched: this test talks to 127.0.0.1 only.
    std::fs::remove_file(fixture.path("content/news/odisha-sands.md")).unwrap();
    fixture.write(
        "content/news/sources.md",
        &format!(
            "---\ntitle: Sources\ndate: 2025-10-01\nauthor: li\nsummary: s\nhighlights: [h]\nsource:\n  name: Report\n  url: {}\n---\nSee [the report]({}) and [the old one]({}).\n",
            server.url("/report.html"),
            server.url("/report.html"),
            server.url("/gone.html"),
        ),
    );
    let run = fixture.run(&["check"]);
    run.assert_success();
    assert!(!run.stderr.contains("gone.html"), "{}", run.stderr);
    assert!(server.requests().is_empty(), "fetched without --external");

    let run = fixture.run(&["check", "--external"]);
    run.assert_failure();
    let gone = server.url("/gone.html");
    let column = "See [the report](".len()
        + server.url("/report.html").len()
        + ") and [the old one](".len()
        + 1;
    finding(
        &run,
        &format!("content/news/sources.md:11:{column}"),
        &format!("error: link to {gone} is broken: the page is gone (404)"),
    );
    assert!(
        !run.stderr.contains("report.html is broken"),
        "{}",
        run.stderr
    );
    let fetched: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.path == "/report.html")
        .map(|r| r.method.clone())
        .collect();
    assert_eq!(fetched, ["HEAD"], "one request for an address used twice");
}

#[test]
fn links_written_with_the_base_path_get_a_hint() {
    let fixture = Fixture::new("minimal");
    let config = std::fs::read_to_string(fixture.path("site.yaml")).unwrap();
    fixture.write(
        "site.yaml",
        &config.replace(
            "https://fixture.example.org/",
            "https://fixture.example.org/newsroom/",
        ),
    );
    fixture.write(
        "content/news/sub-path.md",
        "---\ntitle: Sub-path\ndate: 2025-10-01\nauthor: li\n---\n[Prices](/newsroom/news/magnet-prices/) and [more prices](/news/magnet-prices/).\n",
    );
    let run = fixture.run(&["check"]);
    run.assert_failure();
    let help = finding(
        &run,
        "content/news/sub-path.md:6:10",
        "error: link to /newsroom/news/magnet-prices/ does not resolve",
    );
    assert!(
        help.contains("without the base path: /news/magnet-prices/"),
        "{help}"
    );
    assert_eq!(
        counts(&run).0,
        1,
        "the site path form works:\n{}",
        run.stderr
    );
}

#[test]
fn one_run_reports_every_problem_of_the_site() {
    let (_fixture, run) = check_case("check-many");
    run.assert_failure();
    finding(
        &run,
        "content/news/bad-date.md:3:7",
        "error: `date` is not a date",
    );
    // The rest of the site is still checked: a broken link in another file.
    let help = finding(
        &run,
        "content/news/links-elsewhere.md:11:34",
        "error: link to /news/never-written/ does not resolve",
    );
    assert!(
        help.starts_with("did you mean") || help.starts_with("expected"),
        "{help}"
    );
    finding(
        &run,
        "content/pages/reach-us.md:2:8",
        "error: `title` is empty",
    );
    // Links to the article and the page that failed to load are not reported again.
    for target in ["/news/bad-date/", "/reach-us/"] {
        assert!(
            !run.stderr.contains(&format!("{target} does not resolve")),
            "{}",
            run.stderr
        );
    }
    assert_eq!(counts(&run).0, 3, "{}", run.stderr);
}
