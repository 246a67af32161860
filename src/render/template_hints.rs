//! What Tera's own messages leave out, worked out for the theme's author:
//! the defined name nearest to an undefined one ("did you mean `title`?"),
//! and where a block that is never closed was opened (Tera reports only
//! "Unexpected end of input" at the end of the file).
//!
//! Pure functions of Tera's message and the template's text; they never
//! render anything.

use crate::diag::Position;
use crate::suggest;

/// Block tags and the tag that closes each.
const BLOCK_TAGS: &[(&str, &str)] = &[
    ("if", "endif"),
    ("for", "endfor"),
    ("block", "endblock"),
    ("filter", "endfilter"),
    ("raw", "endraw"),
    ("component", "endcomponent"),
];

/// For Tera's "Variable `x` is not defined. Available variables: a, b" (or
/// "Field `x` … Available fields: …"): the nearest defined name to suggest,
/// written as the template would write it (`page.title` for a field of
/// `page`). `written` is the template line and `column` (1-based) where the
/// undefined name starts, to recover the path before a field.
pub fn suggest_defined(message: &str, written: Option<&str>, column: usize) -> Option<String> {
    let (undefined, available) = undefined_and_available(message)?;
    let nearest = suggest::did_you_mean(undefined, available.split(", "))?;
    let before = written.map(|line| path_before(line, column)).unwrap_or("");
    Some(format!("{before}{nearest}"))
}

/// The undefined name and the list of defined ones in Tera's message.
fn undefined_and_available(message: &str) -> Option<(&str, &str)> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    let (_, available) = message.split_once("Available ")?;
    let (_, names) = available.split_once(": ")?;
    Some((&message[start..end], names.trim_end_matches('.')))
}

/// `page.` in `{{ page.titel }}` when `column` points at `titel`: the dotted
/// path the field hangs from, as written.
fn path_before(line: &str, column: usize) -> &str {
    let upto = line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(at, _)| at);
    let head = &line[..upto];
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '.')
        .last()
        .map_or(upto, |(at, _)| at);
    let path = &head[start..];
    if path.ends_with('.') { path } else { "" }
}

/// A block left open in a template that does not parse: its opening tag,
/// the tag that would close it, and where it opened. `error_at` is where
/// Tera stopped: at the end of the file (a block never closed), or at an end
/// tag that closes another block than the innermost one open there.
pub fn unclosed_block(source: &str, error_at: Position) -> Option<OpenBlock> {
    let offset = offset_of(source, error_at);
    let at_end = source[offset..].trim().is_empty();
    let mut open = open_blocks_before(source, offset);
    let innermost = open.pop()?;
    let stopped_at = source[offset..]
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    let wrong_end = stopped_at.starts_with("end") && stopped_at != innermost.closing;
    (at_end || wrong_end).then_some(innermost)
}

/// A block tag still open at some point of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenBlock {
    pub opening: &'static str,
    pub closing: &'static str,
    pub at: Position,
}

/// The blocks opened before byte `offset` of `source` and not closed by then,
/// outermost first.
fn open_blocks_before(source: &str, offset: usize) -> Vec<OpenBlock> {
    let mut open: Vec<OpenBlock> = Vec::new();
    let mut rest = 0;
    while let Some(found) = source[rest..offset].find("{%") {
        let tag_start = rest + found;
        let Some(length) = source[tag_start..].find("%}") else {
            break;
        };
        if tag_start + length + 2 > offset {
            // The tag Tera stopped in: not one that opens or closes before it.
            break;
        }
        let inside = source[tag_start + 2..tag_start + length]
            .trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace());
        rest = tag_start + length + 2;
        let word = inside.split_whitespace().next().unwrap_or("");
        if let Some(&(opening, closing)) = BLOCK_TAGS.iter().find(|(o, _)| *o == word) {
            if opening == "raw" {
                // Nothing inside a raw block is a tag.
                match source[rest..offset].find("endraw") {
                    Some(end) => {
                        rest += end;
                        continue;
                    }
                    None => rest = offset,
                }
            }
            let (line, column) = crate::diag::line_col(source, tag_start);
            open.push(OpenBlock {
                opening,
                closing,
                at: Position { line, column },
            });
        } else if let Some(at) = open.iter().rposition(|b| b.closing == word) {
            open.truncate(at);
        }
    }
    open
}

/// The byte offset of a 1-based line and column in `source`.
fn offset_of(source: &str, at: Position) -> usize {
    let line_start: usize = source
        .split_inclusive('\n')
        .take(at.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = &source[line_start.min(source.len())..];
    let within = line
        .char_indices()
        .nth(at.column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    (line_start + within).min(source.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_variable_and_field() {
        let message = "Variable `titel` is not defined. Available variables: page, title";
        assert_eq!(
            suggest_defined(message, Some("  {{ titel }}"), 6).as_deref(),
            Some("title")
        );
        let field = "Field `titel` is not defined. Available fields: date, title";
        assert_eq!(
            suggest_defined(field, Some(" {{ article.card.titel }}"), 18).as_deref(),
            Some("article.card.title")
        );
        let far = "Variable `zzz` is not defined. Available variables: page, title";
        assert_eq!(suggest_defined(far, Some("{{ zzz }}"), 4), None);
    }

    #[test]
    fn finds_the_block_left_open() {
        let end = |source: &str| {
            let (line, column) = crate::diag::line_col(source, source.len());
            unclosed_block(source, Position { line, column })
        };
        let source = "x\n{% if page %}\n  {% for a in b %}{{ a }}{% endfor %}\n<p>\n";
        let open = end(source).unwrap();
        assert_eq!((open.opening, open.closing), ("if", "endif"));
        assert_eq!(open.at, Position { line: 2, column: 1 });
        let nested = "{%- block c -%}\n {% if x %}{% endif %}\n  {% for a in b %}";
        let open = end(nested).unwrap();
        assert_eq!(open.opening, "for");
        assert_eq!(open.at, Position { line: 3, column: 3 });
        assert_eq!(end("{% if a %}b{% else %}c{% endif %}"), None);
        assert_eq!(end("{% raw %}{% if %}{% endraw %}"), None);
    }

    #[test]
    fn an_end_tag_of_an_outer_block_points_at_the_inner_one() {
        let source = "{% block content %}\n<p>{% if x %}\n{% endblock %}\n";
        let open = unclosed_block(source, Position { line: 3, column: 4 }).unwrap();
        assert_eq!(
            (open.opening, open.at),
            ("if", Position { line: 2, column: 4 })
        );
        // A matching end tag is not this problem.
        let fine = "{% if x %}\n{% endif %}{{ oops( }}";
        assert_eq!(unclosed_block(fine, Position { line: 2, column: 4 }), None);
    }
}
