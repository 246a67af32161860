//! The inverted index: for every term, the documents that contain it and the
//! best field each has it in. Built in parallel over contiguous ranges of
//! documents, each with its own map, then merged in document order, so every
//! posting list comes out sorted without a sort.
//!
//! Knows nothing of files or encodings (see `encode`).

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;

use super::text::{Word, scan_html_words, scan_words, term_of, word_key};
use crate::content::{Article, Library};

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
#[derive(Debug, Clone)]
pub struct SearchDoc<'a> {
    pub title: &'a str,
    /// Tag names and the author's name.
    pub meta: Vec<&'a str>,
    /// The summary and the highlights.
    pub summary: Vec<&'a str>,
    /// The rendered body.
    pub body_html: BodyHtml<'a>,
}

/// A document's body HTML, or where to read it when the index gets to it: a
/// large site's bodies wait in a temporary file (`content::bodies`), and
/// reading them all up front would hold them all in memory at once.
#[derive(Debug, Clone, Copy)]
pub enum BodyHtml<'a> {
    Text(&'a str),
    Article(&'a Library, &'a Article),
}

impl<'a> BodyHtml<'a> {
    fn read(self) -> Cow<'a, str> {
        match self {
            BodyHtml::Text(html) => Cow::Borrowed(html),
            BodyHtml::Article(library, article) => library.body_html(article),
        }
    }
}

impl<'a> From<&'a str> for BodyHtml<'a> {
    fn from(html: &'a str) -> Self {
        BodyHtml::Text(html)
    }
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
const BODY_OFTEN_MIN: u32 = 3;
// Body mentions are counted in two bits of `Partial::state`, up to 3.
const _: () = assert!(BODY_OFTEN_MIN <= 3);

/// A term's document ids, per field.
type Lists = [Vec<u32>; FIELD_COUNT];

/// The index of one contiguous range of documents. Every word of the range
/// passes through [`Partial::add`] or [`Partial::add_body`], so they touch
/// as little memory as they can:
/// a word is looked up once, by a 64-bit key made from its bytes (see
/// `text::word_key`) in a small open-addressing table; what a document has of a
/// term is one `u32` per term until the document ends, and then appended to
/// one log; the log is sorted into per-term lists at the end (a counting
/// sort), not pushed to thousands of lists as it goes.
#[derive(Default)]
struct Partial {
    /// Word key → slot (or [`NOT_INDEXED`]). Words repeat, so each is checked
    /// and stemmed once per range.
    words: WordTable,
    /// Term → slot.
    slots: HashMap<Box<str>, u32>,
    /// Per slot: the term.
    terms: Vec<Box<str>>,
    /// Per slot, for the current document: `(id + 1) << 5 | field << 2 |
    /// body mentions (up to 3)`, so one load tells whether the document has
    /// the term yet, in which best field and how often in the body.
    state: Vec<u32>,
    /// Slots the current document has.
    touched: Vec<u32>,
    /// Per document, in order, per term it has: `slot << 3 | field`.
    log: Vec<u32>,
    /// Where each document's entries end in `log`.
    log_ends: Vec<u32>,
}

/// The slot of a word that is not indexed (a stop word, too short, too long).
const NOT_INDEXED: u32 = u32::MAX;
/// Not a slot: a word not looked up yet.
const UNSEEN: u32 = u32::MAX - 1;

/// An empty vector of another lifetime in the same allocation.
fn recycle<'b>(mut words: Vec<(u64, &str)>) -> Vec<(u64, &'b str)> {
    words.clear();
    words.into_iter().map(|_| unreachable!()).collect()
}

impl Partial {
    fn build(docs: &[SearchDoc<'_>]) -> Partial {
        let mut partial = Partial::default();
        let mut scratch = String::new();
        // The body's ASCII words borrow from a body read for one document only:
        // the buffer is emptied and handed on, keeping its capacity.
        let (mut spare, mut slots): (Vec<(u64, &str)>, _) = (Vec::new(), Vec::new());
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
            let html = doc.body_html.read();
            let mut body = recycle(std::mem::take(&mut spare));
            scan_html_words(&html, &mut scratch, |w| match w {
                Word::Ascii(text, key) => body.push((key, text)),
                folded => p.add(folded, id, Field::Body),
            });
            p.add_body(&body, &mut slots, id);
            p.end_document();
            spare = recycle(body);
        }
        partial
    }

    /// Records that document `id` has `word` in `field`.
    #[inline]
    fn add(&mut self, word: Word<'_, '_>, id: u32, field: Field) {
        let slot = match word {
            Word::Ascii(w, key) => match self.words.get(key) {
                Some(slot) => slot,
                None => self.learn(key, &mut w.to_ascii_lowercase()),
            },
            Word::Folded(w) => {
                let key = word_key(w.as_bytes(), 0);
                match self.words.get(key) {
                    Some(slot) => slot,
                    None => self.learn(key, w),
                }
            }
        };
        self.count(slot, id, field);
    }

    /// Records the body's plain words (with their keys), looking them all up
    /// first: independent loads that the processor overlaps, where a lookup
    /// per word as it is read waits for each miss of the cache in turn.
    fn add_body(&mut self, words: &[(u64, &str)], slots: &mut Vec<u32>, id: u32) {
        slots.clear();
        slots.extend(
            words
                .iter()
                .map(|&(key, _)| self.words.get(key).unwrap_or(UNSEEN)),
        );
        for (&slot, &(key, text)) in slots.iter().zip(words) {
            let slot = match slot {
                // Seen for the first time (perhaps earlier in this body).
                UNSEEN => match self.words.get(key) {
                    Some(slot) => slot,
                    None => self.learn(key, &mut text.to_ascii_lowercase()),
                },
                slot => slot,
            };
            self.count(slot, id, Field::Body);
        }
    }

    /// Counts one mention of the term in `slot` in document `id`'s `field`.
    #[inline]
    fn count(&mut self, slot: u32, id: u32, field: Field) {
        if slot == NOT_INDEXED {
            return;
        }
        let state = &mut self.state[slot as usize];
        if *state >> 5 == id + 1 {
            if field == Field::Body && *state & 3 < BODY_OFTEN_MIN {
                *state += 1;
            }
        } else {
            *state = (id + 1) << 5 | (field as u32) << 2 | u32::from(field == Field::Body);
            self.touched.push(slot);
        }
    }

    /// Logs the current document under each term it has.
    fn end_document(&mut self) {
        for slot in self.touched.drain(..) {
            let state = self.state[slot as usize];
            let field = match (state >> 2) & 7 {
                4 if state & 3 >= BODY_OFTEN_MIN => Field::BodyOften as u32,
                f => f,
            };
            self.log.push(slot << 3 | field);
        }
        self.log_ends.push(self.log.len() as u32);
    }

    /// Checks and stems a word seen for the first time; returns its slot.
    #[cold]
    fn learn(&mut self, key: u64, word: &mut String) -> u32 {
        let slot = match term_of(word) {
            None => NOT_INDEXED,
            Some(term) => match self.slots.get(term) {
                Some(&slot) => slot,
                None => {
                    let slot = self.terms.len() as u32;
                    self.slots.insert(term.into(), slot);
                    self.terms.push(term.into());
                    self.state.push(0);
                    slot
                }
            },
        };
        self.words.insert(key, slot);
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
        drop(self.log);
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

/// Word key → slot, open addressing with linear probing, three quarters
/// full at most. Keys and slots are kept apart so that the keys, which every
/// lookup reads, take 8 bytes an entry: the keys of a whole vocabulary then
/// mostly stay in the core's cache. Key 0 (the empty word, never looked up)
/// marks a free entry.
struct WordTable {
    keys: Vec<u64>,
    slots: Vec<u32>,
    len: usize,
    /// `64 - log2(keys.len())`: the top bits of the hash pick the entry.
    shift: u32,
}

impl Default for WordTable {
    fn default() -> WordTable {
        WordTable {
            keys: vec![0; 1 << 12],
            slots: vec![0; 1 << 12],
            len: 0,
            shift: 64 - 12,
        }
    }
}

impl WordTable {
    #[inline]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, key: u64) -> Option<u32> {
        let mask = self.keys.len() - 1;
        let mut at = self.home(key);
        loop {
            let k = self.keys[at];
            if k == key {
                return Some(self.slots[at]);
            }
            if k == 0 {
                return None;
            }
            at = (at + 1) & mask;
        }
    }

    fn insert(&mut self, key: u64, slot: u32) {
        if (self.len + 1) * 4 > self.keys.len() * 3 {
            let size = self.keys.len() * 2;
            let keys = std::mem::replace(&mut self.keys, vec![0; size]);
            let slots = std::mem::replace(&mut self.slots, vec![0; size]);
            self.shift -= 1;
            self.len = 0;
            for (k, s) in keys.into_iter().zip(slots).filter(|&(k, _)| k != 0) {
                self.insert(k, s);
            }
        }
        let mask = self.keys.len() - 1;
        let mut at = self.home(key);
        while self.keys[at] != 0 && self.keys[at] != key {
            at = (at + 1) & mask;
        }
        if self.keys[at] == 0 {
            self.len += 1;
        }
        self.keys[at] = key;
        self.slots[at] = slot;
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
            body_html: body.into(),
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
    fn body_html_drops_tags_references_and_the_new_tab_hint() {
        let docs = [doc(
            "",
            &[],
            "<p>R&amp;D at <a href=\"https://x.org/\">USGS<span class=\"visually-hidden\"> (opens in a new tab)</span></a> & co</p>",
        )];
        let index = InvertedIndex::build(&docs);
        let terms: Vec<&str> = index.terms.iter().map(|(t, _)| &**t).collect();
        assert_eq!(terms, ["co", "usg"]);
    }

    #[test]
    fn word_keys_fold_case_and_tell_words_apart() {
        assert_eq!(word_key(b"Magnet", 0x20), word_key(b"magnet", 0));
        assert_eq!(
            word_key(b"NdPr2025Oxides", 0x20),
            word_key(b"ndpr2025oxides", 0)
        );
        assert_ne!(word_key(b"magnet", 0), word_key(b"magnets", 0));
        assert_ne!(word_key(b"abcdefgh", 0), word_key(b"abcdefgh1", 0));
        // Read from the text (with what follows the word masked off) or copied: the same key.
        let mut from_text = Vec::new();
        scan_words("Magnet NdPr2025Oxides x", &mut String::new(), |w| {
            if let Word::Ascii(_, key) = w {
                from_text.push(key);
            }
        });
        assert_eq!(
            from_text[..2],
            [word_key(b"magnet", 0), word_key(b"ndpr2025oxides", 0)]
        );
        let long = "a".repeat(40);
        assert_ne!(
            word_key(long.as_bytes(), 0),
            word_key(&long.as_bytes()[1..], 0)
        );
        let mut table = WordTable::default();
        for i in 0..10_000u64 {
            table.insert(i * 7919 + 1, i as u32);
        }
        assert!((0..10_000u64).all(|i| table.get(i * 7919 + 1) == Some(i as u32)));
        assert_eq!(table.get(2), None);
    }
}
