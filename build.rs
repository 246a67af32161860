//! Embeds the default theme (`templates/`) in the binary, so that `monazite init`
//! works from an installed `monazite` with no repository around it.
//!
//! Writes `$OUT_DIR/theme_files.rs`: a sorted list of `(path, include_bytes!(…))`
//! entries, one per file under `templates/` (hidden files and editor backups left out).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let theme = manifest.join("templates");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!(
        "cargo:rustc-env=MONAZITE_IMAGE_CODECS={}",
        image_codecs(&manifest.join("Cargo.lock"))
    );

    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();

    let mut code = String::from(
        "/// Every file of the default theme: (path under templates/, bytes).\n\
         pub static THEME_FILES: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in &files {
        writeln!(code, "    ({rel:?}, include_bytes!({abs:?})),").expect("write to string");
    }
    code.push_str("];\n");

    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("theme_files.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

/// Adds every file under `dir` as (path relative to `base` with `/`, absolute path).
fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read theme folder {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let kind = entry
            .file_type()
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        if kind.is_dir() {
            collect(base, &path, files);
        } else if kind.is_file() {
            let rel = path
                .strip_prefix(base)
                .expect("inside the theme folder")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.push((rel, path.to_string_lossy().into_owned()));
        }
    }
}

/// The versions of the crates that decode, resize and encode images, from
/// Cargo.lock: part of the image cache's key (src/images/cache.rs), so a new
/// encoder makes every variant again.
fn image_codecs(lock: &Path) -> String {
    const CRATES: [&str; 7] = [
        "jpeg-encoder",
        "image",
        "fast_image_resize",
        "webp",
        "libwebp-sys",
        "zune-jpeg",
        "png",
    ];
    let text = std::fs::read_to_string(lock).unwrap_or_default();
    let mut found = Vec::new();
    let mut name = None;
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = Some(n.trim_matches('"').to_string());
        } else if let Some(v) = line.strip_prefix("version = ")
            && let Some(n) = name.take()
            && CRATES.contains(&n.as_str())
        {
            found.push(format!("{n}@{}", v.trim_matches('"')));
        }
    }
    found.sort();
    found.join(",")
}
