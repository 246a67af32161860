//! Where outputs go. A build never writes over the output folder until every
//! page has rendered: files whose bytes differ from the current output are
//! staged in a sibling folder, then moved into place; files the new build did
//! not produce are removed. A failed build removes its staging folder and
//! leaves the output exactly as it was. `serve` keeps outputs in memory instead.
//!
//! Beside the output, a manifest (`.public.manifest`) records each page's
//! fingerprint and size from the last good build, so that the next build can
//! keep a page without rendering it when neither its inputs nor the file on
//! disk changed. A missing or unreadable manifest only means more rendering.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

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

    /// Told, before any page is put, the folders (`/`-separated, relative to
    /// the output root) its pages will go in. A sink on disk may make them
    /// ahead of the pages; the default does nothing.
    fn expect_folders(&self, _folders: &[&str]) {}
}

/// A page's fingerprint and size as the last good build wrote it.
type ManifestEntry = (u64, u64);

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
}

/// Stages changed files beside the output folder until [`StagedOutput::commit`].
pub struct StagedOutput {
    output: PathBuf,
    staging: PathBuf,
    manifest_path: PathBuf,
    /// The last good build's manifest.
    previous: HashMap<String, ManifestEntry>,
    /// The last manifest lists every file of its build (not only pages), so
    /// stale files are found from it without walking the output.
    previous_lists_all: bool,
    /// This build's manifest: every file put or kept (pages with their
    /// fingerprint, other files with 0), so also the list of what it wrote.
    manifest: Mutex<HashMap<String, ManifestEntry>>,
    changed: Mutex<Vec<String>>,
    reused: AtomicUsize,
    /// No output folder yet: every file is new and goes to staging.
    first_build: bool,
}

/// What a committed build changed on disk.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub files: usize,
    pub changed: usize,
    pub removed: usize,
    /// Pages kept without rendering: same inputs as the last build, file untouched.
    pub reused: usize,
}

/// A file of the build's own beside the output folder: `.public.<what>` for
/// `public/` (the manifest, the Markdown cache, the staging folder).
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

impl StagedOutput {
    /// Prepares staging for `output` (which may not exist yet).
    pub fn new(output: &Path) -> io::Result<StagedOutput> {
        let staging = beside(output, &format!("staging-{}", std::process::id()));
        if let Some(parent) = staging.parent() {
            fs::create_dir_all(parent)?;
        }
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        fs::create_dir_all(&staging)?;
        let manifest_path = beside(output, "manifest");
        let (previous, previous_lists_all) = if output.is_dir() {
            fs::read_to_string(&manifest_path)
                .map(|text| {
                    let lists_all = text.starts_with(MANIFEST_HEADER);
                    (parse_manifest(&text), lists_all)
                })
                .unwrap_or_default()
        } else {
            (HashMap::new(), false)
        };
        Ok(StagedOutput {
            output: output.to_path_buf(),
            staging,
            manifest_path,
            previous,
            previous_lists_all,
            manifest: Mutex::default(),
            changed: Mutex::default(),
            reused: AtomicUsize::new(0),
            first_build: !output.exists(),
        })
    }

    /// Throws the staged files away; the output folder is untouched.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }

    /// Moves staged files into the output and removes files this build did not write.
    pub fn commit(self) -> io::Result<WriteStats> {
        let changed = self.changed.into_inner().expect("changed lock");
        let manifest = self.manifest.into_inner().expect("manifest lock");
        let mut stats = WriteStats {
            files: manifest.len(),
            changed: changed.len(),
            removed: 0,
            reused: self.reused.into_inner(),
        };
        // The old manifest goes first: if anything below fails, the next build
        // renders everything rather than trust a half-applied manifest.
        let _ = fs::remove_file(&self.manifest_path);
        if !self.output.exists() {
            fs::rename(&self.staging, &self.output)?;
            write_manifest(&self.manifest_path, &manifest)?;
            return Ok(stats);
        }
        for file in &changed {
            let to = self.output.join(file);
            if let Some(dir) = to.parent() {
                if dir.is_file() {
                    fs::remove_file(dir)?;
                }
                fs::create_dir_all(dir)?;
            }
            if to.is_dir() {
                fs::remove_dir_all(&to)?;
            }
            fs::rename(self.staging.join(file), &to)?;
        }
        stats.removed = if self.previous_lists_all {
            let stale = self.previous.keys().filter(|f| !manifest.contains_key(*f));
            remove_listed(&self.output, stale)?
        } else {
            remove_stale(&self.output, &manifest)?
        };
        fs::remove_dir_all(&self.staging)?;
        write_manifest(&self.manifest_path, &manifest)?;
        Ok(stats)
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
        self.reused.fetch_add(1, Ordering::Relaxed);
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

    fn put(&self, file: &str, bytes: &[u8]) -> io::Result<()> {
        // Every file is listed (a page then gets its own fingerprint), so the
        // next build finds stale files from the manifest.
        self.keep(file, 0, bytes.len() as u64);
        if !self.first_build {
            let current = self.output.join(file);
            if let Ok(meta) = fs::metadata(&current)
                && meta.is_file()
                && meta.len() == bytes.len() as u64
                && fs::read(&current)? == bytes
            {
                return Ok(());
            }
        }
        let staged = self.staging.join(file);
        // The folder is usually there already (see `expect_folders`): try the
        // file first, and make the folder only when it is missing.
        match fs::write(&staged, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(dir) = staged.parent() {
                    fs::create_dir_all(dir)?;
                }
                fs::write(&staged, bytes)?;
            }
            other => other?,
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
        fs::metadata(self.output.join(file)).is_ok_and(|m| m.is_file() && m.len() == size)
    }

    /// Records `file` in this build's manifest (the list of what it wrote).
    fn keep(&self, file: &str, fingerprint: u64, size: u64) {
        self.manifest
            .lock()
            .expect("manifest lock")
            .insert(file.to_string(), (fingerprint, size));
    }
}

/// `fingerprint size path` lines; anything unreadable is skipped (it renders again).
/// The first line of a manifest that lists every file of its build.
const MANIFEST_HEADER: &str = "# monazite manifest 2: fingerprint (0 if not a page), size, file\n";

fn parse_manifest(text: &str) -> HashMap<String, ManifestEntry> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, ' ');
            let fingerprint = u64::from_str_radix(parts.next()?, 16).ok()?;
            let size = parts.next()?.parse().ok()?;
            Some((parts.next()?.to_string(), (fingerprint, size)))
        })
        .collect()
}

/// Writes the manifest through a temporary file, so it is whole or absent.
fn write_manifest(path: &Path, manifest: &HashMap<String, ManifestEntry>) -> io::Result<()> {
    let mut lines: Vec<String> = manifest
        .iter()
        .map(|(file, (fingerprint, size))| format!("{fingerprint:016x} {size} {file}\n"))
        .collect();
    lines.sort();
    let temporary = path.with_extension("manifest-new");
    fs::write(
        &temporary,
        [MANIFEST_HEADER.to_string()].concat() + &lines.concat(),
    )?;
    fs::rename(&temporary, path)
}

/// Removes the listed files (relative to `output`) where they still exist, and
/// the folders they leave empty. Returns files removed.
fn remove_listed<'a>(output: &Path, stale: impl Iterator<Item = &'a String>) -> io::Result<usize> {
    let mut removed = 0;
    let mut folders = HashSet::new();
    for file in stale {
        let path = output.join(file);
        match fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        }
        let mut folder = path.parent();
        while let Some(dir) = folder.filter(|d| *d != output) {
            folders.insert(dir.to_path_buf());
            folder = dir.parent();
        }
    }
    // Deepest first, so a folder is empty once its subfolders are gone.
    let mut folders: Vec<PathBuf> = folders.into_iter().collect();
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for dir in folders {
        if fs::read_dir(&dir).is_ok_and(|mut entries| entries.next().is_none()) {
            fs::remove_dir(&dir)?;
        }
    }
    Ok(removed)
}

/// Removes files under `output` not in `keep`, then empty folders. Returns files removed.
fn remove_stale(output: &Path, keep: &HashMap<String, ManifestEntry>) -> io::Result<usize> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(output).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry
            .path()
            .strip_prefix(output)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else if !keep.contains_key(&rel) {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    for dir in dirs.iter().rev() {
        if fs::read_dir(dir)?.next().is_none() {
            fs::remove_dir(dir)?;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_only_changes_and_removes_stale() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = StagedOutput::new(&out).unwrap();
        first.put("a/index.html", b"one").unwrap();
        first.put("old.html", b"old").unwrap();
        assert!(!out.exists(), "nothing written before commit");
        first.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");

        let second = StagedOutput::new(&out).unwrap();
        second.put("a/index.html", b"one").unwrap();
        second.put("b.html", b"new").unwrap();
        let stats = second.commit().unwrap();
        assert_eq!(
            stats,
            WriteStats {
                files: 2,
                changed: 1,
                removed: 1,
                reused: 0
            }
        );
        assert!(!out.join("old.html").exists());
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"new");
    }

    #[test]
    fn first_build_makes_expected_folders_ahead_and_others_on_demand() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = StagedOutput::new(&out).unwrap();
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
        let second = StagedOutput::new(&out).unwrap();
        second.expect_folders(&["news/c"]);
        assert!(!second.staging.join("news/c").exists());
        second.abandon();
    }

    #[test]
    fn stale_files_and_their_emptied_folders_go_with_or_without_a_full_manifest() {
        for full_manifest in [true, false] {
            let tmp = tempfile::tempdir().unwrap();
            let out = tmp.path().join("public");
            let first = StagedOutput::new(&out).unwrap();
            first.put("news/a/index.html", b"a").unwrap();
            first.put("news/b/index.html", b"b").unwrap();
            first.put("tags/x/atom.xml", b"x").unwrap();
            first.commit().unwrap();
            let manifest = tmp.path().join(".public.manifest");
            if !full_manifest {
                // A manifest from before every file was listed: pages only, no header.
                let text = fs::read_to_string(&manifest).unwrap();
                let old: String = text.lines().skip(1).map(|l| format!("{l}\n")).collect();
                fs::write(&manifest, old).unwrap();
            }
            let second = StagedOutput::new(&out).unwrap();
            assert_eq!(second.previous_lists_all, full_manifest);
            second.put("news/a/index.html", b"a").unwrap();
            let stats = second.commit().unwrap();
            assert_eq!(stats.removed, 2, "full manifest: {full_manifest}");
            assert!(out.join("news/a/index.html").is_file());
            assert!(!out.join("news/b").exists(), "emptied folder removed");
            assert!(
                !out.join("tags").exists(),
                "emptied folders removed up the tree"
            );
        }
    }

    #[test]
    fn abandon_leaves_output_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("keep.html"), b"keep").unwrap();
        let staged = StagedOutput::new(&out).unwrap();
        staged.put("keep.html", b"changed").unwrap();
        staged.abandon();
        assert_eq!(fs::read(out.join("keep.html")).unwrap(), b"keep");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
