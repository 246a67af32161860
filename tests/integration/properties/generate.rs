//! Strategies shared by the properties: hostile text, dates at the edges of the
//! calendar, YAML scalars written in every style, Markdown soup.

use proptest::prelude::*;
use proptest::sample::select;

/// Fragments that break out of HTML, XML, JSON, YAML or a template when they
/// are not escaped. The `mz-` names mark what the site property looks for: an
/// element `mz-x`/`mz-y` or an attribute `mz-a`/`mz-b` in any output means
/// front-matter text went out unescaped.
pub const HOSTILE: &[&str] = &[
    "<mz-x>",
    "</script><mz-y>",
    "\" mz-a=\"1",
    "' mz-b='1",
    "&",
    "&amp;",
    "&lt;mz-x&gt;",
    "&#60;mz-x&#62;",
    "<!--",
    "-->",
    "]]>",
    "<![CDATA[",
    "{{ page.title }}",
    "{% raw %}",
    "\\",
    "\\u003c",
    "'",
    "\"",
    "`",
    "#",
    ": ",
    " - ",
    "*",
    "- ",
    "? ",
    "|",
    ">",
    "!!str",
    "&anchor",
    "*alias",
    "%",
    "@",
    "javascript:",
    "\u{a0}",
    "\u{2028}",
    "\u{200b}",
    "\u{feff}",
    "é",
    "Ñandú",
    "日本語",
    "🦀",
    "\u{301}",
    "\t",
];

/// Control characters a YAML double-quoted string can carry (`\x01`…) but no
/// page or feed can show as they are.
pub const CONTROL: &[&str] = &[
    "\u{1}", "\u{8}", "\u{b}", "\u{c}", "\u{1b}", "\u{7f}", "\u{85}", "\u{9f}",
];

/// Text with at least one word, mixing hostile fragments, control characters
/// and arbitrary printable Unicode.
pub fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => select(HOSTILE).prop_map(str::to_string),
        3 => "[A-Za-z]{1,8}",
        2 => "\\PC{1,3}",
        1 => select(CONTROL).prop_map(str::to_string),
    ];
    (
        "[A-Z][a-z]{0,6}",
        proptest::collection::vec((piece, select(&["", " "][..])), 0..8),
    )
        .prop_map(|(word, pieces)| {
            let mut text = word;
            for (piece, gap) in pieces {
                text.push_str(gap);
                text.push_str(&piece);
            }
            text
        })
}

/// How a YAML scalar is written.
#[derive(Debug, Clone, Copy)]
pub enum Style {
    Double,
    Single,
    Plain,
    Literal,
    /// Double-quoted behind an explicit `!!str` tag.
    Tagged,
}

pub fn style() -> impl Strategy<Value = Style> {
    prop_oneof![
        Just(Style::Double),
        Just(Style::Single),
        Just(Style::Plain),
        Just(Style::Literal),
        Just(Style::Tagged),
    ]
}

/// Characters YAML (libyaml) reads as line breaks or refuses raw in a
/// document: only a double-quoted string can carry them, escaped.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// Words a plain scalar cannot be, because YAML reads them as null.
const NULL_WORDS: &[&str] = &["null", "Null", "NULL", "~"];

/// `text` as a YAML scalar in `style` where that style can hold it exactly,
/// else double-quoted. `indent` is the indentation of the line the value is
/// on (a literal block's lines go two spaces deeper).
pub fn yaml_scalar(text: &str, style: Style, indent: usize) -> String {
    let plain_ok = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
        && !text.ends_with(' ')
        && !NULL_WORDS.contains(&text);
    let raw_ok = !text.chars().any(needs_escape);
    match style {
        Style::Plain if plain_ok => text.to_string(),
        Style::Single if raw_ok => format!("'{}'", text.replace('\'', "''")),
        Style::Literal
            if raw_ok
                && !text.starts_with([' ', '\t'])
                && !text.ends_with([' ', '\t'])
                && !text.contains('\n') =>
        {
            format!("|-\n{}{text}", " ".repeat(indent + 2))
        }
        Style::Tagged => format!("!!str {}", double_quoted(text)),
        _ => double_quoted(text),
    }
}

/// `text` as a YAML double-quoted string: every character it can hold exactly.
pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A calendar day, with leap days: the day is clamped to the month's length.
pub fn calendar_day() -> impl Strategy<Value = (i32, u8, u8)> {
    let year = prop_oneof![
        Just(1),
        Just(9999),
        Just(2024),
        Just(2000),
        Just(1900),
        1i32..=9999,
    ];
    (year, 1u8..=12, 1u8..=31).prop_map(|(year, month, day)| {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let length = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (year, month, day.min(length))
    })
}

/// An RFC 3339 offset, often at its edges (±23:59, ±00:00, ±14:00).
pub fn offset() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Z".to_string()),
        Just("+23:59".to_string()),
        Just("-23:59".to_string()),
        Just("-00:00".to_string()),
        Just("+14:00".to_string()),
        Just("-12:00".to_string()),
        (any::<bool>(), 0u8..=23, 0u8..=59)
            .prop_map(|(east, h, m)| format!("{}{h:02}:{m:02}", if east { '+' } else { '-' })),
    ]
}

/// A date in a form monazite accepts: a day, an RFC 3339 date-time (with or
/// without a fraction, `Z` or an offset), or the lenient forms (a space for
/// `T`, no seconds, no offset). Times run to the last second of the day.
pub fn valid_date() -> impl Strategy<Value = String> {
    let time = prop_oneof![
        Just((0u8, 0u8, 0u8)),
        Just((23, 59, 59)),
        (0u8..=23, 0u8..=59, 0u8..=59),
    ];
    (calendar_day(), time, offset(), 0usize..6).prop_map(|((y, mo, d), (h, mi, s), off, form)| {
        let day = format!("{y:04}-{mo:02}-{d:02}");
        match form {
            0 => day,
            1 => format!("{day}T{h:02}:{mi:02}:{s:02}{off}"),
            2 => format!("{day}T{h:02}:{mi:02}:{s:02}.250{off}"),
            3 => format!("{day} {h:02}:{mi:02}"),
            4 => format!("{day}T{h:02}:{mi:02}{off}"),
            _ => format!("{day}T{h:02}:{mi:02}:{s:02}"),
        }
    })
}

/// Dates monazite may accept or refuse, never panic on: valid ones, leap
/// seconds, day 31 of short months, year 0 and five-digit years, offsets past
/// 24 hours, junk around them.
pub fn any_date() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => valid_date(),
        1 => (calendar_day(), 0u8..=99, 0u8..=99, 0u8..=99, "[-+][0-9]{2}:[0-9]{2}")
            .prop_map(|((y, mo, _), h, mi, s, off)| format!("{y:04}-{mo:02}-31T{h:02}:{mi:02}:{s:02}{off}")),
        1 => (0i32..=99_999, 0u8..=13, 0u8..=32).prop_map(|(y, mo, d)| format!("{y:04}-{mo:02}-{d:02}")),
        1 => (valid_date(), "\\PC{0,4}", "[ \\tTtZz:+.0-9-]{0,4}")
            .prop_map(|(date, junk, tail)| format!("{date}{tail}{junk}")),
        1 => "[0-9 T:+.Zz-]{0,30}",
    ]
}

/// Pieces of Markdown an editor might write, and some no editor would.
/// Links go only to other sites (a site's internal links must resolve);
/// `internal` adds root-relative and fragment links too.
pub fn markdown_body(internal: bool) -> impl Strategy<Value = String> {
    let inline = prop_oneof![
        3 => "[A-Za-z]{1,10}( [A-Za-z]{1,10}){0,4}",
        1 => select(&[
            "*em*", "**strong**", "_u_", "~~gone~~", "`code`", "``a ` b``",
            "[a link](https://example.com/a?b=1&c=2)", "<https://example.com/auto>",
            "[ref][r1]", "![chart](https://example.com/c.png \"t\")",
            "&lt;mz-x&gt;", "\\<mz-x>", "&amp;", "&#x26;", "&#0;", "&bogus;",
            "<b>bold</b>", "<span class=\"x\">", "</span>", "<br>",
            "[^1]", "[^note]", "\"quoted\"", "'single'", "--", "...",
            "*", "**", "_", "[", "]", "(", ")", "![", "<", ">", "&", "\\", "|", "~", "`",
            "{#id}", "{.class}", "\u{0}", "\r", "\t", "\u{feff}", "\u{2028}",
        ][..]).prop_map(str::to_string),
        1 => "\\PC{1,6}",
    ];
    let line_inline = proptest::collection::vec(inline, 1..6).prop_map(|p| p.join(" "));
    let block = prop_oneof![
        4 => line_inline.clone(),
        2 => (1usize..=7, line_inline.clone(), select(&["", " {#why}", " {#why .x}", " {#}", " #"][..]))
            .prop_map(|(level, text, attrs)| format!("{} {text}{attrs}", "#".repeat(level))),
        1 => select(&["## Why", "## Why", "## why 1", "## Why-1", "## 1", "##", "# —"][..])
            .prop_map(str::to_string),
        1 => line_inline.clone().prop_map(|t| format!("- {t}")),
        1 => line_inline.clone().prop_map(|t| format!("1. {t}")),
        1 => line_inline.clone().prop_map(|t| format!("> {t}")),
        1 => line_inline.clone().prop_map(|t| format!("- [x] {t}")),
        1 => line_inline.clone().prop_map(|t| format!("[^1]: {t}")),
        1 => Just("[r1]: https://example.com/ref \"Ref\"".to_string()),
        1 => Just("| a | b |\n|---|:-:|\n| 1 | 2 |".to_string()),
        1 => Just("```rust\nfn main() {}\n```".to_string()),
        1 => Just("```".to_string()),
        1 => Just("    indented code".to_string()),
        1 => Just("---".to_string()),
        1 => Just("<div class=\"note\">\n\n*inside*\n\n</div>".to_string()),
        1 => Just("<!-- a comment -->".to_string()),
        1 => Just("Setext\n===".to_string()),
    ];
    let internal_links = prop_oneof![
        Just("[home](/)"),
        Just("[x](/news/x/#y)"),
        Just("[frag](#why)"),
        Just("[rel](../up)"),
        Just("[js](javascript:alert(1))"),
    ];
    (
        proptest::collection::vec(block, 0..24),
        proptest::collection::vec(internal_links, 0..3),
        proptest::collection::vec(select(&["\n", "\n\n", "\r\n", "\n  "][..]), 24),
    )
        .prop_map(move |(blocks, links, gaps)| {
            let mut body = String::new();
            for (i, block) in blocks.iter().enumerate() {
                body.push_str(block);
                body.push_str(gaps[i % gaps.len()]);
            }
            if internal {
                for link in links {
                    body.push_str(link);
                    body.push('\n');
                }
            }
            body
        })
}
