//! The deploy manifest: one small object in the bucket, written after every
//! upload and deletion of a deploy, that lists each file's MD5, size, headers
//! and the ETag the bucket gave it. A deploy reads it with one request rather
//! than asking for each object's metadata; the plan trusts an entry only
//! while the listing shows the same size and ETag (`plan`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::plan::{Listed, LocalFile};

/// The manifest's key under the target's prefix. Never uploaded from, or
/// deleted as part of, the site.
pub const MANIFEST_KEY: &str = ".monazite-deploy.json";

/// The format version; a manifest of another version is ignored.
const FORMAT: u32 = 1;

/// Every file the last deploy left in the bucket.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub files: BTreeMap<String, ManifestEntry>,
}

/// What the manifest knows of one object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub md5: String,
    pub size: u64,
    pub etag: Option<String>,
    pub content_type: String,
    pub cache_control: String,
}

impl ManifestEntry {
    /// The entry for `file` as just uploaded (or found unchanged) with `etag`.
    pub fn of(file: &LocalFile, etag: Option<String>) -> ManifestEntry {
        ManifestEntry {
            md5: file.md5.clone(),
            size: file.size,
            etag,
            content_type: file.headers.content_type.to_string(),
            cache_control: file.headers.cache_control.clone(),
        }
    }

    /// Whether the listed object is still the one this entry describes.
    pub fn confirmed_by(&self, listed: &Listed) -> bool {
        self.etag.is_some() && self.etag == listed.etag && self.size == listed.size
    }
}

impl Manifest {
    pub fn from_entries(entries: impl IntoIterator<Item = (String, ManifestEntry)>) -> Manifest {
        Manifest {
            format: FORMAT,
            files: entries.into_iter().collect(),
        }
    }

    /// The manifest in `bytes`; none when it is unreadable or of another
    /// format (the deploy then compares by ETag and metadata).
    pub fn parse(bytes: &[u8]) -> Option<Manifest> {
        serde_json::from_slice::<Manifest>(bytes)
            .ok()
            .filter(|m| m.format == FORMAT)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a manifest serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_and_other_formats_are_ignored() {
        let entry = ManifestEntry {
            md5: "0".repeat(32),
            size: 4,
            etag: Some("\"x\"".into()),
            content_type: "text/html; charset=utf-8".into(),
            cache_control: "public, max-age=60".into(),
        };
        let manifest = Manifest::from_entries([("index.html".to_string(), entry)]);
        assert_eq!(Manifest::parse(&manifest.to_bytes()), Some(manifest));
        assert_eq!(Manifest::parse(br#"{"format":99,"files":{}}"#), None);
        assert_eq!(Manifest::parse(b"not json"), None);
    }
}
