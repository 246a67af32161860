//! Where outputs go. A build never writes over the output folder until every
//! page has rendered: files whose bytes differ from the current output are
//! staged in a sibling folder, then moved into place; files the new build did
//! not produce are removed. A failed build removes its staging folder and
//! leaves the output exactly as it was. `serve` keeps outputs in memory instead.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Receives output files; implementations are shared across render threads.
pub trait Sink: Sync {
    /// Stores `bytes` at `file` (relative to the output root, `/`-separated).
    fn put(&self, file: &str, bytes: &[u8]) -> io::Result<()>;
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
}

/// Stages changed files beside the output folder until [`StagedOutput::commit`].
pub struct StagedOutput {
    output: PathBuf,
    staging: PathBuf,
    written: Mutex<HashSet<String>>,
    changed: Mutex<Vec<String>>,
}

/// What a committed build changed on disk.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub files: usize,
    pub changed: usize,
    pub removed: usize,
}

impl StagedOutput {
    /// Prepares staging for `output` (which may not exist yet).
    pub fn new(output: &Path) -> io::Result<StagedOutput> {
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "public".into());
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        fs::create_dir_all(&staging)?;
        Ok(StagedOutput {
            output: output.to_path_buf(),
            staging,
            written: Mutex::default(),
            changed: Mutex::default(),
        })
    }

    /// Throws the staged files away; the output folder is untouched.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }

    /// Moves staged files into the output and removes files this build did not write.
    pub fn commit(self) -> io::Result<WriteStats> {
        let written = self.written.into_inner().expect("written lock");
        let changed = self.changed.into_inner().expect("changed lock");
        let mut stats = WriteStats {
            files: written.len(),
            changed: changed.len(),
            removed: 0,
        };
        if !self.output.exists() {
            fs::rename(&self.staging, &self.output)?;
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
        stats.removed = remove_stale(&self.output, &written)?;
        fs::remove_dir_all(&self.staging)?;
        Ok(stats)
    }
}

impl Sink for StagedOutput {
    fn put(&self, file: &str, bytes: &[u8]) -> io::Result<()> {
        self.written
            .lock()
            .expect("written lock")
            .insert(file.to_string());
        let current = self.output.join(file);
        if let Ok(meta) = fs::metadata(&current)
            && meta.is_file()
            && meta.len() == bytes.len() as u64
            && fs::read(&current)? == bytes
        {
            return Ok(());
        }
        let staged = self.staging.join(file);
        if let Some(dir) = staged.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(&staged, bytes)?;
        self.changed
            .lock()
            .expect("changed lock")
            .push(file.to_string());
        Ok(())
    }
}

/// Removes files under `output` not in `keep`, then empty folders. Returns files removed.
fn remove_stale(output: &Path, keep: &HashSet<String>) -> io::Result<usize> {
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
        } else if !keep.contains(&rel) {
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
                removed: 1
            }
        );
        assert!(!out.join("old.html").exists());
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"new");
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
