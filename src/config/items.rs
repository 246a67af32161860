//! Where the items of a YAML sequence are written (`nav:`, `related:`,
//! `tags:`), so that a diagnostic about one value points at its own line and
//! column. serde_yaml gives positions only for its own errors; these read the
//! text. Both block (`- a`) and flow (`[a, b]`, `{k: v}`) styles are read;
//! where the text is laid out otherwise they return `None`, and callers fall
//! back to the key's own line.

use super::key_position;
use crate::diag::line_col;

/// The 1-based line and column where item `index` (0-based) of the sequence
/// under the top-level `key:` is written.
pub fn item_position(text: &str, key: &str, index: usize) -> Option<(usize, usize)> {
    let (start, _) = *items(text, key)?.get(index)?;
    Some(line_col(text, start))
}

/// The 1-based line and column of `field:`'s value in item `index` of the
/// sequence under `key:` (`- title: x` / `  url: y`, or `- {title: x, url: y}`).
pub fn item_field_position(
    text: &str,
    key: &str,
    index: usize,
    field: &str,
) -> Option<(usize, usize)> {
    let (start, end) = *items(text, key)?.get(index)?;
    let item = &text[start..end];
    let mut from = 0;
    while let Some(found) = item[from..].find(field) {
        let at = from + found;
        from = at + field.len();
        let starts_word = at == 0 || !is_key_char(item[..at].chars().next_back());
        let rest = &item[from..];
        let after_colon = rest.trim_start_matches([' ', '\t']).strip_prefix(':');
        if let (true, Some(value)) = (starts_word, after_colon) {
            let value = value.trim_start_matches([' ', '\t']);
            return Some(line_col(text, end - value.len()));
        }
    }
    None
}

fn is_key_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// The byte spans of the items of the sequence under the top-level `key:`.
fn items(text: &str, key: &str) -> Option<Vec<(usize, usize)>> {
    let (line, column) = key_position(text, key)?;
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let line_text = text[line_start..].lines().next().unwrap_or("");
    // `column` counts characters; the value starts that many characters in.
    let value_at = line_start
        + line_text
            .char_indices()
            .nth(column - 1)
            .map_or(line_text.len(), |(i, _)| i);
    if text[value_at..].starts_with('[') {
        Some(flow_items(text, value_at + 1))
    } else {
        Some(block_items(text, line_start + line_text.len()))
    }
}

/// Items of a flow sequence whose `[` is just before `from`: split at commas
/// outside quotes and nested brackets, up to the closing `]`.
fn flow_items(text: &str, from: usize) -> Vec<(usize, usize)> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut item_start: Option<usize> = None;
    let mut chars = text[from..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = from + i;
        if let Some(q) = quote {
            match c {
                '\\' if q == '"' => {
                    chars.next();
                }
                '\'' if q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                    chars.next();
                }
                _ if c == q => quote = None,
                _ => {}
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '#' if text[..at].ends_with([' ', '\t', '\n']) => {
                // A comment runs to the end of its line.
                while chars.peek().is_some_and(|&(_, n)| n != '\n') {
                    chars.next();
                }
                continue;
            }
            '[' | '{' => depth += 1,
            ']' | '}' if depth > 0 => depth -= 1,
            ']' | ',' if depth == 0 => {
                if let Some(start) = item_start.take() {
                    items.push((start, trim_end_at(text, start, at)));
                }
                if c == ']' {
                    break;
                }
                continue;
            }
            _ => {}
        }
        if item_start.is_none() && !c.is_whitespace() {
            item_start = Some(at);
        }
    }
    items
}

/// Items of a block sequence on the lines after `from` (the end of the key's
/// line): `- ` lines at one indentation, each with the more indented lines
/// under it.
fn block_items(text: &str, from: usize) -> Vec<(usize, usize)> {
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut item_indent: Option<usize> = None;
    let mut offset = from;
    for line in text[from..].split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = content.len() - trimmed.len();
        let is_dash = trimmed == "-" || trimmed.starts_with("- ") || trimmed.starts_with("-\t");
        match item_indent {
            None if is_dash => item_indent = Some(indent),
            None => break,
            Some(at) if indent == at && is_dash => {}
            Some(at) if indent > at => {
                if let Some(last) = items.last_mut() {
                    last.1 = line_start + content.len();
                }
                continue;
            }
            Some(_) => break,
        }
        let after_dash = trimmed[1..].trim_start_matches([' ', '\t']);
        let start = if after_dash.is_empty() {
            line_start + indent
        } else {
            line_start + content.len() - after_dash.len()
        };
        items.push((start, line_start + content.len()));
    }
    items
}

/// `end`, moved back over whitespace to no earlier than `start`.
fn trim_end_at(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_items_and_their_fields() {
        let text = "title: T\nnav:\n  - title: News\n    url: /news/\n\n  # a comment\n  -\n  - title: Data\n    url:   data:x\nfooter_links: []\n";
        assert_eq!(item_position(text, "nav", 0), Some((3, 5)));
        assert_eq!(item_position(text, "nav", 1), Some((7, 3)), "an empty item");
        assert_eq!(item_position(text, "nav", 2), Some((8, 5)));
        assert_eq!(item_position(text, "nav", 3), None);
        assert_eq!(item_field_position(text, "nav", 0, "url"), Some((4, 10)));
        assert_eq!(item_field_position(text, "nav", 2, "url"), Some((9, 12)));
        assert_eq!(item_field_position(text, "nav", 2, "title"), Some((8, 12)));
        assert_eq!(item_field_position(text, "nav", 1, "url"), None);
        assert_eq!(item_position(text, "footer_links", 0), None);
        // Items at the key's own indentation are still the key's.
        let text = "tags:\n- india\n- \"稀土\"\nslug: x\n";
        assert_eq!(item_position(text, "tags", 1), Some((3, 3)));
        assert_eq!(item_position(text, "tags", 2), None);
    }

    #[test]
    fn flow_items_and_their_fields() {
        let text = "tags: [india, 'a, b', \"c\\\"]\", [x, y], ~]\nrelated: [{title: \"T, u\", url: /a/}, {url: 'data:x'}]\n";
        assert_eq!(item_position(text, "tags", 0), Some((1, 8)));
        assert_eq!(item_position(text, "tags", 1), Some((1, 15)));
        assert_eq!(item_position(text, "tags", 2), Some((1, 23)));
        assert_eq!(item_position(text, "tags", 3), Some((1, 31)));
        assert_eq!(item_position(text, "tags", 4), Some((1, 39)));
        assert_eq!(item_position(text, "tags", 5), None);
        assert_eq!(
            item_field_position(text, "related", 0, "url"),
            Some((2, 32))
        );
        assert_eq!(
            item_field_position(text, "related", 1, "url"),
            Some((2, 44))
        );
        // Across lines, with a comment holding a comma.
        let text = "tags: [india,  # first, then\n  \"稀土\"]\n";
        assert_eq!(item_position(text, "tags", 1), Some((2, 3)));
    }
}
