//! A small XML writer for feeds and sitemaps. Every text and attribute value
//! goes through one escaping function, so a title with `&`, `<` or quotes can
//! never break the document; characters XML 1.0 forbids (most C0 controls) are
//! dropped rather than written. Quotes are escaped in attributes only.
//!
//! Hand-written instead of a crate: the documents are small and flat, and the
//! one thing that matters, escaping, is a dozen lines tested below.

/// Builds one XML document as a string, indented two spaces per level.
pub struct XmlWriter {
    out: String,
    depth: usize,
}

impl Default for XmlWriter {
    fn default() -> Self {
        XmlWriter::new()
    }
}

impl XmlWriter {
    /// A document with its `<?xml?>` declaration written.
    pub fn new() -> XmlWriter {
        XmlWriter::with_capacity(0)
    }

    /// [`XmlWriter::new`] with room for about `bytes` of document, so that a
    /// large one (a feed carrying whole articles) is not copied as it grows.
    pub fn with_capacity(bytes: usize) -> XmlWriter {
        let mut out = String::with_capacity(bytes);
        out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        XmlWriter { out, depth: 0 }
    }

    /// `<name attrs>` on its own line; children follow until [`XmlWriter::close`].
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    pub fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name attrs>text</name>`, the text escaped.
    pub fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start_tag(name, attrs);
        self.out.push('>');
        escape_into(&mut self.out, text, false);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name attrs/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str("/>\n");
    }

    /// `<name attrs>text</name>`, the text already escaped by [`escape_text`].
    pub fn escaped_text(&mut self, name: &str, attrs: &[(&str, &str)], escaped: &str) {
        self.start_tag(name, attrs);
        self.out.push('>');
        self.out.push_str(escaped);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value, true);
            self.out.push('"');
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }
}

/// Escapes text for a double- or single-quoted XML attribute (and so for
/// element content too).
pub fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text, true);
    out
}

/// Escapes text for element content (not attributes: quotes are kept), to be
/// written later with [`XmlWriter::escaped_text`]: a feed entry's content is
/// escaped once, however many feeds carry it.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut out, text, false);
    out
}

/// Bytes that may need escaping or dropping: markup characters, quotes, C0
/// controls, and 0xEF (the first byte of U+FFFE and U+FFFF). Every other byte
/// is copied as it is, a run at a time.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[0xEF] = true;
    table
};

fn escape_into(out: &mut String, text: &str, in_attribute: bool) {
    out.reserve(text.len());
    // Copies runs of bytes that need nothing whole; feed content is mostly
    // article HTML, so this is most of a feed's cost.
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !SPECIAL[bytes[i] as usize] {
            i += 1;
            continue;
        }
        let (replacement, width): (&str, usize) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if in_attribute => ("&quot;", 1),
            b'\'' if in_attribute => ("&apos;", 1),
            // Tab, newline and carriage return (not in the table) are the only
            // C0 controls XML 1.0 allows.
            b if b < 0x20 => ("", 1),
            // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not characters at all.
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                ("", 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[start..i]);
        out.push_str(replacement);
        i += width;
        start = i;
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes_keeps_non_ascii() {
        assert_eq!(
            escape_attribute(r#"Ré: "Nd" & <Pr> 'x' — 稀土"#),
            "Ré: &quot;Nd&quot; &amp; &lt;Pr&gt; &apos;x&apos; — 稀土"
        );
    }

    #[test]
    fn text_escaped_ahead_is_written_as_text_would_be() {
        let text = "<p>Nd & \"Pr\" 'x'\u{1}\u{fffe}</p>\n";
        let mut direct = XmlWriter::new();
        direct.text("content", &[("type", "html")], text);
        let mut ahead = XmlWriter::new();
        ahead.escaped_text("content", &[("type", "html")], &escape_text(text));
        let written = ahead.finish();
        assert_eq!(direct.finish(), written);
        assert!(
            written.contains("&lt;p&gt;Nd &amp; \"Pr\" 'x'&lt;/p&gt;\n"),
            "{written}"
        );
    }

    #[test]
    fn drops_characters_xml_forbids() {
        assert_eq!(escape_attribute("a\u{8}b\u{0}c\td\n"), "abc\td\n");
        assert_eq!(
            escape_attribute("x\u{fffe}y\u{ffff}z\u{fffd}\u{ef}"),
            "xyz\u{fffd}\u{ef}",
            "U+FFFE and U+FFFF dropped; their neighbours in UTF-8 kept"
        );
    }

    #[test]
    fn writes_nested_elements_with_escaped_attributes() {
        let mut w = XmlWriter::new();
        w.open("feed", &[("xmlns", "http://www.w3.org/2005/Atom")]);
        w.text("title", &[("type", "text")], "A & \"B\"");
        w.empty("link", &[("href", "https://x.org/?a=1&b=\"2\"")]);
        w.close("feed");
        assert_eq!(
            w.finish(),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
             \x20 <title type=\"text\">A &amp; \"B\"</title>\n\
             \x20 <link href=\"https://x.org/?a=1&amp;b=&quot;2&quot;\"/>\n\
             </feed>\n"
        );
    }
}
