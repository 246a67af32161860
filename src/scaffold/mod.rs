//! Files monazite writes for an editor: a new article (`monazite new`) and a new
//! site (`monazite init`). The text of each file is made by a pure function, so
//! it is unit-tested (it must parse and build); the few functions that touch the
//! disk never overwrite an existing file unless asked to.

pub mod article;
pub mod site;
pub mod theme;
pub mod workflows;

use std::io::Write as _;
use std::path::Path;

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

pub use article::{NewArticle, create_article};
pub use site::{InitOptions, init_site};

/// The local UTC offset, or UTC where the system cannot tell.
///
/// Call before any thread starts: on Unix the offset is only read while the
/// process has a single thread.
pub fn local_offset() -> UtcOffset {
    UtcOffset::current_local_offset().unwrap_or(UtcOffset::UTC)
}

/// `at` in `offset`, to the minute, as RFC 3339: `2025-10-18T17:30:00+05:30`.
///
/// Seconds are dropped so the date reads cleanly and is never later than "now".
pub fn front_matter_date(at: OffsetDateTime, offset: UtcOffset) -> String {
    let local = at.to_offset(offset);
    let minute = local
        .replace_second(0)
        .and_then(|t| t.replace_nanosecond(0))
        .unwrap_or(local);
    minute
        .format(&Rfc3339)
        .unwrap_or_else(|_| local.to_string())
}

/// `text` as a double-quoted YAML string, safe whatever it holds.
pub fn yaml_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A YAML scalar for a short word (a tag, a key): plain when YAML would read it
/// back as the same string, quoted otherwise (`2025`, `true`, `a: b`).
pub fn yaml_word(text: &str) -> String {
    let plain = text.chars().next().is_some_and(char::is_alphabetic)
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        && !text.ends_with(' ')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        text.to_string()
    } else {
        yaml_quoted(text)
    }
}

/// Writes `bytes` to `path`, creating folders; fails if the file already exists
/// (unless `overwrite`), so an editor's work is never replaced.
pub fn write_file(path: &Path, bytes: &[u8], overwrite: bool) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    options.open(path)?.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_strings_read_back_the_same() {
        for text in [
            "India's \"new\" plan: 50% more",
            "back\\slash",
            "line\nbreak",
            "#hash",
            "- dash",
            "भारत में दुर्लभ खनिज",
            "🧲",
        ] {
            let yaml = format!("v: {}\n", yaml_quoted(text));
            let map: std::collections::BTreeMap<String, String> =
                serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(map["v"], text, "{yaml}");
        }
    }

    #[test]
    fn words_quoted_only_when_needed() {
        assert_eq!(yaml_word("india"), "india");
        assert_eq!(yaml_word("rare earths"), "rare earths");
        assert_eq!(yaml_word("2025"), "\"2025\"");
        assert_eq!(yaml_word("true"), "\"true\"");
        assert_eq!(yaml_word("a: b"), "\"a: b\"");
        for word in ["2025", "true", "a: b", "india", "[x]", "भारत"] {
            let yaml = format!("v: [{}]\n", yaml_word(word));
            let map: std::collections::BTreeMap<String, Vec<String>> =
                serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(map["v"], [word], "{yaml}");
        }
    }

    #[test]
    fn dates_to_the_minute_with_offset() {
        let at = time::macros::datetime!(2025-10-18 12:00:42.5 UTC);
        let ist = UtcOffset::from_hms(5, 30, 0).unwrap();
        assert_eq!(front_matter_date(at, ist), "2025-10-18T17:30:00+05:30");
        assert_eq!(
            front_matter_date(at, UtcOffset::UTC),
            "2025-10-18T12:00:00Z"
        );
    }
}
