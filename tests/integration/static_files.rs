//! The site's `static/` folder (issue 18): copied to the output as it is,
//! incrementally, checked for clashes with what the site makes, its links
//! skipped, its files valid link targets, served and watched by `serve`.
//! The `static-files` fixture lays over `minimal` a `static/` folder (CNAME,
//! a PDF, a nested image, `.well-known/`, a verification file) and a page
//! linking to two of its files.

use std::os::unix::fs::MetadataExt;

use crate::support::serve::Served;
use crate::support::{Fixture, files_under};

fn site() -> Fixture {
    Fixture::new("minimal").overlay("static-files")
}

/// The "N changed" of a build's summary line.
fn changed(stdout: &str) -> usize {
    let at = stdout.find(" changed").expect("summary line");
    let digits: String = stdout[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .collect();
    digits
        .chars()
        .rev()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

#[test]
fn every_static_file_is_copied_as_it_is() {
    let f = site();
    f.build();
    let sources = files_under(&f.path("static"));
    assert_eq!(sources.len(), 5, "{:?}", sources.keys());
    let output = files_under(&f.path("public"));
    for (file, bytes) in &sources {
        assert_eq!(output.get(file), Some(bytes), "{file}");
    }
    assert!(output.contains_key(".well-known/security.txt"));
    assert!(output.contains_key("images/shared/map.svg"));
}

#[test]
fn a_rebuild_writes_only_the_static_files_that_changed() {
    let f = site();
    f.build();
    let inode = |rel: &str| std::fs::metadata(f.path("public").join(rel)).unwrap().ino();
    let pdf = inode("docs/annual-report.pdf");
    let run = f.build();
    assert_eq!(changed(&run.stdout), 0, "{}", run.stdout);
    f.write("static/CNAME", "www.fixture.example.org\n");
    let run = f.build();
    assert_eq!(changed(&run.stdout), 1, "{}", run.stdout);
    assert_eq!(f.output("CNAME"), "www.fixture.example.org\n");
    assert_eq!(
        inode("docs/annual-report.pdf"),
        pdf,
        "an unchanged file is kept"
    );
    std::fs::remove_file(f.path("static/google1234.html")).unwrap();
    f.build();
    assert!(
        !f.path("public/google1234.html").exists(),
        "a removed file goes"
    );
}

/// Builds with `rel` written under the site and returns the failed run's
/// stderr, checking the old site is kept.
fn refused_with(f: &Fixture, rel: &str) -> String {
    f.write(rel, "not the site's own\n");
    let before = f.snapshot_public();
    let run = f.run(&["build"]);
    run.assert_failure();
    assert_eq!(f.snapshot_public(), before, "the old site is kept");
    std::fs::remove_file(f.path(rel)).unwrap();
    run.stderr
}

#[test]
fn a_static_file_where_the_site_writes_is_an_error_naming_both() {
    let f = site();
    f.build();
    let stderr = refused_with(&f, "static/news/odisha-sands/index.html");
    assert!(
        stderr.contains("static/news/odisha-sands/index.html would be written over the page /news/odisha-sands/ of content/news/odisha-sands.md"),
        "{stderr}"
    );
    let stderr = refused_with(&f, "static/atom.xml");
    assert!(
        stderr.contains(
            "static/atom.xml would be written over the file atom.xml that the site generates"
        ),
        "{stderr}"
    );
    let stderr = refused_with(&f, "static/search/extra.json");
    assert!(
        stderr
            .contains("static/search/extra.json would be written over the file search/extra.json"),
        "{stderr}"
    );
    let stderr = refused_with(&f, "static/assets/style.css");
    assert!(
        stderr.contains("static/assets/style.css would be written over templates/assets/style.css"),
        "{stderr}"
    );
    // A page of the site's own: the about page.
    let stderr = refused_with(&f, "static/about/index.html");
    assert!(stderr.contains("over the page /about/"), "{stderr}");
}

#[test]
fn a_static_file_on_an_alias_is_an_error_naming_the_article() {
    let f = site().overlay("aliases");
    f.build();
    let stderr = refused_with(&f, "static/archive/story-1234.html");
    assert!(
        stderr.contains("static/archive/story-1234.html would be written over the alias /archive/story-1234.html of content/news/renamed-story.md"),
        "{stderr}"
    );
}

#[test]
fn symbolic_links_in_static_are_skipped_with_a_warning() {
    let f = site();
    std::os::unix::fs::symlink(f.path("site.yaml"), f.path("static/site.yaml")).unwrap();
    let run = f.build();
    assert!(
        run.stderr.contains("static/site.yaml") && run.stderr.contains("skipped a symbolic link"),
        "{}",
        run.stderr
    );
    assert!(!f.path("public/site.yaml").exists());
}

#[test]
fn links_to_static_files_are_valid_targets() {
    let f = site();
    let run = f.run(&["check"]);
    assert!(
        !run.stdout.contains("annual-report") && !run.stderr.contains("annual-report"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    f.write(
        "content/pages/reports.md",
        "---\ntitle: Reports\n---\nRead [the old report](/docs/missing-report.pdf).\n",
    );
    let run = f.run(&["check"]);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("/docs/missing-report.pdf"), "{all}");
}

#[test]
fn serve_serves_static_files_and_reloads_when_they_change() {
    let f = site();
    let s = Served::start(&f, &[]);
    let pdf = s.get("/docs/annual-report.pdf");
    assert_eq!(pdf.status, 200);
    assert_eq!(
        pdf.body,
        std::fs::read(f.path("static/docs/annual-report.pdf")).unwrap()
    );
    assert_eq!(s.get("/CNAME").text(), "news.fixture.example.org\n");
    let mut live = s.live("/reports/");
    f.write("static/docs/new-brief.pdf", "%PDF-1.4 a new brief\n");
    live.expect("reload");
    assert_eq!(
        s.get("/docs/new-brief.pdf").text(),
        "%PDF-1.4 a new brief\n"
    );
    f.write("static/CNAME", "www.fixture.example.org\n");
    live.expect("reload");
    assert_eq!(s.get("/CNAME").text(), "www.fixture.example.org\n");
    std::fs::remove_file(f.path("static/docs/new-brief.pdf")).unwrap();
    live.expect("reload");
    assert_eq!(s.get("/docs/new-brief.pdf").status, 404);
}
