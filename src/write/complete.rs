//! Completing the new site in the staging folder before the swap.
//!
//! When rendering is done, the staging folder holds the files whose bytes
//! changed, and whatever the folder held before: nothing, or the previous
//! site (`swap::lock_and_adopt`), whose files are mostly hard links to the
//! output's. Completing it makes it exactly the new site: every other file of
//! the new site, and every file in the output that monazite did not write, is
//! a hard link to the output's file (the same inode: no bytes are copied, and
//! one already in place is left alone); anything else in it is removed.
//! Nothing here changes the output folder.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::faults;
use super::manifest::{MANIFEST_NAME, ManifestEntry};

/// What to make of the staging folder.
pub struct Completion<'a> {
    pub output: &'a Path,
    pub staging: &'a Path,
    /// Every file of the new site.
    pub manifest: &'a HashMap<String, ManifestEntry>,
    /// Files of the new site already written to the staging folder.
    pub changed: &'a HashSet<&'a str>,
    /// Whether a file in the output was written by monazite (else it is kept).
    pub is_ours: &'a (dyn Fn(&str) -> bool + Sync),
}

/// What completing found.
#[derive(Debug, Default)]
pub struct Completed {
    /// monazite's files in the output that the new site no longer has.
    pub removed: usize,
    /// Files in the output that monazite did not write, kept in the new site.
    pub kept_foreign: usize,
}

/// Why the staging folder could not be completed.
#[derive(Debug)]
pub enum CompletionError {
    /// A file system call failed: what it was doing, and the error.
    Io(&'static str, io::Error),
    /// A file monazite did not write is where the new site has a file or folder.
    Clash(String),
    /// A file the new site keeps from the output is no longer there.
    Vanished(String),
}

impl From<walkdir::Error> for CompletionError {
    fn from(e: walkdir::Error) -> CompletionError {
        CompletionError::Io("read a folder", io::Error::other(e))
    }
}

/// One entry of a walk: its path under the walked folder and its inode.
struct Entry {
    rel: String,
    inode: u64,
}

/// A walk of a site folder: files (and links) with their inodes, and the
/// folders that hold nothing.
#[derive(Default)]
struct Listing {
    files: Vec<Entry>,
    empty_folders: Vec<String>,
}

/// Makes the staging folder exactly the new site.
pub fn complete(plan: &Completion<'_>) -> Result<Completed, CompletionError> {
    let (output, staging) = rayon::join(|| list(plan.output), || list(plan.staging));
    let (output, staging) = (output?, staging?);
    let mut done = Completed::default();
    // Each file the new site takes from the output, with its inode there.
    let mut wanted: HashMap<&str, u64> = HashMap::with_capacity(output.files.len());
    for Entry { rel, inode } in &output.files {
        if rel == MANIFEST_NAME {
            continue;
        }
        let ours = (plan.is_ours)(rel);
        if plan.changed.contains(rel.as_str()) {
            if !ours {
                return Err(CompletionError::Clash(rel.clone()));
            }
        } else if plan.manifest.contains_key(rel) {
            wanted.insert(rel, *inode);
        } else if ours {
            done.removed += 1;
        } else {
            wanted.insert(rel, *inode);
            done.kept_foreign += 1;
        }
    }
    let expected = plan.manifest.len() - plan.changed.len();
    let taken = wanted.len() - done.kept_foreign;
    if taken < expected {
        let vanished = plan
            .manifest
            .keys()
            .find(|f| !plan.changed.contains(f.as_str()) && !wanted.contains_key(f.as_str()));
        return Err(CompletionError::Vanished(
            vanished.cloned().unwrap_or_default(),
        ));
    }

    // What the staging folder already holds: kept when it is the output's
    // file itself, removed when it is anything else.
    let mut emptied: HashSet<PathBuf> = HashSet::new();
    for Entry { rel, inode } in &staging.files {
        if plan.changed.contains(rel.as_str()) {
            continue;
        }
        if wanted.get(rel.as_str()) == Some(inode) {
            wanted.remove(rel.as_str());
            continue;
        }
        let path = plan.staging.join(rel);
        step("remove a file that is not the new site's", || {
            fs::remove_file(&path)
        })?;
        emptied.extend(path.parent().map(Path::to_path_buf));
    }

    // Folders left empty (and folders that were empty) go, deepest first,
    // unless the output has them empty too (someone else's).
    let keep_empty: HashSet<&str> = output.empty_folders.iter().map(String::as_str).collect();
    let mut candidates: Vec<PathBuf> = emptied
        .into_iter()
        .chain(staging.empty_folders.iter().map(|f| plan.staging.join(f)))
        .flat_map(|dir| {
            dir.ancestors()
                .take_while(|d| *d != plan.staging)
                .map(Path::to_path_buf)
                .collect::<Vec<_>>()
        })
        .collect::<HashSet<_>>()
        .into_iter()
        .filter(|d| {
            let rel = d.strip_prefix(plan.staging).unwrap_or(d).to_string_lossy();
            !keep_empty.contains(rel.as_ref())
        })
        .collect();
    candidates.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for dir in candidates {
        if fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_none()) {
            step("remove an emptied folder", || fs::remove_dir(&dir))?;
        }
    }

    // The rest of the new site, linked in from the output.
    let mut links: Vec<(&str, u64)> = wanted.into_iter().collect();
    links.sort_unstable();
    for (rel, _) in links {
        link(&plan.output.join(rel), &plan.staging.join(rel)).map_err(|e| match e {
            CompletionError::Io(_, ref io) if io.kind() == io::ErrorKind::AlreadyExists => {
                CompletionError::Clash(rel.to_string())
            }
            other => other,
        })?;
    }
    for folder in &output.empty_folders {
        if !(plan.is_ours)(folder) {
            let dir = plan.staging.join(folder);
            step("make a folder", || fs::create_dir_all(&dir))?;
        }
    }
    Ok(done)
}

/// Runs one file operation of the commit, through the fault hooks.
fn step<T>(what: &'static str, op: impl FnOnce() -> io::Result<T>) -> Result<T, CompletionError> {
    faults::step(what)
        .and_then(|()| op())
        .map_err(|e| CompletionError::Io(what, e))
}

/// Hard-links `from` to `to`, making `to`'s folder when it is missing.
fn link(from: &Path, to: &Path) -> Result<(), CompletionError> {
    let first = step("link a file into the new site", || fs::hard_link(from, to));
    match first {
        Err(CompletionError::Io(_, e)) if e.kind() == io::ErrorKind::NotFound && from.exists() => {
            if let Some(dir) = to.parent() {
                step("make a folder", || fs::create_dir_all(dir))?;
            }
            step("link a file into the new site", || fs::hard_link(from, to))
        }
        other => other,
    }
}

/// Every entry under `dir` (missing: none), with inodes as the folder lists them.
fn list(dir: &Path) -> Result<Listing, CompletionError> {
    use walkdir::DirEntryExt;
    let mut listing = Listing::default();
    // A folder is empty when the walk's next entry is not inside it (the walk
    // yields a folder, then what it holds).
    let mut last_folder: Option<(String, usize)> = None;
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = match entry {
            Err(e)
                if e.io_error()
                    .is_some_and(|io| io.kind() == io::ErrorKind::NotFound) =>
            {
                continue;
            }
            other => other?,
        };
        if let Some((folder, depth)) = last_folder.take()
            && entry.depth() <= depth
        {
            listing.empty_folders.push(folder);
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if entry.file_type().is_dir() {
            last_folder = Some((rel, entry.depth()));
        } else {
            listing.files.push(Entry {
                rel,
                inode: entry.ino(),
            });
        }
    }
    listing
        .empty_folders
        .extend(last_folder.map(|(folder, _)| folder));
    Ok(listing)
}
