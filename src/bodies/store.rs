//! Where article bodies wait between the body stage and rendering pages.
//!
//! A build renders every body's Markdown right after loading (summaries,
//! reading times and fingerprints need it), but uses the HTML only later, once for the
//! article's page and once for the search index. At 100,000 articles that HTML
//! is over a gigabyte, so past a budget held in memory, bodies go to a
//! temporary file of the build's own and are read back when they are used.
//! When the build keeps a Markdown cache, the bodies are already in the
//! cache's file, so the store only points into it and writes nothing.
//! Small sites never touch the file. `serve` and `check` hold every body.

use std::fs::File;
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use super::at_offset::{read_at, write_at};
use crate::content::{BodyHtml, StoredBodies};

/// Bytes of body HTML held in memory before bodies go to the file: enough for
/// a newsroom of about 12,000 articles. Reading a body back costs a copy from
/// the kernel and a fresh allocation, three times (page, feed, search index).
pub const DEFAULT_BUDGET: usize = 160 * 1024 * 1024;

/// Bodies past the memory budget, in an unnamed temporary file or in the
/// Markdown cache's file.
#[derive(Debug)]
pub struct BodyStore {
    file: File,
    /// The file is the Markdown cache's: bodies are found there, never written.
    shared: bool,
    /// Where the file was made; removed at once on Unix, on drop elsewhere.
    #[cfg_attr(unix, allow(dead_code))]
    path: PathBuf,
    budget: usize,
    held: AtomicUsize,
    end: AtomicU64,
}

impl BodyStore {
    /// A store that holds `budget` bytes of HTML in memory and files the rest
    /// in the system's temporary folder.
    pub fn new(budget: usize) -> io::Result<BodyStore> {
        let path = std::env::temp_dir().join(format!(
            "monazite-bodies-{}-{}",
            std::process::id(),
            STORES.fetch_add(1, Ordering::Relaxed)
        ));
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        // Unix keeps an open file after its name is gone: nothing is left
        // behind, even if the build is killed.
        #[cfg(unix)]
        std::fs::remove_file(&path)?;
        Ok(BodyStore {
            file,
            shared: false,
            path,
            budget,
            held: AtomicUsize::new(0),
            end: AtomicU64::new(0),
        })
    }

    /// A store over a file that already holds every body (the Markdown
    /// cache's): past the budget, [`BodyStore::keep`] points into it.
    pub fn over(file: File, budget: usize) -> BodyStore {
        BodyStore {
            file,
            shared: true,
            path: PathBuf::new(),
            budget,
            held: AtomicUsize::new(0),
            end: AtomicU64::new(0),
        }
    }

    /// Keeps `html`: in memory while under the budget, else in the file.
    /// `in_file` is where the file already has these bytes, if it does; a
    /// store over a shared file keeps in memory what the file does not have.
    pub fn keep(&self, html: String, in_file: Option<u64>) -> io::Result<BodyHtml> {
        let held = self.held.fetch_add(html.len(), Ordering::Relaxed);
        if held + html.len() <= self.budget {
            return Ok(BodyHtml::Held(html));
        }
        if let Some(offset) = in_file {
            self.held.fetch_sub(html.len(), Ordering::Relaxed);
            return Ok(BodyHtml::Stored {
                offset,
                len: html.len(),
            });
        }
        if self.shared {
            return Ok(BodyHtml::Held(html));
        }
        self.held.fetch_sub(html.len(), Ordering::Relaxed);
        let offset = self.end.fetch_add(html.len() as u64, Ordering::Relaxed);
        write_at(&self.file, html.as_bytes(), offset)?;
        Ok(BodyHtml::Stored {
            offset,
            len: html.len(),
        })
    }
}

impl StoredBodies for BodyStore {
    fn read(&self, offset: u64, len: usize) -> io::Result<String> {
        let mut bytes = vec![0; len];
        read_at(&self.file, &mut bytes, offset)?;
        String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

#[cfg(not(unix))]
impl Drop for BodyStore {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

static STORES: AtomicUsize = AtomicUsize::new(0);

#[cfg(test)]
mod tests {
    use super::*;

    fn read(store: &BodyStore, body: &BodyHtml) -> String {
        match body {
            BodyHtml::Held(html) => html.clone(),
            &BodyHtml::Stored { offset, len } => store.read(offset, len).unwrap(),
        }
    }

    #[test]
    fn holds_under_the_budget_and_files_the_rest() {
        let store = BodyStore::new(10).unwrap();
        let small = store.keep("<p>a</p>".into(), None).unwrap();
        assert!(matches!(&small, BodyHtml::Held(html) if html == "<p>a</p>"));
        let big = store.keep("<p>héllo wörld</p>".into(), None).unwrap();
        assert!(
            matches!(big, BodyHtml::Stored { .. }),
            "over the budget: filed"
        );
        let other = store.keep("<p>two</p>".into(), None).unwrap();
        assert_eq!(read(&store, &big), "<p>héllo wörld</p>");
        assert_eq!(read(&store, &other), "<p>two</p>");
        assert_eq!(read(&store, &small), "<p>a</p>");
    }

    #[test]
    fn a_zero_budget_files_everything_from_many_threads() {
        use rayon::prelude::*;
        let store = BodyStore::new(0).unwrap();
        let bodies: Vec<(String, BodyHtml)> = (0..500)
            .into_par_iter()
            .map(|i| {
                let html = format!("<p>article {i}</p>").repeat(i % 7 + 1);
                (html.clone(), store.keep(html, None).unwrap())
            })
            .collect();
        for (html, body) in &bodies {
            assert!(matches!(body, BodyHtml::Stored { .. }));
            assert_eq!(read(&store, body), html.as_str());
        }
    }
}
