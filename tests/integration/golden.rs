//! The whole site, file by file: the `minimal` fixture with the `readers`
//! overlay (comments, a newsletter), built with the repository's theme, must
//! give exactly the tree checked in under `tests/golden/minimal-readers/`.
//!
//! A change that means to change the output updates the tree with
//! `MONAZITE_BLESS=1 cargo test --test integration golden`, and the diff of
//! `tests/golden/` is reviewed with the change. A change that means to keep the
//! output (a refactor) proves it by passing unchanged.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::support::{Fixture, files_under, repo_root};

/// Every file under `dir` but the build's manifest (its fingerprints hash
/// monazite's version, not what readers get), with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = files_under(dir);
    files.remove(".monazite-manifest");
    files
}

/// The first line where two texts differ, for the failure message.
fn first_difference(expected: &[u8], actual: &[u8]) -> String {
    let (expected, actual) = (
        String::from_utf8_lossy(expected),
        String::from_utf8_lossy(actual),
    );
    let mut lines = expected.lines().zip(actual.lines()).enumerate();
    match lines.find(|(_, (e, a))| e != a) {
        Some((n, (e, a))) => format!("line {}:\n  expected: {e}\n  actual:   {a}", n + 1),
        None => format!(
            "one is longer: {} lines expected, {} built",
            expected.lines().count(),
            actual.lines().count()
        ),
    }
}

#[test]
fn the_whole_site_is_the_checked_in_tree() {
    let f = Fixture::new("minimal").overlay("readers");
    f.build();
    let built = files(&f.path("public"));
    let golden = repo_root().join("tests/golden/minimal-readers");
    if std::env::var_os("MONAZITE_BLESS").is_some() {
        let _ = fs::remove_dir_all(&golden);
        for (rel, bytes) in &built {
            let path = golden.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        return;
    }
    let expected = files(&golden);
    assert!(
        !expected.is_empty(),
        "no golden tree at {}: bless it",
        golden.display()
    );
    let missing: Vec<&String> = expected
        .keys()
        .filter(|k| !built.contains_key(*k))
        .collect();
    let extra: Vec<&String> = built
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .collect();
    let changed: Vec<String> = expected
        .iter()
        .filter_map(|(rel, bytes)| {
            let now = built.get(rel)?;
            (now != bytes).then(|| format!("{rel}: {}", first_difference(bytes, now)))
        })
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && changed.is_empty(),
        "the site differs from tests/golden/minimal-readers/ (MONAZITE_BLESS=1 updates it, then review the diff)\nmissing: {missing:?}\nnew: {extra:?}\nchanged:\n{}",
        changed.join("\n")
    );
}
