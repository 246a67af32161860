//! `site.yaml`'s `deploy:` section: where `monazite deploy` publishes
//! (S3-compatible targets) and the `Cache-Control` rules of the uploaded files.
//!
//! Credentials are never read from here: a key written in `site.yaml` would
//! end up in the site's repository. `deploy` reads them from the environment
//! and the AWS configuration files.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `deploy:` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeploy {
    /// The target used when `--target` is not given (else the only one).
    #[serde(default)]
    pub default: Option<String>,
    #[serde(default)]
    pub targets: BTreeMap<String, RawTarget>,
    /// Rules tried in order before the built-in ones; the first match wins.
    #[serde(default)]
    pub cache_control: Vec<CacheRule>,
}

/// One target as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    pub bucket: String,
    #[serde(default)]
    pub region: Option<String>,
    /// The S3 API's address for a provider other than AWS (R2, B2, GCS, MinIO).
    #[serde(default)]
    pub endpoint: Option<String>,
    #[serde(default)]
    pub prefix: Option<String>,
    /// Bucket in the path (`endpoint/bucket/key`) rather than in the host name;
    /// defaults to true when an endpoint is given.
    #[serde(default)]
    pub path_style: Option<bool>,
    /// The profile of `~/.aws/credentials` to use (else `AWS_PROFILE`, else `default`).
    #[serde(default)]
    pub profile: Option<String>,
}

/// A `Cache-Control` rule: files matching `files` (a glob over the path in
/// the output folder) get `value`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheRule {
    pub files: String,
    pub value: String,
}

/// The validated `deploy:` section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deploy {
    pub default: Option<String>,
    pub targets: BTreeMap<String, Target>,
    pub cache_control: Vec<CacheRule>,
}

/// A place to publish to: a bucket (and a folder in it) of an S3-compatible service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub name: String,
    pub bucket: String,
    /// As written, else `AWS_REGION` at deploy time, else `us-east-1`.
    pub region: Option<String>,
    /// None for AWS S3 itself.
    pub endpoint: Option<String>,
    /// Without leading or trailing `/`; empty for the bucket's root.
    pub prefix: String,
    pub path_style: bool,
    pub profile: Option<String>,
}

/// A problem in `deploy:`, with the dotted key it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployProblem {
    pub key: String,
    pub message: String,
    pub help: &'static str,
}

impl RawDeploy {
    /// Checks every target and rule; all problems are returned at once.
    pub fn resolve(self) -> Result<Deploy, Vec<DeployProblem>> {
        let mut problems = Vec::new();
        let mut targets = BTreeMap::new();
        for (name, raw) in self.targets {
            match raw.resolve(&name) {
                Ok(target) => {
                    targets.insert(name, target);
                }
                Err(mut p) => problems.append(&mut p),
            }
        }
        if let Some(default) = &self.default
            && !targets.contains_key(default)
            && problems.is_empty()
        {
            problems.push(DeployProblem {
                key: "deploy.default".into(),
                message: format!("deploy.default names `{default}`, which is not a target"),
                help: "expected the name of a target under deploy.targets",
            });
        }
        for rule in &self.cache_control {
            if rule.files.trim().is_empty() || rule.value.trim().is_empty() {
                problems.push(DeployProblem {
                    key: "deploy.cache_control".into(),
                    message: "a cache_control rule needs both `files` and `value`".into(),
                    help: "expected e.g. `- files: \"assets/**\"` and `value: \"public, max-age=86400\"`",
                });
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Deploy {
            default: self.default,
            targets,
            cache_control: self.cache_control,
        })
    }
}

impl RawTarget {
    fn resolve(self, name: &str) -> Result<Target, Vec<DeployProblem>> {
        let mut problems = Vec::new();
        let problem = |key: &str, message: String, help: &'static str| DeployProblem {
            key: format!("deploy.targets.{name}.{key}"),
            message,
            help,
        };
        if !valid_bucket(&self.bucket) {
            problems.push(problem(
                "bucket",
                format!("target `{name}`: invalid bucket name `{}`", self.bucket),
                "expected 3 to 63 lowercase letters, digits, dots and hyphens",
            ));
        }
        if let Some(endpoint) = &self.endpoint
            && !valid_endpoint(endpoint)
        {
            problems.push(problem(
                "endpoint",
                format!("target `{name}`: invalid endpoint `{endpoint}`"),
                "expected an http(s) URL with no path, such as https://ACCOUNT.r2.cloudflarestorage.com",
            ));
        }
        let prefix = self
            .prefix
            .as_deref()
            .unwrap_or("")
            .trim_matches('/')
            .to_string();
        if prefix.split('/').any(|part| part == ".." || part == ".") {
            problems.push(problem(
                "prefix",
                format!("target `{name}`: prefix `{prefix}` has a `.` or `..` part"),
                "expected a folder in the bucket, such as `www` or `sites/news`",
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Target {
            name: name.to_string(),
            path_style: self.path_style.unwrap_or(self.endpoint.is_some()),
            bucket: self.bucket,
            region: self.region,
            endpoint: self.endpoint.map(|e| e.trim_end_matches('/').to_string()),
            prefix,
            profile: self.profile,
        })
    }
}

impl Deploy {
    /// The target named `name`, else the default one, else the only one.
    pub fn target(&self, name: Option<&str>) -> Result<&Target, String> {
        let names = || {
            self.targets
                .keys()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(name) = name.or(self.default.as_deref()) {
            return self.targets.get(name).ok_or_else(|| {
                format!(
                    "no deploy target `{name}` in site.yaml (targets: {})",
                    names()
                )
            });
        }
        match self.targets.len() {
            0 => Err("site.yaml has no deploy target (a `deploy.targets` section)".into()),
            1 => Ok(self.targets.values().next().expect("one target")),
            _ => Err(format!(
                "site.yaml has several deploy targets ({}): choose one with --target NAME or deploy.default",
                names()
            )),
        }
    }
}

/// S3's bucket naming rules (the lowercase, DNS-compatible ones every provider accepts).
fn valid_bucket(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name.as_bytes()[name.len() - 1].is_ascii_alphanumeric()
}

fn valid_endpoint(endpoint: &str) -> bool {
    let Ok(url) = url::Url::parse(endpoint) else {
        return false;
    };
    matches!(url.scheme(), "http" | "https")
        && url.host().is_some()
        && url.path().trim_matches('/').is_empty()
        && url.query().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(yaml: &str) -> RawDeploy {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn a_target_with_an_endpoint_defaults_to_path_style() {
        let deploy = raw("targets:\n  live:\n    bucket: news-site\n    endpoint: http://127.0.0.1:9000/\n    prefix: /www/\n")
            .resolve()
            .unwrap();
        let target = deploy.target(None).unwrap();
        assert!(target.path_style);
        assert_eq!(target.prefix, "www");
        assert_eq!(target.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        let aws = raw("targets:\n  live:\n    bucket: news-site\n")
            .resolve()
            .unwrap();
        assert!(!aws.target(Some("live")).unwrap().path_style);
    }

    #[test]
    fn bad_targets_are_all_reported_with_their_keys() {
        let problems =
            raw("targets:\n  a:\n    bucket: No_Such\n    endpoint: ftp://x/\n    prefix: ../up\n")
                .resolve()
                .unwrap_err();
        let keys: Vec<_> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "deploy.targets.a.bucket",
                "deploy.targets.a.endpoint",
                "deploy.targets.a.prefix"
            ]
        );
    }

    #[test]
    fn credentials_in_site_yaml_are_refused() {
        let error = serde_yaml::from_str::<RawDeploy>(
            "targets:\n  a:\n    bucket: news-site\n    secret_access_key: x\n",
        )
        .unwrap_err();
        assert!(error.to_string().contains("secret_access_key"), "{error}");
    }

    #[test]
    fn the_target_is_chosen_by_name_default_or_being_the_only_one() {
        let deploy = raw("default: b\ntargets:\n  a:\n    bucket: aaa\n  b:\n    bucket: bbb\n")
            .resolve()
            .unwrap();
        assert_eq!(deploy.target(None).unwrap().bucket, "bbb");
        assert_eq!(deploy.target(Some("a")).unwrap().bucket, "aaa");
        let error = deploy.target(Some("c")).unwrap_err();
        assert!(error.contains("`a`, `b`"), "{error}");
        let two = raw("targets:\n  a:\n    bucket: aaa\n  b:\n    bucket: bbb\n")
            .resolve()
            .unwrap();
        assert!(two.target(None).unwrap_err().contains("--target"));
        assert!(Deploy::default().target(None).is_err());
    }
}
