//! The index as files under `/search/`, split so that a query fetches only
//! what it needs:
//!
//! - `index.json.gz`, the manifest (gzipped JSON): counts, field weights, the first term of each
//!   term file, the document files, authors and tags. The only data file with
//!   a fixed name; every other name carries a hash of its content, so a
//!   browser may cache them forever and never mixes two builds.
//! - `t.<hash>.bin`: a contiguous, sorted range of terms with their posting
//!   lists (binary, see `encode`). Ranges are cut by size, so a word costs one
//!   file and a prefix one or two.
//! - `d.<hash>.gz`: a contiguous range of documents (ids are newest first),
//!   gzipped JSON `[[title, path, day, author, [tags], snippet], …]`. Ranges
//!   grow with age: results are newest first among equals, so the files a
//!   query needs most are the small ones at the front.
//! - `g.<hash>.bin`: every tag's documents, one list per tag, for the filter.
//! - `search.js`: the script, as shipped with this version of monazite (it
//!   reads this format), comments and indentation stripped.
//!
//! Posting lists are written close to their information content and need no
//! compression; the document files are text and are gzipped here, once, so
//! that they travel compressed from any host (the script inflates them with
//! the browser's own `DecompressionStream`; a host that adds
//! `Content-Encoding` itself is detected by the gzip magic). The number of
//! files is bounded (see the constants) whatever the size of the site: static
//! hosts limit file counts, and a file per article would also make every
//! build slower.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::encode::{encode_ids, encode_term, encode_term_file};
use super::index::{FIELD_COUNT, InvertedIndex};

/// The manifest's file name under `/search/`.
pub const MANIFEST: &str = "index.json.gz";

/// The script's file name under `/search/`.
pub const SCRIPT: &str = "search.js";

/// The format of the files; the script checks it.
pub const FORMAT_VERSION: u32 = 2;

/// How much a query word counts, by the field a document has it in
/// (title, tags/author, summary, body often, body): a title match outranks
/// any number of matches elsewhere in a query of a few words.
pub const FIELD_WEIGHTS: [u32; FIELD_COUNT] = [64, 16, 4, 2, 1];

/// Term files are cut at this size at least (small sites get few files)…
pub const TERM_FILE_MIN_BYTES: usize = 32 * 1024;
/// …and there are at most this many (large sites get bigger files).
pub const MAX_TERM_FILES: usize = 96;
/// Document files hold on average at least this many documents…
pub const DOCS_PER_FILE_MIN: usize = 40;
/// …and there are at most this many. With the manifest, the tag file, the
/// script and the search page, `/search/` never holds more than 199 files.
pub const MAX_DOC_FILES: usize = 99;
/// Snippets (the summary) are cut to about this many characters.
pub const SNIPPET_CHARS: usize = 120;
/// Gzip level of the document files: fast; the best level saves a few
/// percent for four times the time.
const GZIP_LEVEL: u32 = 6;

/// `index.json.gz`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub version: u32,
    /// Documents indexed; ids run from 0 (the newest) to `docs - 1`.
    pub docs: u32,
    pub weights: [u32; FIELD_COUNT],
    /// Per term file: its first term and its name. The first file also takes
    /// every term before its first.
    pub term_files: Vec<(String, String)>,
    /// Per document file, the id of its first document (ranges grow with age).
    pub doc_starts: Vec<u32>,
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
    /// Publication date, in days since 1970-01-01.
    pub i32,
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
    let doc_starts = doc_starts(input.records.len());
    let (term_files, doc_files) = rayon::join(
        || term_files(input.index),
        || {
            doc_starts
                .par_iter()
                .enumerate()
                .map(|(k, &start)| {
                    let end = doc_starts
                        .get(k + 1)
                        .map_or(input.records.len(), |&e| e as usize);
                    let json = json(&&input.records[start as usize..end]);
                    named("d", "gz", gzip(&json))
                })
                .collect::<Vec<_>>()
        },
    );
    let tag_file = {
        let mut body = Vec::new();
        for docs in &input.tag_docs {
            encode_ids(docs, &mut body);
        }
        named("g", "bin", body)
    };
    let manifest = Manifest {
        version: FORMAT_VERSION,
        docs: input.index.docs,
        weights: FIELD_WEIGHTS,
        term_files: term_files
            .iter()
            .map(|(first, (name, _))| (first.clone(), name.clone()))
            .collect(),
        doc_starts,
        doc_files: doc_files.iter().map(|(name, _)| name.clone()).collect(),
        tag_file: tag_file.0.clone(),
        authors: input.authors.clone(),
        tags: input.tags.clone(),
    };
    files.push((MANIFEST.to_string(), gzip(&json(&manifest))));
    files.extend(term_files.into_iter().map(|(_, file)| file));
    files.extend(doc_files);
    files.push(tag_file);
    files
}

/// The first id of each document file. File `k` holds about `a + k·b`
/// documents, the first a quarter of the average and the last seven quarters:
/// the newest documents, which fill most first pages of results, come in the
/// smallest files.
pub fn doc_starts(docs: usize) -> Vec<u32> {
    let files = docs.div_ceil(DOCS_PER_FILE_MIN).clamp(1, MAX_DOC_FILES);
    let average = docs as f64 / files as f64;
    let first = average / 4.0;
    let step = if files > 1 {
        (docs as f64 - first * files as f64) / (files * (files - 1) / 2) as f64
    } else {
        0.0
    };
    let mut starts = Vec::with_capacity(files);
    let mut at = 0.0f64;
    for k in 0..files {
        let start = at.round() as u32;
        if docs == 0 || (start as usize) < docs {
            starts.push(start);
        }
        at += first + step * k as f64;
    }
    starts.dedup();
    starts
}

/// Term files as (first term, (name, bytes)), cut by size.
fn term_files(index: &InvertedIndex) -> Vec<(String, (String, Vec<u8>))> {
    let encoded: Vec<Vec<u8>> = index
        .terms
        .par_iter()
        .map(|(_, lists)| {
            let mut bytes = Vec::new();
            encode_term(lists, &mut bytes);
            bytes
        })
        .collect();
    // A term costs its lists, its (front-coded) name and a few length bytes.
    let sizes: Vec<usize> = encoded
        .iter()
        .zip(&index.terms)
        .map(|(lists, (term, _))| lists.len() + term.len() / 2 + 3)
        .collect();
    let total: usize = sizes.iter().sum();
    let mut target = (total / MAX_TERM_FILES).max(TERM_FILE_MIN_BYTES);
    let mut ranges = cut(&sizes, target);
    // Cutting before an entry that would overflow can leave a few more files than
    // total / target; grow the target until the bound holds.
    while ranges.len() > MAX_TERM_FILES {
        target += target / 20;
        ranges = cut(&sizes, target);
    }
    ranges
        .into_par_iter()
        .map(|(from, to)| {
            let entries = (from..to).map(|i| (&*index.terms[i].0, encoded[i].as_slice()));
            (
                index.terms[from].0.to_string(),
                named("t", "bin", encode_term_file(entries)),
            )
        })
        .collect()
}

/// Consecutive ranges of entries of these sizes, of about `target` each.
fn cut(sizes: &[usize], target: usize) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, &entry) in sizes.iter().enumerate() {
        if size > 0 && size + entry > target {
            ranges.push((start, i));
            (start, size) = (i, 0);
        }
        size += entry;
    }
    if start < sizes.len() {
        ranges.push((start, sizes.len()));
    }
    ranges
}

/// A data file named by kind and content hash: `t.0123abcd.bin`.
fn named(kind: &str, extension: &str, bytes: Vec<u8>) -> (String, Vec<u8>) {
    (
        format!("{kind}.{:08x}.{extension}", content_hash(&bytes)),
        bytes,
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 2),
        flate2::Compression::new(GZIP_LEVEL),
    );
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Reads the manifest back from its file's bytes.
pub fn read_manifest(bytes: &[u8]) -> Result<Manifest, serde_json::Error> {
    let json = gunzip(bytes).map_err(serde_json::Error::io)?;
    serde_json::from_slice(&json)
}

/// The JSON inside a data file (the reverse of the gzip it was written with).
pub fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::with_capacity(bytes.len() * 3);
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_files_stay_within_their_bound_and_grow_with_age() {
        for docs in [0usize, 1, 39, 40, 41, 3_600, 10_000, 1_000_000] {
            let starts = doc_starts(docs);
            assert!(
                !starts.is_empty() && starts.len() <= MAX_DOC_FILES,
                "{docs}: {starts:?}"
            );
            assert_eq!(starts[0], 0);
            assert!(starts.windows(2).all(|w| w[0] < w[1]), "{docs}: {starts:?}");
            assert!(
                starts
                    .last()
                    .is_some_and(|&s| docs == 0 || (s as usize) < docs)
            );
            let sizes: Vec<u32> = starts
                .windows(2)
                .map(|w| w[1] - w[0])
                .chain([docs as u32 - starts[starts.len() - 1]])
                .collect();
            if docs >= 10_000 {
                assert!(sizes[0] * 4 < sizes[sizes.len() - 1], "{sizes:?}");
            }
        }
    }

    #[test]
    fn term_ranges_cover_every_entry_once_within_the_bound() {
        let sizes: Vec<usize> = (0..5000).map(|i| 10 + i % 300).collect();
        for target in [100, 4096, 1 << 20] {
            let ranges = cut(&sizes, target);
            assert_eq!(ranges.first().map(|r| r.0), Some(0));
            assert_eq!(ranges.last().map(|r| r.1), Some(sizes.len()));
            assert!(ranges.windows(2).all(|w| w[0].1 == w[1].0));
        }
    }

    #[test]
    fn data_files_are_named_by_content_and_documents_gzipped() {
        let (name, bytes) = named("d", "gz", gzip(b"[]"));
        assert!(name.starts_with("d.") && name.ends_with(".gz"), "{name}");
        assert!(bytes.starts_with(&[0x1f, 0x8b]));
        assert_eq!(gunzip(&bytes).unwrap(), b"[]");
        assert_ne!(name, named("d", "gz", gzip(b"[1]")).0);
        assert_eq!(
            gunzip(b"plain").unwrap(),
            b"plain",
            "already inflated by the host"
        );
    }
}
