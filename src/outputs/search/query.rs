//! Queries against the written index files, exactly as the browser runs them
//! (`search.js` follows this file step by step). Here it
//! serves the unit tests of the format and the ranking, and the benchmark's
//! count of the files a first query fetches.
//!
//! A query is a list of words, all required. Each word matches its stem; the
//! last word, while still being typed, also matches every term it begins
//! (at half weight). A document scores, per word, the weight of the best field
//! it has a matching term in; results go by total score, then newest first.

use std::collections::BTreeMap;

use super::encode::{DecodeError, decode_lists, decode_term, decode_term_file};
use super::files::{DocRecord, Manifest};
use super::index::FIELD_COUNT;
use super::text::{for_each_word, term_of};

/// The last word is matched as a prefix only from this many characters on…
pub const PREFIX_MIN_CHARS: usize = 3;
/// …and only when its terms lie in at most this many term files.
pub const PREFIX_MAX_FILES: usize = 3;

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// The term the word is (none for a stop word).
    pub term: Option<String>,
    /// For the last word while typed: the word as typed, matched as a term prefix.
    pub prefix: Option<String>,
}

/// Splits a query into words. `typing` says the last word may be unfinished
/// (the query does not end with a space or punctuation).
pub fn parse(query: &str) -> Vec<QueryWord> {
    let mut words: Vec<QueryWord> = Vec::new();
    let mut raw: Vec<String> = Vec::new();
    for_each_word(query, &mut String::new(), |w| {
        raw.push(w.clone());
        let term = term_of(w).map(str::to_string);
        words.push(QueryWord { term, prefix: None });
    });
    let typing = query.chars().last().is_some_and(char::is_alphanumeric);
    if let (true, Some(last), Some(typed)) = (typing, words.last_mut(), raw.last())
        && typed.chars().count() >= PREFIX_MIN_CHARS
    {
        last.prefix = Some(typed.clone());
    }
    words.retain(|w| w.term.is_some() || w.prefix.is_some());
    words
}

/// The term files (positions in `Manifest::term_files`) that may hold `term`.
pub fn file_of(manifest: &Manifest, term: &str) -> Option<usize> {
    let files = &manifest.term_files;
    if files.is_empty() {
        return None;
    }
    Some(
        files
            .partition_point(|(first, _)| first.as_str() <= term)
            .max(1)
            - 1,
    )
}

/// The term files that may hold terms starting with `prefix`, or none if
/// there are more than [`PREFIX_MAX_FILES`].
pub fn files_of_prefix(manifest: &Manifest, prefix: &str) -> Vec<usize> {
    let Some(first) = file_of(manifest, prefix) else {
        return Vec::new();
    };
    let mut last = first;
    while last + 1 < manifest.term_files.len()
        && manifest.term_files[last + 1].0.starts_with(prefix)
    {
        last += 1;
    }
    if last - first + 1 > PREFIX_MAX_FILES {
        return Vec::new();
    }
    (first..=last).collect()
}

/// A ranked result: document id and score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub id: u32,
    pub score: u32,
}

/// Reads index files by name (from disk, memory or a test's map).
pub trait IndexSource {
    fn read(&mut self, name: &str) -> Option<Vec<u8>>;
}

/// What went wrong reading the index.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("index file {0} is missing")]
    Missing(String),
    #[error("index file {0} is not valid JSON: {1}")]
    Json(String, serde_json::Error),
    #[error("index file {0}: {1}")]
    Decode(String, DecodeError),
}

/// Runs `query`, optionally within the documents of the tag `tag` (a slug),
/// returning hits best first and the names of the files it read.
pub fn search(
    manifest: &Manifest,
    source: &mut dyn IndexSource,
    query: &str,
    tag: Option<&str>,
) -> Result<(Vec<Hit>, Vec<String>), QueryError> {
    let mut reader = Reader {
        source,
        read: Vec::new(),
    };
    let words = parse(query);
    let docs = manifest.docs as usize;
    let mut total = vec![0u32; docs];
    let mut matched = vec![0u16; docs];
    for word in &words {
        let mut best = vec![0u32; docs];
        // Exact matches count double, so a prefix match is worth half.
        if let Some(term) = &word.term
            && let Some(file) = file_of(manifest, term)
        {
            let chunk = reader.term_file(manifest, file)?;
            if let Some(encoded) = chunk.get(term.as_str()) {
                let name = &manifest.term_files[file].1;
                let lists =
                    decode_term(encoded).map_err(|e| QueryError::Decode(name.clone(), e))?;
                score_lists(manifest, &lists, 2, &mut best);
            }
        }
        if let Some(prefix) = &word.prefix {
            for file in files_of_prefix(manifest, prefix) {
                let chunk = reader.term_file(manifest, file)?;
                let name = &manifest.term_files[file].1;
                for (term, encoded) in chunk.range(prefix.clone()..) {
                    if !term.starts_with(prefix.as_str()) {
                        break;
                    }
                    let lists =
                        decode_term(encoded).map_err(|e| QueryError::Decode(name.clone(), e))?;
                    score_lists(manifest, &lists, 1, &mut best);
                }
            }
        }
        for (id, score) in best.into_iter().enumerate() {
            if score > 0 {
                total[id] += score;
                matched[id] += 1;
            }
        }
    }
    let allowed: Option<Vec<bool>> = match tag {
        Some(slug) => {
            let bytes = reader.bytes(&manifest.tag_file)?;
            let lists = decode_lists(&bytes)
                .map_err(|e| QueryError::Decode(manifest.tag_file.clone(), e))?;
            let mut allowed = vec![false; docs];
            let position = manifest.tags.iter().position(|(_, s)| s == slug);
            if let Some(ids) = position.and_then(|p| lists.get(p)) {
                for &id in ids {
                    if let Some(a) = allowed.get_mut(id as usize) {
                        *a = true;
                    }
                }
            }
            Some(allowed)
        }
        None => None,
    };
    let mut hits: Vec<Hit> = (0..docs)
        .filter(|&id| matched[id] as usize == words.len())
        .filter(|&id| allowed.as_ref().is_none_or(|a| a[id]))
        .filter(|_| !words.is_empty() || allowed.is_some())
        .map(|id| Hit {
            id: id as u32,
            score: total[id],
        })
        .collect();
    // Ids run newest first, so a stable sort by score keeps ties newest first.
    hits.sort_by_key(|h| std::cmp::Reverse(h.score));
    Ok((hits, reader.read))
}

/// The records of documents `ids`, reading their document files.
pub fn records(
    manifest: &Manifest,
    source: &mut dyn IndexSource,
    ids: &[u32],
) -> Result<(Vec<DocRecord>, Vec<String>), QueryError> {
    let mut reader = Reader {
        source,
        read: Vec::new(),
    };
    let mut out = Vec::new();
    for &id in ids {
        let file = doc_file_of(manifest, id);
        let name = manifest
            .doc_files
            .get(file)
            .ok_or_else(|| QueryError::Missing(format!("document {id}")))?;
        let chunk: Vec<DocRecord> = reader.json(name)?;
        let record = chunk
            .get((id - manifest.doc_starts[file]) as usize)
            .cloned()
            .ok_or_else(|| QueryError::Missing(format!("{name}: document {id}")))?;
        out.push(record);
    }
    Ok((out, reader.read))
}

/// The document file (position in `Manifest::doc_files`) that holds document `id`.
pub fn doc_file_of(manifest: &Manifest, id: u32) -> usize {
    manifest
        .doc_starts
        .partition_point(|&start| start <= id)
        .max(1)
        - 1
}

/// Adds, per document, the weight of its field in `lists` (times `factor`),
/// keeping the best per document.
fn score_lists(
    manifest: &Manifest,
    lists: &[Vec<u32>; FIELD_COUNT],
    factor: u32,
    best: &mut [u32],
) {
    for (field, ids) in lists.iter().enumerate() {
        let weight = manifest.weights[field] * factor;
        for &id in ids {
            if let Some(b) = best.get_mut(id as usize) {
                *b = (*b).max(weight);
            }
        }
    }
}

/// Reads files once each and remembers their names, in order.
struct Reader<'s> {
    source: &'s mut dyn IndexSource,
    read: Vec<String>,
}

impl Reader<'_> {
    fn bytes(&mut self, name: &str) -> Result<Vec<u8>, QueryError> {
        let bytes = self
            .source
            .read(name)
            .ok_or_else(|| QueryError::Missing(name.to_string()))?;
        if !self.read.iter().any(|r| r == name) {
            self.read.push(name.to_string());
        }
        Ok(bytes)
    }

    fn json<T: serde::de::DeserializeOwned>(&mut self, name: &str) -> Result<T, QueryError> {
        let bytes = self.bytes(name)?;
        let json = super::files::gunzip(&bytes)
            .map_err(|e| QueryError::Json(name.to_string(), serde_json::Error::io(e)))?;
        serde_json::from_slice(&json).map_err(|e| QueryError::Json(name.to_string(), e))
    }

    fn term_file(
        &mut self,
        manifest: &Manifest,
        file: usize,
    ) -> Result<BTreeMap<String, Vec<u8>>, QueryError> {
        let name = manifest.term_files[file].1.clone();
        let bytes = self.bytes(&name)?;
        decode_term_file(&bytes).map_err(|e| QueryError::Decode(name, e))
    }
}

impl IndexSource for BTreeMap<String, Vec<u8>> {
    fn read(&mut self, name: &str) -> Option<Vec<u8>> {
        self.get(name).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outputs::search::files::{IndexInput, MANIFEST, read_manifest, write_files};
    use crate::outputs::search::index::{InvertedIndex, SearchDoc};

    /// A small corpus, newest first: (title, tags, body).
    const CORPUS: &[(&str, &[&str], &str)] = &[
        (
            "Refiners stock up",
            &["markets"],
            "<p>Demand from magnet plants in India held.</p>",
        ),
        (
            "Monazite sands of Odisha",
            &["india"],
            "<p>Beach sands hold monazite.</p>",
        ),
        (
            "Magnet prices climb",
            &["markets", "magnets"],
            "<p>NdPr rose.</p>",
        ),
        ("Recycling magnets", &["recycling"], "<p>Old drives.</p>"),
        (
            "Café society in São Paulo",
            &["markets"],
            "<p>Traders price lithium.</p>",
        ),
    ];

    fn built(corpus: &[(&str, &[&str], &str)]) -> (Manifest, BTreeMap<String, Vec<u8>>) {
        let docs: Vec<SearchDoc<'_>> = corpus
            .iter()
            .map(|(title, tags, body)| SearchDoc {
                title,
                meta: tags.to_vec(),
                summary: Vec::new(),
                body_html: (*body).into(),
            })
            .collect();
        let index = InvertedIndex::build(&docs);
        let mut tags: Vec<(String, String)> = Vec::new();
        let mut tag_docs: Vec<Vec<u32>> = Vec::new();
        let records = corpus
            .iter()
            .enumerate()
            .map(|(id, (title, doc_tags, _))| {
                let positions = doc_tags
                    .iter()
                    .map(|t| {
                        let at = tags.iter().position(|(n, _)| n == t).unwrap_or_else(|| {
                            tags.push((t.to_string(), t.to_string()));
                            tag_docs.push(Vec::new());
                            tags.len() - 1
                        });
                        tag_docs[at].push(id as u32);
                        at as u32
                    })
                    .collect();
                DocRecord(
                    title.to_string(),
                    format!("news/{id}/"),
                    20_378,
                    0,
                    positions,
                    String::new(),
                )
            })
            .collect();
        let files: BTreeMap<String, Vec<u8>> = write_files(&IndexInput {
            index: &index,
            records,
            authors: vec!["Asha Rao".into()],
            tags,
            tag_docs,
        })
        .into_iter()
        .collect();
        let manifest = read_manifest(&files[MANIFEST]).unwrap();
        (manifest, files)
    }

    fn titles(query: &str, tag: Option<&str>) -> Vec<String> {
        let (manifest, mut files) = built(CORPUS);
        let (hits, _) = search(&manifest, &mut files, query, tag).unwrap();
        let ids: Vec<u32> = hits.iter().map(|h| h.id).collect();
        let (records, _) = records(&manifest, &mut files, &ids).unwrap();
        records.into_iter().map(|r| r.0).collect()
    }

    #[test]
    fn magnet_finds_magnets_with_title_matches_first_then_newest() {
        assert_eq!(
            titles("magnet ", None),
            [
                "Magnet prices climb",
                "Recycling magnets",
                "Refiners stock up"
            ]
        );
    }

    #[test]
    fn a_tag_match_outranks_a_body_match() {
        // "india": the tags of an older article, the body of a newer one.
        assert_eq!(
            titles("india ", None),
            ["Monazite sands of Odisha", "Refiners stock up"]
        );
    }

    #[test]
    fn every_word_is_required() {
        assert_eq!(titles("magnet prices ", None), ["Magnet prices climb"]);
        assert!(titles("magnet lithium ", None).is_empty());
    }

    #[test]
    fn the_last_word_matches_as_a_prefix_only_while_typed() {
        assert_eq!(titles("monaz", None), ["Monazite sands of Odisha"]);
        assert!(titles("monaz ", None).is_empty());
        // Too short to expand: only the exact term.
        assert!(titles("mo", None).is_empty());
    }

    #[test]
    fn accents_fold_in_queries_and_text_alike() {
        assert_eq!(
            titles("cafe sao paulo", None),
            ["Café society in São Paulo"]
        );
        assert_eq!(titles("CAFÉ ", None), ["Café society in São Paulo"]);
    }

    #[test]
    fn a_tag_narrows_results_and_alone_lists_the_tag_newest_first() {
        assert_eq!(titles("magnet ", Some("recycling")), ["Recycling magnets"]);
        assert_eq!(
            titles("", Some("markets")),
            [
                "Refiners stock up",
                "Magnet prices climb",
                "Café society in São Paulo"
            ]
        );
        assert!(titles("magnet ", Some("nonexistent")).is_empty());
    }

    #[test]
    fn stop_words_and_empty_queries_find_nothing() {
        assert!(titles("", None).is_empty());
        assert!(titles("the of and ", None).is_empty());
        assert_eq!(parse("the magnet "), parse("magnet "));
    }

    #[test]
    fn a_word_reads_one_term_file_and_results_their_document_files() {
        // Enough distinct words for several term files.
        let bodies: Vec<String> = (0..4000)
            .map(|i| format!("<p>common w{i}x w{}y w{}z</p>", i * 7, i * 13))
            .collect();
        let corpus: Vec<(&str, &[&str], &str)> = bodies
            .iter()
            .map(|b| ("Story", &[][..], b.as_str()))
            .collect();
        let (manifest, mut files) = built(&corpus);
        assert!(
            manifest.term_files.len() > 1,
            "{}",
            manifest.term_files.len()
        );
        let (hits, read) = search(&manifest, &mut files, "w1234x ", None).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(read.len(), 1, "{read:?}");
        assert_eq!(
            file_of(&manifest, "w1234x"),
            manifest.term_files.iter().position(|(_, n)| n == &read[0])
        );
        let (records, read) = records(&manifest, &mut files, &[hits[0].id]).unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(
            read,
            [manifest.doc_files[doc_file_of(&manifest, hits[0].id)].clone()]
        );
        let (common, _) = search(&manifest, &mut files, "common", None).unwrap();
        assert_eq!(common.len(), 4000);
        assert!(
            common.windows(2).all(|w| w[0].id < w[1].id),
            "ties newest first"
        );
    }

    #[test]
    fn a_missing_or_corrupt_file_is_an_error_not_a_panic() {
        let (manifest, mut files) = built(CORPUS);
        let first = manifest.term_files[0].1.clone();
        files.insert(
            first.clone(),
            vec![1, 0, 6, b'm', b'a', b'g', b'n', b'e', b't', 2, 3, 9],
        );
        assert!(matches!(
            search(&manifest, &mut files, "magnet ", None),
            Err(QueryError::Decode(..))
        ));
        files.remove(&first);
        assert!(matches!(
            search(&manifest, &mut files, "magnet ", None),
            Err(QueryError::Missing(_))
        ));
    }
}
