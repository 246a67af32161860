//! Front matter: generated files read back exactly as written, in every YAML
//! style and layout an editor's tools produce; any other text (mutated front
//! matter, random bytes, alias fan-out) gives a positioned error, never a panic
//! or a hang.

use monazite::content::frontmatter::{self, FrontMatterError};
use monazite::content::model::{ArticleFrontMatter, RelatedEntry};
use proptest::prelude::*;
use proptest::sample::select;

use super::generate::{Style, double_quoted, hostile_text, style, valid_date, yaml_scalar};
use super::{config, line_count, within_hang_guard};

/// An article's front matter as the generator means it.
#[derive(Debug, Clone)]
pub struct ArticleSpec {
    pub title: (String, Style),
    /// `None`: no summary; the summary repeats the title through a YAML alias
    /// when `layout.summary_alias` is set.
    pub summary: Option<(String, Style)>,
    pub highlights: Vec<(String, Style)>,
    pub source: Option<SourceSpec>,
    /// (title, url) of links to other sites.
    pub related: Vec<(String, String)>,
    pub tags: Vec<String>,
    pub image_alt: Option<(String, Style)>,
    pub date: String,
    pub updated: Option<String>,
    pub layout: Layout,
}

#[derive(Debug, Clone)]
pub struct SourceSpec {
    pub name: (String, Style),
    pub url: Option<String>,
    pub date: Option<String>,
}

/// How the YAML is laid out around the values.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub bom: bool,
    pub crlf: bool,
    pub comments: bool,
    pub summary_alias: bool,
    pub flow_lists: bool,
    /// Keys monazite does not know, holding an anchored mapping and its alias.
    pub unknown_keys: bool,
}

fn layout() -> impl Strategy<Value = Layout> {
    (any::<[bool; 6]>()).prop_map(|b| Layout {
        bom: b[0],
        crlf: b[1],
        comments: b[2],
        summary_alias: b[3],
        flow_lists: b[4],
        unknown_keys: b[5],
    })
}

/// A URL of another site, with characters that must be escaped in an
/// attribute (`"`, `<`, `&`, spaces, quotes).
fn external_url() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        select(
            &[
                "a",
                "b/",
                "?q=1",
                "&x=2",
                "\"",
                "'",
                "<mz-x>",
                "\" mz-a=\"1",
                "%20",
                " ",
                "#f",
                "é",
            ][..],
        ),
        0..5,
    )
    .prop_map(|parts| format!("https://example.com/{}", parts.concat()))
}

fn styled_text() -> impl Strategy<Value = (String, Style)> {
    (hostile_text(), style())
}

pub fn article_spec() -> impl Strategy<Value = ArticleSpec> {
    let source = (
        styled_text(),
        proptest::option::of(external_url()),
        proptest::option::of(valid_date()),
    )
        .prop_map(|(name, url, date)| SourceSpec { name, url, date });
    (
        (
            styled_text(),
            proptest::option::of(styled_text()),
            proptest::collection::vec(styled_text(), 0..5),
            proptest::option::of(source),
        ),
        (
            proptest::collection::vec((hostile_text(), external_url()), 0..3),
            proptest::collection::vec(hostile_text(), 0..4),
            proptest::option::of(styled_text()),
        ),
        (valid_date(), proptest::option::of(valid_date()), layout()),
    )
        .prop_map(
            |(
                (title, summary, highlights, source),
                (related, tags, image_alt),
                (date, updated, layout),
            )| ArticleSpec {
                title,
                summary,
                highlights,
                source,
                related,
                tags,
                image_alt,
                date,
                updated,
                layout,
            },
        )
}

impl ArticleSpec {
    /// The summary the front matter gives, alias or not.
    pub fn summary_text(&self) -> Option<&str> {
        if self.layout.summary_alias {
            Some(&self.title.0)
        } else {
            self.summary.as_ref().map(|(s, _)| s.as_str())
        }
    }

    /// The article file: front matter, then `body`.
    pub fn file(&self, author: &str, body: &str) -> String {
        let layout = &self.layout;
        let mut y = String::from("---\n");
        if layout.comments {
            y.push_str("# written by a generator: every value below is hostile\n");
        }
        let anchor = if layout.summary_alias {
            "&headline "
        } else {
            ""
        };
        y.push_str(&format!(
            "title: {anchor}{}\n",
            yaml_scalar(&self.title.0, self.title.1, 0)
        ));
        y.push_str(&format!("date: {}", self.date));
        y.push_str(if layout.comments {
            "\t# a tab, then a comment\n"
        } else {
            "\n"
        });
        if let Some(updated) = &self.updated {
            y.push_str(&format!("updated: {}\n", double_quoted(updated)));
        }
        y.push_str(&format!("author: {author}\n"));
        if layout.summary_alias {
            y.push_str("summary: *headline\n");
        } else if let Some((summary, style)) = &self.summary {
            y.push_str(&format!("summary: {}\n", yaml_scalar(summary, *style, 0)));
        }
        if !self.highlights.is_empty() {
            if layout.flow_lists {
                let items: Vec<String> = self
                    .highlights
                    .iter()
                    .map(|(h, _)| double_quoted(h))
                    .collect();
                y.push_str(&format!("highlights: [{}]\n", items.join(", ")));
            } else {
                y.push_str("highlights:\n");
                for (h, style) in &self.highlights {
                    y.push_str(&format!("  - {}\n", yaml_scalar(h, *style, 2)));
                }
            }
        }
        if let Some(source) = &self.source {
            y.push_str("source:\n");
            y.push_str(&format!(
                "  name: {}\n",
                yaml_scalar(&source.name.0, source.name.1, 2)
            ));
            if let Some(url) = &source.url {
                y.push_str(&format!("  url: {}\n", double_quoted(url)));
            }
            if let Some(date) = &source.date {
                y.push_str(&format!("  date: {date}\n"));
            }
        }
        if !self.related.is_empty() {
            y.push_str("related:\n");
            for (title, url) in &self.related {
                y.push_str(&format!("  - title: {}\n", double_quoted(title)));
                y.push_str(&format!("    url: {}\n", double_quoted(url)));
            }
        }
        if !self.tags.is_empty() {
            let items: Vec<String> = self.tags.iter().map(|t| double_quoted(t)).collect();
            if layout.flow_lists {
                y.push_str(&format!("tags: [{}]\n", items.join(", ")));
            } else {
                y.push_str("tags:\n");
                for item in items {
                    y.push_str(&format!("- {item}\n"));
                }
            }
        }
        if let Some((alt, style)) = &self.image_alt {
            y.push_str(&format!("image_alt: {}\n", yaml_scalar(alt, *style, 0)));
        }
        if layout.unknown_keys {
            y.push_str("x-desk: &desk {section: markets, weight: [1, 2]}\nx-desk-copy: *desk\n");
        }
        y.push_str("---\n");
        y.push_str(body);
        if layout.crlf {
            y = y.replace('\n', "\r\n");
        }
        if layout.bom {
            y.insert(0, '\u{feff}');
        }
        y
    }
}

fn parse_article(text: &str) -> Result<ArticleFrontMatter, FrontMatterError> {
    let split = frontmatter::split(text)?;
    frontmatter::parse(&split)
}

proptest! {
    #![proptest_config(config(64))]

    /// Every value written reads back exactly: hostile text in every scalar
    /// style, a BOM, CRLF, comments, anchors and aliases, flow lists.
    #[test]
    fn generated_front_matter_reads_back_as_written(spec in article_spec(), body in "\\PC{0,40}") {
        let text = spec.file("asha", &body);
        let parsed = within_hang_guard("front matter", {
            let text = text.clone();
            move || parse_article(&text)
        });
        let fm = match parsed {
            Ok(fm) => fm,
            Err(e) => return Err(TestCaseError::fail(format!("{e} at {:?}\n{text}", e.position()))),
        };
        prop_assert_eq!(fm.title.as_deref(), Some(spec.title.0.as_str()));
        prop_assert_eq!(fm.summary.as_deref(), spec.summary_text());
        let highlights: Vec<&str> = spec.highlights.iter().map(|(h, _)| h.as_str()).collect();
        prop_assert_eq!(fm.highlights.iter().map(String::as_str).collect::<Vec<_>>(), highlights);
        prop_assert_eq!(&fm.tags, &spec.tags);
        prop_assert_eq!(fm.image_alt.as_deref(), spec.image_alt.as_ref().map(|(a, _)| a.as_str()));
        prop_assert_eq!(fm.source.as_ref().map(|s| s.name.as_str()), spec.source.as_ref().map(|s| s.name.0.as_str()));
        prop_assert_eq!(fm.related.len(), spec.related.len());
        for (entry, (title, url)) in fm.related.iter().zip(&spec.related) {
            match entry {
                RelatedEntry::Titled { title: t, url: u } => {
                    prop_assert_eq!(t, title);
                    prop_assert_eq!(u, url);
                }
                RelatedEntry::Path(p) => prop_assert!(false, "titled link read as a path: {p}"),
            }
        }
        let split = frontmatter::split(&text).unwrap();
        prop_assert_eq!(split.body, body.replace('\n', if spec.layout.crlf { "\r\n" } else { "\n" }));
    }
}

/// Characters and lines that break YAML, or the fences, in every way.
const BREAKERS: &[&str] = &[
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "&a ",
    "*a",
    "*nope",
    "!!int ",
    "!local ",
    "|",
    ">",
    "- ",
    "? ",
    "\t",
    "%YAML 1.2\n",
    "--- #second\n",
    "\n---\n",
    "\n...\n",
    "#",
    "\r",
    "\u{feff}",
    "\u{0}",
    "<<: *a\n",
    "title: again\n",
    "date: again\n",
    "\n  ",
    "\\",
    "\n\t- x\n",
    "@",
];

/// One change to a valid file: at a byte index (moved to a character
/// boundary), insert a breaker, remove a few characters, repeat a line, or cut.
#[derive(Debug, Clone)]
enum Mutation {
    Insert(prop::sample::Index, &'static str),
    Remove(prop::sample::Index, usize),
    RepeatLine(prop::sample::Index),
    Cut(prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), select(BREAKERS)).prop_map(|(i, s)| Mutation::Insert(i, s)),
        2 => (any::<prop::sample::Index>(), 1usize..6).prop_map(|(i, n)| Mutation::Remove(i, n)),
        2 => any::<prop::sample::Index>().prop_map(Mutation::RepeatLine),
        1 => any::<prop::sample::Index>().prop_map(Mutation::Cut),
    ]
}

fn boundary(text: &str, index: &prop::sample::Index) -> usize {
    let mut at = index.index(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(mut text: String, mutations: &[Mutation]) -> String {
    for m in mutations {
        match m {
            Mutation::Insert(i, s) => {
                let at = boundary(&text, i);
                text.insert_str(at, s);
            }
            Mutation::Remove(i, n) => {
                let at = boundary(&text, i);
                let end = text[at..]
                    .char_indices()
                    .nth(*n)
                    .map_or(text.len(), |(j, _)| at + j);
                text.replace_range(at..end, "");
            }
            Mutation::RepeatLine(i) => {
                let lines: Vec<&str> = text.split_inclusive('\n').collect();
                if !lines.is_empty() {
                    let n = i.index(lines.len());
                    let line = lines[n].to_string();
                    let at: usize = lines[..n].iter().map(|l| l.len()).sum();
                    text.insert_str(at, &line);
                }
            }
            Mutation::Cut(i) => {
                let at = boundary(&text, i);
                text.truncate(at);
            }
        }
    }
    text
}

/// Text that is almost front matter, or not at all.
fn broken_front_matter() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (article_spec(), "\\PC{0,20}", proptest::collection::vec(mutation(), 1..4))
            .prop_map(|(spec, body, mutations)| mutate(spec.file("asha", &body), &mutations)),
        1 => "(?s)---\n.{0,300}",
        1 => "(?s).{0,300}",
    ]
}

/// An error points at a line of the file and a column from 1.
fn assert_positioned(text: &str, e: &FrontMatterError) -> Result<(), TestCaseError> {
    if e.position().is_none() {
        return Err(TestCaseError::fail(format!(
            "error without a position: {e}\n{text:?}"
        )));
    }
    assert_inside(text, e)
}

/// Where an error has a position, it is a line of the file and a column from 1.
fn assert_inside(text: &str, e: &FrontMatterError) -> Result<(), TestCaseError> {
    let Some((line, column)) = e.position() else {
        return Ok(());
    };
    let lines = line_count(text);
    prop_assert!(
        (1..=lines).contains(&line) && column >= 1,
        "{e} at line {line}, column {column}, but the file has {lines} lines\n{text:?}"
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(128))]

    /// Whatever the text, splitting and parsing return (no panic, no hang),
    /// and an error's position is inside the file.
    #[test]
    fn any_text_gives_front_matter_or_an_error_inside_it(text in broken_front_matter()) {
        let result = within_hang_guard("front matter", {
            let text = text.clone();
            move || parse_article(&text).map(|_| ())
        });
        if let Err(e) = &result {
            assert_inside(&text, e)?;
        }
        if let Ok(split) = frontmatter::split(&text) {
            prop_assert!(split.body_line <= line_count(&text) + 1);
        }
    }

    /// Every error says where: a line and a column.
    #[test]
    fn every_front_matter_error_has_a_position(text in broken_front_matter()) {
        let result = within_hang_guard("front matter", {
            let text = text.clone();
            move || parse_article(&text).map(|_| ())
        });
        if let Err(e) = &result {
            assert_positioned(&text, e)?;
        }
    }
}

/// Found by `every_front_matter_error_has_a_position`: a root mapping that
/// ends early (an indented first key) leaves a second YAML document, which
/// serde_yaml refuses with no position.
const SECOND_DOCUMENT: &str = "---\n a: 1\nb: 2\n---\n";

#[test]
fn a_second_document_has_a_position() {
    let e = parse_article(SECOND_DOCUMENT).expect_err("two documents are refused");
    assert!(e.position().is_some(), "{e} has no position");
}

/// Front matter whose aliases expand to `fan`^`depth` values: the classic
/// "billion laughs", hung under an unknown key, `tags` or `highlights`.
fn alias_fan_out() -> impl Strategy<Value = String> {
    (
        1usize..12,
        2usize..10,
        select(&["x-laughs", "tags", "highlights"][..]),
    )
        .prop_map(|(depth, fan, key)| {
            let mut y = String::from(
                "---\ntitle: Laughs\ndate: 2025-10-17\nauthor: asha\nx-a0: &a0 \"lol\"\n",
            );
            for level in 1..=depth {
                let refs = vec![format!("*a{}", level - 1); fan].join(", ");
                y.push_str(&format!("x-a{level}: &a{level} [{refs}]\n"));
            }
            y.push_str(&format!("{key}: *a{depth}\n---\nBody.\n"));
            y
        })
}

/// The parsed front matter's values, as printed: a measure of what aliases
/// expanded to (unknown keys are skipped unbuilt, so they add nothing).
fn expanded_size(text: &str) -> Result<usize, FrontMatterError> {
    parse_article(text).map(|fm| format!("{:?}{:?}", fm.tags, fm.highlights).len())
}

/// The smallest fan-out found to be refused without a position (5 levels of
/// 5 aliases, 3,125 values from 268 bytes).
const LAUGHS_5_BY_5: &str = "---\ntitle: Laughs\ndate: 2025-10-17\nauthor: asha\nx-a0: &a0 \"lol\"\nx-a1: &a1 [*a0, *a0, *a0, *a0, *a0]\nx-a2: &a2 [*a1, *a1, *a1, *a1, *a1]\nx-a3: &a3 [*a2, *a2, *a2, *a2, *a2]\nx-a4: &a4 [*a3, *a3, *a3, *a3, *a3]\nx-a5: &a5 [*a4, *a4, *a4, *a4, *a4]\nx-laughs: *a5\n---\nBody.\n";

proptest! {
    #![proptest_config(config(32))]

    /// Aliases never make the parsed front matter much larger than the file:
    /// it is refused, or its values (as printed) are at most 1,000 bytes per
    /// byte of input, a linear bound well above any honest use of aliases.
    #[test]
    fn alias_fan_out_is_refused_or_linear(text in alias_fan_out()) {
        let size = within_hang_guard("alias fan-out", {
            let text = text.clone();
            move || expanded_size(&text)
        });
        if let Ok(size) = size {
            prop_assert!(size <= 1_000 * text.len(), "{size} bytes of values from {} bytes:\n{text}", text.len());
        }
    }

    /// A refused fan-out says where in the file the aliases are.
    #[test]
    fn alias_fan_out_errors_point_at_the_file(text in alias_fan_out()) {
        let size = within_hang_guard("alias fan-out", {
            let text = text.clone();
            move || expanded_size(&text)
        });
        if let Err(e) = size {
            assert_positioned(&text, &e)?;
        }
    }
}

#[test]
fn refused_alias_fan_out_has_a_position() {
    let e =
        expanded_size(LAUGHS_5_BY_5).expect_err("3,125 values from 5 lines of aliases are refused");
    assert!(e.position().is_some(), "{e} has no position");
}
