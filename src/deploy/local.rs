//! The last build's output as a list of files with their MD5 and headers.
//! monazite's own bookkeeping files (`.monazite-*`) are not part of the site.

use std::path::Path;

use md5::{Digest, Md5};
use rayon::prelude::*;

use super::error::DeployError;
use super::headers::headers_of;
use super::plan::LocalFile;
use crate::config::CacheRule;

/// Every file of the output folder `output`, sorted by path.
pub fn local_files(output: &Path, rules: &[CacheRule]) -> Result<Vec<LocalFile>, DeployError> {
    if !output.is_dir() {
        return Err(DeployError::NoBuild(output.to_path_buf()));
    }
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(output).sort_by_file_name() {
        let entry = entry.map_err(|e| DeployError::Walk(output.to_path_buf(), e.to_string()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(output)
            .expect("walked under the output");
        let file = rel
            .to_str()
            .ok_or_else(|| {
                DeployError::Walk(entry.path().to_path_buf(), "the name is not UTF-8".into())
            })?
            .replace('\\', "/");
        if !is_bookkeeping(&file) {
            paths.push(file);
        }
    }
    paths
        .into_par_iter()
        .map(|file| {
            let bytes = std::fs::read(output.join(&file))
                .map_err(|e| DeployError::Read(output.join(&file), e.to_string()))?;
            Ok(LocalFile {
                size: bytes.len() as u64,
                md5: md5_hex(&bytes),
                headers: headers_of(&file, rules),
                file,
            })
        })
        .collect()
}

/// Lowercase hex MD5 of `bytes`, as S3 gives a single-part upload's ETag.
pub fn md5_hex(bytes: &[u8]) -> String {
    let digest = Md5::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// monazite's files in the output folder (the build manifest, its lock), not the site's.
fn is_bookkeeping(file: &str) -> bool {
    file.split('/')
        .next()
        .is_some_and(|first| first.starts_with(".monazite"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_is_lowercase_hex() {
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
    }

    #[test]
    fn the_output_is_listed_without_monazites_bookkeeping() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("news/x")).unwrap();
        std::fs::write(dir.path().join("news/x/index.html"), "<p>x</p>").unwrap();
        std::fs::write(dir.path().join(".monazite-manifest"), "m").unwrap();
        let files = local_files(dir.path(), &[]).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].file, "news/x/index.html");
        assert_eq!(files[0].size, 8);
        let missing = local_files(&dir.path().join("public"), &[]).unwrap_err();
        assert!(matches!(missing, DeployError::NoBuild(_)));
    }
}
