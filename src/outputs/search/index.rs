//! The inverted index: for every term, the documents that contain it and the
//! best field each has it in. Built in parallel over contiguous ranges of
//! documents, each with its own map, then merged in document order, so every
//! posting list comes out sorted without a sort.
//!
//! Knows nothing of files or encodings (see `encode`).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::text::{Word, scan_words, term_of};
use crate::markdown::NEW_TAB_HINT;

/// Where a document has a term. A document is listed once per term, under the
/// best of its fields (the lowest number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Field {
    Title = 0,
    /// Tags and the author's name.
    Meta = 1,
    /// The summary and the highlights.
    Summary = 2,
    /// The body, three times or more.
    BodyOften = 3,
    /// The body, once or twice.
    Body = 4,
}

/// How many [`Field`]s there are: every term has this many posting lists.
pub const FIELD_COUNT: usize = 5;

/// What one document offers the index.
#[derive(Debug, Clone, Default)]
pub struct SearchDoc<'a> {
    pub title: &'a str,
    /// Tag names and the author's name.
    pub meta: Vec<&'a str>,
    /// The summary and the highlights.
    pub summary: Vec<&'a str>,
    /// The rendered body.
    pub body_html: &'a str,
}

/// Every term of a corpus with its documents, terms sorted.
#[derive(Debug, Default)]
pub struct InvertedIndex {
    pub docs: u32,
    /// (term, per field the sorted ids of documents having the term there).
    pub terms: Vec<(Box<str>, [Vec<u32>; FIELD_COUNT])>,
}

impl InvertedIndex {
    /// Indexes `docs`; a document's id is its position.
    pub fn build(docs: &[SearchDoc<'_>]) -> InvertedIndex {
        let threads = rayon::current_num_threads().max(1);
        // One range per thread: each range meets (checks, stems, stores) the
        // whole vocabulary once, so more ranges cost more.
        let per_range = docs.len().div_ceil(threads).max(64);
        let partials: Vec<Vec<(Box<str>, Lists)>> = docs
            .par_chunks(per_range)
            .enumerate()
            .map(|(n, range)| Partial::build(range).into_sorted_terms((n * per_range) as u32))
            .collect();
        // Merge: the same term from later ranges appends later ids.
        let mut all: Vec<(Box<str>, usize, Lists)> = partials
            .into_iter()
            .enumerate()
            .flat_map(|(n, terms)| terms.into_iter().map(move |(t, l)| (t, n, l)))
            .collect();
        all.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut terms: Vec<(Box<str>, Lists)> = Vec::with_capacity(all.len());
        for (term, _, lists) in all {
            match terms.last_mut() {
                Some((last, merged)) if *last == term => {
                    for (into, from) in merged.iter_mut().zip(lists) {
                        into.extend(from);
                    }
                }
                _ => terms.push((term, lists)),
            }
        }
        InvertedIndex {
            docs: docs.len() as u32,
            terms,
        }
    }

    /// The posting lists of `term`, if it is indexed.
    pub fn get(&self, term: &str) -> Option<&[Vec<u32>; FIELD_COUNT]> {
        self.terms
            .binary_search_by(|(t, _)| (**t).cmp(term))
            .ok()
            .map(|i| &self.terms[i].1)
    }
}

/// A body mention this many times or more counts as [`Field::BodyOften`].
const BODY_OFTEN_MIN: u16 = 3;

/// A term's document ids, per field.
type Lists = [Vec<u32>; FIELD_COUNT];

/// The index of one contiguous range of documents. Every word of the range
/// passes through [`Partial::add`], so it touches as little memory as it can:
/// a word is looked up once (short words by value, not by pointer), what a
/// document has of a term is kept in flat per-slot arrays until the document
/// ends, and then appended to one log; the log is sorted into per-term lists
/// at the end (a counting sort), not pushed to thousands of lists as it goes.
#[derive(Default)]
struct Partial {
    /// Words of up to 8 and up to 16 bytes, packed into integers → slot (or
    /// [`NOT_INDEXED`]): small table entries, compared without a pointer.
    /// Words repeat, so each is checked and stemmed once per range.
    words_8: FastMap<u64, u32>,
    words_16: FastMap<[u64; 2], u32>,
    long_words: FastMap<Box<str>, u32>,
    /// Term → slot.
    slots: FastMap<Box<str>, u32>,
    /// Per slot: the term.
    terms: Vec<Box<str>>,
    /// Per slot, for the current document: whether it has the term (the
    /// document's id), in which best field, and how often in the body.
    seen_in: Vec<u32>,
    best_field: Vec<Field>,
    body_count: Vec<u16>,
    /// Slots the current document has.
    touched: Vec<u32>,
    /// Per document, in order, per term it has: `slot << 3 | field`.
    log: Vec<u32>,
    /// Where each document's entries end in `log`.
    log_ends: Vec<u32>,
}

/// The slot of a word that is not indexed (a stop word, too short, too long).
const NOT_INDEXED: u32 = u32::MAX;

impl Partial {
    fn build(docs: &[SearchDoc<'_>]) -> Partial {
        let mut partial = Partial::default();
        let mut scratch = String::new();
        let mut body_text = String::new();
        for (id, doc) in docs.iter().enumerate() {
            // Ids within the range; the range's first id is added at the end.
            let id = id as u32;
            // Fields in order of rank: the first field a term is seen in is its best.
            let p = &mut partial;
            scan_words(doc.title, &mut scratch, |w| p.add(w, id, Field::Title));
            for text in &doc.meta {
                scan_words(text, &mut scratch, |w| p.add(w, id, Field::Meta));
            }
            for text in &doc.summary {
                scan_words(text, &mut scratch, |w| p.add(w, id, Field::Summary));
            }
            html_text(doc.body_html, &mut body_text);
            scan_words(&body_text, &mut scratch, |w| p.add(w, id, Field::Body));
            p.end_document();
        }
        partial
    }

    /// Records that document `id` has `word` in `field`.
    fn add(&mut self, word: Word<'_, '_>, id: u32, field: Field) {
        let (text, case) = match &word {
            Word::Ascii(w) => (*w, 0x20),
            Word::Folded(w) => (w.as_str(), 0),
        };
        let key = pack(text, case);
        let known = match key {
            Packed::Up8(key) => self.words_8.get(&key).copied(),
            Packed::Up16(key) => self.words_16.get(&key).copied(),
            Packed::Long => self
                .long_words
                .get(text.to_ascii_lowercase().as_str())
                .copied(),
        };
        let slot = match (known, word) {
            (Some(slot), _) => slot,
            (None, Word::Ascii(w)) => self.learn(&mut w.to_ascii_lowercase()),
            (None, Word::Folded(w)) => self.learn(w),
        };
        if slot == NOT_INDEXED {
            return;
        }
        let s = slot as usize;
        if self.seen_in[s] == id {
            if field == Field::Body {
                self.body_count[s] = self.body_count[s].saturating_add(1);
            }
        } else {
            self.seen_in[s] = id;
            self.best_field[s] = field;
            self.body_count[s] = u16::from(field == Field::Body);
            self.touched.push(slot);
        }
    }

    /// Logs the current document under each term it has.
    fn end_document(&mut self) {
        for slot in self.touched.drain(..) {
            let s = slot as usize;
            let field = match self.best_field[s] {
                Field::Body if self.body_count[s] >= BODY_OFTEN_MIN => Field::BodyOften,
                f => f,
            };
            self.log.push(slot << 3 | field as u32);
        }
        self.log_ends.push(self.log.len() as u32);
    }

    /// Checks and stems a word seen for the first time; returns its slot.
    fn learn(&mut self, word: &mut String) -> u32 {
        let key = pack(word, 0);
        let written: Option<Box<str>> = (key == Packed::Long).then(|| word.as_str().into());
        let slot = match term_of(word) {
            None => NOT_INDEXED,
            Some(term) => match self.slots.get(term) {
                Some(&slot) => slot,
                None => {
                    let slot = self.terms.len() as u32;
                    self.slots.insert(term.into(), slot);
                    self.terms.push(term.into());
                    self.seen_in.push(u32::MAX);
                    self.best_field.push(Field::Body);
                    self.body_count.push(0);
                    slot
                }
            },
        };
        match (key, written) {
            (Packed::Up8(key), _) => self.words_8.insert(key, slot),
            (Packed::Up16(key), _) => self.words_16.insert(key, slot),
            (Packed::Long, Some(written)) => self.long_words.insert(written, slot),
            (Packed::Long, None) => None,
        };
        slot
    }

    /// Every term seen with its lists (ids offset by `first_id`), sorted by term.
    fn into_sorted_terms(self, first_id: u32) -> Vec<(Box<str>, Lists)> {
        // Counting sort of the log by slot; documents stay in order within a slot.
        let mut starts = vec![0u32; self.terms.len() + 1];
        for &entry in &self.log {
            starts[(entry >> 3) as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut by_slot = vec![0u32; self.log.len()];
        let mut begin = 0usize;
        for (id, &end) in self.log_ends.iter().enumerate() {
            for &entry in &self.log[begin..end as usize] {
                let slot = (entry >> 3) as usize;
                by_slot[next[slot] as usize] = (id as u32) << 3 | (entry & 7);
                next[slot] += 1;
            }
            begin = end as usize;
        }
        let mut terms: Vec<(Box<str>, Lists)> = self
            .terms
            .into_iter()
            .enumerate()
            .map(|(slot, term)| {
                let mut lists = Lists::default();
                for &entry in &by_slot[starts[slot] as usize..starts[slot + 1] as usize] {
                    lists[(entry & 7) as usize].push(first_id + (entry >> 3));
                }
                (term, lists)
            })
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        terms
    }
}

/// A word as a table key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Packed {
    Up8(u64),
    Up16([u64; 2]),
    Long,
}

/// A short word as integers, little-endian and zero-padded (words never
/// contain a zero byte, so the padding cannot make two words equal), and
/// lowercased on the way when `case` is 0x20, for plain ASCII letters and
/// digits: setting that bit lowercases a letter and leaves a digit as it is.
/// (A folded word is lowercase already and may hold other UTF-8 bytes: 0.)
fn pack(word: &str, case: u8) -> Packed {
    let bytes = word.as_bytes();
    let int = |part: &[u8]| {
        part.iter()
            .rev()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b | case))
    };
    match bytes.len() {
        0..=8 => Packed::Up8(int(bytes)),
        9..=16 => Packed::Up16([int(&bytes[..8]), int(&bytes[8..])]),
        _ => Packed::Long,
    }
}

/// The readable text of rendered HTML into `out`: tags and character
/// references become spaces, and the screen-reader hint that external links
/// carry is left out (it would make "opens", "new" and "tab" match every article).
pub fn html_text(html: &str, out: &mut String) {
    out.clear();
    let bytes = html.as_bytes();
    let mut text_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        let end = match bytes[i] {
            b'<' => bytes[i..].iter().position(|&b| b == b'>'),
            // A reference is short; a stray `&` is text.
            b'&' => bytes[i..bytes.len().min(i + 12)]
                .iter()
                .position(|&b| b == b';'),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&html[text_from..i]);
        out.push(' ');
        i = end.map_or(i + 1, |e| i + e + 1);
        text_from = i;
    }
    out.push_str(&html[text_from..]);
    if out.contains(NEW_TAB_HINT) {
        *out = out.replace(NEW_TAB_HINT, " ");
    }
}

/// A hash map keyed by short strings with a cheap hasher: building the index
/// hashes every word of the archive, and SipHash's resistance to chosen keys
/// is not needed for the newsroom's own text.
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// FxHash's multiply-rotate, eight bytes at a time, with a final mix.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        let mut tail = [0u8; 8];
        let rem = chunks.remainder();
        tail[..rem.len()].copy_from_slice(rem);
        self.0 =
            (self.0.rotate_left(5) ^ u64::from_le_bytes(tail) ^ rem.len() as u64).wrapping_mul(K);
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits weak, and the table indexes by them: mix.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(title: &'a str, tags: &[&'a str], body: &'a str) -> SearchDoc<'a> {
        SearchDoc {
            title,
            meta: tags.to_vec(),
            summary: Vec::new(),
            body_html: body,
        }
    }

    #[test]
    fn a_document_is_listed_under_its_best_field() {
        let docs = [
            doc(
                "Magnet prices climb",
                &["markets"],
                "<p>Magnets, magnets.</p>",
            ),
            doc("Refining news", &["magnets"], "<p>No word here.</p>"),
            doc("Other", &[], "<p>A magnet, a magnet and a magnet.</p>"),
            doc("Other", &[], "<p>One magnet.</p>"),
        ];
        let index = InvertedIndex::build(&docs);
        let lists = index.get("magnet").unwrap();
        assert_eq!(lists[Field::Title as usize], vec![0]);
        assert_eq!(lists[Field::Meta as usize], vec![1]);
        assert_eq!(lists[Field::BodyOften as usize], vec![2]);
        assert_eq!(lists[Field::Body as usize], vec![3]);
        assert!(index.get("markets").is_none(), "terms are stems");
        assert_eq!(index.get("market").unwrap()[Field::Meta as usize], vec![0]);
    }

    #[test]
    fn terms_are_sorted_and_lists_ordered_by_id_across_ranges() {
        let bodies: Vec<String> = (0..500).map(|i| format!("<p>common w{i}</p>")).collect();
        let docs: Vec<SearchDoc<'_>> = bodies.iter().map(|b| doc("t", &[], b)).collect();
        let index = InvertedIndex::build(&docs);
        assert!(index.terms.windows(2).all(|w| w[0].0 < w[1].0));
        let common = &index.get("common").unwrap()[Field::Body as usize];
        assert_eq!(common, &(0..500).collect::<Vec<u32>>());
    }

    #[test]
    fn html_text_drops_tags_references_and_the_new_tab_hint() {
        let mut out = String::new();
        html_text(
            "<p>R&amp;D at <a href=\"https://x.org/\">USGS<span class=\"visually-hidden\"> (opens in a new tab)</span></a> & co</p>",
            &mut out,
        );
        assert_eq!(terms_of(&out), vec!["usg", "co"]);
    }

    fn terms_of(text: &str) -> Vec<String> {
        super::super::text::terms(text)
    }
}
