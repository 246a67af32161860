//! Site search that works on any static host: an inverted index built here, at
//! build time, and written under `/search/` as a few bounded-size files that
//! the browser fetches on demand (`search.js` beside this file, shipped with
//! the index as `/search/search.js`). No service, no file per article.
//! docs/search.md records the design and its numbers.
//!
//! [`text`] turns text into terms (the script repeats its rules), [`index`]
//! builds the postings, [`encode`] writes posting lists compactly, [`files`]
//! cuts everything into files and [`query`] reads them back and ranks, as the
//! script does.

pub mod encode;
pub mod files;
pub mod index;
pub mod query;
pub mod text;

use std::collections::HashMap;

use crate::content::Library;
use crate::routes::{article_path, file_of_path, search_index_path};
use crate::text::slug::tag_slug;

use super::OutputFile;
use files::{DocRecord, IndexInput};
use index::{BodyHtml, InvertedIndex, SearchDoc};

/// The index files of the site, under `search/`.
pub fn output_files(library: &Library) -> Vec<OutputFile> {
    index_files(library)
        .into_iter()
        .map(|(name, bytes)| OutputFile {
            file: file_of_path(&search_index_path(&name)),
            bytes,
        })
        .collect()
}

/// What the index is made from, as a number: every field [`index_files`] reads,
/// so that a rebuild can keep the index files when it is unchanged (building
/// the index reads every word of every article).
pub fn fingerprint(library: &Library) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::hash::StableHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    SCRIPT_SOURCE.hash(&mut hasher);
    for a in &library.articles {
        (a.draft, a.scheduled, &a.slug, &a.title, &a.author).hash(&mut hasher);
        (
            a.date.at.date().to_string(),
            &a.summary,
            &a.highlights,
            &a.tags,
        )
            .hash(&mut hasher);
        a.body_hash.hash(&mut hasher);
    }
    for (key, author) in &library.authors {
        (key, &author.name).hash(&mut hasher);
    }
    for tag in &library.tags {
        (&tag.name, &tag.slug).hash(&mut hasher);
    }
    hasher.finish()
}

/// The index files of a library: (name under `search/`, bytes). Every
/// published article is indexed, newest first; drafts and scheduled articles
/// (present only in `--drafts` builds) are not.
pub fn index_files(library: &Library) -> Vec<(String, Vec<u8>)> {
    let articles: Vec<&crate::content::model::Article> = library
        .articles
        .iter()
        .filter(|a| !a.draft && !a.scheduled)
        .collect();
    let author_names: HashMap<&str, &str> = library
        .authors
        .values()
        .map(|a| (a.key.as_str(), a.name.as_str()))
        .collect();
    let docs: Vec<SearchDoc<'_>> = articles
        .iter()
        .map(|&a| {
            let mut meta: Vec<&str> = a.tags.iter().map(String::as_str).collect();
            meta.extend(author_names.get(a.author.as_str()));
            let mut summary = vec![a.summary.as_str()];
            summary.extend(a.highlights.iter().map(String::as_str));
            SearchDoc {
                title: &a.title,
                meta,
                summary,
                body_html: BodyHtml::Article(library, a),
            }
        })
        .collect();
    let index = InvertedIndex::build(&docs);

    let authors: Vec<String> = library.authors.values().map(|a| a.name.clone()).collect();
    let author_position: HashMap<&str, u32> = library
        .authors
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i as u32))
        .collect();
    let tags: Vec<(String, String)> = library
        .tags
        .iter()
        .map(|t| (t.name.clone(), t.slug.clone()))
        .collect();
    let tag_position: HashMap<&str, u32> = library
        .tags
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.as_str(), i as u32))
        .collect();
    let mut tag_docs = vec![Vec::new(); tags.len()];
    let records: Vec<DocRecord> = articles
        .iter()
        .enumerate()
        .map(|(id, a)| {
            let mut positions: Vec<u32> = a
                .tags
                .iter()
                .filter_map(|t| tag_position.get(tag_slug(t).as_str()).copied())
                .collect();
            positions.dedup();
            for &p in &positions {
                tag_docs[p as usize].push(id as u32);
            }
            DocRecord(
                a.title.clone(),
                article_path(&a.slug).trim_start_matches('/').to_string(),
                a.date.at.date().to_julian_day() - UNIX_EPOCH_JULIAN_DAY,
                author_position.get(a.author.as_str()).copied().unwrap_or(0),
                positions,
                crate::text::truncate_words(&a.summary, files::SNIPPET_CHARS),
            )
        })
        .collect();
    let mut files = files::write_files(&IndexInput {
        index: &index,
        records,
        authors,
        tags,
        tag_docs,
    });
    files.push((
        files::SCRIPT.to_string(),
        minified(SCRIPT_SOURCE).into_bytes(),
    ));
    files
}

/// The Julian day of 1970-01-01: records give dates as days since then.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// The browser side, shipped with the index it reads (`/search/search.js`),
/// so that script and format always come from the same monazite.
pub const SCRIPT_SOURCE: &str = include_str!("search.js");

/// The script without its comment lines, indentation and blank lines: a
/// third smaller, and still the same statements line for line (no renaming,
/// nothing that needs a JavaScript parser to be safe). The script keeps every
/// comment on a line of its own for this.
pub fn minified(script: &str) -> String {
    let mut out = String::with_capacity(script.len());
    for line in script.lines().map(str::trim) {
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
