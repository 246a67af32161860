//! "Did you mean …?": the closest known word to a misspelt one, so that a
//! diagnostic can name the fix (`hightlights` → `highlights`).
//!
//! The distance is strsim's; this module decides which words are worth
//! comparing at all, so that suggesting among many words stays cheap.

/// The edit distance between `a` and `b`: insertions, deletions, substitutions
/// and swaps of two neighbouring characters each count one (optimal string
/// alignment), in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
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
        if let Some(d) = distance_within(word, candidate, bound) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The longest word [`NearWords`] indexes, in characters: a word has about
/// n²/2 variants with two characters deleted, so longer words would cost the
/// square of their length. Longer words are never suggested nor given a
/// suggestion.
pub const NEAR_MAX_CHARS: usize = 40;

/// Many words, for finding each one's close neighbours without comparing
/// every pair (which made `check` quadratic in a site's distinct tags).
///
/// Two words at most `k` edits apart (optimal string alignment) become the
/// same word when at most `k` characters are deleted from each: a substitution
/// is one deletion on each side, an insertion or deletion one on one side, a
/// swap of neighbours one on each side. So each word is indexed under every
/// variant of itself with up to `max_edits` characters deleted, and a query
/// compares only the words that share a variant with it: a few, for real
/// tags, whatever their number.
pub struct NearWords<'w> {
    /// In the order given: ties go to the earlier word.
    words: Vec<&'w str>,
    /// (hash of a variant, the word it comes from), sorted.
    variants: Vec<(u64, u32)>,
    max_edits: usize,
    hasher: ahash::RandomState,
}

impl<'w> NearWords<'w> {
    /// Indexes `words` for queries of at most `max_edits` edits (at most 2).
    pub fn new<I: IntoIterator<Item = &'w str>>(words: I, max_edits: usize) -> NearWords<'w> {
        assert!(max_edits <= 2, "variants are made for up to two edits");
        let mut index = NearWords {
            words: words.into_iter().collect(),
            variants: Vec::new(),
            max_edits,
            hasher: ahash::RandomState::new(),
        };
        let mut chars = Vec::new();
        for (n, word) in index.words.iter().enumerate() {
            chars.clear();
            chars.extend(word.chars());
            // Words of more than 40 characters are not indexed (n²/2 variants each).
            if chars.len() > NEAR_MAX_CHARS {
                continue;
            }
            let (hasher, variants) = (&index.hasher, &mut index.variants);
            for_each_variant(&chars, max_edits, |variant| {
                variants.push((hasher.hash_one(variant), n as u32));
            });
        }
        index.variants.sort_unstable();
        index.variants.dedup();
        index
    }

    /// The indexed word closest to `word`, at most `limit` edits away (and not
    /// `word` itself), as [`closest_within`] would find it among all of them.
    pub fn closest(&self, word: &str, limit: usize) -> Option<&'w str> {
        let candidates = self.candidates(word, limit);
        closest_within(
            word,
            candidates.iter().map(|n| self.words[*n as usize]),
            limit,
        )
    }

    /// The words that share a variant with `word` (at most `limit` deletions),
    /// by their place in the list, in order.
    fn candidates(&self, word: &str, limit: usize) -> Vec<u32> {
        let chars: Vec<char> = word.chars().collect();
        let mut candidates: Vec<u32> = Vec::new();
        // Nor looked for: no word of more than 40 characters is indexed.
        if chars.len() > NEAR_MAX_CHARS {
            return candidates;
        }
        for_each_variant(&chars, limit.min(self.max_edits), |variant| {
            let hash = self.hasher.hash_one(variant);
            let from = self.variants.partition_point(|(h, _)| *h < hash);
            candidates.extend(
                self.variants[from..]
                    .iter()
                    .take_while(|(h, _)| *h == hash)
                    .map(|(_, n)| *n),
            );
        });
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }
}

/// Calls `f` with `chars` and with every copy of it that has one or, when
/// `edits` is 2, two characters deleted.
fn for_each_variant(chars: &[char], edits: usize, mut f: impl FnMut(&[char])) {
    f(chars);
    if edits == 0 {
        return;
    }
    let mut variant: Vec<char> = Vec::with_capacity(chars.len());
    for i in 0..chars.len() {
        variant.clear();
        variant.extend_from_slice(&chars[..i]);
        variant.extend_from_slice(&chars[i + 1..]);
        f(&variant);
        if edits >= 2 {
            for j in i + 1..chars.len() {
                variant.clear();
                variant.extend_from_slice(&chars[..i]);
                variant.extend_from_slice(&chars[i + 1..j]);
                variant.extend_from_slice(&chars[j + 1..]);
                f(&variant);
            }
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Comparisons made on this thread, for tests that check how many.
    pub static COMPARED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The distance between `a` and `b` if it is at most `bound`. What the two
/// share at their beginning and end costs nothing and is cut off first, and
/// words whose lengths or letters differ by more than `bound` edits could
/// are not compared: among thousands of page paths, few are.
fn distance_within(a: &str, b: &str, bound: usize) -> Option<usize> {
    #[cfg(test)]
    COMPARED.set(COMPARED.get() + 1);
    let prefix: usize = a
        .chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix: usize = a
        .chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    if a.chars().count().abs_diff(b.chars().count()) > bound || counts_apart(a, b) > bound {
        return None;
    }
    Some(edit_distance(a, b)).filter(|d| *d <= bound)
}

/// At most the distance between `a` and `b`, counted in one pass: how many
/// times each character appears (in 128 buckets) changes by one in at most
/// two buckets for each edit, so half the total change is a lower bound.
fn counts_apart(a: &str, b: &str) -> usize {
    let mut counts = [0_i32; 128];
    for c in a.chars() {
        counts[c as usize % 128] += 1;
    }
    for c in b.chars() {
        counts[c as usize % 128] -= 1;
    }
    let change: u32 = counts.iter().map(|n| n.unsigned_abs()).sum();
    (change as usize).div_ceil(2)
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
    fn words_ruled_out_unread_are_too_far_indeed() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut word = || -> String {
            let len = next() as usize % 9;
            (0..len)
                .map(|_| ['a', 'b', 'c', 'é', '稀'][next() as usize % 5])
                .collect()
        };
        for _ in 0..3_000 {
            let (a, b) = (word(), word());
            let distance = edit_distance(&a, &b);
            for bound in 0..4 {
                assert_eq!(
                    distance_within(&a, &b, bound),
                    Some(distance).filter(|d| *d <= bound),
                    "{a} {b} within {bound}"
                );
            }
        }
    }

    #[test]
    fn near_words_find_what_comparing_every_pair_finds() {
        // Words over a small alphabet, so that many are a few edits apart.
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let words: Vec<String> = (0..600)
            .map(|_| {
                let len = 1 + next() as usize % 12;
                (0..len)
                    .map(|_| ['a', 'b', 'é'][next() as usize % 3])
                    .collect()
            })
            .collect();
        let index = NearWords::new(words.iter().map(String::as_str), 2);
        for word in &words {
            for limit in [1, 2] {
                assert_eq!(
                    index.closest(word, limit),
                    closest_within(word, words.iter().map(String::as_str), limit),
                    "{word} within {limit}"
                );
            }
        }
    }

    #[test]
    fn near_words_compare_only_words_that_share_a_variant() {
        // 4,000 distinct tags: each is compared with a handful, not 4,000.
        let tags: Vec<String> = (0..4_000)
            .map(|n| format!("tag-{n:x}-{}", n * 7919 % 4_001))
            .collect();
        let index = NearWords::new(tags.iter().map(String::as_str), 2);
        let compared: usize = tags.iter().map(|t| index.candidates(t, 2).len()).sum();
        assert!(compared < 40 * tags.len(), "{compared} comparisons");
        assert_eq!(index.closest("tag-1-391", 1), Some("tag-1-3918"));
        assert_eq!(index.closest("tag-1-391", 2), Some("tag-1-3918"));
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
