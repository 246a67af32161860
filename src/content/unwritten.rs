//! An article that is about to be published with nothing written in it: an
//! empty body, or the placeholder text `monazite new` lays out. Readers would
//! see the instructions meant for the editor, so it is an error unless the
//! article is a draft.

use std::path::Path;

use crate::diag::{Diagnostic, line_col};

/// The body `monazite new` writes: what to put where, in the editor's words.
pub const PLACEHOLDER_BODY: &str = "\
Start with the news: who did what, where and when, in a sentence or two. Unless \
`summary:` says otherwise, this first paragraph is what lists, feeds and search show.

## Why it matters

Give the background in short paragraphs under `##` headings. Link other articles \
by their path, like `/news/their-slug/`, and other sites by their full address.
";

const HINT: &str = "write the story, or set `draft: true` to keep the article out of the build until it is written";

/// The error for a published article whose `body` (starting at byte `body_at`
/// of `text`) is empty or still holds a paragraph of [`PLACEHOLDER_BODY`].
pub fn unwritten_body(path: &Path, text: &str, body_at: usize) -> Option<Diagnostic> {
    let body = &text[body_at.min(text.len())..];
    if body.trim().is_empty() {
        let (line, _) = line_col(text, body_at);
        return Some(
            Diagnostic::error("the article has no body")
                .in_file(path)
                .at(line.saturating_sub(1).max(1), 1, None)
                .with_help(HINT),
        );
    }
    let (offset, paragraph) = PLACEHOLDER_BODY
        .split("\n\n")
        .map(str::trim)
        .filter(|p| p.len() > 40)
        .find_map(|p| body.find(p).map(|at| (at, p)))?;
    let (line, column) = line_col(text, body_at + offset);
    let shown: String = paragraph.chars().take(40).collect();
    Some(
        Diagnostic::error(format!(
            "the article still has the placeholder text of `monazite new` (\"{shown}…\")"
        ))
        .in_file(path)
        .at(line, column, Some(text))
        .with_help(HINT),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "---\ntitle: x\n---\n";

    /// Where the finding about a body is, if there is one.
    fn found(body: &str) -> Option<(usize, usize)> {
        let text = format!("{HEAD}{body}");
        unwritten_body(Path::new("x.md"), &text, HEAD.len())
            .map(|d| d.position.map(|p| (p.line, p.column)).unwrap())
    }

    #[test]
    fn finds_the_placeholder_or_nothing_at_all() {
        assert_eq!(found(PLACEHOLDER_BODY), Some((4, 1)));
        let edited = PLACEHOLDER_BODY.replacen("Start with the news", "Prices rose.", 1);
        assert_eq!(found(&edited), Some((8, 1)), "the second paragraph is left");
        assert_eq!(found("\n  \n"), Some((3, 1)));
        assert_eq!(found("Prices rose by a third.\n"), None);
    }
}
