//! The bucket, through `object_store`'s S3 client: listing, the deploy
//! manifest, an object's stored hash, uploads with headers and metadata,
//! deletions. Every HTTP request (retries included) is counted.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::client::{
    HttpClient, HttpConnector, HttpError, HttpRequest, HttpResponse, HttpService, ReqwestConnector,
};
use object_store::path::Path as ObjectPath;
use object_store::{
    Attribute, AttributeValue, Attributes, BackoffConfig, ClientOptions, GetOptions, ObjectStore,
    ObjectStoreExt, PutOptions, PutPayload, RetryConfig,
};

use super::credentials::Credentials;
use super::error::{DeployError, RemoteProblem};
use super::manifest::{MANIFEST_KEY, Manifest};
use super::plan::{Listed, LocalFile};
use crate::config::Target;

/// The user metadata key holding a file's MD5 (`x-amz-meta-monazite-md5`).
pub const MD5_METADATA: &str = "monazite-md5";

/// A target's bucket, ready for requests.
#[derive(Debug)]
pub struct Bucket {
    store: AmazonS3,
    prefix: String,
    target: String,
    requests: Arc<AtomicU64>,
}

impl Bucket {
    /// A client for `target` with `credentials`; no request is made yet.
    pub fn open(
        target: &Target,
        credentials: &Credentials,
        region: &str,
    ) -> Result<Bucket, DeployError> {
        let requests = Arc::new(AtomicU64::new(0));
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&target.bucket)
            .with_region(region)
            .with_access_key_id(&credentials.key_id)
            .with_secret_access_key(&credentials.secret)
            .with_virtual_hosted_style_request(!target.path_style && target.endpoint.is_some())
            .with_retry(retry_config())
            .with_client_options(ClientOptions::new().with_timeout(Duration::from_secs(120)))
            .with_http_connector(CountingConnector {
                requests: requests.clone(),
            });
        if let Some(token) = &credentials.token {
            builder = builder.with_token(token);
        }
        if let Some(endpoint) = &target.endpoint {
            builder = builder
                .with_allow_http(endpoint.starts_with("http://"))
                .with_endpoint(virtual_hosted_endpoint(endpoint, target));
        }
        let store = builder.build().map_err(|e| DeployError::Remote {
            target: target.name.clone(),
            problem: RemoteProblem::Other,
            detail: e.to_string(),
        })?;
        Ok(Bucket {
            store,
            prefix: target.prefix.clone(),
            target: target.name.clone(),
            requests,
        })
    }

    /// HTTP requests made so far, retries included.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Every object under the prefix (keys relative to it), but the manifest.
    pub async fn list(&self) -> Result<BTreeMap<String, Listed>, DeployError> {
        let prefix = (!self.prefix.is_empty()).then(|| ObjectPath::from(self.prefix.as_str()));
        let mut stream = self.store.list(prefix.as_ref());
        let mut listed = BTreeMap::new();
        while let Some(meta) = stream.next().await {
            let meta = meta.map_err(|e| self.error(e))?;
            let key = self.relative(meta.location.as_ref());
            if key != MANIFEST_KEY {
                listed.insert(
                    key,
                    Listed {
                        size: meta.size,
                        etag: meta.e_tag,
                    },
                );
            }
        }
        Ok(listed)
    }

    /// The last deploy's manifest, if there is a readable one.
    pub async fn manifest(&self) -> Result<Option<Manifest>, DeployError> {
        match self.store.get(&self.path(MANIFEST_KEY)).await {
            Ok(got) => {
                let bytes = got.bytes().await.map_err(|e| self.error(e))?;
                Ok(Manifest::parse(&bytes))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(self.error(e)),
        }
    }

    pub async fn write_manifest(&self, manifest: &Manifest) -> Result<(), DeployError> {
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, "application/json".into());
        attributes.insert(Attribute::CacheControl, "no-store".into());
        let options = PutOptions {
            attributes,
            ..PutOptions::default()
        };
        self.store
            .put_opts(
                &self.path(MANIFEST_KEY),
                PutPayload::from(manifest.to_bytes()),
                options,
            )
            .await
            .map(|_| ())
            .map_err(|e| self.error(e))
    }

    /// The MD5 stored in an object's metadata by the deploy that wrote it.
    pub async fn stored_md5(&self, file: &str) -> Result<Option<String>, DeployError> {
        let options = GetOptions {
            head: true,
            ..GetOptions::default()
        };
        match self.store.get_opts(&self.path(file), options).await {
            Ok(got) => Ok(got
                .attributes
                .get(&Attribute::Metadata(MD5_METADATA.into()))
                .map(|v| v.to_string())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(self.error(e)),
        }
    }

    /// Uploads `file` with its headers and MD5; returns the new ETag.
    pub async fn upload(
        &self,
        file: &LocalFile,
        bytes: Vec<u8>,
    ) -> Result<Option<String>, DeployError> {
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, file.headers.content_type.into());
        attributes.insert(
            Attribute::CacheControl,
            AttributeValue::from(file.headers.cache_control.clone()),
        );
        attributes.insert(
            Attribute::Metadata(MD5_METADATA.into()),
            AttributeValue::from(file.md5.clone()),
        );
        let options = PutOptions {
            attributes,
            ..PutOptions::default()
        };
        let result = self
            .store
            .put_opts(&self.path(&file.file), PutPayload::from(bytes), options)
            .await
            .map_err(|e| self.error(e))?;
        Ok(result.e_tag)
    }

    /// Deletes `files` (a request per thousand, where the service allows).
    pub async fn delete(&self, files: &[String]) -> Result<(), DeployError> {
        let paths: Vec<object_store::Result<ObjectPath>> =
            files.iter().map(|f| Ok(self.path(f))).collect();
        let mut results = self
            .store
            .delete_stream(futures_util::stream::iter(paths).boxed());
        while let Some(result) = results.next().await {
            match result {
                Ok(_) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(self.error(e)),
            }
        }
        Ok(())
    }

    fn path(&self, file: &str) -> ObjectPath {
        if self.prefix.is_empty() {
            ObjectPath::from(file)
        } else {
            ObjectPath::from(format!("{}/{file}", self.prefix))
        }
    }

    fn relative(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_string()
        } else {
            key.strip_prefix(&self.prefix)
                .map(|k| k.trim_start_matches('/'))
                .unwrap_or(key)
                .to_string()
        }
    }

    fn error(&self, e: object_store::Error) -> DeployError {
        let detail = e.to_string();
        DeployError::Remote {
            target: self.target.clone(),
            problem: RemoteProblem::of(&detail),
            detail,
        }
    }
}

/// Transient failures (5xx, 429, timeouts, dropped connections) are tried
/// again up to 5 times with jittered exponential backoff from 0.1 s to 15 s;
/// 4xx answers (credentials, missing bucket, access) are not.
fn retry_config() -> RetryConfig {
    RetryConfig {
        backoff: BackoffConfig {
            init_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(15),
            base: 2.0,
        },
        max_retries: 5,
        retry_timeout: Duration::from_secs(120),
    }
}

/// With virtual-hosted addressing, the client takes the endpoint as the
/// bucket's own host: `https://bucket.host`.
fn virtual_hosted_endpoint(endpoint: &str, target: &Target) -> String {
    if target.path_style {
        return endpoint.to_string();
    }
    match endpoint.split_once("://") {
        Some((scheme, host)) => format!("{scheme}://{}.{host}", target.bucket),
        None => endpoint.to_string(),
    }
}

/// The default HTTP client, counting each request it sends.
#[derive(Debug)]
struct CountingConnector {
    requests: Arc<AtomicU64>,
}

impl HttpConnector for CountingConnector {
    fn connect(&self, options: &ClientOptions) -> object_store::Result<HttpClient> {
        let inner = ReqwestConnector::default().connect(options)?;
        Ok(HttpClient::new(CountingService {
            inner,
            requests: self.requests.clone(),
        }))
    }
}

#[derive(Debug)]
struct CountingService {
    inner: HttpClient,
    requests: Arc<AtomicU64>,
}

#[async_trait::async_trait]
impl HttpService for CountingService {
    async fn call(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.inner.execute(request).await
    }
}
