//! `monazite new`: a draft that parses and builds, an author that must exist,
//! readable slugs from any headline, and never an overwritten file.

use std::path::PathBuf;

use crate::support::{Fixture, Run, select, text_of};

/// Runs `new` with `args` and returns the path it printed (absolute, under the fixture).
fn new_article(fixture: &Fixture, args: &[&str]) -> (Run, PathBuf) {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    let run = fixture.run(&all);
    run.assert_success();
    let printed = PathBuf::from(run.stdout.trim());
    assert!(
        printed.starts_with(fixture.root()),
        "prints the path it wrote: {}",
        run.stdout
    );
    assert!(printed.is_file(), "{} was not written", printed.display());
    (run, printed)
}

fn file_name(fixture: &Fixture, path: &std::path::Path) -> String {
    path.strip_prefix(fixture.root())
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn new_writes_a_draft_that_parses_and_builds() {
    let fixture = Fixture::new("minimal");
    let (_, path) = new_article(
        &fixture,
        &[
            "India's \"magnet\" plan: 50% more by 2030",
            "--author",
            "asha",
            "--tags",
            "india,magnets, rare earths",
        ],
    );
    assert_eq!(
        file_name(&fixture, &path),
        "content/news/indias-magnet-plan-50-more-by-2030.md"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("title: \"India's \\\"magnet\\\" plan: 50% more by 2030\""));
    assert!(text.contains("author: asha"));
    assert!(text.contains("tags: [india, magnets, rare earths]"));
    assert!(text.contains("draft: true"));
    // The fixed "now" in the local offset of the test process (UTC unless TZ says otherwise).
    assert!(text.contains("date: 2025-10-18T"), "{text}");

    // Drafts stay out of a normal build, and build with --drafts.
    fixture.build();
    assert!(
        !fixture
            .path("public/news/indias-magnet-plan-50-more-by-2030")
            .exists()
    );
    fixture.run(&["build", "--drafts"]).assert_success();
    let page = fixture.html("news/indias-magnet-plan-50-more-by-2030/index.html");
    assert_eq!(
        text_of(&page, "h1"),
        "India’s “magnet” plan: 50% more by 2030"
    );
    let tag_links: Vec<String> = select(&page, "a[href*='/tags/']")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(
        tag_links.iter().any(|h| h.ends_with("/tags/rare-earths/")),
        "{tag_links:?}"
    );
    // And `check` has no error in it: only notes about the blanks to fill in.
    let run = fixture.run(&["check"]);
    run.assert_success();
}

#[test]
fn date_is_written_in_the_local_time_zone() {
    let fixture = Fixture::new("minimal");
    let run = fixture
        .command(&["new", "Odisha's sands", "--author", "asha"])
        .env("TZ", "IST-5:30")
        .output()
        .unwrap();
    assert!(run.status.success());
    let path = String::from_utf8(run.stdout).unwrap();
    let text = std::fs::read_to_string(path.trim()).unwrap();
    assert!(
        text.contains("date: 2025-10-18T17:30:00+05:30"),
        "noon UTC is 17:30 in India:\n{text}"
    );
}

#[test]
fn folder_articles_are_index_files() {
    let fixture = Fixture::new("minimal");
    let (_, path) = new_article(&fixture, &["Sands of Kerala", "--author", "li", "--folder"]);
    assert_eq!(
        file_name(&fixture, &path),
        "content/news/sands-of-kerala/index.md"
    );
    std::fs::write(
        path.parent().unwrap().join("map.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    fixture.run(&["build", "--drafts"]).assert_success();
    assert!(
        fixture
            .path("public/news/sands-of-kerala/map.svg")
            .is_file()
    );
}

#[test]
fn slugs_from_accents_quotes_emoji_and_devanagari() {
    let fixture = Fixture::new("minimal");
    for (headline, expected) in [
        ("Société Générale’s “big” bet", "societe-generales-big-bet"),
        ("🧲 Magnet prices 🚀 soar!", "magnet-prices-soar"),
        ("भारत में दुर्लभ खनिज", "bharat-men-durlabh-khanij"),
        ("Россия и редкие земли", "rossiya-i-redkie-zemli"),
    ] {
        let (_, path) = new_article(&fixture, &[headline, "--author", "li"]);
        assert_eq!(
            file_name(&fixture, &path),
            format!("content/news/{expected}.md"),
            "slug of {headline}"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(headline), "the headline is kept as written");
    }
    let long = "Rare earth ".repeat(12);
    let (_, path) = new_article(&fixture, &[&long, "--author", "li"]);
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    assert!(
        stem.len() <= 80 && stem.ends_with("earth"),
        "capped at a hyphen: {stem}"
    );
    fixture.run(&["build", "--drafts"]).assert_success();
    assert!(
        fixture
            .path("public/news/bharat-men-durlabh-khanij/index.html")
            .is_file()
    );

    let run = fixture.run(&["new", "稀土 🧲", "--author", "li"]);
    run.assert_failure();
    assert!(run.stderr.contains("--slug"), "{}", run.stderr);
    let (_, path) = new_article(&fixture, &["稀土 🧲", "--author", "li", "--slug", "xitu"]);
    assert_eq!(file_name(&fixture, &path), "content/news/xitu.md");
}

#[test]
fn new_never_overwrites() {
    let fixture = Fixture::new("minimal");
    let (_, path) = new_article(&fixture, &["Cobalt rallies", "--author", "li"]);
    std::fs::write(&path, "the editor's work").unwrap();
    for args in [
        vec!["new", "Cobalt rallies", "--author", "li"],
        vec!["new", "Cobalt rallies!", "--author", "asha", "--folder"],
    ] {
        let run = fixture.run(&args);
        run.assert_failure();
        assert!(
            run.stderr.contains("already exists") && run.stderr.contains("cobalt-rallies"),
            "{}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "the editor's work");
    assert!(
        !fixture
            .path("content/news/cobalt-rallies/index.md")
            .exists()
    );

    // An article the fixture already had is left alone too.
    let existing = fixture.path("content/news/magnet-prices.md");
    let before = std::fs::read(&existing).unwrap();
    fixture
        .run(&["new", "Magnet prices", "--author", "li"])
        .assert_failure();
    assert_eq!(std::fs::read(&existing).unwrap(), before);
}

#[test]
fn author_from_flag_or_site_default_or_an_error_listing_authors() {
    let fixture = Fixture::new("minimal");
    let run = fixture.run(&["new", "No author"]);
    run.assert_failure();
    assert!(
        run.stderr.contains("no author given") && run.stderr.contains("asha, li"),
        "{}",
        run.stderr
    );
    let run = fixture.run(&["new", "Wrong author", "--author", "ashaa"]);
    run.assert_failure();
    assert!(
        run.stderr.contains("unknown author `ashaa`")
            && run.stderr.contains("did you mean `asha`")
            && run.stderr.contains("create content/authors/ashaa.md"),
        "{}",
        run.stderr
    );
    assert!(!fixture.path("content/news/wrong-author.md").exists());

    let config = std::fs::read_to_string(fixture.path("site.yaml")).unwrap();
    fixture.write("site.yaml", &format!("{config}default_author: li\n"));
    let (_, path) = new_article(&fixture, &["Default author"]);
    assert!(
        std::fs::read_to_string(path)
            .unwrap()
            .contains("author: li")
    );
}
