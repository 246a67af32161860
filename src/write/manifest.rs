//! The manifest: the list of every file a build wrote, with each page's
//! fingerprint and size. It lives inside the output folder
//! ([`MANIFEST_NAME`]), so it is swapped in with the site it describes and is
//! never out of step with it; it is also what tells monazite that a folder is
//! its own (a folder without one is not written into; see `guard`).
//!
//! The manifest is read back as untrusted input: a line that is not a plain
//! relative path inside the output is skipped with a warning, never used.

use std::collections::HashMap;
use std::io;
use std::path::{Component, Path};

use crate::diag::Diagnostic;

/// The manifest's file name, inside the output folder.
pub const MANIFEST_NAME: &str = ".monazite-manifest";

/// The first line of a manifest that lists every file of its build.
pub const MANIFEST_HEADER: &str =
    "# monazite manifest 2: fingerprint (0 if not a page), size, file\n";

/// A file's fingerprint (0 when it is not a page) and size as a build wrote it.
pub type ManifestEntry = (u64, u64);

/// A manifest read back from disk.
#[derive(Debug, Default)]
pub struct Manifest {
    pub entries: HashMap<String, ManifestEntry>,
    /// It lists every file of its build, not only pages (older manifests did not).
    pub lists_all: bool,
}

/// Parses `fingerprint size path` lines. Lines that do not parse are skipped
/// (their pages render again); paths that could leave the output are skipped
/// with a warning in `warnings`.
pub fn parse(text: &str, shown_as: &str, warnings: &mut Vec<Diagnostic>) -> Manifest {
    let mut entries = HashMap::new();
    for (number, line) in text.lines().enumerate() {
        let mut parts = line.splitn(3, ' ');
        let (Some(fingerprint), Some(size), Some(file)) =
            (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (Ok(fingerprint), Ok(size)) = (u64::from_str_radix(fingerprint, 16), size.parse())
        else {
            continue;
        };
        if !is_inside_path(file) {
            warnings.push(
                Diagnostic::warning(format!(
                    "ignored the manifest entry `{file}`: it is not a path inside the output folder"
                ))
                .in_file(shown_as)
                .at(number + 1, 1, Some(line))
                .with_help("monazite never deletes or reads a file outside its output folder; the entry may have been edited by hand"),
            );
            continue;
        }
        entries.insert(file.to_string(), (fingerprint, size));
    }
    Manifest {
        entries,
        lists_all: text.starts_with(MANIFEST_HEADER),
    }
}

/// A `/`-separated relative path of plain names: no root, no `..` or `.`, no
/// empty part, no backslash or NUL, and not the manifest itself.
pub fn is_inside_path(file: &str) -> bool {
    !file.is_empty()
        && file != MANIFEST_NAME
        && !file.contains(['\\', '\0'])
        && file.split('/').all(|part| !part.is_empty())
        && Path::new(file)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// The manifest's text for `entries`, sorted by file.
pub fn render(entries: &HashMap<String, ManifestEntry>) -> String {
    let mut lines: Vec<String> = entries
        .iter()
        .map(|(file, (fingerprint, size))| format!("{fingerprint:016x} {size} {file}\n"))
        .collect();
    lines.sort_unstable();
    let mut text = String::with_capacity(MANIFEST_HEADER.len() + lines.len() * 48);
    text.push_str(MANIFEST_HEADER);
    for line in lines {
        text.push_str(&line);
    }
    text
}

/// Reads the manifest at `path`; a missing one is `Ok(None)`.
pub fn read(
    path: &Path,
    shown_as: &str,
    warnings: &mut Vec<Diagnostic>,
) -> io::Result<Option<Manifest>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(parse(
            &String::from_utf8_lossy(&bytes),
            shown_as,
            warnings,
        ))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_output_are_skipped_with_a_warning() {
        let text = format!(
            "{MANIFEST_HEADER}0 3 index.html\n0 3 /etc/passwd\n0 3 ../site.yaml\n0 3 news/../../x\n0 3 a//b\n0 3 ./a\n0 3 a\\..\\b\n0 1 {MANIFEST_NAME}\n1 2 news/a/index.html\nnot a line\n"
        );
        let mut warnings = Vec::new();
        let manifest = parse(&text, "public/.monazite-manifest", &mut warnings);
        let mut kept: Vec<&String> = manifest.entries.keys().collect();
        kept.sort();
        assert_eq!(kept, ["index.html", "news/a/index.html"]);
        assert!(manifest.lists_all);
        assert_eq!(warnings.len(), 7, "{warnings:#?}");
        assert!(warnings[0].message.contains("`/etc/passwd`"));
        assert_eq!(warnings[0].position.unwrap().line, 3);
    }

    #[test]
    fn render_then_parse_gives_the_same_entries() {
        let mut entries = HashMap::new();
        entries.insert("b/index.html".to_string(), (0xabc, 12));
        entries.insert("a.xml".to_string(), (0, 3));
        let mut warnings = Vec::new();
        let back = parse(&render(&entries), "m", &mut warnings);
        assert_eq!(back.entries, entries);
        assert!(warnings.is_empty());
    }
}
