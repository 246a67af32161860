//! A build's output on disk, made whole beside the output folder and swapped in.
//!
//! While pages render, files whose bytes differ from the current output go to
//! a staging folder beside it (`.public.staging-PID`); files that did not
//! change are only noted. The staging folder starts as the previous site, kept
//! beside the output by the last build (`.public.previous`), or empty. The
//! commit completes it into the whole new site (`complete`: unchanged files,
//! and files in the output that monazite did not write, are hard links to the
//! output's), writes the manifest, and exchanges it with the output in one
//! step (`swap`). The old site is then kept as `.public.previous`, so the next
//! commit touches only what changes.
//!
//! Until the exchange nothing in the output has changed (a file in the
//! staging folder that is linked to the output's is replaced, never written
//! into), so a failure or a kill before it leaves the output as it was; the
//! exchange is one step; after it, the output is the whole new site. What a
//! dead build leaves beside the output is reused or removed by the next build
//! (`swap::lock_and_adopt`).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::complete::{Completion, CompletionError, complete};
use super::manifest::{self, MANIFEST_NAME, Manifest, ManifestEntry};
use super::swap::{self, OutputLock, Swapped};
use super::{Sink, beside, faults};
use crate::diag::Diagnostic;

/// Stages a build's files beside the output folder until [`StagedOutput::commit`].
pub struct StagedOutput {
    output: PathBuf,
    staging: PathBuf,
    /// Held from start to end: one build at a time writes this output.
    _lock: OutputLock,
    /// The last good build's manifest (its paths checked: see `manifest`).
    previous: HashMap<String, ManifestEntry>,
    /// Which files of the current output are monazite's own.
    ownership: Ownership,
    /// This build's manifest: every file put or kept (pages with their
    /// fingerprint, other files with 0), so also the list of what it wrote.
    manifest: Mutex<HashMap<String, ManifestEntry>>,
    /// Files written to the staging folder (their bytes changed).
    changed: Mutex<Vec<String>>,
    reused: AtomicUsize,
    /// No output folder yet: every file is new and goes to staging.
    first_build: bool,
    /// The staging folder started empty (not from the previous site).
    starts_empty: bool,
    /// A manifest beside the output, from before manifests moved inside it.
    legacy_manifest: Option<PathBuf>,
    warnings: Vec<Diagnostic>,
}

/// How to tell monazite's files in the current output from anyone else's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ownership {
    /// The manifest lists every file the last build wrote; others are not
    /// monazite's and are carried into the new site untouched.
    Listed,
    /// Every file in the output is taken as monazite's: an old manifest that
    /// listed pages only, or a folder taken over with `--force`.
    All,
}

/// What a committed build changed on disk.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteStats {
    pub files: usize,
    pub changed: usize,
    pub removed: usize,
    /// Pages kept without rendering: same inputs as the last build, file untouched.
    pub reused: usize,
    /// Files in the output that monazite did not write, kept in the new site.
    pub kept_foreign: usize,
    /// Problems that did not stop the build (a manifest line ignored, an old
    /// site that could not be removed after the swap).
    pub warnings: Vec<Diagnostic>,
}

/// A commit that failed. The output is as it was unless `output_unchanged` is false.
#[derive(Debug)]
pub struct CommitError {
    pub diagnostic: Diagnostic,
    pub output_unchanged: bool,
}

impl StagedOutput {
    /// Prepares staging for `output` (which may not exist yet). Waits for any
    /// other build of the same output, and tidies what earlier builds left.
    /// `take_over`: the output's files are all taken as monazite's (`--force`).
    pub fn new(output: &Path, take_over: bool) -> io::Result<StagedOutput> {
        if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)?;
        }
        let staging = beside(output, &format!("staging-{}", std::process::id()));
        let (lock, adopted) = swap::lock_and_adopt(output, &beside(output, "lock"), &staging)?;
        let mut warnings = Vec::new();
        let inside = output.join(MANIFEST_NAME);
        let legacy = beside(output, "manifest");
        let (previous, legacy_manifest) = if !output.is_dir() {
            (None, None)
        } else if let Some(m) = manifest::read(&inside, &shown(&inside), &mut warnings)? {
            (Some(m), None)
        } else {
            let m = manifest::read(&legacy, &shown(&legacy), &mut warnings)?;
            let found = m.is_some().then_some(legacy);
            (m, found)
        };
        let ownership = match &previous {
            Some(m) if m.lists_all && !take_over => Ownership::Listed,
            _ => Ownership::All,
        };
        let Manifest { entries, .. } = previous.unwrap_or_default();
        Ok(StagedOutput {
            output: output.to_path_buf(),
            staging,
            _lock: lock,
            previous: entries,
            ownership,
            manifest: Mutex::default(),
            changed: Mutex::default(),
            reused: AtomicUsize::new(0),
            first_build: !output.exists(),
            starts_empty: !adopted,
            legacy_manifest,
            warnings,
        })
    }

    /// Gives the build up; the output folder is untouched. What the staging
    /// folder holds is kept for the next build to start from.
    pub fn abandon(self) {
        self.retire_staging();
    }

    /// Completes the new site in the staging folder and swaps it in.
    pub fn commit(self) -> Result<WriteStats, CommitError> {
        let result = self.complete_and_swap();
        if result.is_err() {
            self.retire_staging();
        }
        faults::report();
        result
    }

    /// Keeps the staging folder as the next build's start, or removes it
    /// when there is no output for it to be linked with.
    fn retire_staging(&self) {
        if !self.output.is_dir() || swap::keep_as_previous(&self.output, &self.staging).is_err() {
            let _ = swap::remove_folder(&self.staging);
        }
    }

    fn complete_and_swap(&self) -> Result<WriteStats, CommitError> {
        let changed = std::mem::take(&mut *self.changed.lock().expect("changed lock"));
        let manifest = std::mem::take(&mut *self.manifest.lock().expect("manifest lock"));
        let mut stats = WriteStats {
            files: manifest.len(),
            changed: changed.len(),
            reused: self.reused.load(Ordering::Relaxed),
            warnings: self.warnings.clone(),
            ..WriteStats::default()
        };
        if self.ownership == Ownership::Listed && changed.is_empty() && manifest == self.previous {
            // The output already is the new site, manifest and all. A staging
            // folder that started empty holds nothing worth keeping.
            if self.starts_empty {
                let _ = swap::remove_folder(&self.staging);
            } else {
                self.retire_staging();
            }
            return Ok(stats);
        }
        if self.output.exists() {
            let changed: HashSet<&str> = changed.iter().map(String::as_str).collect();
            let is_ours = |rel: &str| self.is_ours(rel);
            let done = complete(&Completion {
                output: &self.output,
                staging: &self.staging,
                manifest: &manifest,
                changed: &changed,
                is_ours: &is_ours,
            })
            .map_err(|e| self.completion_failed(e))?;
            stats.removed = done.removed;
            stats.kept_foreign = done.kept_foreign;
        }
        let manifest_file = self.staging.join(MANIFEST_NAME);
        self.io(
            "write the manifest",
            faults::step("write the manifest").and_then(|()| {
                replace_file(&manifest_file, manifest::render(&manifest).as_bytes())
            }),
        )?;
        if !self.output.exists() {
            self.io(
                "move the new site into place",
                faults::step("rename").and_then(|()| fs::rename(&self.staging, &self.output)),
            )?;
            return Ok(stats);
        }
        let set_aside = beside(&self.output, &format!("old-{}", std::process::id()));
        let swapped = swap::swap_in(&self.staging, &self.output, &set_aside).map_err(|e| {
            let unchanged = self.output.is_dir() && !set_aside.exists();
            CommitError {
                diagnostic: Diagnostic::error(format!(
                    "cannot swap the new site into {}: {e}",
                    shown(&self.output)
                )),
                output_unchanged: unchanged,
            }
        })?;
        // The new site is in place; the old one stays beside it, for the
        // next build to start from.
        let old = match swapped {
            Swapped::Exchanged => &self.staging,
            Swapped::Renamed => &set_aside,
        };
        if let Err(e) = faults::step("keep the old site")
            .and_then(|()| swap::keep_as_previous(&self.output, old))
        {
            stats.warnings.push(
                Diagnostic::warning(format!(
                    "the new site is in place, but the previous one could not be moved from {}: {e}",
                    shown(old)
                ))
                .with_help("the next build removes or reuses it"),
            );
        }
        if let Some(legacy) = &self.legacy_manifest {
            let _ = fs::remove_file(legacy);
        }
        Ok(stats)
    }

    /// The file at `rel` in the current output was written by monazite.
    fn is_ours(&self, rel: &str) -> bool {
        self.ownership == Ownership::All || self.previous.contains_key(rel)
    }

    fn completion_failed(&self, error: CompletionError) -> CommitError {
        match error {
            CompletionError::Io(what, e) => self.failed(format!(
                "cannot {what} in {}: {e}",
                shown(&self.staging)
            )),
            CompletionError::Clash(rel) => self
                .failed(format!(
                    "{} was not written by monazite, and the new site has a file or folder at its place",
                    shown(&self.output.join(rel))
                ))
                .with_help(
                    "move it out of the output folder (files to publish as they are belong in the site's sources), then build again",
                ),
            CompletionError::Vanished(rel) => self.failed(format!(
                "{} disappeared from the output while the build ran",
                shown(&self.output.join(rel))
            )),
        }
    }

    fn failed(&self, message: String) -> CommitError {
        CommitError {
            diagnostic: Diagnostic::error(message),
            output_unchanged: true,
        }
    }

    fn io<T>(&self, what: &str, result: io::Result<T>) -> Result<T, CommitError> {
        result.map_err(|e| self.failed(format!("cannot {what} in {}: {e}", shown(&self.staging))))
    }
}

impl CommitError {
    fn with_help(mut self, help: &str) -> CommitError {
        self.diagnostic = self.diagnostic.with_help(help);
        self
    }
}

impl Sink for StagedOutput {
    fn put_page(&self, file: &str, bytes: &[u8], fingerprint: u64) -> io::Result<()> {
        self.put(file, bytes)?;
        self.keep(file, fingerprint, bytes.len() as u64);
        Ok(())
    }

    fn keep_if_unchanged(&self, file: &str, fingerprint: u64) -> bool {
        let Some(&(previous, size)) = self.previous.get(file) else {
            return false;
        };
        if previous != fingerprint || !self.untouched(file, size) {
            return false;
        }
        self.keep(file, fingerprint, size);
        // Pages are counted; other files kept by fingerprint (social cards) are not.
        if file.ends_with(".html") {
            self.reused.fetch_add(1, Ordering::Relaxed);
        }
        true
    }

    fn keep_folder_if_unchanged(&self, folder: &str, fingerprint: u64) -> bool {
        let files: Vec<(&String, u64)> = self
            .previous
            .iter()
            // Files of the same inputs: a page in the folder has its own fingerprint.
            .filter(|&(file, &(previous, _))| file.starts_with(folder) && previous == fingerprint)
            .map(|(file, &(_, size))| (file, size))
            .collect();
        let unchanged =
            !files.is_empty() && files.iter().all(|&(file, size)| self.untouched(file, size));
        if unchanged {
            for (file, size) in files {
                self.keep(file, fingerprint, size);
            }
        }
        unchanged
    }

    fn expect_folders(&self, folders: &[&str]) {
        // Only a first build stages every page; a rebuild stages few.
        if !self.first_build {
            return;
        }
        for folder in folders {
            let dir = self.staging.join(folder);
            // A parent usually comes before its children, so one call does;
            // a failure here only means `put` makes the folder itself.
            if fs::create_dir(&dir).is_err() {
                let _ = fs::create_dir_all(&dir);
            }
        }
    }

    fn read_back(&self, file: &str) -> Option<Vec<u8>> {
        if !self
            .manifest
            .lock()
            .expect("manifest lock")
            .contains_key(file)
        {
            return None;
        }
        // A file whose bytes changed is in the staging folder; one that did
        // not is still the output's own.
        let staged = self
            .changed
            .lock()
            .expect("changed lock")
            .iter()
            .any(|f| f == file);
        let from = if staged { &self.staging } else { &self.output };
        fs::read(from.join(file)).ok()
    }

    fn put_linked(&self, file: &str, from: &Path, fingerprint: u64) -> io::Result<()> {
        let size = fs::metadata(from)?.len();
        self.keep(file, fingerprint, size);
        if let Some(&(previous, previous_size)) = self.previous.get(file)
            && previous == fingerprint
            && previous_size == size
            && self.untouched(file, size)
        {
            return Ok(());
        }
        // The cache is beside the output, so on its file system: a link
        // costs no copy. Usually the folder is there and the place free.
        let staged = self.staging.join(file);
        if fs::hard_link(from, &staged).is_err() {
            // Made as an empty file first, in place of whatever the previous
            // site had there (a link to the output's file, a folder), so the
            // folders exist; then replaced by the link. A cache elsewhere
            // (another mount) is copied.
            replace_file(&staged, &[])?;
            fs::remove_file(&staged)?;
            if fs::hard_link(from, &staged).is_err() {
                fs::copy(from, &staged)?;
            }
        }
        self.changed
            .lock()
            .expect("changed lock")
            .push(file.to_string());
        Ok(())
    }

    fn put(&self, file: &str, bytes: &[u8]) -> io::Result<()> {
        // Every file is listed (a page then gets its own fingerprint), so the
        // next build finds stale files from the manifest.
        self.keep(file, 0, bytes.len() as u64);
        if !self.first_build {
            let current = self.output.join(file);
            if let Ok(meta) = fs::symlink_metadata(&current)
                && meta.is_file()
                && meta.len() == bytes.len() as u64
                && fs::read(&current)? == bytes
            {
                return Ok(());
            }
        }
        let staged = self.staging.join(file);
        if self.starts_empty {
            write_file(&staged, bytes)?;
        } else {
            // The folder holds the previous site: its file may be a link to
            // the output's, which must not be written through.
            replace_file(&staged, bytes)?;
        }
        self.changed
            .lock()
            .expect("changed lock")
            .push(file.to_string());
        Ok(())
    }
}

impl StagedOutput {
    /// The output file is still there at the size the last build wrote.
    fn untouched(&self, file: &str, size: u64) -> bool {
        fs::symlink_metadata(self.output.join(file)).is_ok_and(|m| m.is_file() && m.len() == size)
    }

    /// Records `file` in this build's manifest (the list of what it wrote).
    fn keep(&self, file: &str, fingerprint: u64, size: u64) {
        self.manifest
            .lock()
            .expect("manifest lock")
            .insert(file.to_string(), (fingerprint, size));
    }
}

/// Writes a new file, making its folder when it is missing. The folder is
/// usually there already (see `expect_folders`): the file is tried first.
fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match fs::write(path, bytes) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            fs::write(path, bytes)
        }
        other => other,
    }
}

/// Writes `bytes` as a new file at `path`, in place of whatever is there
/// (never writing into an existing file, which may be linked elsewhere).
fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path)?,
        Ok(_) => fs::remove_file(path)?,
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) => {}
        Err(e) => return Err(e),
    }
    match write_file(path, bytes) {
        // The previous site has a file where this one has a folder.
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
            if let Some(file) = path
                .ancestors()
                .skip(1)
                .find(|p| fs::symlink_metadata(p).is_ok_and(|m| !m.is_dir()))
            {
                fs::remove_file(file)?;
            }
            write_file(path, bytes)
        }
        other => other,
    }
}

/// A path as messages show it.
fn shown(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `path` under `base`, `/`-separated.
    fn relative(base: &Path, path: &Path) -> String {
        path.strip_prefix(base)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| (relative(dir, e.path()), fs::read(e.path()).unwrap()))
            .filter(|(f, _)| f != MANIFEST_NAME)
            .collect();
        files.sort();
        files
    }

    fn names(dir: &Path) -> Vec<String> {
        tree(dir).into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn stages_only_changes_and_removes_stale() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = StagedOutput::new(&out, false).unwrap();
        first.put("a/index.html", b"one").unwrap();
        first.put("old.html", b"old").unwrap();
        assert!(!out.exists(), "nothing written before commit");
        first.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");

        let second = StagedOutput::new(&out, false).unwrap();
        second.put("a/index.html", b"one").unwrap();
        second.put("b.html", b"new").unwrap();
        let stats = second.commit().unwrap();
        assert_eq!(
            (stats.files, stats.changed, stats.removed, stats.reused),
            (2, 1, 1, 0)
        );
        assert_eq!(names(&out), ["a/index.html", "b.html"]);
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"new");
    }

    #[test]
    fn first_build_makes_expected_folders_ahead_and_others_on_demand() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = StagedOutput::new(&out, false).unwrap();
        first.expect_folders(&["news/a", "page/2", "news", "news/b"]);
        assert!(first.staging.join("page/2").is_dir(), "parents made too");
        first.put("news/a/index.html", b"a").unwrap();
        // Not announced: made when the file is put.
        first.put("tags/x/page/3/index.html", b"x").unwrap();
        first.commit().unwrap();
        assert_eq!(fs::read(out.join("news/a/index.html")).unwrap(), b"a");
        assert_eq!(
            fs::read(out.join("tags/x/page/3/index.html")).unwrap(),
            b"x"
        );

        // A rebuild stages only what changed, so it makes no folders ahead.
        let second = StagedOutput::new(&out, false).unwrap();
        second.expect_folders(&["news/c"]);
        assert!(!second.staging.join("news/c").exists());
        second.abandon();
    }

    #[test]
    fn stale_files_and_their_emptied_folders_go_with_an_old_or_a_full_manifest() {
        for full_manifest in [true, false] {
            let tmp = tempfile::tempdir().unwrap();
            let out = tmp.path().join("public");
            let first = StagedOutput::new(&out, false).unwrap();
            first.put("news/a/index.html", b"a").unwrap();
            first.put("news/b/index.html", b"b").unwrap();
            first.put("tags/x/atom.xml", b"x").unwrap();
            first.commit().unwrap();
            if !full_manifest {
                // A manifest from before every file was listed and before it
                // moved inside the output: beside it, pages only, no header.
                let text = fs::read_to_string(out.join(MANIFEST_NAME)).unwrap();
                let old: String = text.lines().skip(1).map(|l| format!("{l}\n")).collect();
                fs::write(tmp.path().join(".public.manifest"), old).unwrap();
                fs::remove_file(out.join(MANIFEST_NAME)).unwrap();
            }
            let second = StagedOutput::new(&out, false).unwrap();
            second.put("news/a/index.html", b"a").unwrap();
            let stats = second.commit().unwrap();
            assert_eq!(stats.removed, 2, "full manifest: {full_manifest}");
            assert_eq!(names(&out), ["news/a/index.html"]);
            assert!(!out.join("news/b").exists(), "emptied folder removed");
            assert!(
                !out.join("tags").exists(),
                "emptied folders removed up the tree"
            );
            assert!(
                !tmp.path().join(".public.manifest").exists(),
                "old manifest gone"
            );
        }
    }

    #[test]
    fn files_monazite_did_not_write_are_kept_and_a_clash_with_one_fails() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = StagedOutput::new(&out, false).unwrap();
        first.put("index.html", b"home").unwrap();
        first.commit().unwrap();
        fs::write(out.join("CNAME"), "news.example.org").unwrap();
        fs::create_dir(out.join("empty")).unwrap();
        let second = StagedOutput::new(&out, false).unwrap();
        second.put("index.html", b"home 2").unwrap();
        let stats = second.commit().unwrap();
        assert_eq!(stats.kept_foreign, 1);
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "news.example.org"
        );
        assert!(out.join("empty").is_dir());

        let third = StagedOutput::new(&out, false).unwrap();
        third.put("index.html", b"home 2").unwrap();
        third.put("CNAME", b"other").unwrap();
        let error = third.commit().unwrap_err();
        assert!(error.output_unchanged);
        assert!(
            error
                .diagnostic
                .message
                .contains("CNAME was not written by monazite")
        );
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "news.example.org"
        );
        let mut beside: Vec<String> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        beside.sort();
        assert_eq!(
            beside,
            [".public.lock", ".public.previous", "public"],
            "no staging folder left"
        );
    }

    #[test]
    fn a_folder_taken_over_loses_what_the_build_does_not_make() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("docs");
        fs::create_dir_all(out.join("old")).unwrap();
        fs::write(out.join("old/page.html"), "x").unwrap();
        let build = StagedOutput::new(&out, true).unwrap();
        build.put("index.html", b"home").unwrap();
        let stats = build.commit().unwrap();
        assert_eq!(stats.removed, 1);
        assert_eq!(names(&out), ["index.html"]);
    }

    #[test]
    fn abandon_leaves_output_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("keep.html"), b"keep").unwrap();
        let staged = StagedOutput::new(&out, true).unwrap();
        staged.put("keep.html", b"changed").unwrap();
        staged.abandon();
        assert_eq!(fs::read(out.join("keep.html")).unwrap(), b"keep");
        let left: Vec<String> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert!(!left.iter().any(|n| n.contains("staging")), "{left:?}");
    }

    #[test]
    fn every_kept_file_is_the_same_inode_not_a_copy() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = StagedOutput::new(&out, false).unwrap();
        first.put("a/index.html", b"a").unwrap();
        first.put("b.html", b"b").unwrap();
        first.commit().unwrap();
        let before = fs::metadata(out.join("a/index.html")).unwrap().ino();
        let second = StagedOutput::new(&out, false).unwrap();
        second.put("a/index.html", b"a").unwrap();
        second.put("b.html", b"b2").unwrap();
        second.commit().unwrap();
        assert_eq!(
            fs::metadata(out.join("a/index.html")).unwrap().ino(),
            before
        );
        assert_eq!(tree(&out)[1], ("b.html".to_string(), b"b2".to_vec()));
    }

    #[test]
    fn the_previous_site_is_brought_up_to_date_and_never_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let generations: [&[(&str, &[u8])]; 4] = [
            &[
                ("a/index.html", b"a1"),
                ("b/index.html", b"b1"),
                ("c.xml", b"c1"),
            ],
            &[
                ("a/index.html", b"a2"),
                ("b/index.html", b"b1"),
                ("d/e/f.html", b"f"),
            ],
            &[
                ("a/index.html", b"a3"),
                ("b/index.html", b"b1"),
                ("c.xml", b"c3"),
            ],
            &[("a/index.html", b"a3"), ("c.xml", b"c4")],
        ];
        for (n, files) in generations.iter().enumerate() {
            let build = StagedOutput::new(&out, false).unwrap();
            assert_eq!(build.starts_empty, n < 2, "generation {n}");
            for (file, bytes) in files.iter() {
                build.put(file, bytes).unwrap();
            }
            let before: Vec<(String, Vec<u8>)> = if out.exists() { tree(&out) } else { Vec::new() };
            build.commit().unwrap();
            let expected: Vec<(String, Vec<u8>)> = files
                .iter()
                .map(|(f, b)| (f.to_string(), b.to_vec()))
                .collect();
            assert_eq!(tree(&out), expected, "generation {n}");
            // The previous site is the output as it was: nothing was written
            // through a link into it.
            let previous = tmp.path().join(".public.previous");
            if n > 0 {
                assert_eq!(tree(&previous), before, "generation {n}");
            }
        }
        // The last build started from the site of two builds before, which
        // had d/e/f.html: its emptied folders went.
        assert!(!out.join("d").exists(), "emptied folders go");
    }

    #[test]
    fn a_file_of_the_previous_site_where_a_folder_now_is_makes_way() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let generations: [&[(&str, &[u8])]; 3] = [
            &[("a/b", b"a file"), ("c.html", b"c")],
            &[("c.html", b"c2")],
            &[("a/b/index.html", b"now a folder"), ("c.html", b"c3")],
        ];
        for files in generations {
            let build = StagedOutput::new(&out, false).unwrap();
            for (file, bytes) in files {
                build.put(file, bytes).unwrap();
            }
            build.commit().unwrap();
            let expected: Vec<(String, Vec<u8>)> = files
                .iter()
                .map(|(f, b)| (f.to_string(), b.to_vec()))
                .collect();
            assert_eq!(tree(&out), expected);
        }
    }

    #[test]
    fn a_no_change_build_keeps_no_empty_previous_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        for _ in 0..2 {
            let build = StagedOutput::new(&out, false).unwrap();
            build.put("index.html", b"home").unwrap();
            build.commit().unwrap();
        }
        assert!(!tmp.path().join(".public.previous").exists());
    }
}
