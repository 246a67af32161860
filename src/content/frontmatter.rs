//! Splits a Markdown file into its YAML front matter and body, keeping line
//! numbers, and parses the YAML so that its errors point at the file's own lines.
//!
//! Works on `&str` only: reading files is the loader's job.

use serde::de::DeserializeOwned;

use crate::config::yaml_message;

/// A file cut at its `---` fences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences (may be empty).
    pub yaml: &'a str,
    /// The 1-based line in the file where the YAML starts.
    pub yaml_line: usize,
    /// Everything after the closing fence.
    pub body: &'a str,
    /// The 1-based line in the file where the body starts.
    pub body_line: usize,
}

/// Why front matter could not be split or parsed; positions are the file's own.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrontMatterError {
    #[error("no front matter: the file must start with a `---` line")]
    Missing,
    #[error("front matter opened on line {line} is never closed")]
    Unclosed { line: usize },
    #[error("invalid front matter: {message}")]
    Yaml {
        message: String,
        line: Option<usize>,
        column: Option<usize>,
    },
}

impl FrontMatterError {
    /// The 1-based (line, column) the error points at, where known.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            FrontMatterError::Missing => Some((1, 1)),
            FrontMatterError::Unclosed { line } => Some((*line, 1)),
            FrontMatterError::Yaml { line, column, .. } => Some(((*line)?, column.unwrap_or(1))),
        }
    }

    /// What the editor should have written.
    pub fn expected(&self) -> &'static str {
        match self {
            FrontMatterError::Missing => {
                "expected a first line `---`, the YAML fields, then a closing `---` line"
            }
            FrontMatterError::Unclosed { .. } => "expected a closing `---` line after the fields",
            FrontMatterError::Yaml { .. } => {
                "expected `key: value` lines in YAML; quote values that contain `: ` or start with a special character"
            }
        }
    }
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Cuts `text` at its front matter fences. A leading byte order mark is skipped;
/// CRLF line endings are accepted.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().ok_or(FrontMatterError::Missing)?;
    if !is_fence(first) {
        return Err(FrontMatterError::Missing);
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (index, line) in lines.enumerate() {
        if is_fence(line) || line.trim_end() == "..." {
            let line_number = index + 2;
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: line_number + 1,
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError::Unclosed { line: 1 })
}

/// Parses the YAML of `split` into `T`, mapping error positions to file lines.
/// Empty front matter parses as an empty mapping.
pub fn parse<T: DeserializeOwned>(split: &Split<'_>) -> Result<T, FrontMatterError> {
    let yaml = if split.yaml.trim().is_empty() {
        "{}"
    } else {
        split.yaml
    };
    serde_yaml::from_str(yaml).map_err(|e| {
        let loc = e.location();
        FrontMatterError::Yaml {
            message: yaml_message(&e),
            line: loc.as_ref().map(|l| l.line() + split.yaml_line - 1),
            column: loc.as_ref().map(|l| l.column()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn splits_and_keeps_lines() {
        let s = split("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn crlf_and_bom() {
        let s = split("\u{feff}---\r\ntitle: a\r\n---\r\nbody\r\n").unwrap();
        assert_eq!(s.yaml, "title: a\r\n");
        assert_eq!(s.body, "body\r\n");
        let map: BTreeMap<String, String> = parse(&s).unwrap();
        assert_eq!(map["title"], "a");
    }

    #[test]
    fn empty_front_matter() {
        let s = split("---\n---\nbody").unwrap();
        assert_eq!(s.yaml, "");
        let map: BTreeMap<String, String> = parse(&s).unwrap();
        assert!(map.is_empty());
    }

    #[test]
    fn unclosed_and_missing() {
        assert_eq!(
            split("---\ntitle: a\nbody"),
            Err(FrontMatterError::Unclosed { line: 1 })
        );
        assert_eq!(split("title: a\n"), Err(FrontMatterError::Missing));
        assert_eq!(split(""), Err(FrontMatterError::Missing));
    }

    #[test]
    fn yaml_error_lines_are_file_lines() {
        let text = "---\ntitle: a\ntags: [x, y\ndate: 2025-01-01\n---\n";
        let s = split(text).unwrap();
        let err = parse::<BTreeMap<String, serde_yaml::Value>>(&s).unwrap_err();
        let (line, _) = err.position().unwrap();
        assert!((3..=5).contains(&line), "line {line}");
        let text = "---\ntitle: a\nauthor: x: y\n---\n";
        let err = parse::<BTreeMap<String, serde_yaml::Value>>(&split(text).unwrap()).unwrap_err();
        assert_eq!(err.position().unwrap().0, 3);
    }
}
