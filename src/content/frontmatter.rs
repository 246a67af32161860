//! Splits a Markdown file into its YAML front matter and body, keeping line
//! numbers, and parses the YAML so that its errors point at the file's own lines.
//!
//! Works on `&str` only: reading files is the loader's job. The YAML is read by
//! [`crate::yaml`], so aliases cannot make it more than a bounded multiple of
//! its size, and keys monazite does not read are listed without being built.

use std::borrow::Cow;

use serde::de::DeserializeOwned;

use crate::yaml::{self, YamlError};

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
        /// Help for the mistake when it was recognized (an unclosed quote, a
        /// repeated key, aliases that expand too far).
        help: Option<String>,
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
    pub fn expected(&self) -> Cow<'_, str> {
        match self {
            FrontMatterError::Missing => {
                "expected a first line `---`, the YAML fields, then a closing `---` line".into()
            }
            FrontMatterError::Unclosed { .. } => {
                "expected a closing `---` line after the fields".into()
            }
            FrontMatterError::Yaml {
                help: Some(help), ..
            } => help.as_str().into(),
            FrontMatterError::Yaml { help: None, .. } => {
                "expected `key: value` lines in YAML; quote values that contain `: ` or start with a special character".into()
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
    yaml::parse(yaml_of(split)).map_err(|e| at_file_lines(split, e))
}

/// Like [`parse`] for the struct `T`, with the keys `T` has no field for, in
/// the order written (their values are not built).
pub fn parse_noting_unknown<T: DeserializeOwned>(
    split: &Split<'_>,
) -> Result<(T, Vec<String>), FrontMatterError> {
    yaml::parse_noting_unknown(yaml_of(split)).map_err(|e| at_file_lines(split, e))
}

fn yaml_of<'a>(split: &Split<'a>) -> &'a str {
    if split.yaml.trim().is_empty() {
        "{}"
    } else {
        split.yaml
    }
}

fn at_file_lines(split: &Split<'_>, e: YamlError) -> FrontMatterError {
    FrontMatterError::Yaml {
        message: e.message,
        line: e.line.map(|line| line + split.yaml_line - 1),
        column: e.column,
        help: e.help,
    }
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

    /// `key:` holding `m` aliases of a list of `p` aliases of a list of `k`
    /// values: `k × p × m` values written in a few kilobytes.
    fn alias_fan_out(key: &str, k: usize, p: usize, m: usize) -> String {
        format!(
            "a: &a [{}]\nb: &b [{}]\n{key}: [{}]\n",
            vec!["x"; k].join(","),
            vec!["*a"; p].join(","),
            vec!["*b"; m].join(",")
        )
    }

    #[test]
    fn alias_fan_out_is_refused_at_its_key() {
        use crate::content::model::ArticleFrontMatter;
        // 500,000 values from 1 KB, in a key monazite does not read and in one it does.
        for key in ["junk", "related"] {
            let text = format!(
                "---\ntitle: x\n{}author: li\n---\nbody\n",
                alias_fan_out(key, 100, 100, 50)
            );
            // Not `unwrap_err`: it would print the half-million values.
            let Err(err) = parse::<ArticleFrontMatter>(&split(&text).unwrap()) else {
                panic!("`{key}` expanding 500 times over was accepted");
            };
            assert!(err.to_string().contains("aliases"), "{err}");
            assert_eq!(err.position().unwrap().0, 5, "{key}: {err:?}");
            assert!(err.expected().contains("*name"), "{}", err.expected());
        }
    }

    #[test]
    fn a_duplicate_key_is_reported_where_it_is_repeated() {
        use crate::content::model::ArticleFrontMatter;
        let text = "---\ntitle: a\ndate: 2025-01-01\ntags: [x]\ntitle: b\n---\n";
        let err = parse::<ArticleFrontMatter>(&split(text).unwrap()).unwrap_err();
        assert!(err.to_string().contains("duplicate"), "{err}");
        assert_eq!(err.position(), Some((5, 1)), "{err:?}");
        let text = "---\ntitle: a\nsource:\n  name: A\n  url: https://x.org/\n  name: B\n---\n";
        let err = parse::<ArticleFrontMatter>(&split(text).unwrap()).unwrap_err();
        assert_eq!(err.position(), Some((6, 3)), "{err:?}");
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        use crate::content::model::ArticleFrontMatter;
        for (quote, name) in [('"', "double"), ('\'', "single")] {
            let text =
                format!("---\ntitle: {quote}Unclosed\ndate: 2025-01-01\nauthor: li\n---\nbody\n");
            let err = parse::<ArticleFrontMatter>(&split(&text).unwrap()).unwrap_err();
            assert_eq!(err.position(), Some((2, 8)), "{err:?}");
            let help = err.expected();
            assert!(help.contains(name) && help.contains(quote), "{help}");
        }
    }
}
