//! What can stop a deploy, typed where it arises and turned into one
//! diagnostic at the edge. Errors from the bucket name the target and say
//! what to do: bad credentials, a missing bucket and a refusal are permanent
//! and are not retried (transient ones are, by the client, with backoff).

use std::path::PathBuf;

use crate::diag::Diagnostic;

#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    #[error("no build in {0}")]
    NoBuild(PathBuf),
    #[error("cannot list {0}: {1}")]
    Walk(PathBuf, String),
    #[error("cannot read {0}: {1}")]
    Read(PathBuf, String),
    #[error("{0}")]
    Target(String),
    #[error("no credentials for deploy target `{target}`")]
    NoCredentials { target: String, looked: Vec<String> },
    #[error("deploy target `{target}`: {problem}")]
    Remote {
        target: String,
        problem: RemoteProblem,
        detail: String,
    },
    #[error("the plan deletes {count} objects, more than --max-deletes {limit}")]
    TooManyDeletes { count: usize, limit: usize },
}

/// How the bucket refused, as far as its answer tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteProblem {
    NoSuchBucket,
    BadKeyId,
    BadSecret,
    AccessDenied,
    Other,
}

impl std::fmt::Display for RemoteProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RemoteProblem::NoSuchBucket => "the bucket does not exist",
            RemoteProblem::BadKeyId => "the access key ID is not known to the storage service",
            RemoteProblem::BadSecret => {
                "the secret access key does not match the access key ID (the request's signature was refused)"
            }
            RemoteProblem::AccessDenied => "access denied",
            RemoteProblem::Other => "the storage service failed",
        })
    }
}

impl RemoteProblem {
    /// The problem an S3 error answer names (`<Code>NoSuchBucket</Code>`, …).
    pub fn of(detail: &str) -> RemoteProblem {
        if detail.contains("NoSuchBucket") {
            RemoteProblem::NoSuchBucket
        } else if detail.contains("InvalidAccessKeyId") {
            RemoteProblem::BadKeyId
        } else if detail.contains("SignatureDoesNotMatch") {
            RemoteProblem::BadSecret
        } else if detail.contains("AccessDenied") {
            RemoteProblem::AccessDenied
        } else {
            RemoteProblem::Other
        }
    }
}

impl DeployError {
    /// The error as the command line prints it.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::error(self.to_string());
        match self {
            DeployError::NoBuild(_) => {
                d.with_help("run `monazite build` first: deploy publishes the last build's output")
            }
            DeployError::NoCredentials { looked, .. } => d.with_help(format!(
                "looked at: {}. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add a profile \
                 to ~/.aws/credentials (credentials are never read from site.yaml)",
                looked.join("; ")
            )),
            DeployError::Remote {
                problem, detail, ..
            } => d.with_help(format!(
                "{} (the service said: {detail})",
                remote_help(*problem)
            )),
            DeployError::TooManyDeletes { .. } => d.with_help(
                "nothing was changed; check that the output folder holds the whole site, \
                 or allow more with --max-deletes N",
            ),
            DeployError::Target(_) => d.with_help(
                "deploy targets are set in site.yaml's `deploy:` section (docs/configuration.md)",
            ),
            DeployError::Walk(..) | DeployError::Read(..) => d,
        }
    }
}

fn remote_help(problem: RemoteProblem) -> &'static str {
    match problem {
        RemoteProblem::NoSuchBucket => {
            "create the bucket, or correct `bucket:` (and `endpoint:`) of the target in site.yaml"
        }
        RemoteProblem::BadKeyId | RemoteProblem::BadSecret => {
            "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the profile in ~/.aws/credentials) for this service"
        }
        RemoteProblem::AccessDenied => {
            "the key needs permission to list, read, write and delete objects in the bucket"
        }
        RemoteProblem::Other => {
            "if the service is down or unreachable, try again later; transient errors were retried"
        }
    }
}
