//! Readers' comments files: any text parses or gives errors inside the file,
//! never a panic or a hang; an accepted comment's HTML holds only the allowed
//! tags and link schemes, whatever the reader wrote.

use std::collections::HashSet;

use monazite::content::comments;
use monazite::markdown::untrusted;
use proptest::prelude::*;
use proptest::sample::select;
use scraper::Html;
use time::UtcOffset;

use super::generate::{any_date, double_quoted, hostile_text, markdown_body, style, yaml_scalar};
use super::{config, line_count, within_hang_guard};

/// What readers write to attack a page, mixed into ordinary Markdown.
const ATTACKS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<a href=\"javascript:alert(3)\">x</a>",
    "[prize](javascript:alert(4))",
    "[prize](JaVaScRiPt:alert(5))",
    "[prize](java\tscript:alert(6))",
    "[prize](&#106;avascript:alert(7))",
    "[data](data:text/html,<script>alert(8)</script>)",
    "[v](vbscript:msgbox)",
    "<iframe src=//evil.example>",
    "<style>*{display:none}</style>",
    "<svg onload=alert(9)>",
    "<details open ontoggle=alert(10)>",
    "![x](https://evil.example/t.png)",
    "<mz-x>",
    "\" mz-a=\"1",
    "[ok](https://example.org/a?b=1&c=2)",
    "<https://example.org/auto>",
    "<mailto:a@example.org>",
    "[rel](/news/x/)",
    "# heading",
    "---",
];

/// A reader's comment text: a word, then Markdown soup with attacks in it.
pub fn comment_text() -> impl Strategy<Value = String> {
    (
        "[A-Z][a-z]{0,6}",
        markdown_body(true),
        proptest::collection::vec(select(ATTACKS), 0..4),
    )
        .prop_map(|(word, body, attacks)| {
            let mut text = format!("{word} {body}");
            for attack in attacks {
                text.push_str(attack);
                text.push('\n');
            }
            text
        })
}

/// One comment as the generator means it.
#[derive(Debug, Clone)]
pub struct CommentSpec {
    pub author: String,
    pub date: String,
    pub text: String,
    /// Answers the comment this many places earlier (0: none).
    pub reply_back: usize,
}

pub fn comment_spec(dates: BoxedStrategy<String>) -> impl Strategy<Value = CommentSpec> {
    (hostile_text(), dates, comment_text(), 0usize..4).prop_map(
        |(author, date, text, reply_back)| CommentSpec {
            author,
            date,
            text,
            reply_back,
        },
    )
}

/// A comments file for `specs`, ids `c1`, `c2`…, with CRLF if asked.
pub fn comments_file(specs: &[CommentSpec], crlf: bool) -> String {
    let mut y = String::from("# approved comments\n");
    for (i, c) in specs.iter().enumerate() {
        y.push_str(&format!("- id: c{}\n", i + 1));
        y.push_str(&format!("  author: {}\n", double_quoted(&c.author)));
        y.push_str(&format!("  date: {}\n", double_quoted(&c.date)));
        if c.reply_back > 0 && c.reply_back <= i {
            y.push_str(&format!("  reply_to: c{}\n", i + 1 - c.reply_back));
        }
        y.push_str(&format!("  text: {}\n", double_quoted(&c.text)));
    }
    if crlf { y.replace('\n', "\r\n") } else { y }
}

/// The sanitized HTML of a comment holds only the allowed tags, links only to
/// http, https and mailto, and every link is marked `nofollow ugc`. Besides
/// `href` and `rel`, only the sanitizer's default text attributes (`title`,
/// `lang`) may stay: they carry no script and their values are escaped.
fn assert_clean(html: &str) -> Result<(), TestCaseError> {
    let allowed: HashSet<&str> = untrusted::ALLOWED_TAGS.iter().copied().collect();
    let fragment = Html::parse_fragment(html);
    for node in fragment.root_element().descendants() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let name = element.name();
        if name == "html" {
            continue;
        }
        prop_assert!(allowed.contains(name), "<{name}> in a comment: {html}");
        for (attribute, value) in element.attrs() {
            match (name, attribute) {
                ("a", "href") => {
                    let scheme = value.split(':').next().unwrap_or("").to_ascii_lowercase();
                    prop_assert!(
                        value.contains(':')
                            && ["http", "https", "mailto"].contains(&scheme.as_str()),
                        "link to {value:?} in a comment: {html}"
                    );
                }
                ("a", "rel") => prop_assert_eq!(value, "nofollow ugc"),
                (_, "title" | "lang") => {}
                _ => prop_assert!(false, "attribute {attribute}={value:?} on <{name}>: {html}"),
            }
        }
    }
    Ok(())
}

fn spec_list() -> impl Strategy<Value = Vec<CommentSpec>> {
    proptest::collection::vec(comment_spec(any_date().boxed()), 0..6)
}

/// Text that is a comments file, nearly one, or not one at all.
fn any_comments_file() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (spec_list(), any::<bool>()).prop_map(|(specs, crlf)| comments_file(&specs, crlf)),
        2 => (spec_list(), any::<bool>(), "[\"'\\[\\]{}:&*!|>#\t-]", any::<prop::sample::Index>())
            .prop_map(|(specs, crlf, breaker, at)| {
                let mut text = comments_file(&specs, crlf);
                let mut i = at.index(text.len() + 1);
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                text.insert_str(i, &breaker);
                text
            }),
        1 => (hostile_text(), style()).prop_map(|(text, style)| format!("- id: c1\n  author: A\n  date: 2025-10-17\n  text: {}\n", yaml_scalar(&text, style, 2))),
        1 => "(?s).{0,300}",
    ]
}

/// Parses `text` as a comments file and checks what comes back: accepted
/// comments are whole and clean; errors point at most `past_end` lines after
/// the file's last line.
fn check_comments_file(text: &str, past_end: usize) -> Result<(), TestCaseError> {
    let result = within_hang_guard("comments::parse", {
        let text = text.to_string();
        move || {
            comments::parse(
                &text,
                &monazite::config::zone::SiteZone::Offset(UtcOffset::from_hms(5, 30, 0).unwrap()),
            )
        }
    });
    match result {
        Ok(list) => {
            let mut ids = HashSet::new();
            for c in &list {
                prop_assert!(ids.insert(c.id.clone()), "two comments {}", c.id);
                if let Some(parent) = &c.reply_to {
                    prop_assert!(
                        ids.contains(parent),
                        "{} answers {} which is not before it",
                        c.id,
                        parent
                    );
                }
                prop_assert!(!c.author.trim().is_empty());
                prop_assert!(
                    !c.date
                        .view(&monazite::config::Config::fallback())
                        .iso
                        .is_empty(),
                    "empty date for {}",
                    c.id
                );
                // The sanitizer's output is linear in the comment: every
                // byte of input becomes at most 16 of HTML, plus a constant.
                prop_assert!(c.html.len() <= 16 * text.len() + 256);
                assert_clean(&c.html)?;
            }
        }
        Err(errors) => {
            prop_assert!(!errors.is_empty());
            let lines = line_count(text);
            for e in &errors {
                prop_assert!(
                    (1..=lines + past_end).contains(&e.line) && e.column >= 1,
                    "{} at {}:{} in a file of {} lines\n{:?}",
                    e.message,
                    e.line,
                    e.column,
                    lines,
                    text
                );
            }
        }
    }
    Ok(())
}

/// Found by `every_comments_error_is_on_a_line_of_the_file`: YAML that ends
/// inside a flow list, in a file without a final newline, is refused at the
/// line after the last (libyaml moves the end of the stream to a new line).
const UNFINISHED_AT_THE_END: &str = "# approved comments\n[";

proptest! {
    #![proptest_config(config(128))]

    /// Any text: comments, or errors at most one line past the end of the
    /// file (where YAML puts the end of a file that has no final newline).
    #[test]
    fn any_comments_file_parses_clean_or_gives_errors_inside_it(text in any_comments_file()) {
        check_comments_file(&text, 1)?;
    }

    /// Every error is on a line the file has.
    #[test]
    fn every_comments_error_is_on_a_line_of_the_file(text in any_comments_file()) {
        check_comments_file(&text, 0)?;
    }

    /// Whatever a reader writes, its HTML is clean.
    #[test]
    fn any_comment_text_renders_clean(text in comment_text()) {
        let html = within_hang_guard("untrusted::render", {
            let text = text.clone();
            move || untrusted::render(&text)
        });
        // A comment past the length or nesting bound is refused, not rendered.
        if let Ok(html) = html {
            assert_clean(&html)?;
        }
    }
}

#[test]
fn an_unfinished_comments_file_is_refused_on_its_last_line() {
    let errors = comments::parse(UNFINISHED_AT_THE_END, &Default::default()).unwrap_err();
    assert_eq!(errors[0].line, 2, "{}", errors[0].message);
}
