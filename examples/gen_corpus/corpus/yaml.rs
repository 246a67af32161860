//! Quoting text for the YAML front matter and the SVG covers we write.

/// A double-quoted YAML scalar: safe for any text (colons, `#`, quotes). The
/// same quoting `monazite new` and `init` write.
pub use monazite::scaffold::yaml_quoted as quote;

pub fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
