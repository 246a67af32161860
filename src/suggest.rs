//! "Did you mean …?": the closest known word to a misspelt one, so that a
//! diagnostic can name the fix (`hightlights` → `highlights`).

/// The edit distance between `a` and `b`: insertions, deletions, substitutions
/// and swaps of two neighbouring characters each count one (optimal string alignment).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    Rows::default()
        .distance_within(&a, &b, usize::MAX)
        .unwrap_or(usize::MAX)
}

/// The candidate closest to `word`, if it is close enough to be a likely typo:
/// at most a third of the word's length away (and at least one edit allowed).
/// Ties go to the earlier candidate.
pub fn did_you_mean<'c, I>(word: &str, candidates: I) -> Option<&'c str>
where
    I: IntoIterator<Item = &'c str>,
{
    let limit = (word.chars().count() / 3).max(1);
    closest_within(word, candidates, limit)
}

/// The candidate closest to `word` at most `limit` edits away; ties go to the
/// earlier candidate. For words that may all be real (tags), where a third of
/// the length would pair `markets` with `magnets`.
pub fn closest_within<'c, I>(word: &str, candidates: I, limit: usize) -> Option<&'c str>
where
    I: IntoIterator<Item = &'c str>,
{
    // Suggesting among thousands of page paths must not allocate for each one:
    // ASCII is compared as bytes, other text through one reused buffer.
    let word_chars: Vec<char> = word.chars().collect();
    let mut other: Vec<char> = Vec::new();
    let mut rows = Rows::default();
    let mut best: Option<(usize, &'c str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        // Only a strictly closer candidate can replace the best so far.
        let bound = match best {
            None => limit,
            Some((0, _)) => break,
            Some((d, _)) => d - 1,
        };
        let distance = if word.is_ascii() && candidate.is_ascii() {
            rows.distance_within(word.as_bytes(), candidate.as_bytes(), bound)
        } else {
            other.clear();
            other.extend(candidate.chars());
            rows.distance_within(&word_chars, &other, bound)
        };
        if let Some(d) = distance {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The three rows of the dynamic-programming table, reused across comparisons.
#[derive(Default)]
struct Rows {
    rows: [Vec<usize>; 3],
}

impl Rows {
    /// The distance between `a` and `b` if it is at most `bound`.
    fn distance_within<T: PartialEq>(&mut self, a: &[T], b: &[T], bound: usize) -> Option<usize> {
        // A shared beginning or end costs nothing: compare only what differs.
        let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let (a, b) = (&a[prefix..], &b[prefix..]);
        let suffix = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
        if a.len().abs_diff(b.len()) > bound {
            return None;
        }
        let [before_last, last, current] = &mut self.rows;
        for row in [&mut *before_last, &mut *last, &mut *current] {
            row.clear();
            row.resize(b.len() + 1, 0);
        }
        last.iter_mut().enumerate().for_each(|(j, cell)| *cell = j);
        for i in 1..=a.len() {
            current[0] = i;
            let mut row_min = i;
            for j in 1..=b.len() {
                let substitution = usize::from(a[i - 1] != b[j - 1]);
                let mut cell = (last[j] + 1)
                    .min(current[j - 1] + 1)
                    .min(last[j - 1] + substitution);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    cell = cell.min(before_last[j - 2] + 1);
                }
                current[j] = cell;
                row_min = row_min.min(cell);
            }
            // Every later row is at least this row's smallest value.
            if row_min > bound {
                return None;
            }
            std::mem::swap(before_last, last);
            std::mem::swap(last, current);
        }
        Some(last[b.len()]).filter(|d| *d <= bound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("hightlights", "highlights"), 1);
        assert_eq!(edit_distance("tilte", "title"), 1, "a swap counts once");
        assert_eq!(edit_distance("dáte", "date"), 1, "characters, not bytes");
        assert_eq!(edit_distance("/news/storyy-5/", "/news/story-512/"), 3);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("xaby", "xbay"), 1);
    }

    #[test]
    fn suggestions() {
        let keys = ["title", "date", "highlights", "summary", "tags"];
        assert_eq!(did_you_mean("hightlights", keys), Some("highlights"));
        assert_eq!(did_you_mean("tilte", keys), Some("title"));
        assert_eq!(did_you_mean("sumary", keys), Some("summary"));
        assert_eq!(did_you_mean("tag", keys), Some("tags"));
        assert_eq!(did_you_mean("category", keys), None);
        assert_eq!(
            did_you_mean("title", keys),
            None,
            "the word itself is no suggestion"
        );
        let tags = ["markets", "magnets"];
        assert_eq!(closest_within("magnet", tags, 1), Some("magnets"));
        assert_eq!(closest_within("markets", tags, 1), None);
        let paths = ["/news/story-1/", "/news/story-12/", "/news/story-2/"];
        assert_eq!(
            did_you_mean("/news/storyy-1/", paths),
            Some("/news/story-1/")
        );
        assert_eq!(
            did_you_mean("/news/stroy-2/", paths),
            Some("/news/story-2/")
        );
    }
}
