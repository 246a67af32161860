//! Setting a headline in a box: the largest of a few sizes at which it wraps
//! into the box's height, else the smallest size with the last line shortened
//! with "…". Pure: the width of a text comes from the caller.

/// Font sizes tried, largest first, in px.
pub const SIZES: [u16; 6] = [72, 64, 56, 50, 44, 40];

/// Line spacing as a multiple of the font size.
pub const LEADING: f32 = 1.2;

/// A headline wrapped at one size.
#[derive(Debug, Clone, PartialEq)]
pub struct SetText {
    pub size: u16,
    pub lines: Vec<String>,
}

/// Sets `text` in a `width`×`height` box; `measure(text, size)` is the width
/// of a text on one line.
pub fn fit(text: &str, width: f32, height: f32, measure: &dyn Fn(&str, u16) -> f32) -> SetText {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for &size in &SIZES {
        let lines = wrap(&text, width, size, measure);
        if lines.len() as f32 * line_height(size) <= height {
            return SetText { size, lines };
        }
    }
    let size = SIZES[SIZES.len() - 1];
    let room = ((height / line_height(size)) as usize).max(1);
    let mut lines = wrap(&text, width, size, measure);
    if lines.len() > room {
        lines.truncate(room);
        let last = lines.pop().unwrap_or_default();
        lines.push(ellipsize(&last, width, size, measure));
    }
    SetText { size, lines }
}

/// The distance from one baseline to the next.
pub fn line_height(size: u16) -> f32 {
    f32::from(size) * LEADING
}

/// Greedy wrapping at spaces; a word wider than the box is broken where it must.
fn wrap(text: &str, width: f32, size: u16, measure: &dyn Fn(&str, u16) -> f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(&candidate, size) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for piece in break_word(word, width, size, measure) {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line = piece;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A word cut into pieces that each fit `width` (at least one character each).
fn break_word(
    word: &str,
    width: f32,
    size: u16,
    measure: &dyn Fn(&str, u16) -> f32,
) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for c in word.chars() {
        piece.push(c);
        if measure(&piece, size) > width && piece.chars().count() > 1 {
            piece.pop();
            pieces.push(std::mem::take(&mut piece));
            piece.push(c);
        }
    }
    pieces.push(piece);
    pieces
}

/// `line` shortened at a word (or a character) so that it and "…" fit.
fn ellipsize(line: &str, width: f32, size: u16, measure: &dyn Fn(&str, u16) -> f32) -> String {
    let mut words: Vec<&str> = line.split(' ').collect();
    while words.len() > 1 {
        let candidate = format!("{}…", words.join(" "));
        if measure(&candidate, size) <= width {
            return candidate;
        }
        words.pop();
    }
    let mut chars: Vec<char> = words.first().copied().unwrap_or("").chars().collect();
    while !chars.is_empty() {
        let candidate = format!("{}…", chars.iter().collect::<String>());
        if measure(&candidate, size) <= width {
            return candidate;
        }
        chars.pop();
    }
    "…".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character is half the font size wide.
    fn monospace(text: &str, size: u16) -> f32 {
        text.chars().count() as f32 * f32::from(size) / 2.0
    }

    #[test]
    fn a_short_headline_stays_large_on_one_line() {
        let set = fit("Gallium ban lifted", 1000.0, 350.0, &monospace);
        assert_eq!(set.size, 72);
        assert_eq!(set.lines, ["Gallium ban lifted"]);
    }

    #[test]
    fn a_long_headline_wraps_at_words_and_shrinks_to_fit() {
        let words = "word ".repeat(40);
        let set = fit(&words, 1000.0, 350.0, &monospace);
        assert!(set.size < 72);
        assert!(set.lines.len() as f32 * line_height(set.size) <= 350.0);
        for line in &set.lines {
            assert!(monospace(line, set.size) <= 1000.0, "{line}");
            assert!(!line.starts_with(' ') && !line.ends_with(' '));
        }
    }

    #[test]
    fn an_endless_headline_ends_in_an_ellipsis() {
        let words = "rare earths ".repeat(200);
        let set = fit(&words, 1000.0, 350.0, &monospace);
        assert_eq!(set.size, 40);
        assert!(set.lines.last().unwrap().ends_with('…'));
        assert!(set.lines.len() as f32 * line_height(40) <= 350.0);
    }

    #[test]
    fn a_word_wider_than_the_box_is_broken() {
        let long = "x".repeat(100);
        let set = fit(&long, 1000.0, 350.0, &monospace);
        for line in &set.lines {
            assert!(monospace(line, set.size) <= 1000.0);
        }
        assert_eq!(set.lines.concat(), long);
    }
}
