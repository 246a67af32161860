//! `monazite init`: a new site with the embedded default theme that builds and
//! checks at once, from any folder; a non-empty folder needs `--force`.

use std::path::Path;
use std::process::Command;

use crate::support::serve::Served;
use crate::support::{Run, repo_root, select, text_of};

/// Runs the binary in `dir` (outside the repository) with a fixed "now".
fn monazite(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_monazite"))
        .args(args)
        .current_dir(dir)
        .env("MONAZITE_NOW", "2025-10-18T12:00:00Z")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run {
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn init_then_build_and_check() {
    let tmp = tempfile::tempdir().unwrap();
    let run = monazite(tmp.path(), &["init", "newsroom"]);
    run.assert_success();
    assert!(run.stdout.contains("created a new site in newsroom"));
    let site = tmp.path().join("newsroom");
    for file in [
        "site.yaml",
        "content/authors/editor.md",
        "content/news/welcome-to-your-newsroom.md",
        "content/pages/about.md",
        "templates/article.html",
    ] {
        assert!(site.join(file).is_file(), "{file} missing");
    }

    let run = monazite(&site, &["build"]);
    run.assert_success();
    assert!(
        run.stderr.is_empty() && !run.stdout.contains("warning"),
        "a new site builds without a warning:\n{}{}",
        run.stdout,
        run.stderr
    );
    let html = scraper::Html::parse_document(
        &std::fs::read_to_string(site.join("public/news/welcome-to-your-newsroom/index.html"))
            .unwrap(),
    );
    assert_eq!(text_of(&html, "h1"), "Welcome to your newsroom");
    assert_eq!(select(&html, ".highlights li").len(), 3);
    assert!(site.join("public/about/index.html").is_file());
    assert!(site.join("public/assets/style.css").is_file());

    let run = monazite(&site, &["check"]);
    run.assert_success();
    // Clean: the newsletter is off, and site.yaml says how to turn it on.
    assert!(
        run.stderr
            .starts_with("check: 0 errors, 0 warnings, 0 notes"),
        "a new site is clean:\n{}",
        run.stderr
    );
    let site_yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(site_yaml.contains("\nnewsletter: false\n"), "{site_yaml}");
    assert!(site_yaml.contains("docs/newsletter-and-comments.md"));

    let mut command = Command::new(env!("CARGO_BIN_EXE_monazite"));
    command.args(["serve", "--port", "0"]).current_dir(&site);
    let served = Served::spawn(command);
    assert_eq!(served.get("/").status, 200);
    assert!(
        !served.stderr_text().contains("warning") && !served.stdout_text().contains("warning"),
        "serve warned on a new site:\n{}\n{}",
        served.stdout_text(),
        served.stderr_text()
    );
    drop(served);

    // `new` works in the new site at once, with its default author.
    let run = monazite(&site, &["new", "Our first story"]);
    run.assert_success();
    assert_eq!(run.stdout.trim(), "content/news/our-first-story.md");
    monazite(&site, &["build", "--drafts"]).assert_success();
}

#[test]
fn the_theme_is_the_repository_theme() {
    let tmp = tempfile::tempdir().unwrap();
    monazite(tmp.path(), &["init", "site"]).assert_success();
    let embedded = files_under(&tmp.path().join("site/templates"));
    let repository = files_under(&repo_root().join("templates"));
    let names =
        |files: &[(String, Vec<u8>)]| files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&embedded), names(&repository));
    assert!(
        embedded == repository,
        "embedded theme differs from templates/"
    );
}

#[test]
fn init_refuses_a_non_empty_folder_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "keep me").unwrap();
    let run = monazite(tmp.path(), &["init", "."]);
    run.assert_failure();
    assert!(run.stderr.contains("is not empty") && run.stderr.contains("--force"));
    assert!(!tmp.path().join("site.yaml").exists());

    monazite(tmp.path(), &["init", ".", "--force"]).assert_success();
    assert!(tmp.path().join("site.yaml").is_file());
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "keep me"
    );
    monazite(tmp.path(), &["build"]).assert_success();
}

#[test]
fn init_in_the_current_folder_by_default() {
    let tmp = tempfile::tempdir().unwrap();
    let run = monazite(tmp.path(), &["init"]);
    run.assert_success();
    assert!(!run.stdout.contains("cd "), "{}", run.stdout);
    assert!(tmp.path().join("site.yaml").is_file());
}
