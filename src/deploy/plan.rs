//! What a deploy does, decided from the local files, the bucket's listing
//! and the last deploy's manifest: which files to upload, in which order,
//! and which objects to delete. Pure: no network, no disk.
//!
//! The manifest saves a request per object but is never trusted beyond what
//! the listing confirms: an entry counts only while the object's size and
//! ETag are still the ones the manifest recorded. Otherwise a plain MD5 ETag
//! (a single-part upload's) is the hash; otherwise the object's own metadata
//! must be read ([`Plan::to_check`]).

use std::collections::{BTreeMap, BTreeSet};

use super::headers::Headers;
use super::manifest::{Manifest, ManifestEntry};
use super::order::Wave;

/// A file of the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalFile {
    /// The path in the output folder, with `/` (`news/x/index.html`).
    pub file: String,
    pub size: u64,
    /// MD5 of the bytes, lowercase hex.
    pub md5: String,
    pub headers: Headers,
}

/// An object as the bucket lists it (key relative to the target's prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub size: u64,
    pub etag: Option<String>,
}

/// Why a file is uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    New,
    Changed,
    Forced,
}

/// One upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub file: String,
    pub reason: Reason,
    pub wave: Wave,
}

/// The work of one deploy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// In upload order: by wave, then by path.
    pub uploads: Vec<Upload>,
    /// Objects no longer built, deleted after every upload.
    pub deletions: Vec<String>,
    /// Files the bucket already holds byte for byte.
    pub unchanged: usize,
    /// Files whose remote hash only the object's metadata can tell.
    pub to_check: Vec<String>,
}

impl Plan {
    /// Whether the deploy changes nothing in the bucket.
    pub fn is_empty(&self) -> bool {
        self.uploads.is_empty() && self.deletions.is_empty()
    }
}

/// The plan for `local` against `listed`. `force` uploads every file.
pub fn plan(
    local: &[LocalFile],
    listed: &BTreeMap<String, Listed>,
    manifest: Option<&Manifest>,
    force: bool,
) -> Plan {
    let mut plan = Plan::default();
    for file in local {
        let verdict = if force {
            Some(Reason::Forced)
        } else {
            compare(
                file,
                listed.get(&file.file),
                manifest.and_then(|m| m.files.get(&file.file)),
            )
        };
        match verdict {
            Some(reason) => plan.uploads.push(Upload {
                file: file.file.clone(),
                reason,
                wave: Wave::of(&file.file),
            }),
            None if needs_metadata(file, listed.get(&file.file), manifest) => {
                plan.to_check.push(file.file.clone())
            }
            None => plan.unchanged += 1,
        }
    }
    let built: BTreeSet<&str> = local.iter().map(|f| f.file.as_str()).collect();
    plan.deletions = listed
        .keys()
        .filter(|key| !built.contains(key.as_str()))
        .cloned()
        .collect();
    sort_uploads(&mut plan.uploads);
    plan
}

/// Adds the result of reading the metadata of [`Plan::to_check`]'s files:
/// `remote_md5` is each one's stored hash, if it has one.
pub fn settle(plan: &mut Plan, local: &[LocalFile], remote_md5: &BTreeMap<String, Option<String>>) {
    let by_file: BTreeMap<&str, &LocalFile> = local.iter().map(|f| (f.file.as_str(), f)).collect();
    for file in std::mem::take(&mut plan.to_check) {
        let same = by_file
            .get(file.as_str())
            .is_some_and(|l| remote_md5.get(&file).and_then(|m| m.as_deref()) == Some(&l.md5));
        if same {
            plan.unchanged += 1;
        } else {
            plan.uploads.push(Upload {
                wave: Wave::of(&file),
                file,
                reason: Reason::Changed,
            });
        }
    }
    sort_uploads(&mut plan.uploads);
}

fn sort_uploads(uploads: &mut [Upload]) {
    uploads.sort_by(|a, b| (a.wave, &a.file).cmp(&(b.wave, &b.file)));
}

/// `Some(reason)` to upload, `None` when the bucket holds the same bytes
/// with the same headers, or when only metadata can tell.
fn compare(
    file: &LocalFile,
    remote: Option<&Listed>,
    entry: Option<&ManifestEntry>,
) -> Option<Reason> {
    let Some(remote) = remote else {
        return Some(Reason::New);
    };
    if remote.size != file.size {
        return Some(Reason::Changed);
    }
    if let Some(entry) = entry.filter(|e| e.confirmed_by(remote)) {
        let same = entry.md5 == file.md5
            && entry.content_type == file.headers.content_type
            && entry.cache_control == file.headers.cache_control;
        return (!same).then_some(Reason::Changed);
    }
    match plain_md5(remote.etag.as_deref()) {
        Some(md5) if md5 == file.md5 => None,
        Some(_) => Some(Reason::Changed),
        None => None,
    }
}

/// Whether [`compare`] said "unchanged" only for want of a hash.
fn needs_metadata(file: &LocalFile, remote: Option<&Listed>, manifest: Option<&Manifest>) -> bool {
    let Some(remote) = remote else { return false };
    let confirmed = manifest
        .and_then(|m| m.files.get(&file.file))
        .is_some_and(|e| e.confirmed_by(remote));
    !confirmed && plain_md5(remote.etag.as_deref()).is_none()
}

/// The MD5 an ETag is, when it is one: 32 hex digits, quotes aside. A
/// multipart upload's ETag (`"…-3"`) is not.
pub fn plain_md5(etag: Option<&str>) -> Option<String> {
    let tag = etag?.trim_start_matches("W/").trim_matches('"');
    (tag.len() == 32 && tag.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| tag.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::headers::headers_of;

    fn local(file: &str, bytes: &str) -> LocalFile {
        LocalFile {
            file: file.into(),
            size: bytes.len() as u64,
            md5: format!("{:0>32}", bytes.len()),
            headers: headers_of(file, &[]),
        }
    }

    fn listed(file: &LocalFile, etag: &str) -> (String, Listed) {
        (
            file.file.clone(),
            Listed {
                size: file.size,
                etag: Some(etag.into()),
            },
        )
    }

    #[test]
    fn new_files_go_up_in_waves_and_old_ones_are_deleted() {
        let files = [
            local("index.html", "home"),
            local("atom.xml", "feed"),
            local("news/a/index.html", "article"),
            local("news/index.html", "archive"),
            local("assets/style.css", "css"),
        ];
        let bucket = BTreeMap::from([(
            "news/gone/index.html".to_string(),
            Listed {
                size: 3,
                etag: None,
            },
        )]);
        let plan = plan(&files, &bucket, None, false);
        let order: Vec<_> = plan.uploads.iter().map(|u| u.file.as_str()).collect();
        assert_eq!(
            order,
            [
                "assets/style.css",
                "news/a/index.html",
                "news/index.html",
                "atom.xml",
                "index.html"
            ]
        );
        assert!(plan.uploads.iter().all(|u| u.reason == Reason::New));
        assert_eq!(plan.deletions, ["news/gone/index.html"]);
    }

    #[test]
    fn a_plain_md5_etag_settles_without_the_manifest() {
        let file = local("news/a/index.html", "article");
        let same = BTreeMap::from([listed(&file, &format!("\"{}\"", file.md5))]);
        let result = plan(std::slice::from_ref(&file), &same, None, false);
        assert!(result.is_empty());
        assert_eq!(result.unchanged, 1);
        let other = BTreeMap::from([listed(&file, "\"ffffffffffffffffffffffffffffffff\"")]);
        assert_eq!(
            plan(std::slice::from_ref(&file), &other, None, false)
                .uploads
                .len(),
            1
        );
    }

    #[test]
    fn the_manifest_counts_only_where_the_listing_confirms_it() {
        let file = local("news/a/index.html", "article");
        let multipart = BTreeMap::from([listed(&file, "\"abc-2\"")]);
        let entry = ManifestEntry::of(&file, Some("\"abc-2\"".into()));
        let manifest = Manifest::from_entries([(file.file.clone(), entry)]);
        let trusted = plan(
            std::slice::from_ref(&file),
            &multipart,
            Some(&manifest),
            false,
        );
        assert_eq!((trusted.unchanged, trusted.to_check.len()), (1, 0));
        // Another ETag: the object was written since; its metadata decides.
        let rewritten = BTreeMap::from([listed(&file, "\"def-2\"")]);
        let mut unsure = plan(
            std::slice::from_ref(&file),
            &rewritten,
            Some(&manifest),
            false,
        );
        assert_eq!(unsure.to_check, ["news/a/index.html"]);
        settle(
            &mut unsure,
            std::slice::from_ref(&file),
            &BTreeMap::from([(file.file.clone(), Some("0".repeat(32)))]),
        );
        assert_eq!(unsure.uploads.len(), 1);
    }

    #[test]
    fn changed_headers_upload_the_file_again() {
        let file = local("index.html", "home");
        let etag = format!("\"{}\"", file.md5);
        let mut entry = ManifestEntry::of(&file, Some(etag.clone()));
        entry.cache_control = "no-store".into();
        let manifest = Manifest::from_entries([(file.file.clone(), entry)]);
        let bucket = BTreeMap::from([listed(&file, &etag)]);
        let result = plan(std::slice::from_ref(&file), &bucket, Some(&manifest), false);
        assert_eq!(result.uploads.len(), 1);
    }

    #[test]
    fn force_uploads_everything() {
        let file = local("index.html", "home");
        let bucket = BTreeMap::from([listed(&file, &format!("\"{}\"", file.md5))]);
        let result = plan(std::slice::from_ref(&file), &bucket, None, true);
        assert_eq!(result.uploads[0].reason, Reason::Forced);
    }

    #[test]
    fn etags_are_md5_only_when_single_part() {
        let md5 = "0123456789abcdef0123456789ABCDEF";
        assert_eq!(
            plain_md5(Some(&format!("\"{md5}\""))),
            Some(md5.to_ascii_lowercase())
        );
        assert_eq!(
            plain_md5(Some("\"0123456789abcdef0123456789abcdef-2\"")),
            None
        );
        assert_eq!(plain_md5(None), None);
    }
}
