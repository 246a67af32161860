//! Where in a source file something is written, so that each finding points at
//! the line and column an editor has to change.

use std::path::Path;

use crate::content::model::SourceFile;
use crate::diag::{Diagnostic, line_col};

/// A position in a file's text (1-based line and column).
pub type LineCol = (usize, usize);

/// Where a body link's destination is written: the URL itself when it can be
/// found in the link's paragraph, else the start of the link.
pub fn body_link(file: &SourceFile, offset: usize, url: &str) -> LineCol {
    let start = (file.body_offset + offset).min(file.text.len());
    let rest = &file.text[start..];
    let paragraph = &rest[..rest.find("\n\n").unwrap_or(rest.len())];
    let at = match paragraph.find(url) {
        Some(i) if !url.is_empty() => start + i,
        _ => start,
    };
    line_col(&file.text, at)
}

/// The line and column of `key:` at the start of a line in the front matter.
pub fn front_matter_key(file: &SourceFile, key: &str) -> Option<LineCol> {
    key_in(&file.text[..file.body_offset.min(file.text.len())], key)
        .map(|at| line_col(&file.text, at))
}

/// Where `needle` is first written in the front matter, from `key:` on; falls
/// back to the key itself.
pub fn front_matter_value(file: &SourceFile, key: &str, needle: &str) -> Option<LineCol> {
    let front = &file.text[..file.body_offset.min(file.text.len())];
    value_in(front, key, needle).map(|at| line_col(&file.text, at))
}

/// Like [`front_matter_value`], for a whole YAML file such as `site.yaml`.
pub fn yaml_value(text: &str, key: &str, needle: &str) -> Option<LineCol> {
    value_in(text, key, needle).map(|at| line_col(text, at))
}

fn key_in(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key)
            && rest.trim_start().starts_with(':')
        {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

fn value_in(text: &str, key: &str, needle: &str) -> Option<usize> {
    let key_at = key_in(text, key)?;
    let after = key_at + key.len();
    Some(match text[after..].find(needle) {
        Some(i) if !needle.is_empty() => after + i,
        _ => key_at,
    })
}

/// `d` in `path` at `at`, with the source line shown under it.
pub fn at(d: Diagnostic, path: &Path, text: &str, at: Option<LineCol>) -> Diagnostic {
    let d = d.in_file(path);
    match at {
        Some((line, column)) => d.at(line, column, Some(text)),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(text: &str) -> SourceFile {
        let body_offset = text.find("\n---\n").map_or(0, |i| i + 5);
        SourceFile {
            path: PathBuf::from("content/news/x.md"),
            text: text.to_string(),
            body_line: 0,
            body_offset,
        }
    }

    #[test]
    fn positions_in_front_matter_and_body() {
        let f = file(
            "---\ntitle: x\nrelated:\n  - /news/a/\ntags: [india, magnet]\n---\nText [a](/news/zz/) here.\n",
        );
        assert_eq!(front_matter_key(&f, "tags"), Some((5, 1)));
        assert_eq!(front_matter_value(&f, "tags", "magnet"), Some((5, 15)));
        assert_eq!(front_matter_value(&f, "related", "/news/a/"), Some((4, 5)));
        assert_eq!(front_matter_key(&f, "summary"), None);
        let link = f.text[f.body_offset..].find('[').unwrap();
        assert_eq!(body_link(&f, link, "/news/zz/"), (7, 10));
        assert_eq!(body_link(&f, link, "elsewhere"), (7, 6));
    }
}
