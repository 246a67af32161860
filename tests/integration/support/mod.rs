//! A fixture site copied into a temporary folder, and helpers to run the real
//! binary on it and read what it wrote.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// The repository root (where Cargo.toml is).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site in its own temporary folder.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

/// The result of running the binary.
pub struct Run {
    pub status: std::process::ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            status: output.status,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    pub fn assert_success(&self) -> &Run {
        assert!(
            self.status.success(),
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn assert_failure(&self) -> &Run {
        assert!(
            !self.status.success(),
            "expected failure\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// Every file (and link) under `dir`, by its `/`-separated path, with its bytes.
pub fn files_under(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl Fixture {
    /// Copies `tests/fixtures/<name>` and, unless it has its own, the repository's theme.
    pub fn new(name: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let src = repo_root().join("tests/fixtures").join(name);
        assert!(src.is_dir(), "no fixture {}", src.display());
        if !src.join("templates").exists() {
            copy_dir(
                &repo_root().join("templates"),
                &dir.path().join("templates"),
            );
        }
        copy_dir(&src, dir.path());
        Fixture { dir }
    }

    /// Lays `tests/fixtures/<name>` over the fixture (adding or replacing files).
    pub fn overlay(self, name: &str) -> Fixture {
        copy_dir(
            &repo_root().join("tests/fixtures").join(name),
            self.dir.path(),
        );
        self
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// Runs `monazite <args> --root <fixture>` with a fixed "now".
    pub fn run(&self, args: &[&str]) -> Run {
        let output = self.command(args).output().expect("run monazite");
        Run::from(output)
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_monazite"));
        cmd.args(args)
            .arg("--root")
            .arg(self.root())
            .env("MONAZITE_NOW", "2025-10-18T12:00:00Z")
            .env("NO_COLOR", "1");
        cmd
    }

    pub fn build(&self) -> Run {
        let run = self.run(&["build"]);
        run.assert_success();
        run
    }

    /// The text of an output file under public/.
    pub fn output(&self, rel: &str) -> String {
        let p = self.path("public").join(rel);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.output(rel))
    }

    /// Every file under public/ with its bytes, for before/after comparisons.
    pub fn snapshot_public(&self) -> Vec<(String, Vec<u8>)> {
        files_under(&self.path("public")).into_iter().collect()
    }
}

/// The elements matching a CSS selector.
pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
    html.select(&selector).collect()
}

/// The text of the one element matching `css`.
pub fn text_of(html: &Html, css: &str) -> String {
    let found = select(html, css);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one `{css}`, found {}",
        found.len()
    );
    normalize(&found[0].text().collect::<String>())
}

pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub mod cdp;
pub mod http;
pub mod photos;
pub mod s3;
pub mod serve;
