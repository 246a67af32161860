//! Where outputs go. `build` stages a whole new site beside the output folder
//! and swaps it in only when every page has rendered (`staged`, `swap`): a
//! failed or killed build leaves the output exactly as it was, and at no
//! instant is the output part old and part new. `serve` keeps outputs in
//! memory instead ([`MemorySink`]).
//!
//! The output folder is the newsroom's to publish, not a scratch space: a
//! build refuses a folder that holds the site's sources or files monazite did
//! not write (`guard`), never removes a file it did not write, and reads its
//! own manifest back as untrusted input (`manifest`).

mod complete;
mod faults;
pub mod guard;
pub mod manifest;
mod staged;
mod swap;

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use staged::{CommitError, StagedOutput, WriteStats};

/// Receives output files; implementations are shared across render threads.
pub trait Sink: Sync {
    /// Stores `bytes` at `file` (relative to the output root, `/`-separated).
    fn put(&self, file: &str, bytes: &[u8]) -> io::Result<()>;

    /// Stores a page whose HTML was made from inputs with this `fingerprint`.
    fn put_page(&self, file: &str, bytes: &[u8], _fingerprint: u64) -> io::Result<()> {
        self.put(file, bytes)
    }

    /// Keeps `file` as it is when the last build wrote it from inputs with the
    /// same `fingerprint` and it is still there untouched; says whether it did.
    fn keep_if_unchanged(&self, _file: &str, _fingerprint: u64) -> bool {
        false
    }

    /// Keeps every file the last build wrote under `folder` (e.g. `search/`)
    /// from inputs with this `fingerprint`, when all are still there untouched;
    /// says whether it did (if not, the caller makes them all again).
    fn keep_folder_if_unchanged(&self, _folder: &str, _fingerprint: u64) -> bool {
        false
    }

    /// Stores a copy of the file at `from` (a processed image in its cache)
    /// at `file`; `fingerprint` names its content. A sink on disk keeps the
    /// last build's file when the fingerprint is unchanged, and otherwise
    /// links the file in rather than copying it.
    fn put_linked(&self, file: &str, from: &Path, fingerprint: u64) -> io::Result<()> {
        self.put_page(file, &std::fs::read(from)?, fingerprint)
    }

    /// Told, before any page is put, the folders (`/`-separated, relative to
    /// the output root) its pages will go in. A sink on disk may make them
    /// ahead of the pages; the default does nothing.
    fn expect_folders(&self, _folders: &[&str]) {}

    /// The bytes this build put or kept at `file`, read back before the
    /// commit (links to an anchor are checked on the page as it will be
    /// published); `None` when it has no such file.
    fn read_back(&self, _file: &str) -> Option<Vec<u8>> {
        None
    }
}

/// Output kept in memory (for `serve` and tests).
#[derive(Default)]
pub struct MemorySink {
    pub files: Mutex<HashMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn put(&self, file: &str, bytes: &[u8]) -> io::Result<()> {
        self.files
            .lock()
            .expect("memory sink lock")
            .insert(file.to_string(), bytes.to_vec());
        Ok(())
    }

    fn read_back(&self, file: &str) -> Option<Vec<u8>> {
        self.files
            .lock()
            .expect("memory sink lock")
            .get(file)
            .cloned()
    }
}

/// A file of the build's own beside the output folder: `.public.<what>` for
/// `public/` (the Markdown cache, the lock, staging folders).
pub fn beside(output: &Path, what: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{what}"))
}
