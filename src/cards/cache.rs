//! Finished cards kept between builds beside the output folder
//! (`.public.card-cache/` for `public/`, as the Markdown and image caches
//! are), one JPEG per key, the key a hash of everything the card is made
//! from (headline or source image, site name, logo, colours, font, size,
//! encoder). A build with nothing changed makes no card, and an output
//! folder made afresh gets its cards as hard links to the cache's files: on
//! the output's own file system, a link costs no copy. A card no build used
//! is removed by [`CardCache::prune`] after a good build.

use std::collections::HashSet;
use std::io;
use std::path::PathBuf;
use std::sync::Mutex;

/// The card cache of one output folder.
pub struct CardCache {
    dir: PathBuf,
    /// False for `check`, which reads the cache but changes nothing on disk.
    writable: bool,
    used: Mutex<HashSet<u64>>,
}

impl CardCache {
    /// The cache in the folder `dir` (made on first write).
    pub fn open(dir: PathBuf) -> CardCache {
        CardCache {
            dir,
            writable: true,
            used: Mutex::new(HashSet::new()),
        }
    }

    /// The cache in `dir`, read but never written or pruned.
    pub fn read_only(dir: PathBuf) -> CardCache {
        CardCache {
            writable: false,
            ..CardCache::open(dir)
        }
    }

    /// The file of the card kept under `key`, if there is one.
    pub fn cached(&self, key: u64) -> Option<PathBuf> {
        self.mark_used(key);
        let file = self.file(key);
        file.is_file().then_some(file)
    }

    /// Keeps `bytes` under `key` and returns its file: written beside and
    /// renamed, so a build killed midway leaves no half card.
    pub fn put(&self, key: u64, bytes: &[u8]) -> io::Result<PathBuf> {
        self.mark_used(key);
        if !self.writable {
            return Err(io::Error::new(
                io::ErrorKind::ReadOnlyFilesystem,
                "the card cache is read only",
            ));
        }
        std::fs::create_dir_all(&self.dir)?;
        let file = self.file(key);
        let partial = file.with_extension(format!("partial{}", std::process::id()));
        std::fs::write(&partial, bytes)?;
        std::fs::rename(&partial, &file)?;
        Ok(file)
    }

    /// Notes that this build uses the card under `key` (kept in the output).
    pub fn mark_used(&self, key: u64) {
        self.used.lock().expect("card cache").insert(key);
    }

    /// Removes the cards this build did not use; returns how many.
    pub fn prune(&self) -> io::Result<usize> {
        if !self.writable {
            return Ok(0);
        }
        let used = self.used.lock().expect("card cache");
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        let mut removed = 0;
        for entry in entries {
            let path = entry?.path();
            let key = path
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| u64::from_str_radix(s, 16).ok());
            let is_card = path.extension().is_some_and(|e| e == "jpg");
            if is_card && key.is_some_and(|k| !used.contains(&k)) {
                std::fs::remove_file(&path)?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    fn file(&self, key: u64) -> PathBuf {
        self.dir.join(format!("{key:016x}.jpg"))
    }
}
