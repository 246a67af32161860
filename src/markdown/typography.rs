//! Headlines and other one-line text from front matter set with the same
//! typographic punctuation as bodies: curly quotes and apostrophes, en and em
//! dashes, ellipses. Made by pulldown-cmark's own smart punctuation (the
//! option bodies are rendered with), so a title and a paragraph that say the
//! same thing look the same. The text stays plain text: nothing in it is read
//! as Markdown or HTML.

use pulldown_cmark::{Event, Options, Parser};

/// `text` with typographic quotes, apostrophes, dashes and ellipses, as a
/// body paragraph would have them; otherwise unchanged (plain text, not
/// HTML). Line breaks become spaces.
pub fn typographic(text: &str) -> String {
    let mut source = String::with_capacity(text.len() + 8);
    // A no-break space first: the line can then start no Markdown block (a
    // heading, list item, quote or code block) and reads as one paragraph;
    // as white space it leaves a first quote an opening one.
    source.push(LEAD);
    for c in text.chars() {
        match c {
            '\r' | '\n' => source.push(' '),
            // Quotes, dashes and dots are what smart punctuation changes;
            // every other ASCII mark is escaped, so none means Markdown.
            '\'' | '"' | '-' | '.' => source.push(c),
            c if c.is_ascii_punctuation() => {
                source.push('\\');
                source.push(c);
            }
            c => source.push(c),
        }
    }
    let mut out = String::with_capacity(text.len());
    for event in Parser::new_ext(&source, Options::ENABLE_SMART_PUNCTUATION) {
        match event {
            Event::Text(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    match out.strip_prefix(LEAD) {
        Some(rest) => rest.to_string(),
        None => out,
    }
}

const LEAD: char = '\u{a0}';

#[cfg(test)]
mod tests {
    use super::typographic;

    #[test]
    fn quotes_apostrophes_dashes_and_ellipses_are_set_as_in_bodies() {
        assert_eq!(
            typographic(r#"India's "rare earth" push -- and what's next..."#),
            "India’s “rare earth” push – and what’s next…"
        );
        assert_eq!(typographic("'Magnets' --- at last"), "‘Magnets’ — at last");
        assert_eq!(
            typographic("The '90s and 'em"),
            crate::markdown::render(
                "The '90s and 'em",
                &crate::markdown::MarkdownOptions::default()
            )
            .html
            .trim()
            .trim_start_matches("<p>")
            .trim_end_matches("</p>")
        );
    }

    #[test]
    fn markdown_and_html_in_a_title_stay_text() {
        for title in [
            "Odisha's sands & the <rare> earths",
            "# Not a heading",
            "1. Not a list",
            "- Not a bullet",
            "> Not a quote",
            "    Not code (titles are trimmed before)",
            "*Not* _emphasis_ `code` [link](/x) ![i](y.png) \\ &amp; ~~x~~",
        ] {
            let expected = title.replace('\'', "’");
            assert_eq!(typographic(title), expected, "{title}");
        }
    }

    #[test]
    fn line_breaks_become_spaces_and_plain_text_is_unchanged() {
        assert_eq!(typographic("Two\nlines"), "Two lines");
        assert_eq!(typographic("稀土 exports fall"), "稀土 exports fall");
        assert_eq!(typographic(""), "");
    }
}
