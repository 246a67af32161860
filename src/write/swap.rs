//! Swapping a finished site into place, and cleaning up after builds that died.
//!
//! A new site is made whole in a staging folder beside the output, then
//! exchanged with the output in one step (`renameat2` with `RENAME_EXCHANGE`
//! on Linux: ext4, XFS, Btrfs, tmpfs, F2FS and others), so at every instant the
//! output path names either the whole old site or the whole new one. Where the
//! file system cannot exchange (some network and FUSE file systems; other
//! operating systems) it falls back to two renames, between which the output
//! path is briefly missing; a build that dies there is undone by the next one.
//!
//! One build at a time writes an output: it holds a lock on a file beside it
//! for the whole build, and, holding it, removes what builds that died left.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::faults;

/// How the new site went in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swapped {
    /// In one step; the old site is now at the staging path.
    Exchanged,
    /// By two renames; the old site is at the path given to [`swap_in`].
    Renamed,
}

/// Puts the folder `staged` at `output`. When `output` exists, the old site
/// ends at `staged` (exchanged) or at `set_aside` (renamed), for the caller to
/// remove. If it fails, `output` is as it was.
pub fn swap_in(staged: &Path, output: &Path, set_aside: &Path) -> io::Result<Swapped> {
    faults::step("swap")?;
    if exchange(staged, output)? {
        return Ok(Swapped::Exchanged);
    }
    fs::rename(output, set_aside)?;
    faults::step("swap, second rename")
        .and_then(|()| fs::rename(staged, output))
        .or_else(|e| {
            // Put the old site back, so that the output is as it was.
            fs::rename(set_aside, output)?;
            Err(e)
        })?;
    Ok(Swapped::Renamed)
}

/// Exchanges two paths in one step; `Ok(false)` where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path holds a NUL byte"))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        // The file system (or an old kernel) does not know the flag.
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => Ok(false),
        _ => Err(error),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// The lock that makes one build at a time write an output; released on drop
/// (and by the system when the process dies).
pub struct OutputLock {
    _file: fs::File,
}

/// Waits for the output's lock; then, holding it, tidies what earlier builds
/// left beside the output and makes `staging` the folder the new site is made
/// in. An old site set aside by a fallback swap goes back first if the output
/// is missing. When the output exists, the previous site kept beside it
/// (`.public.previous`), or failing that a staging folder of a build that
/// died, becomes `staging`: most of its files are already links to the
/// output's, so completing the new site there takes only the changes. Every
/// other leftover is removed. Returns the lock, and whether `staging` starts
/// with files in it.
pub fn lock_and_adopt(
    output: &Path,
    lock_path: &Path,
    staging: &Path,
) -> io::Result<(OutputLock, bool)> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path)?;
    lock_file(&file)?;
    let lock = OutputLock { _file: file };
    let mut adopted = false;
    for (path, kind) in leftovers(output)? {
        if kind == Leftover::SetAside && !output.exists() {
            fs::rename(&path, output)?;
        } else if !adopted && output.is_dir() && fs::rename(&path, staging).is_ok() {
            adopted = true;
        } else {
            remove_folder(&path)?;
        }
    }
    if !adopted {
        fs::create_dir(staging)?;
    }
    Ok((lock, adopted))
}

/// Keeps `site`, the whole previous site or a folder a build gave up, beside
/// the output for the next build to start from (see [`lock_and_adopt`]).
pub fn keep_as_previous(output: &Path, site: &Path) -> io::Result<()> {
    let previous = super::beside(output, PREVIOUS);
    remove_folder(&previous)?;
    fs::rename(site, previous)
}

/// Removes a folder and everything in it; a missing one is no error.
pub fn remove_folder(path: &Path) -> io::Result<()> {
    fs::remove_dir_all(path).or_else(|e| match e.kind() {
        io::ErrorKind::NotFound => Ok(()),
        _ => Err(e),
    })
}

/// The name (after `.public.`) of the previous site kept beside the output.
pub const PREVIOUS: &str = "previous";

/// Takes an exclusive lock on `file`, waiting for it.
#[cfg(unix)]
fn lock_file(file: &fs::File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    loop {
        // SAFETY: the descriptor is open for as long as `file` lives.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
            return Ok(());
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

#[cfg(not(unix))]
fn lock_file(_file: &fs::File) -> io::Result<()> {
    Ok(())
}

/// What an earlier build left beside the output, in the order they are looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Leftover {
    SetAside,
    Previous,
    Staging,
}

/// Staging folders, set-aside sites and the previous site of `output`'s
/// builds, found beside it.
fn leftovers(output: &Path) -> io::Result<Vec<(PathBuf, Leftover)>> {
    let previous = super::beside(output, PREVIOUS);
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().to_string());
    let (Some(previous_name), Some(staging), Some(set_aside)) = (
        name(&previous),
        name(&super::beside(output, "staging-")),
        name(&super::beside(output, "old-")),
    ) else {
        return Ok(Vec::new());
    };
    let entries = match fs::read_dir(previous.parent().unwrap_or(Path::new("."))) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_string();
        let kind = if name == previous_name {
            Leftover::Previous
        } else if name.starts_with(&staging) {
            Leftover::Staging
        } else if name.starts_with(&set_aside) {
            Leftover::SetAside
        } else {
            continue;
        };
        if entry.file_type()?.is_dir() {
            found.push((entry.path(), kind));
        }
    }
    // A set-aside site goes back first; the previous site is adopted before
    // any staging folder.
    found.sort_by_key(|(_, kind)| *kind);
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_exchanges_and_leaves_the_old_site_at_the_staging_path() {
        let tmp = tempfile::tempdir().unwrap();
        let (old, new, aside) = (
            tmp.path().join("public"),
            tmp.path().join(".public.staging-1"),
            tmp.path().join(".public.old-1"),
        );
        fs::create_dir(&old).unwrap();
        fs::write(old.join("a"), "old").unwrap();
        fs::create_dir(&new).unwrap();
        fs::write(new.join("a"), "new").unwrap();
        let how = swap_in(&new, &old, &aside).unwrap();
        assert_eq!(fs::read_to_string(old.join("a")).unwrap(), "new");
        let old_site = match how {
            Swapped::Exchanged => &new,
            Swapped::Renamed => &aside,
        };
        assert_eq!(fs::read_to_string(old_site.join("a")).unwrap(), "old");
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut left: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        left.sort();
        left
    }

    #[test]
    fn leftovers_are_removed_and_a_set_aside_site_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("public");
        let lock = tmp.path().join(".public.lock");
        for name in [".public.staging-41", ".public.staging-42", ".public.old-41"] {
            fs::create_dir(tmp.path().join(name)).unwrap();
            fs::write(tmp.path().join(name).join("f"), name).unwrap();
        }
        fs::create_dir(tmp.path().join("publicity")).unwrap();
        let staging = tmp.path().join(".public.staging-7");
        let (_lock, adopted) = lock_and_adopt(&output, &lock, &staging).unwrap();
        assert_eq!(
            fs::read_to_string(output.join("f")).unwrap(),
            ".public.old-41",
            "the output was missing: the set-aside site is put back"
        );
        assert!(adopted, "a dead build's staging folder is started from");
        assert_eq!(
            names(tmp.path()),
            [".public.lock", ".public.staging-7", "public", "publicity"]
        );
    }

    #[test]
    fn the_previous_site_is_adopted_before_a_dead_builds_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("public");
        fs::create_dir(&output).unwrap();
        for name in [".public.staging-41", ".public.previous"] {
            fs::create_dir(tmp.path().join(name)).unwrap();
            fs::write(tmp.path().join(name).join("f"), name).unwrap();
        }
        let staging = tmp.path().join(".public.staging-7");
        let lock = tmp.path().join(".public.lock");
        let (_lock, adopted) = lock_and_adopt(&output, &lock, &staging).unwrap();
        assert!(adopted);
        assert_eq!(
            fs::read_to_string(staging.join("f")).unwrap(),
            ".public.previous"
        );
        assert_eq!(
            names(tmp.path()),
            [".public.lock", ".public.staging-7", "public"]
        );
        keep_as_previous(&output, &staging).unwrap();
        assert_eq!(
            names(tmp.path()),
            [".public.lock", ".public.previous", "public"]
        );
    }
}
