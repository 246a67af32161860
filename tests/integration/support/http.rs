//! A tiny real HTTP server for browser tests: serves a built site's folder and
//! records every request, including form posts to test endpoints.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A request the server received.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: String,
}

/// What a test endpoint answers: status, headers and body.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    /// A reply with a body of `content_type`.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    /// A redirect to `location`.
    pub fn redirect(location: &str) -> Reply {
        Reply {
            status: 303,
            headers: vec![("Location".into(), location.into())],
            body: Vec::new(),
        }
    }
}

type Endpoint = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// A static file server on 127.0.0.1 with optional test endpoints.
pub struct StaticServer {
    pub port: u16,
    pub requests: Arc<Mutex<Vec<Request>>>,
    endpoints: Arc<Mutex<HashMap<String, Endpoint>>>,
}

impl StaticServer {
    /// Serves `root` on a free port until the test process ends.
    pub fn start(root: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let endpoints: Arc<Mutex<HashMap<String, Endpoint>>> = Arc::default();
        let root = root.to_path_buf();
        let (reqs, eps) = (requests.clone(), endpoints.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (root, reqs, eps) = (root.clone(), reqs.clone(), eps.clone());
                std::thread::spawn(move || {
                    let _ = handle(stream, &root, &reqs, &eps);
                });
            }
        });
        StaticServer {
            port,
            requests,
            endpoints,
        }
    }

    /// `http://127.0.0.1:PORT` + path.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    /// Answers requests to `path` (any method) with `reply`.
    pub fn endpoint(&self, path: &str, reply: impl Fn(&Request) -> Reply + Send + Sync + 'static) {
        self.endpoints
            .lock()
            .unwrap()
            .insert(path.to_string(), Arc::new(reply));
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

fn handle(
    stream: TcpStream,
    root: &Path,
    requests: &Mutex<Vec<Request>>,
    endpoints: &Mutex<HashMap<String, Endpoint>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let path = target.split('?').next().unwrap_or("/").to_string();
    let request = Request {
        method,
        path: path.clone(),
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    requests.lock().unwrap().push(request.clone());
    let endpoint = endpoints.lock().unwrap().get(&path).cloned();
    let reply = match endpoint {
        Some(f) => f(&request),
        None => serve_file(root, &path),
    };
    write_reply(stream, &reply)
}

fn serve_file(root: &Path, path: &str) -> Reply {
    let decoded = percent_decode(path);
    if decoded.split('/').any(|seg| seg == "..") {
        return Reply::new(403, "text/plain", "forbidden");
    }
    let mut file: PathBuf = root.join(decoded.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(bytes) => Reply::new(200, content_type(&file), bytes),
        Err(_) => Reply::new(
            404,
            "text/html; charset=utf-8",
            std::fs::read(root.join("404.html")).unwrap_or_default(),
        ),
    }
}

fn write_reply(mut stream: TcpStream, reply: &Reply) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(&reply.body)?;
    stream.flush()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes in a URL path.
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}
