//! The GitHub Actions workflows monazite ships (`.github/workflows/`) and
//! writes (`monazite init`), checked by a real validator against the
//! workflow schema (`@action-validator/cli`, installed by .ci/install-deps).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::repo_root;

fn validator() -> PathBuf {
    let bin = repo_root().join("tests/workflows/node_modules/.bin/action-validator");
    assert!(
        bin.exists(),
        "no workflow validator at {}: run .ci/install-deps (npm ci --prefix tests/workflows)",
        bin.display()
    );
    bin
}

/// The validator's verdict on `file`: Ok, or its report.
fn validate(file: &Path) -> Result<(), String> {
    let output = Command::new(validator()).arg(file).output().unwrap();
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn validate_text(text: &str) -> Result<(), String> {
    let file = tempfile::Builder::new().suffix(".yml").tempfile().unwrap();
    std::fs::write(file.path(), text).unwrap();
    validate(file.path())
}

#[test]
fn the_validator_refuses_a_broken_workflow() {
    let broken = "name: x\non: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    stepz:\n      - run: echo\n";
    let report = validate_text(broken).unwrap_err();
    assert!(report.contains("stepz"), "{report}");
}

#[test]
fn the_release_workflow_is_valid_and_builds_every_platform() {
    let path = repo_root().join(".github/workflows/release.yml");
    validate(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    for target in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(text.contains(target), "release.yml does not build {target}");
    }
    assert!(text.contains("SHA256SUMS"));
}

#[test]
fn the_workflow_init_writes_is_valid_and_so_are_its_examples() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_monazite"))
        .args(["init", "site"])
        .current_dir(dir.path())
        .env("MONAZITE_NOW", "2025-10-18T12:00:00Z")
        .output()
        .unwrap();
    assert!(status.status.success());
    let path = dir.path().join("site/.github/workflows/publish.yml");
    validate(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("releases/download/v"), "{text}");

    // Each commented example, put in place of the GitHub Pages job, is valid too.
    let (active, examples) = text.split_once("# Publishing elsewhere").unwrap();
    let without_pages = &active[..active.find("  deploy:\n").unwrap()];
    for job in ["netlify", "cloudflare"] {
        let start = examples.find(&format!("#  {job}:\n")).unwrap();
        let block: String = examples[start..]
            .lines()
            .take_while(|l| l.starts_with("#  "))
            .map(|l| format!("{}\n", &l[1..]))
            .collect();
        let workflow = format!("{without_pages}{block}");
        validate_text(&workflow).unwrap_or_else(|e| panic!("{job} example: {e}\n{workflow}"));
    }
}
