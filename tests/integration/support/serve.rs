//! A running `monazite serve` child, a plain HTTP/1.1 client over TcpStream
//! (raw request paths, so `..` reaches the server as written), and a reader
//! for the live channel's Server-Sent Events.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Fixture;

/// How long a test waits for the server to do something before failing.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// `monazite serve` on a fixture; killed when dropped.
pub struct Served {
    pub child: Child,
    pub url: String,
    pub port: u16,
    pub stdout: Arc<Mutex<Vec<String>>>,
    pub stderr: Arc<Mutex<Vec<String>>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn collect_lines(
    stream: impl Read + Send + 'static,
    into: Arc<Mutex<Vec<String>>>,
    first_url: Option<mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if let Some(tx) = &first_url
                && let Some(at) = line.find("http://")
            {
                let url: String = line[at..]
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_string();
                let _ = tx.send(url);
            }
            into.lock().unwrap().push(line);
        }
    });
}

impl Served {
    /// Starts `monazite serve --port 0 <args>` and waits for the URL it prints.
    pub fn start(fixture: &Fixture, args: &[&str]) -> Served {
        let mut all = vec!["serve"];
        if !args.contains(&"--port") {
            all.extend(["--port", "0"]);
        }
        all.extend(args);
        Served::start_raw(fixture, &all)
    }

    /// Starts the binary with exactly `args` (plus `--root`).
    pub fn start_raw(fixture: &Fixture, args: &[&str]) -> Served {
        Served::spawn(fixture.command(args))
    }

    /// Runs `command` (a `monazite serve` command) and waits for its URL.
    pub fn spawn(mut command: std::process::Command) -> Served {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .stdin(Stdio::null())
            .spawn()
            .expect("start monazite serve");
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        collect_lines(child.stdout.take().unwrap(), stdout.clone(), Some(tx));
        collect_lines(child.stderr.take().unwrap(), stderr.clone(), None);
        let url = match rx.recv_timeout(PATIENCE) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "serve printed no URL\nstdout: {:?}\nstderr: {:?}",
                    stdout.lock().unwrap(),
                    stderr.lock().unwrap()
                );
            }
        };
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {url}"));
        Served {
            child,
            url,
            port,
            stdout,
            stderr,
        }
    }

    pub fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }

    /// Sends Ctrl-C (SIGINT) and waits up to `patience` for the process to
    /// end: its exit status and how long it took, or `None` if it is still running.
    #[cfg(unix)]
    pub fn interrupt(&mut self, patience: Duration) -> Option<(ExitStatus, Duration)> {
        let sent = std::process::Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let start = Instant::now();
        while start.elapsed() < patience {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some((status, start.elapsed()));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }

    /// Opens the live channel as a browser showing `page` would, and waits for `hello`.
    pub fn live(&self, page: &str) -> Live {
        let mut live = Live::connect(self.port, page);
        let hello = live.next(PATIENCE).expect("a hello event");
        assert_eq!(hello.kind, "hello", "{hello:?}");
        live
    }

    pub fn stderr_text(&self) -> String {
        self.stderr.lock().unwrap().join("\n")
    }

    pub fn stdout_text(&self) -> String {
        self.stdout.lock().unwrap().join("\n")
    }

    /// Waits until stderr has a line containing `text`.
    pub fn wait_stderr(&self, text: &str) -> bool {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if self.stderr_text().contains(text) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

/// An HTTP response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `GET <path>` exactly as written and reads the whole response.
pub fn get(port: u16, path: &str) -> Response {
    send(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    )
}

/// Sends `request` (a whole request head, as written) and reads the whole response.
pub fn send(port: u16, request: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream);
    let (status, headers) = read_head(&mut reader);
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let mut body = Vec::new();
    if chunked {
        while let Some(chunk) = read_chunk(&mut reader) {
            body.extend(chunk);
        }
    } else {
        reader.read_to_end(&mut body).unwrap();
    }
    Response {
        status,
        headers,
        body,
    }
}

fn read_head(reader: &mut impl BufRead) -> (u16, Vec<(String, String)>) {
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {line:?}"));
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((n, v)) = l.split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    (status, headers)
}

/// One chunk of a chunked body; `None` at the end.
fn read_chunk(reader: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let size = usize::from_str_radix(line.trim(), 16).ok()?;
    if size == 0 {
        return None;
    }
    let mut chunk = vec![0; size + 2];
    reader.read_exact(&mut chunk).ok()?;
    chunk.truncate(size);
    Some(chunk)
}

/// One Server-Sent Event.
#[derive(Debug, Clone)]
pub struct LiveEvent {
    pub kind: String,
    pub data: String,
    /// When it arrived.
    pub at: Instant,
}

/// The live channel, read on a thread.
pub struct Live {
    events: Receiver<LiveEvent>,
}

impl Live {
    pub fn connect(port: u16, page: &str) -> Live {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        write!(
            stream,
            "GET /__monazite/live?path={} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n",
            page.replace('/', "%2F")
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let (status, _) = read_head(&mut reader);
            assert_eq!(status, 200, "live channel status");
            let mut pending = String::new();
            let (mut kind, mut data) = (String::new(), Vec::<String>::new());
            while let Some(chunk) = read_chunk(&mut reader) {
                pending.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = pending.find('\n') {
                    let line: String = pending.drain(..=end).collect();
                    let line = line.trim_end_matches(['\n', '\r']);
                    if line.is_empty() {
                        if !kind.is_empty() || !data.is_empty() {
                            let event = LiveEvent {
                                kind: std::mem::take(&mut kind),
                                data: std::mem::take(&mut data).join("\n"),
                                at: Instant::now(),
                            };
                            if tx.send(event).is_err() {
                                return;
                            }
                        }
                    } else if let Some(v) = line.strip_prefix("event:") {
                        kind = v.trim_start().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                    }
                }
            }
        });
        Live { events: rx }
    }

    pub fn next(&mut self, timeout: Duration) -> Option<LiveEvent> {
        self.events.recv_timeout(timeout).ok()
    }

    /// Waits for an event of `kind`, skipping others; panics after [`PATIENCE`].
    pub fn expect(&mut self, kind: &str) -> LiveEvent {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.next(left) {
                Some(e) if e.kind == kind => return e,
                Some(e) => seen.push(e.kind),
                None => break,
            }
        }
        panic!("no `{kind}` event on the live channel (saw {seen:?})");
    }

    /// Asserts no event arrives within `wait`.
    pub fn quiet_for(&mut self, wait: Duration) -> Option<LiveEvent> {
        self.next(wait)
    }
}

/// Raises this process's soft limit on open files to `wanted` when it is
/// lower (as far as the hard limit allows); servers started afterwards
/// inherit it. Returns the soft limit now in force.
#[cfg(unix)]
pub fn raise_open_files_limit(wanted: libc::rlim_t) -> libc::rlim_t {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is lent.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return 0;
    }
    let current = limit.rlim_cur;
    if current >= wanted {
        return current;
    }
    let raised = libc::rlimit {
        rlim_cur: wanted.min(limit.rlim_max),
        rlim_max: limit.rlim_max,
    };
    // SAFETY: setrlimit only reads the struct it is lent.
    if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
        raised.rlim_cur
    } else {
        current
    }
}
