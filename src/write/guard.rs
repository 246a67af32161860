//! Which folders a build may write its site into.
//!
//! The output folder is replaced as a whole, so a wrong `--output` could
//! destroy a newsroom's work. A build refuses an output that is, or holds, the
//! site root, its `content/`, `templates/` or `static/`, `site.yaml`, the user's home or
//! the file system's root, or that lies inside `content/`, `templates/` or `static/`
//! (the next build would read it back as sources). It also refuses a folder
//! that already holds files but no monazite manifest, unless told `--force`.

use std::path::{Component, Path, PathBuf};

use super::beside;
use super::manifest::MANIFEST_NAME;
use crate::diag::Diagnostic;

/// How many of a refused folder's files the error names.
const NAMED_FILES: usize = 5;
/// How many of its files it counts before saying "more than".
const COUNTED_FILES: usize = 10_000;

/// Checks that `output` may receive the site of `root`; `force` allows a
/// folder that holds files monazite did not write (they will be removed).
pub fn check_output(root: &Path, output: &Path, force: bool) -> Result<(), Diagnostic> {
    let target = resolve(output);
    let shown = output.display();
    let site_root = resolve(root);
    let mut protected: Vec<(PathBuf, String)> = vec![
        (site_root.clone(), "the site's root folder".into()),
        (
            site_root.join("content"),
            "the site's content/ folder".into(),
        ),
        (
            site_root.join("templates"),
            "the site's templates/ folder".into(),
        ),
        (site_root.join("static"), "the site's static/ folder".into()),
        (site_root.join("site.yaml"), "the site's site.yaml".into()),
        (PathBuf::from("/"), "the file system's root".into()),
    ];
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        protected.push((resolve(Path::new(&home)), "your home folder".into()));
    }
    for (path, what) in &protected {
        if path.starts_with(&target) {
            let how = if *path == target { "is" } else { "holds" };
            return Err(refused(&shown, format!("it {how} {what}"))
                .with_help("build into a folder of its own, such as public/ (the default)"));
        }
    }
    for source in ["content", "templates", "static"] {
        if target.starts_with(site_root.join(source)) {
            return Err(refused(
                &shown,
                format!("it is inside the site's {source}/ folder, which the build reads"),
            )
            .with_help("build into a folder of its own, such as public/ (the default)"));
        }
    }
    if target.exists() && !target.is_dir() {
        return Err(refused(&shown, "it is a file, not a folder".into()));
    }
    if force || !target.is_dir() || has_manifest(output) {
        return Ok(());
    }
    let (count, names) = files_in(&target);
    if count == 0 {
        return Ok(());
    }
    let counted = if count >= COUNTED_FILES {
        format!("more than {COUNTED_FILES} files")
    } else if count == 1 {
        "1 file".to_string()
    } else {
        format!("{count} files")
    };
    let more = if count > names.len() { ", …" } else { "" };
    Err(refused(
        &shown,
        format!(
            "it holds {counted} that monazite did not write ({}{more}) and no monazite manifest",
            names.join(", ")
        ),
    )
    .with_help(format!(
        "build into a new or empty folder, or run again with --force to replace its contents: the {counted} above would be removed"
    )))
}

fn refused(output: &impl std::fmt::Display, why: String) -> Diagnostic {
    Diagnostic::error(format!("refusing to build into {output}: {why}"))
}

/// The folder holds a manifest of monazite's (inside it, or beside it as
/// builds before the manifest moved inside wrote it).
fn has_manifest(output: &Path) -> bool {
    output.join(MANIFEST_NAME).is_file() || beside(output, "manifest").is_file()
}

/// How many files (and links) are under `dir`, up to [`COUNTED_FILES`], and
/// the first few of them by name.
fn files_in(dir: &Path) -> (usize, Vec<String>) {
    let mut names = Vec::new();
    let mut count = 0;
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .take(COUNTED_FILES)
    {
        count += 1;
        if names.len() < NAMED_FILES {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            names.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    (count, names)
}

/// `path` made absolute with links resolved where it exists: the longest
/// existing start is resolved by the system, the rest is added name by name.
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let mut resolved = loop {
        if let Ok(real) = existing.canonicalize() {
            break real;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            // Only `..` or the root is left: handled below, name by name.
            _ => break PathBuf::from("/"),
        }
    };
    for name in rest.into_iter().rev() {
        match Path::new(&name).components().next() {
            Some(Component::ParentDir) => {
                resolved.pop();
            }
            Some(Component::CurDir) | None => {}
            _ => resolved.push(name),
        }
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        for dir in ["content/news", "templates", "docs"] {
            fs::create_dir_all(tmp.path().join(dir)).unwrap();
        }
        fs::write(tmp.path().join("site.yaml"), "title: x\n").unwrap();
        tmp
    }

    fn refusal(root: &Path, output: &Path) -> String {
        check_output(root, output, false).unwrap_err().message
    }

    #[test]
    fn sources_home_and_root_are_refused() {
        let tmp = site();
        let root = tmp.path();
        assert!(refusal(root, root).contains("it is the site's root folder"));
        assert!(refusal(root, &root.join("content")).contains("it is the site's content/"));
        assert!(refusal(root, &root.join("templates/.")).contains("templates/"));
        assert!(refusal(root, &root.join("content/news/../..")).contains("root folder"));
        assert!(refusal(root, root.parent().unwrap()).contains("it holds the site's root"));
        assert!(refusal(root, Path::new("/")).contains("it holds"));
        assert!(refusal(root, &root.join("site.yaml")).contains("it is the site's site.yaml"));
        assert!(refusal(root, &root.join("content/out")).contains("inside the site's content/"));
        assert!(refusal(root, &root.join("static")).contains("it is the site's static/"));
        assert!(refusal(root, &root.join("static/out")).contains("inside the site's static/"));
        let home = std::env::var_os("HOME").map(PathBuf::from);
        if let Some(home) = home.filter(|h| h.is_dir() && !root.starts_with(h)) {
            assert!(refusal(root, &home).contains("your home folder"));
        }
    }

    #[test]
    fn a_folder_of_someone_elses_files_needs_force_and_an_empty_one_does_not() {
        let tmp = site();
        let root = tmp.path();
        let docs = root.join("docs");
        assert!(check_output(root, &docs, false).is_ok(), "empty");
        assert!(
            check_output(root, &root.join("new/deep"), false).is_ok(),
            "missing"
        );
        fs::write(docs.join("CNAME"), "example.org").unwrap();
        let error = check_output(root, &docs, false).unwrap_err();
        assert!(
            error
                .message
                .contains("it holds 1 file that monazite did not write (CNAME)"),
            "{}",
            error.message
        );
        assert!(error.help.unwrap().contains("--force"));
        assert!(check_output(root, &docs, true).is_ok());
        fs::write(docs.join(MANIFEST_NAME), "").unwrap();
        assert!(check_output(root, &docs, false).is_ok(), "monazite's own");
    }

    #[test]
    fn a_link_to_the_sources_is_seen_through() {
        let tmp = site();
        let root = tmp.path();
        std::os::unix::fs::symlink(root.join("content"), root.join("out")).unwrap();
        assert!(refusal(root, &root.join("out")).contains("content/"));
    }
}
