//! The index as files under `/search/`, split so that a query fetches only
//! what it needs:
//!
//! - `index.json`, the manifest: counts, field weights, the first term of each
//!   term file, the document files, authors and tags. The only file with a
//!   fixed name; every other name carries a hash of its content, so a browser
//!   may cache them forever and never mixes two builds.
//! - `t.<hash>.json`: a contiguous, sorted range of terms, `{"term": "lists"}`
//!   (lists as in `encode`). Ranges are cut by size, so a word costs one file
//!   and a prefix one or two.
//! - `d.<hash>.json`: a contiguous range of documents (ids are newest first),
//!   `[[title, path, date, author, [tags], summary], …]`.
//! - `g.<hash>.json`: every tag's documents, `{"slug": "list"}`, for the filter.
//!
//! The total number of files is bounded (see the constants) whatever the size
//! of the site: static hosts limit file counts, and a file per article would
//! also make every build slower.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::encode::{encode_ids, encode_term};
use super::index::{FIELD_COUNT, InvertedIndex};

/// The manifest's file name under `/search/`.
pub const MANIFEST: &str = "index.json";

/// The format of the files; the script checks it.
pub const FORMAT_VERSION: u32 = 1;

/// How much a query word counts, by the field a document has it in
/// (title, tags/author, summary, body often, body): a title match outranks
/// any number of matches elsewhere in a query of a few words.
pub const FIELD_WEIGHTS: [u32; FIELD_COUNT] = [64, 16, 4, 2, 1];

/// Term files are cut at this size at least (small sites get few files)…
pub const TERM_FILE_MIN_BYTES: usize = 24 * 1024;
/// …and there are at most about this many (large sites get bigger files).
pub const MAX_TERM_FILES: usize = 120;
/// Document files hold at least this many documents…
pub const DOCS_PER_FILE_MIN: usize = 50;
/// …and there are at most this many.
pub const MAX_DOC_FILES: usize = 64;

/// `index.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub version: u32,
    /// Documents indexed; ids run from 0 (the newest) to `docs - 1`.
    pub docs: u32,
    pub weights: [u32; FIELD_COUNT],
    /// Per term file: its first term and its name. The first file also takes
    /// every term before its first.
    pub term_files: Vec<(String, String)>,
    pub docs_per_file: u32,
    pub doc_files: Vec<String>,
    pub tag_file: String,
    /// Author names, as documents refer to them by position.
    pub authors: Vec<String>,
    /// (name, slug) of every tag, as documents refer to them by position.
    pub tags: Vec<(String, String)>,
}

/// One document as results show it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocRecord(
    /// Title.
    pub String,
    /// Site path without the leading slash (`news/x/`), to join to the base path.
    pub String,
    /// Publication date as written, `YYYY-MM-DD`.
    pub String,
    /// Position in `Manifest::authors`.
    pub u32,
    /// Positions in `Manifest::tags`.
    pub Vec<u32>,
    /// Summary (the snippet).
    pub String,
);

/// Everything the files are made from.
pub struct IndexInput<'a> {
    pub index: &'a InvertedIndex,
    pub records: Vec<DocRecord>,
    pub authors: Vec<String>,
    pub tags: Vec<(String, String)>,
    /// Per tag (same order as `tags`), its documents' ids, sorted.
    pub tag_docs: Vec<Vec<u32>>,
}

/// The files of the index: (name under `/search/`, bytes).
pub fn write_files(input: &IndexInput<'_>) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let term_files = term_files(input.index);
    let docs_per_file = docs_per_file(input.records.len());
    let doc_files: Vec<(String, Vec<u8>)> = input
        .records
        .par_chunks(docs_per_file)
        .map(|chunk| named("d", json(&chunk)))
        .collect();
    let tag_file = {
        let mut body = String::from("{");
        for (i, ((_, slug), docs)) in input.tags.iter().zip(&input.tag_docs).enumerate() {
            if i > 0 {
                body.push(',');
            }
            push_json_string(slug, &mut body);
            body.push_str(":\"");
            encode_ids(docs, &mut body);
            body.push('"');
        }
        body.push('}');
        named("g", body.into_bytes())
    };
    let manifest = Manifest {
        version: FORMAT_VERSION,
        docs: input.index.docs,
        weights: FIELD_WEIGHTS,
        term_files: term_files
            .iter()
            .map(|(first, (name, _))| (first.clone(), name.clone()))
            .collect(),
        docs_per_file: docs_per_file as u32,
        doc_files: doc_files.iter().map(|(name, _)| name.clone()).collect(),
        tag_file: tag_file.0.clone(),
        authors: input.authors.clone(),
        tags: input.tags.clone(),
    };
    files.push((MANIFEST.to_string(), json(&manifest)));
    files.extend(term_files.into_iter().map(|(_, file)| file));
    files.extend(doc_files);
    files.push(tag_file);
    files
}

/// How many documents go in each document file.
pub fn docs_per_file(docs: usize) -> usize {
    docs.div_ceil(MAX_DOC_FILES).max(DOCS_PER_FILE_MIN)
}

/// Term files as (first term, (name, bytes)), cut by size.
fn term_files(index: &InvertedIndex) -> Vec<(String, (String, Vec<u8>))> {
    let entries: Vec<String> = index
        .terms
        .par_iter()
        .map(|(term, lists)| {
            let mut entry = String::with_capacity(term.len() + 16);
            push_json_string(term, &mut entry);
            entry.push_str(":\"");
            entry.push_str(&encode_term(lists));
            entry.push('"');
            entry
        })
        .collect();
    let total: usize = entries.iter().map(|e| e.len() + 1).sum();
    let target = (total / MAX_TERM_FILES).max(TERM_FILE_MIN_BYTES);
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, entry) in entries.iter().enumerate() {
        if size > 0 && size + entry.len() > target {
            ranges.push((start, i));
            (start, size) = (i, 0);
        }
        size += entry.len() + 1;
    }
    if start < entries.len() {
        ranges.push((start, entries.len()));
    }
    ranges
        .into_par_iter()
        .map(|(from, to)| {
            let mut body = String::with_capacity(target + 1024);
            body.push('{');
            body.push_str(&entries[from..to].join(","));
            body.push('}');
            (index.terms[from].0.to_string(), named("t", body.into_bytes()))
        })
        .collect()
}

/// A file named by kind and content hash: `t.0123abcd.json`.
fn named(kind: &str, bytes: Vec<u8>) -> (String, Vec<u8>) {
    (format!("{kind}.{:08x}.json", content_hash(&bytes)), bytes)
}

/// FNV-1a, folded to 32 bits: enough to tell two versions of a file apart.
pub fn content_hash(bytes: &[u8]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (h ^ (h >> 32)) as u32
}

fn json(value: &impl Serialize) -> Vec<u8> {
    // Serializing plain strings, numbers and arrays cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

fn push_json_string(s: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}
