//! `monazite deploy`: publishes the last build's output folder to an
//! S3-compatible bucket, uploading only what changed.
//!
//! The flow is one way: list the local files and hash them (`local`), read
//! the bucket's listing and the last deploy's manifest (`remote`), decide
//! (`plan`, pure), then upload in waves that keep the live site whole
//! (`order`), delete what is no longer built, and write the manifest last.
//! A deploy stopped anywhere converges when run again: the manifest is never
//! trusted beyond what the listing confirms.
//!
//! This module prints nothing and asks nothing: the command line shows the
//! plan, asks for confirmation and reports.

pub mod credentials;
mod error;
pub mod headers;
mod local;
pub mod manifest;
pub mod order;
pub mod plan;
mod remote;

use std::collections::BTreeMap;
use std::path::PathBuf;

use futures_util::StreamExt;

pub use credentials::{Credentials, Environment};
pub use error::{DeployError, RemoteProblem};
pub use local::md5_hex;
pub use plan::{Plan, Reason, Upload};

use crate::config::{Config, Target};
use manifest::{Manifest, ManifestEntry};
use order::Wave;
use plan::{Listed, LocalFile};
use remote::Bucket;

/// Region used when neither the target nor the environment names one.
pub const DEFAULT_REGION: &str = "us-east-1";

/// What `monazite deploy` was asked to do.
#[derive(Debug, Clone)]
pub struct DeployOptions {
    /// The built site (`public/`).
    pub output: PathBuf,
    pub target: Option<String>,
    pub force: bool,
    pub max_deletes: usize,
    /// Uploads at once.
    pub jobs: usize,
}

/// A deploy planned against the bucket and ready to run.
#[derive(Debug)]
pub struct Prepared {
    pub target: Target,
    pub region: String,
    pub credentials_source: String,
    pub plan: Plan,
    local: Vec<LocalFile>,
    listed: BTreeMap<String, Listed>,
    previous: Option<Manifest>,
    bucket: Bucket,
    runtime: tokio::runtime::Runtime,
    options: DeployOptions,
}

/// What a deploy did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeployReport {
    pub uploaded: usize,
    pub uploaded_bytes: u64,
    pub deleted: usize,
    pub unchanged: usize,
    /// HTTP requests to the service, planning included.
    pub requests: u64,
}

/// Hashes the output, reads the bucket and makes the plan. Makes no change.
pub fn prepare(
    config: &Config,
    options: &DeployOptions,
    env: &Environment,
) -> Result<Prepared, DeployError> {
    let target = config
        .deploy
        .target(options.target.as_deref())
        .map_err(DeployError::Target)?
        .clone();
    let credentials = credentials::find(target.profile.as_deref(), env).map_err(|looked| {
        DeployError::NoCredentials {
            target: target.name.clone(),
            looked,
        }
    })?;
    let region = target
        .region
        .clone()
        .or_else(|| (env.var)("AWS_REGION"))
        .or_else(|| (env.var)("AWS_DEFAULT_REGION"))
        .unwrap_or_else(|| DEFAULT_REGION.to_string());
    let local = local::local_files(&options.output, &config.deploy.cache_control)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| DeployError::Target(format!("cannot start the network runtime: {e}")))?;
    let bucket = Bucket::open(&target, &credentials, &region)?;
    let (listed, previous, plan) = runtime.block_on(async {
        let listed = bucket.list().await?;
        let previous = bucket.manifest().await?;
        let mut plan = plan::plan(&local, &listed, previous.as_ref(), options.force);
        let stored = stored_hashes(&bucket, &plan.to_check, options.jobs).await?;
        plan::settle(&mut plan, &local, &stored);
        Ok::<_, DeployError>((listed, previous, plan))
    })?;
    Ok(Prepared {
        target,
        region,
        credentials_source: credentials.source,
        plan,
        local,
        listed,
        previous,
        bucket,
        runtime,
        options: options.clone(),
    })
}

/// The stored MD5 of each of `files`, read from their metadata.
async fn stored_hashes(
    bucket: &Bucket,
    files: &[String],
    jobs: usize,
) -> Result<BTreeMap<String, Option<String>>, DeployError> {
    futures_util::stream::iter(files)
        .map(|file| async move { Ok((file.clone(), bucket.stored_md5(file).await?)) })
        .buffer_unordered(jobs.max(1))
        .collect::<Vec<Result<_, DeployError>>>()
        .await
        .into_iter()
        .collect()
}

impl Prepared {
    /// HTTP requests made so far.
    pub fn requests(&self) -> u64 {
        self.bucket.requests()
    }

    /// Whether the plan deletes more than `--max-deletes` allows.
    pub fn too_many_deletes(&self) -> Option<DeployError> {
        let count = self.plan.deletions.len();
        (count > self.options.max_deletes).then_some(DeployError::TooManyDeletes {
            count,
            limit: self.options.max_deletes,
        })
    }

    /// Runs the plan: uploads wave by wave, then deletions, then the
    /// manifest. `on_upload` is told of each file once it is up.
    pub fn execute(self, on_upload: &mut dyn FnMut(&Upload)) -> Result<DeployReport, DeployError> {
        if let Some(refusal) = self.too_many_deletes() {
            return Err(refusal);
        }
        let by_file: BTreeMap<&str, &LocalFile> =
            self.local.iter().map(|f| (f.file.as_str(), f)).collect();
        let mut etags: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut report = DeployReport {
            unchanged: self.plan.unchanged,
            ..DeployReport::default()
        };
        self.runtime.block_on(async {
            for wave in [Wave::Assets, Wave::Pages, Wave::Lists, Wave::Entrances] {
                let uploads: Vec<&Upload> = self
                    .plan
                    .uploads
                    .iter()
                    .filter(|u| u.wave == wave)
                    .collect();
                let mut done = futures_util::stream::iter(uploads)
                    .map(|upload| self.upload_one(upload, &by_file))
                    .buffer_unordered(self.options.jobs.max(1));
                while let Some(result) = done.next().await {
                    let (upload, size, etag) = result?;
                    report.uploaded += 1;
                    report.uploaded_bytes += size;
                    etags.insert(upload.file.clone(), etag);
                    on_upload(upload);
                    stop_here_in_tests(report.uploaded);
                }
            }
            if !self.plan.deletions.is_empty() {
                self.bucket.delete(&self.plan.deletions).await?;
                report.deleted = self.plan.deletions.len();
            }
            let manifest = self.next_manifest(&etags);
            if self.previous.as_ref() != Some(&manifest) {
                self.bucket.write_manifest(&manifest).await?;
            }
            Ok::<_, DeployError>(())
        })?;
        report.requests = self.bucket.requests();
        Ok(report)
    }

    async fn upload_one<'u>(
        &self,
        upload: &'u Upload,
        by_file: &BTreeMap<&str, &LocalFile>,
    ) -> Result<(&'u Upload, u64, Option<String>), DeployError> {
        let file = by_file[upload.file.as_str()];
        let path = self.options.output.join(&file.file);
        let bytes = tokio::fs::read(&path)
            .await
            .map_err(|e| DeployError::Read(path.clone(), e.to_string()))?;
        let etag = self.bucket.upload(file, bytes).await?;
        Ok((upload, file.size, etag))
    }

    /// Every local file with the ETag it now has: uploaded ones from their
    /// answer, unchanged ones from the listing.
    fn next_manifest(&self, uploaded: &BTreeMap<String, Option<String>>) -> Manifest {
        Manifest::from_entries(self.local.iter().map(|file| {
            let etag = match uploaded.get(&file.file) {
                Some(etag) => etag.clone(),
                None => self.listed.get(&file.file).and_then(|l| l.etag.clone()),
            };
            (file.file.clone(), ManifestEntry::of(file, etag))
        }))
    }
}

/// Debug builds only: `MONAZITE_FAULT_DEPLOY_AFTER=N` ends the process after
/// N uploads, as a kill would, so tests can show that a rerun converges.
fn stop_here_in_tests(uploaded: usize) {
    #[cfg(debug_assertions)]
    if std::env::var("MONAZITE_FAULT_DEPLOY_AFTER")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        == Some(uploaded)
    {
        std::process::exit(137);
    }
    #[cfg(not(debug_assertions))]
    let _ = uploaded;
}
