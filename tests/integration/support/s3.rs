//! A real S3-compatible server for the deploy tests (`tests/s3/moto_s3.py`:
//! moto on a loopback port, signatures enforced), and a view of a bucket
//! through boto3, a client independent of monazite's.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use base64::Engine;
use serde_json::{Value, json};

use super::repo_root;

/// A running server; stopped when dropped.
pub struct S3Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    pub endpoint: String,
    pub key_id: String,
    pub secret: String,
    _log: tempfile::NamedTempFile,
}

/// An object as boto3 lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    pub size: u64,
    pub etag: String,
}

impl S3Server {
    /// Starts a server holding the (empty) `buckets`.
    pub fn start(buckets: &[&str]) -> S3Server {
        let log = tempfile::NamedTempFile::new().unwrap();
        let script = repo_root().join("tests/s3/moto_s3.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .args(buckets)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log.reopen().unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run python3 ({e}); run .ci/install-deps, which installs the S3 test server (moto)"));
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let Ok(hello) = serde_json::from_str::<Value>(&line) else {
            let errors = std::fs::read_to_string(log.path()).unwrap_or_default();
            panic!(
                "the S3 test server (moto) did not start; run .ci/install-deps, which installs it \
                 (tests/s3/requirements.txt). Its output:\n{errors}"
            );
        };
        let field = |k: &str| hello[k].as_str().unwrap().to_string();
        S3Server {
            endpoint: field("endpoint"),
            key_id: field("key_id"),
            secret: field("secret"),
            child,
            stdin,
            stdout,
            _log: log,
        }
    }

    fn ask(&mut self, command: Value) -> Value {
        writeln!(self.stdin, "{command}").unwrap();
        self.stdin.flush().unwrap();
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        let answer: Value = serde_json::from_str(&line).unwrap();
        if let Some(error) = answer.get("error") {
            panic!("S3 server: {error} (for {command})");
        }
        answer
    }

    /// Every object in `bucket`.
    pub fn list(&mut self, bucket: &str) -> BTreeMap<String, Object> {
        let answer = self.ask(json!({"op": "list", "bucket": bucket}));
        answer["objects"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| {
                let object = Object {
                    size: v["size"].as_u64().unwrap(),
                    etag: v["etag"].as_str().unwrap().to_string(),
                };
                (k.clone(), object)
            })
            .collect()
    }

    /// An object's headers and metadata.
    pub fn head(&mut self, bucket: &str, key: &str) -> Value {
        self.ask(json!({"op": "head", "bucket": bucket, "key": key}))
    }

    /// An object's bytes.
    pub fn get(&mut self, bucket: &str, key: &str) -> Vec<u8> {
        let answer = self.ask(json!({"op": "get", "bucket": bucket, "key": key}));
        base64::engine::general_purpose::STANDARD
            .decode(answer["base64"].as_str().unwrap())
            .unwrap()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
