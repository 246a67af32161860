//! Finished cards kept between builds in the site's `.monazite/cache/cards/`,
//! one JPEG per key, the key a hash of everything the card is made from
//! (headline or source image, site name, logo, colours, font, size, encoder).
//! A build with nothing changed makes no card; a card no build used is removed
//! by [`CardCache::prune`] after a good build.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The cache folder of one site.
pub struct CardCache {
    dir: PathBuf,
    used: Mutex<HashSet<u64>>,
}

impl CardCache {
    /// The cache of the site at `root` (the folder is made on first write).
    pub fn open(root: &Path) -> CardCache {
        CardCache {
            dir: root.join(super::CACHE_FOLDER),
            used: Mutex::new(HashSet::new()),
        }
    }

    /// The card kept under `key`, if there is one.
    pub fn get(&self, key: u64) -> Option<Vec<u8>> {
        self.mark_used(key);
        std::fs::read(self.file(key)).ok()
    }

    /// Keeps `bytes` under `key`: written beside and renamed, so a build
    /// killed midway leaves no half card.
    pub fn put(&self, key: u64, bytes: &[u8]) -> io::Result<()> {
        self.mark_used(key);
        std::fs::create_dir_all(&self.dir)?;
        let file = self.file(key);
        let partial = file.with_extension(format!("partial{}", std::process::id()));
        std::fs::write(&partial, bytes)?;
        std::fs::rename(&partial, &file)
    }

    /// Notes that this build uses the card under `key` (kept in the output).
    pub fn mark_used(&self, key: u64) {
        self.used.lock().expect("card cache").insert(key);
    }

    /// Removes the cards this build did not use; returns how many.
    pub fn prune(&self) -> io::Result<usize> {
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
