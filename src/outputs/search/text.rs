//! Words as the search index sees them: lowercase, accents folded, split on
//! anything that is not a letter or digit, stop words dropped, and a light
//! English stemmer so that "magnets", "magnet" and "magnetised" meet.
//!
//! The browser repeats every rule here at query time (`search.js`, beside this file):
//! the fold table and the stop words are the same string constants in both
//! files (a unit test compares them), and the stemmer is checked on a shared
//! word list (`tests/fixtures/search/stems.txt`) by a unit test here and by the
//! browser test. Change a rule in one file only together with the other.

use crate::markdown::NEW_TAB_HINT;

/// Accented letters and what they fold to, as `<letter><ascii>` pairs separated
/// by spaces (lowercase only: text is lowercased first). Latin-1 and Latin
/// Extended-A, the letters of names a newsroom writes (São Paulo, Kraków, Jämtland).
pub const FOLD_TABLE: &str = "àa áa âa ãa äa åa æae çc èe ée êe ëe ìi íi îi ïi ðd ñn òo óo ôo õo öo øo ùu úu ûu üu ýy þth ÿy ßss āa ăa ąa ćc ĉc ċc čc ďd đd ēe ĕe ėe ęe ěe ĝg ğg ġg ģg ĥh ħh ĩi īi ĭi įi ıi ĳij ĵj ķk ĺl ļl ľl ŀl łl ńn ņn ňn ŉn ŋn ōo ŏo őo œoe ŕr ŗr řr śs ŝs şs šs ţt ťt ŧt ũu ūu ŭu ůu űu ųu ŵw ŷy źz żz žz ſs";

/// Words too common to help a search, separated by spaces. Not indexed; left
/// out of queries.
pub const STOP_WORDS: &str = "about after also an and are as at be been but by can could did do does for from had has have he her his how if in into is it its may more most not of on or our out over she so such than that the their them then there these they this those to under up was we were what when where which while who will with would you your";

/// Words longer than this are not indexed (URLs, hashes, run-together junk).
pub const MAX_WORD_CHARS: usize = 32;

/// Calls `each` with every indexable word of `text`, stemmed, in order.
///
/// `scratch` is reused between words so that tokenizing a whole archive does
/// not allocate per word.
pub fn for_each_term(text: &str, scratch: &mut String, mut each: impl FnMut(&str)) {
    for_each_word(text, scratch, |word| {
        if let Some(term) = term_of(word) {
            each(term);
        }
    });
}

/// Calls `each` with every word of `text`, lowercased and folded but not yet
/// checked or stemmed (see [`term_of`]). Words are runs of letters and digits;
/// an apostrophe between two of them is dropped ("Odisha's" → `odishas`).
pub fn for_each_word(text: &str, scratch: &mut String, mut each: impl FnMut(&mut String)) {
    let mut ascii = String::new();
    scan_words(text, scratch, |word| match word {
        Word::Ascii(w, _) => {
            ascii.clear();
            ascii.push_str(w);
            ascii.make_ascii_lowercase();
            each(&mut ascii);
        }
        Word::Folded(w) => each(w),
    });
}

/// A word found by [`scan_words`].
pub enum Word<'t, 's> {
    /// Plain ASCII letters and digits straight from the text, not yet
    /// lowercased (most words: no copy), with the word's [`word_key`].
    Ascii(&'t str, u64),
    /// Anything else, lowercased and folded into the scratch buffer.
    Folded(&'s mut String),
}

/// The tokenizer itself; [`for_each_word`] is its friendlier face. Words made
/// only of ASCII letters and digits are handed over as slices of `text`, so
/// indexing a whole archive copies almost nothing.
pub fn scan_words<'t>(text: &'t str, scratch: &mut String, each: impl FnMut(Word<'t, '_>)) {
    scan::<false>(text, scratch, each);
}

/// [`scan_words`] over rendered HTML, read as text in the same pass: tags
/// and character references separate words, and the screen-reader hint that
/// external links carry is left out (it would make "opens", "new" and "tab"
/// match every article that links out).
pub fn scan_html_words<'t>(html: &'t str, scratch: &mut String, each: impl FnMut(Word<'t, '_>)) {
    scan::<true>(html, scratch, each);
}

fn scan<'t, const HTML: bool>(
    text: &'t str,
    scratch: &mut String,
    mut each: impl FnMut(Word<'t, '_>),
) {
    let mut word = std::mem::take(scratch);
    word.clear();
    let bytes = text.as_bytes();
    let joins_next = |at: usize| text[at..].chars().next().is_some_and(is_word_char);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            // The common case: a run of ASCII letters and digits.
            let start = i;
            i = ascii_word_end(bytes, i);
            // A whole word when nothing joins it to what comes before or after.
            let ends_here = match bytes.get(i) {
                None => true,
                Some(&b'\'') => !joins_next(i + 1),
                Some(&next) => next.is_ascii(),
            };
            if word.is_empty() && ends_here {
                // Most words: their key read straight from the text, without a copy or a branch on length.
                let len = i - start;
                let key = match (
                    bytes.get(start..start + 8),
                    bytes.get(start + 8..start + 16),
                ) {
                    (Some(lo), Some(hi)) if len <= 16 => {
                        key_of_parts(le_u64(lo), le_u64(hi), len, 0x20)
                    }
                    _ => word_key(&bytes[start..i], 0x20),
                };
                each(Word::Ascii(&text[start..i], key));
                // The usual way to the next word, a single space, in one step.
                if bytes.get(i) == Some(&b' ')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
                {
                    i += 1;
                }
            } else {
                let from = word.len();
                word.push_str(&text[start..i]);
                if let Some(added) = word.get_mut(from..) {
                    added.make_ascii_lowercase();
                }
            }
            continue;
        }
        if b.is_ascii() {
            i += 1;
            if HTML && b == b'(' && bytes[i - 1..].starts_with(NEW_TAB_HINT.as_bytes()) {
                i += NEW_TAB_HINT.len() - 1;
            } else if HTML && (b == b'<' || b == b'&') {
                // A tag, or a reference (short; a stray `&` is text): a separator.
                let (close, within) = if b == b'<' {
                    (b'>', bytes.len())
                } else {
                    (b';', bytes.len().min(i + 11))
                };
                if let Some(end) = bytes[i..within].iter().position(|&c| c == close) {
                    i += end + 1;
                }
            } else if word.is_empty() || b == b'\'' && joins_next(i) {
                // Nothing to end; or an apostrophe inside a word joins it:
                // "Odisha's" → "odishas" → "odisha".
                continue;
            }
            if !word.is_empty() {
                each(Word::Folded(&mut word));
                word.clear();
            }
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if c == '\u{2019}' && !word.is_empty() && joins_next(i) {
            continue;
        }
        let mut any = false;
        for lower in c.to_lowercase() {
            match fold(lower) {
                Some(ascii) => {
                    word.push_str(ascii);
                    any = true;
                }
                None if lower.is_alphanumeric() => {
                    word.push(lower);
                    any = true;
                }
                None => {}
            }
        }
        if !any && !word.is_empty() {
            each(Word::Folded(&mut word));
            word.clear();
        }
    }
    if !word.is_empty() {
        each(Word::Folded(&mut word));
    }
    word.clear();
    *scratch = word;
}

/// A word as a 64-bit key (never 0), lowercased on the way when `case` is
/// 0x20, for plain ASCII letters and digits: setting that bit lowercases a
/// letter and leaves a digit as it is (a folded word is lowercase already: 0).
///
/// The key is a hash: two of a site's ~10⁵ distinct words share a key with a
/// probability of about 10⁻⁹ (and would then share their documents).
pub fn word_key(bytes: &[u8], case: u8) -> u64 {
    if bytes.len() <= 16 {
        let mut buf = [0u8; 16];
        buf[..bytes.len()].copy_from_slice(bytes);
        return key_of_parts(le_u64(&buf[..8]), le_u64(&buf[8..]), bytes.len(), case);
    }
    let case = u64::from_le_bytes([case; 8]);
    let mut h = bytes.len() as u64;
    for chunk in bytes.chunks(8) {
        let mut buf = [0u8; 8];
        buf[..chunk.len()].copy_from_slice(chunk);
        let valid = u64::MAX >> (64 - 8 * chunk.len() as u32);
        h = mix(h ^ (le_u64(&buf) | case) & valid);
    }
    h.max(1)
}

/// The key of a word of 1 to 16 bytes given as its first and next 8 bytes
/// (anything past the word is masked off).
#[inline]
fn key_of_parts(lo: u64, hi: u64, len: usize, case: u8) -> u64 {
    let case = u64::from_le_bytes([case; 8]);
    if len <= 8 {
        // Most words. Their bytes (never zero) tell them apart, and `mix` is
        // a bijection: two of them never share a key.
        let mask = u64::MAX >> (64 - 8 * len.max(1) as u32);
        return mix((lo | case) & mask).max(1);
    }
    // 9 to 16 bytes: for a given second half, different first halves never
    // collide.
    let hi_mask = u64::MAX >> (128 - 8 * len.min(16) as u32);
    mix((lo | case) ^ mix((hi | case) & hi_mask ^ 0x2545_f491_4f6c_dd1d)).max(1)
}

/// Where the run of ASCII letters and digits at `from` ends: eight bytes at
/// a time, classified together (SWAR), so that finding a word's end costs no
/// branch per byte.
#[inline]
fn ascii_word_end(bytes: &[u8], mut at: usize) -> usize {
    const fn every(b: u8) -> u64 {
        u64::from_le_bytes([b; 8])
    }
    // The high bit of each byte x < 0x80 with m < x < n (Sean Anderson's bit hacks).
    let between = |x: u64, m: u8, n: u8| {
        let low = x & every(127);
        (every(127 + n) - low) & !x & (low + every(127 - m)) & every(0x80)
    };
    while let Some(chunk) = bytes.get(at..at + 8) {
        let x = le_u64(chunk);
        let word = between(x, b'0' - 1, b'9' + 1) | between(x | every(0x20), b'a' - 1, b'z' + 1);
        let stop = !word & every(0x80);
        if stop != 0 {
            return at + (stop.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
        at += 1;
    }
    at
}

#[inline]
fn le_u64(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().unwrap_or_default())
}

/// MurmurHash3's 64-bit finalizer.
#[inline]
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Every indexable word of `text`, stemmed (a convenience for tests and small texts).
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, &mut String::new(), |t| out.push(t.to_string()));
    out
}

/// A lowercased, folded word as an index term: `None` for stop words and
/// words too short or too long to index; else its stem, shortened in place.
pub fn term_of(word: &mut String) -> Option<&str> {
    let chars = if word.is_ascii() {
        word.len()
    } else {
        word.chars().count()
    };
    if !(2..=MAX_WORD_CHARS).contains(&chars) || is_stop_word(word) {
        return None;
    }
    stem_in_place(word);
    Some(word.as_str())
}

/// The stem of a lowercased, folded word (see [`stem_in_place`]).
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    stem_in_place(&mut w);
    w
}

/// A light English stemmer: one pass of plural, `-ing`/`-ed` and `-ly`
/// stripping, then a final `e`, so that every form of a word shares a stem
/// (price, prices, priced, pricing → `pric`). Words under four letters, and
/// words with letters outside a–z, are left alone.
///
/// 1. `-ies` → `-y`; `-sses` → `-ss`; `-xes`, `-ches`, `-shes`, `-zzes` lose `-es`;
///    else a final `s` goes, except after `s`, `u` or `i` (process, status, analysis).
/// 2. `-ied` → `-y`; else `-ing` or `-ed` goes when at least three letters with a
///    vowel remain, and a doubled final consonant other than l, s, z is undoubled
///    (stopped → stop, falling → fall).
/// 3. `-ly` goes when at least three letters remain, except in `-ply` (rarely →
///    rare; supply stays).
/// 4. A final `e` goes when at least three letters remain (rare → rar).
pub fn stem_in_place(w: &mut String) {
    if w.len() < 4 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    // 1. plurals
    if w.ends_with("ies") && w.len() > 4 {
        replace_suffix(w, 3, "y");
    } else if w.ends_with("sses")
        || w.ends_with("xes")
        || w.ends_with("ches")
        || w.ends_with("shes")
        || w.ends_with("zzes")
    {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.truncate(w.len() - 1);
    }
    // 2. -ied, -ing, -ed
    if w.ends_with("ied") && w.len() > 4 {
        replace_suffix(w, 3, "y");
    } else if w.ends_with("ing") && strippable(w, 3) {
        w.truncate(w.len() - 3);
        undouble(w);
    } else if w.ends_with("ed") && strippable(w, 2) {
        w.truncate(w.len() - 2);
        undouble(w);
    }
    // 3. -ly
    if w.ends_with("ly") && !w.ends_with("ply") && w.len() >= 5 {
        w.truncate(w.len() - 2);
    }
    // 4. final e
    if w.ends_with('e') && w.len() >= 4 {
        w.truncate(w.len() - 1);
    }
}

/// Whether a lowercased, folded word is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    // Called for every word of the archive: a length check first, then a
    // binary search among the stop words of that length only.
    static BY_LENGTH: std::sync::OnceLock<Vec<Vec<&'static [u8]>>> = std::sync::OnceLock::new();
    let by_length = BY_LENGTH.get_or_init(|| {
        let mut table: Vec<Vec<&[u8]>> = Vec::new();
        for w in STOP_WORDS.split(' ') {
            if table.len() <= w.len() {
                table.resize(w.len() + 1, Vec::new());
            }
            table[w.len()].push(w.as_bytes());
        }
        table.iter_mut().for_each(|t| t.sort_unstable());
        table
    });
    by_length
        .get(word.len())
        .is_some_and(|words| words.binary_search(&word.as_bytes()).is_ok())
}

/// What an accented lowercase letter folds to, from [`FOLD_TABLE`].
pub fn fold(c: char) -> Option<&'static str> {
    if c.is_ascii() {
        return None;
    }
    static TABLE: std::sync::OnceLock<Vec<(char, &'static str)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t: Vec<(char, &str)> = FOLD_TABLE
            .split(' ')
            .filter_map(|pair| {
                let mut chars = pair.char_indices();
                let (_, letter) = chars.next()?;
                let (at, _) = chars.next()?;
                Some((letter, &pair[at..]))
            })
            .collect();
        t.sort_unstable_by_key(|(c, _)| *c);
        t
    });
    table
        .binary_search_by_key(&c, |(c, _)| *c)
        .ok()
        .map(|i| table[i].1)
}

/// Whether `c` can be part of a word (before folding).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn replace_suffix(w: &mut String, len: usize, with: &str) {
    w.truncate(w.len() - len);
    w.push_str(with);
}

/// Whether removing `suffix_len` bytes leaves at least three letters with a vowel.
fn strippable(w: &str, suffix_len: usize) -> bool {
    let rest = &w[..w.len() - suffix_len];
    rest.len() >= 3 && rest.bytes().any(|b| b"aeiouy".contains(&b))
}

fn undouble(w: &mut String) {
    let b = w.as_bytes();
    let n = b.len();
    if n >= 2 && b[n - 1] == b[n - 2] && !b"aeioulsz".contains(&b[n - 1]) {
        w.truncate(n - 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_folded_and_split_on_punctuation() {
        assert_eq!(
            terms("São Paulo's NdPr-oxide, 2025 (Kraków)"),
            vec!["sao", "paulo", "ndpr", "oxid", "2025", "krakow"]
        );
    }

    #[test]
    fn stop_words_single_letters_and_very_long_words_are_dropped() {
        assert_eq!(terms("The price of a magnet"), vec!["pric", "magnet"]);
        let long = "x".repeat(MAX_WORD_CHARS + 1);
        assert!(terms(&format!("{long} b c")).is_empty());
    }

    #[test]
    fn apostrophes_join_words_and_other_marks_split_them() {
        assert_eq!(terms("Odisha’s sands"), vec!["odisha", "sand"]);
        assert_eq!(terms("rock 'n' roll"), vec!["rock", "roll"]);
        assert_eq!(terms("rare-earth"), vec!["rar", "earth"]);
    }

    #[test]
    fn ascii_runs_next_to_other_letters_or_apostrophes_stay_one_word() {
        let mut found = Vec::new();
        for_each_word(
            "Cafés NdPr's l’Oréal x' 'y end",
            &mut String::new(),
            |w| found.push(w.clone()),
        );
        assert_eq!(found, ["cafes", "ndprs", "loreal", "x", "y", "end"]);
    }

    #[test]
    fn ascii_words_end_at_the_first_byte_that_is_not_a_letter_or_digit() {
        let text = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        assert_eq!(ascii_word_end(text.as_bytes(), 0), text.len());
        for stop in [' ', '@', '[', '`', '{', '/', ':', '\'', 'é', '\u{7f}'] {
            for at in 0..12 {
                let s = format!("{}{stop}abcdefghijklmnop", &text[..at]);
                assert_eq!(ascii_word_end(s.as_bytes(), 0), at, "{s:?}");
            }
        }
    }

    #[test]
    fn magnet_and_magnets_share_a_stem() {
        assert_eq!(stem("magnets"), stem("magnet"));
        assert_eq!(stem("magnets"), "magnet");
    }

    #[test]
    fn every_form_of_a_word_meets_its_stem() {
        for group in [
            &["price", "prices", "priced", "pricing"][..],
            &["refine", "refines", "refined", "refining"],
            &["process", "processes", "processed", "processing"],
            &["supply", "supplies", "supplied"],
            &["stop", "stops", "stopped", "stopping"],
            &["tax", "taxes"],
            &["rare", "rarely"],
            &["export", "exports", "exported", "exporting"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| stem(w)).collect();
            assert!(
                stems.iter().all(|s| s == &stems[0]),
                "{group:?} → {stems:?}"
            );
        }
    }

    #[test]
    fn short_and_non_latin_words_are_not_stemmed() {
        assert_eq!(stem("gas"), "gas");
        assert_eq!(stem("need"), "need");
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("analysis"), "analysis");
        assert_eq!(stem("稀土"), "稀土");
    }

    #[test]
    fn accents_fold_through_the_table() {
        assert_eq!(fold('é'), Some("e"));
        assert_eq!(fold('ß'), Some("ss"));
        assert_eq!(fold('ł'), Some("l"));
        assert_eq!(fold('x'), None);
        assert_eq!(fold('稀'), None);
    }

    /// The shared word list: `word term` per line (`-`: not indexed); the
    /// browser test checks the script on the same list.
    #[test]
    fn the_shared_word_list_stems_as_written() {
        let list = include_str!("../../../tests/fixtures/search/stems.txt");
        let mut checked = 0;
        for line in list
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let mut parts = line.split_whitespace();
            let (word, expected) = (parts.next().unwrap(), parts.next().unwrap());
            let expected: Vec<String> = match expected {
                "-" => Vec::new(),
                stem => vec![stem.to_string()],
            };
            assert_eq!(terms(word), expected, "{word}");
            checked += 1;
        }
        assert!(checked >= 50, "the word list has {checked} words");
    }

    /// The script repeats the fold table and the stop words character for character.
    #[test]
    fn the_script_uses_the_same_tables() {
        let script = include_str!("search.js");
        assert!(
            script.contains(&format!("\"{FOLD_TABLE}\"")),
            "FOLD_TABLE differs in search.js"
        );
        assert!(
            script.contains(&format!("\"{STOP_WORDS}\"")),
            "STOP_WORDS differs in search.js"
        );
        assert!(script.contains(&format!("MAX_WORD_CHARS = {MAX_WORD_CHARS}")));
    }
}
