//! Rendered Markdown from earlier builds, so that a rebuild renders only the
//! article bodies that changed.
//!
//! Rendering Markdown is most of loading (about half of a no-change rebuild of
//! 10,000 articles). The cache is one file beside the output's manifest
//! (`.public.markdown-cache`): a header, then entries appended one after
//! another, each keyed by a hash of the body's text and of everything else
//! the rendering depends on (the Markdown options and monazite's version).
//! A body whose key is there is read back instead of rendered; a new body is
//! appended. Entries of edited or deleted articles stay until they are more
//! than half of the file, when the next build writes the live ones to a new
//! file. A torn last entry is cut off when the file is opened, and each entry
//! carries a checksum, checked when it is read: a damaged one only costs
//! rendering again. It is only a cache: deleting it is always safe, and any
//! problem with it means rendering.

use std::collections::HashMap;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::at_offset::{read_at, write_at};
use crate::hash::{StableHasher, hash_bytes};
use crate::markdown::{self, LinkRef, MarkdownOptions, Rendered, TocEntry};

/// The format and the hasher of its keys and checksums ([`crate::hash`]):
/// a cache of another is started anew.
const MAGIC: &[u8; 8] = b"MZMDC\x003\n";
/// Key (8), payload length (4), payload checksum (8).
const ENTRY_HEAD: usize = 20;
/// New entries are written once this many bytes of them wait.
const WRITE_BATCH: usize = 1 << 20;

/// Entries waiting to be written at `start`, one after another.
#[derive(Debug, Default)]
struct Pending {
    start: u64,
    bytes: Vec<u8>,
    /// Emptied buffers of written batches, for the next: a new megabyte each
    /// time would be faulted in from the kernel again.
    spare: Vec<Vec<u8>>,
}

/// The cache of one output folder, open for a build.
#[derive(Debug)]
pub struct MarkdownCache {
    path: PathBuf,
    file: File,
    /// Key → (offset of the entry, its payload's length).
    index: HashMap<u64, (u64, u32)>,
    /// New entries not yet written, and where in the file they go: appended
    /// a megabyte at a time (one write per entry had the render threads
    /// queueing on the file's lock, 10,000 times a build).
    pending: Mutex<Pending>,
    /// A batch could not be written: offsets handed out may point at nothing.
    broken: AtomicBool,
    /// Keys this build used, and the payload bytes they take.
    used: Mutex<HashMap<u64, u32>>,
    /// What every key of this build starts from.
    seed: u64,
}

impl MarkdownCache {
    /// Opens (or starts) the cache at `path` for bodies rendered with `options`.
    pub fn open(path: &Path, options: &MarkdownOptions) -> io::Result<MarkdownCache> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        let size = file.metadata()?.len();
        let mut magic = [0; MAGIC.len()];
        let mut index = HashMap::new();
        let mut end = MAGIC.len() as u64;
        if read_at(&file, &mut magic, 0).is_ok() && &magic == MAGIC {
            // Only the heads are read here; a payload is checked when used.
            let mut head = [0; ENTRY_HEAD];
            while end + ENTRY_HEAD as u64 <= size && read_at(&file, &mut head, end).is_ok() {
                let key = u64::from_le_bytes(head[..8].try_into().expect("8 bytes"));
                let len = u32::from_le_bytes(head[8..12].try_into().expect("4 bytes"));
                let next = end + (ENTRY_HEAD as u64) + u64::from(len);
                if next > size {
                    break;
                }
                index.insert(key, (end, len));
                end = next;
            }
        } else {
            write_at(&file, MAGIC, 0)?;
        }
        // Whatever follows the last whole entry (a torn write) is overwritten.
        file.set_len(end)?;
        let seed = {
            let mut hasher = StableHasher::new();
            (
                env!("CARGO_PKG_VERSION"),
                markdown::RENDERING_REVISION,
                markdown::RESERVED_IDS,
                &options.base_path,
                &options.site_host,
            )
                .hash(&mut hasher);
            hasher.finish()
        };
        Ok(MarkdownCache {
            path: path.to_path_buf(),
            file,
            index,
            pending: Mutex::new(Pending {
                start: end,
                ..Pending::default()
            }),
            broken: Default::default(),
            used: Mutex::default(),
            seed,
        })
    }

    /// The key of a body's text.
    pub fn key(&self, text: &str) -> u64 {
        self.key_keeping(text, &[])
    }

    /// The key of a body's text rendered with `page_ids` kept from its
    /// headings (see [`markdown::render_keeping`]).
    pub fn key_keeping(&self, text: &str, page_ids: &[String]) -> u64 {
        let mut hasher = StableHasher::new();
        self.seed.hash(&mut hasher);
        text.hash(&mut hasher);
        if !page_ids.is_empty() {
            page_ids.hash(&mut hasher);
        }
        hasher.finish()
    }

    /// Another handle on the cache's file (for the body store).
    pub fn file(&self) -> io::Result<File> {
        self.file.try_clone()
    }

    /// The rendering of the body with this key, if an earlier build kept it,
    /// and where in the file its HTML starts.
    /// (Link positions are not kept: `check` renders without the cache.)
    pub fn get(&self, key: u64) -> Option<(Rendered, u64)> {
        let &(offset, len) = self.index.get(&key)?;
        let mut entry = vec![0; ENTRY_HEAD + len as usize];
        read_at(&self.file, &mut entry, offset).ok()?;
        let (found, _) = entry_at(&entry, 0)?;
        let rendered = decode(&entry[ENTRY_HEAD..]).filter(|_| found == key)?;
        self.used.lock().ok()?.insert(key, len);
        let html_at = offset + entry.len() as u64 - rendered.html.len() as u64;
        Some((rendered, html_at))
    }

    /// Keeps a body this build rendered; returns where in the file its HTML
    /// will start. The entry may wait in memory: [`MarkdownCache::flush`]
    /// before reading the file at that offset.
    pub fn put(&self, key: u64, rendered: &Rendered) -> io::Result<u64> {
        thread_local! {
            // One buffer per thread, reused: entries are copied out of it, and
            // fresh memory for each would fault its pages in again.
            static ENTRY: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        ENTRY.with_borrow_mut(|entry| {
            entry.clear();
            entry.extend_from_slice(&key.to_le_bytes());
            entry.extend_from_slice(&[0; ENTRY_HEAD - 8]);
            encode_into(entry, rendered);
            let payload_len = entry.len() - ENTRY_HEAD;
            let sum = checksum(&entry[ENTRY_HEAD..]);
            entry[8..12].copy_from_slice(&(payload_len as u32).to_le_bytes());
            entry[12..20].copy_from_slice(&sum.to_le_bytes());
            let (offset, full) = {
                let mut pending = self.pending.lock().map_err(|_| poisoned())?;
                let offset = pending.start + pending.bytes.len() as u64;
                pending.bytes.extend_from_slice(entry);
                let full = (pending.bytes.len() >= WRITE_BATCH).then(|| pending.take());
                (offset, full)
            };
            if let Some((at, mut bytes)) = full {
                self.write_batch(&bytes, at)?;
                bytes.clear();
                if let Ok(mut pending) = self.pending.lock() {
                    pending.spare.push(bytes);
                }
            }
            if let Ok(mut used) = self.used.lock() {
                used.insert(key, payload_len as u32);
            }
            // The HTML is the payload's last field.
            Ok(offset + entry.len() as u64 - rendered.html.len() as u64)
        })
    }

    /// Writes the entries still waiting in memory. An error means that some
    /// offset [`MarkdownCache::put`] returned holds nothing.
    pub fn flush(&self) -> io::Result<()> {
        let (at, bytes) = self.pending.lock().map_err(|_| poisoned())?.take();
        self.write_batch(&bytes, at)?;
        if self.broken.load(Ordering::Relaxed) {
            return Err(io::Error::other("an earlier write to it failed"));
        }
        Ok(())
    }

    /// The cache's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn write_batch(&self, bytes: &[u8], at: u64) -> io::Result<()> {
        write_at(&self.file, bytes, at).inspect_err(|_| {
            self.broken.store(true, Ordering::Relaxed);
        })
    }

    /// After a good build: when entries no longer used are most of the file,
    /// rewrites it with the used ones only.
    pub fn finish(self) -> io::Result<()> {
        self.flush()?;
        let used = self.used.into_inner().unwrap_or_default();
        let live: u64 = used
            .values()
            .map(|&n| (ENTRY_HEAD as u64) + u64::from(n))
            .sum();
        let total = self.pending.into_inner().map_err(|_| poisoned())?.start;
        if live * 2 >= total {
            return Ok(());
        }
        // One entry at a time: at 100,000 articles the file is over a gigabyte.
        let temporary = self.path.with_extension("markdown-cache-new");
        let mut kept = io::BufWriter::new(File::create(&temporary)?);
        kept.write_all(MAGIC)?;
        let mut copied = std::collections::HashSet::new();
        let (mut at, mut entry) = (MAGIC.len() as u64, Vec::new());
        let mut head = [0; ENTRY_HEAD];
        while at + ENTRY_HEAD as u64 <= total && read_at(&self.file, &mut head, at).is_ok() {
            let key = u64::from_le_bytes(head[..8].try_into().expect("8 bytes"));
            let len = u32::from_le_bytes(head[8..12].try_into().expect("4 bytes"));
            entry.resize(ENTRY_HEAD + len as usize, 0);
            if used.contains_key(&key)
                && read_at(&self.file, &mut entry, at).is_ok()
                && entry_at(&entry, 0).is_some()
                && copied.insert(key)
            {
                kept.write_all(&entry)?;
            }
            at += entry.len() as u64;
        }
        // Flushed, not synced: a cache cut short by a crash is only shorter.
        kept.into_inner().map_err(|e| e.into_error())?;
        std::fs::rename(&temporary, &self.path)
    }
}

impl Pending {
    /// The waiting entries and their offset, leaving none waiting.
    fn take(&mut self) -> (u64, Vec<u8>) {
        let at = self.start;
        let next = self
            .spare
            .pop()
            .unwrap_or_else(|| Vec::with_capacity(WRITE_BATCH + (WRITE_BATCH >> 2)));
        let bytes = std::mem::replace(&mut self.bytes, next);
        self.start += bytes.len() as u64;
        (at, bytes)
    }
}

fn poisoned() -> io::Error {
    io::Error::other("the Markdown cache's lock was poisoned")
}

fn checksum(payload: &[u8]) -> u64 {
    hash_bytes(payload)
}

/// The whole, undamaged entry at `at`: its key and payload length.
fn entry_at(bytes: &[u8], at: usize) -> Option<(u64, u32)> {
    let head = bytes.get(at..at + ENTRY_HEAD)?;
    let key = u64::from_le_bytes(head[..8].try_into().ok()?);
    let len = u32::from_le_bytes(head[8..12].try_into().ok()?);
    let sum = u64::from_le_bytes(head[12..20].try_into().ok()?);
    let payload = bytes.get(at + ENTRY_HEAD..at + ENTRY_HEAD + len as usize)?;
    (checksum(payload) == sum).then_some((key, len))
}

/// Appends the payload of an entry for `r` to `out`.
fn encode_into(out: &mut Vec<u8>, r: &Rendered) {
    out.reserve(r.html.len() + r.first_paragraph.len() + 256);
    out.extend_from_slice(&(r.word_count as u64).to_le_bytes());
    put_str(out, &r.first_paragraph);
    out.extend_from_slice(&(r.toc.len() as u32).to_le_bytes());
    for entry in &r.toc {
        out.push(entry.level);
        put_str(out, &entry.id);
        put_str(out, &entry.title);
    }
    out.extend_from_slice(&(r.anchors.len() as u32).to_le_bytes());
    for anchor in &r.anchors {
        put_str(out, anchor);
    }
    // Links, for `build`'s link check before it publishes.
    out.extend_from_slice(&(r.links.len() as u32).to_le_bytes());
    for link in &r.links {
        out.extend_from_slice(&(link.offset as u64).to_le_bytes());
        out.push(u8::from(link.is_image));
        put_str(out, &link.url);
    }
    put_str(out, &r.html);
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

fn decode(payload: &[u8]) -> Option<Rendered> {
    let mut reader = Reader(payload);
    let word_count = u64::from_le_bytes(reader.take(8)?.try_into().ok()?) as usize;
    let first_paragraph = reader.string()?;
    let toc = (0..reader.count()?)
        .map(|_| {
            Some(TocEntry {
                level: *reader.take(1)?.first()?,
                id: reader.string()?,
                title: reader.string()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let anchors = (0..reader.count()?)
        .map(|_| reader.string())
        .collect::<Option<Vec<_>>>()?;
    let links = (0..reader.count()?)
        .map(|_| {
            Some(LinkRef {
                offset: u64::from_le_bytes(reader.take(8)?.try_into().ok()?) as usize,
                is_image: *reader.take(1)?.first()? == 1,
                url: reader.string()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let html = reader.string()?;
    reader.0.is_empty().then_some(Rendered {
        html,
        toc,
        anchors,
        links,
        first_paragraph,
        word_count,
    })
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = (self.0.get(..n)?, self.0.get(n..)?);
        self.0 = rest;
        Some(head)
    }

    fn count(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn string(&mut self) -> Option<String> {
        let len = self.count()? as usize;
        String::from_utf8(self.take(len)?.to_vec()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown;

    fn options() -> MarkdownOptions {
        MarkdownOptions {
            base_path: "/".into(),
            site_host: Some("example.org".into()),
        }
    }

    const BODY: &str = "Lead with **bold** and a [link](https://x.org).\n\n## Prices\n\nText.\n";

    #[test]
    fn a_kept_rendering_reads_back_the_same_and_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache");
        let rendered = markdown::render(BODY, &options());
        let cache = MarkdownCache::open(&path, &options()).unwrap();
        let key = cache.key(BODY);
        assert!(cache.get(key).is_none());
        cache.put(key, &rendered).unwrap();
        cache.finish().unwrap();

        let cache = MarkdownCache::open(&path, &options()).unwrap();
        let (back, html_at) = cache.get(cache.key(BODY)).expect("kept");
        let mut html = vec![0; back.html.len()];
        read_at(&cache.file, &mut html, html_at).unwrap();
        assert_eq!(html, back.html.as_bytes(), "the HTML is where get says");
        assert_eq!(back.html, rendered.html);
        assert_eq!(back.toc, rendered.toc);
        assert_eq!(back.anchors, rendered.anchors);
        assert_eq!(back.links, rendered.links);
        assert_eq!(back.first_paragraph, rendered.first_paragraph);
        assert_eq!(back.word_count, rendered.word_count);
        // Other options, other keys: a base-path change renders again.
        let moved = MarkdownOptions {
            base_path: "/newsroom/".into(),
            ..options()
        };
        let other = MarkdownCache::open(&path, &moved).unwrap();
        assert!(other.get(other.key(BODY)).is_none());
    }

    #[test]
    fn entries_written_in_batches_are_where_put_said() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache");
        let cache = MarkdownCache::open(&path, &options()).unwrap();
        // About 3 MB of bodies: several batches, and a last one left to flush.
        let bodies: Vec<Rendered> = (0..300)
            .map(|n| {
                markdown::render(
                    &format!("{BODY}\n{}\n", format!("Word {n}. ").repeat(900)),
                    &options(),
                )
            })
            .collect();
        let offsets: Vec<u64> = bodies
            .iter()
            .enumerate()
            .map(|(n, r)| cache.put(n as u64 + 1, r).unwrap())
            .collect();
        cache.flush().unwrap();
        for (body, at) in bodies.iter().zip(offsets) {
            let mut html = vec![0; body.html.len()];
            read_at(&cache.file, &mut html, at).unwrap();
            assert_eq!(html, body.html.as_bytes());
        }
        cache.finish().unwrap();
        let cache = MarkdownCache::open(&path, &options()).unwrap();
        assert_eq!(cache.index.len(), 300);
    }

    #[test]
    fn a_damaged_tail_is_dropped_and_unused_entries_are_compacted_away() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache");
        let cache = MarkdownCache::open(&path, &options()).unwrap();
        for n in 0..4 {
            let text = format!("{BODY}\nBody number {n}.\n");
            cache
                .put(cache.key(&text), &markdown::render(&text, &options()))
                .unwrap();
        }
        cache.finish().unwrap();
        let whole = std::fs::metadata(&path).unwrap().len();
        // A torn last write: the last entry loses its end.
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 5]).unwrap();

        let cache = MarkdownCache::open(&path, &options()).unwrap();
        assert_eq!(cache.index.len(), 3, "the torn entry is not trusted");
        // A damaged payload reads as missing.
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 3;
        bytes[last] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let cache = MarkdownCache::open(&path, &options()).unwrap();
        let third = format!("{BODY}\nBody number 2.\n");
        assert!(cache.get(cache.key(&third)).is_none(), "checksum caught it");
        let first = format!("{BODY}\nBody number 0.\n");
        assert!(cache.get(cache.key(&first)).is_some());
        cache.finish().unwrap();
        let compacted = std::fs::metadata(&path).unwrap().len();
        assert!(compacted < whole / 2, "{compacted} of {whole} bytes kept");
        let cache = MarkdownCache::open(&path, &options()).unwrap();
        assert_eq!(cache.index.len(), 1, "only the used entry is left");
    }
}
