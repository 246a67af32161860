//! Article bodies: any Markdown renders (no panic, no hang), with output
//! linear in the input, heading anchors unique and present in the HTML, and
//! link offsets inside the text.

use std::collections::HashSet;

use monazite::markdown::{self, MarkdownOptions};
use proptest::prelude::*;

use super::generate::markdown_body;
use super::{config, within_hang_guard};

fn options(base_path: &str) -> MarkdownOptions {
    MarkdownOptions {
        base_path: base_path.to_string(),
        site_host: Some("fixture.example.org".to_string()),
    }
}

fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => markdown_body(true),
        1 => "(?s).{0,400}",
    ]
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn any_body_renders_linearly_with_unique_anchors(
        text in body(),
        base_path in proptest::sample::select(&["/", "/newsroom/"][..]),
    ) {
        let rendered = within_hang_guard("markdown::render", {
            let text = text.clone();
            move || markdown::render(&text, &options(base_path))
        });
        // Linear output: each input byte becomes at most 32 bytes of HTML (an
        // external autolink of a dozen bytes gains its target, rel and the
        // screen-reader hint), plus a constant.
        prop_assert!(
            rendered.html.len() <= 32 * text.len() + 1024,
            "{} bytes of HTML from {} bytes of Markdown:\n{text:?}",
            rendered.html.len(),
            text.len()
        );
        let unique: HashSet<&String> = rendered.anchors.iter().collect();
        prop_assert_eq!(unique.len(), rendered.anchors.len(), "duplicate anchors {:?}\n{:?}", &rendered.anchors, &text);
        for entry in &rendered.toc {
            prop_assert!(rendered.anchors.contains(&entry.id), "toc id {} not an anchor", entry.id);
        }
        // Looked for as written rather than in a parsed page: the body's own
        // raw HTML (`</` then a line break opens a bogus comment) may hide an
        // element from an HTML parser, and authors may write raw HTML.
        for anchor in &rendered.anchors {
            let mut attribute = String::from("id=\"");
            pulldown_cmark_escape::escape_html(&mut attribute, anchor).unwrap();
            attribute.push('"');
            prop_assert!(rendered.html.contains(&attribute), "anchor {anchor:?} has no element\n{}", rendered.html);
        }
        for link in &rendered.links {
            prop_assert!(link.offset <= text.len(), "link offset {} past the end", link.offset);
        }
        prop_assert!(rendered.word_count <= text.len());
        // Smart punctuation makes a one-byte quote a three-byte one.
        prop_assert!(rendered.first_paragraph.len() <= 3 * text.len());
        let _ = monazite::text::truncate_words(&rendered.first_paragraph, 30);
    }
}
