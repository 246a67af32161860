//! Processed images kept between builds, beside the output folder
//! (`.public.image-cache/` for `public/`, as the Markdown cache is
//! `.public.markdown-cache`): a cleaned output folder keeps it, `monazite
//! init`'s `.gitignore` already leaves `/.public.*` out of Git, and being on
//! the output's file system lets the commit hard-link variants instead of
//! copying them.
//!
//! An entry is a folder named by its key, a hash of the source's bytes, the
//! settings (widths, quality) and the encoders' crate versions: a changed
//! photo, setting or encoder is a new key, so an entry is never stale, only
//! unused; unused entries are removed after a good build ([`ImageCache::retain`]).
//! Each entry is written in a temporary folder and renamed into place, so a
//! killed build never leaves half an entry.

use std::collections::HashSet;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::encode::Encoded;
use super::{Format, Processed, Variant};
use crate::config::ImageSettings;
use crate::hash::StableHasher;

/// Changes whenever the pipeline makes different files from the same inputs.
const PIPELINE_VERSION: u32 = 1;
/// The image crates' versions, read from Cargo.lock by build.rs.
const CODECS: &str = env!("MONAZITE_IMAGE_CODECS");
const META: &str = "meta.txt";
const MAGIC: &str = "monazite image cache 1";

/// The cache folder.
pub struct ImageCache {
    dir: PathBuf,
    temporary: AtomicUsize,
}

/// The key of a source's variants for `settings`.
pub fn key(source: &[u8], settings: &ImageSettings) -> u64 {
    let mut hasher = StableHasher::new();
    PIPELINE_VERSION.hash(&mut hasher);
    CODECS.hash(&mut hasher);
    settings.widths.hash(&mut hasher);
    settings.quality.hash(&mut hasher);
    source.hash(&mut hasher);
    hasher.finish()
}

impl ImageCache {
    pub fn new(dir: PathBuf) -> ImageCache {
        ImageCache {
            dir,
            temporary: AtomicUsize::new(0),
        }
    }

    fn entry(&self, key: u64) -> PathBuf {
        self.dir.join(format!("{key:016x}"))
    }

    /// The entry of `key`, when it is whole (its list and every file listed,
    /// at the size listed); anything else is a miss.
    pub fn load(&self, key: u64) -> Option<Processed> {
        let dir = self.entry(key);
        let text = fs::read_to_string(dir.join(META)).ok()?;
        let mut lines = text.lines();
        if lines.next()? != MAGIC {
            return None;
        }
        let mut head = lines.next()?.split(' ');
        let (width, height) = (head.next()?.parse().ok()?, head.next()?.parse().ok()?);
        let fallback = Format::from_extension(head.next()?)?;
        let mut variants = Vec::new();
        for line in lines {
            let mut parts = line.split(' ');
            let format = Format::from_extension(parts.next()?)?;
            let w: u32 = parts.next()?.parse().ok()?;
            let h: u32 = parts.next()?.parse().ok()?;
            let bytes: u64 = parts.next()?.parse().ok()?;
            let file = dir.join(format!("{w}.{}", format.extension()));
            if fs::metadata(&file).ok()?.len() != bytes {
                return None;
            }
            variants.push(Variant {
                format,
                width: w,
                height: h,
                file,
                bytes,
            });
        }
        Some(Processed {
            key,
            width,
            height,
            fallback,
            variants,
        })
    }

    /// Writes an entry and returns it as [`ImageCache::load`] would.
    pub fn store(
        &self,
        key: u64,
        width: u32,
        height: u32,
        fallback: Format,
        encoded: Vec<Encoded>,
    ) -> io::Result<Processed> {
        let n = self.temporary.fetch_add(1, Ordering::Relaxed);
        let temporary = self
            .dir
            .join(format!(".{key:016x}.{}.{n}", std::process::id()));
        fs::create_dir_all(&temporary)?;
        let mut meta = format!("{MAGIC}\n{width} {height} {}\n", fallback.extension());
        for e in &encoded {
            let name = format!("{}.{}", e.width, e.format.extension());
            fs::write(temporary.join(name), &e.bytes)?;
            meta.push_str(&format!(
                "{} {} {} {}\n",
                e.format.extension(),
                e.width,
                e.height,
                e.bytes.len()
            ));
        }
        fs::write(temporary.join(META), meta)?;
        let dir = self.entry(key);
        // Another build may have stored the same entry meanwhile: either is whole.
        let _ = fs::remove_dir_all(&dir);
        fs::rename(&temporary, &dir)?;
        self.load(key)
            .ok_or_else(|| io::Error::other(format!("entry {} unreadable", dir.display())))
    }

    /// After a good build: removes the entries (and leftovers of killed
    /// builds) that no image of this build used.
    pub fn retain(&self, used: &HashSet<u64>) -> io::Result<()> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Ok(());
        };
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            let keep = u64::from_str_radix(&name.to_string_lossy(), 16)
                .is_ok_and(|key| used.contains(&key));
            if !keep {
                fs::remove_dir_all(entry.path())?;
            }
        }
        Ok(())
    }
}
