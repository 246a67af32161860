//! `monazite serve` under hostile clients: connections that never finish their
//! headers, a flood of them, and requests for another host (DNS rebinding).
//! Real binary, real TCP on 127.0.0.1; every socket here is the test's own.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::support::Fixture;
use crate::support::serve::{PATIENCE, Served, send};

/// The server's deadline for a request head, set through its hidden variable.
const HEADER_TIMEOUT_ENV: &str = "MONAZITE_HEADER_TIMEOUT_MS";

fn serve_with_header_timeout(f: &Fixture, millis: u64) -> Served {
    let mut command = f.command(&["serve", "--port", "0"]);
    command.env(HEADER_TIMEOUT_ENV, millis.to_string());
    Served::spawn(command)
}

/// Reads until the server closes `stream`; false if it is still open after
/// [`PATIENCE`]. A server that answers the stalled request (with 408, say)
/// before closing is fine; one that keeps it open is not.
fn closed_by_server(stream: &mut TcpStream) -> bool {
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut buffer = [0; 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

fn connect(port: u16) -> TcpStream {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&address, Duration::from_secs(10)).expect("connect")
}

#[test]
fn a_request_that_never_finishes_its_headers_is_dropped_after_the_timeout() {
    let f = Fixture::new("minimal");
    let s = serve_with_header_timeout(&f, 300);

    // Part of a head, then nothing.
    let mut partial = connect(s.port);
    partial
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    // Nothing at all.
    let mut silent = connect(s.port);
    // A head sent a byte at a time, forever: the deadline does not move.
    let mut trickled = connect(s.port);
    trickled.write_all(b"GET / HTTP/1.1\r\nX-Slow: ").unwrap();
    let mut writer = trickled.try_clone().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    let trickle = std::thread::spawn(move || {
        while !stopped.load(Ordering::Relaxed) && writer.write_all(b"a").is_ok() {
            std::thread::sleep(Duration::from_millis(50));
        }
    });

    let start = Instant::now();
    assert!(closed_by_server(&mut partial), "a partial head stays open");
    assert!(
        closed_by_server(&mut silent),
        "a silent connection stays open"
    );
    assert!(
        closed_by_server(&mut trickled),
        "a trickled head stays open"
    );
    println!(
        "stalled connections closed {} ms after the first byte (timeout 300 ms)",
        start.elapsed().as_millis()
    );
    stop.store(true, Ordering::Relaxed);
    trickle.join().unwrap();

    // The server goes on answering whole requests.
    assert_eq!(s.get("/").status, 200);
}

/// Connections held open without a whole request head.
const HALF_OPEN: usize = 1_000;

#[cfg(unix)]
#[test]
fn a_thousand_half_open_connections_neither_block_a_request_nor_ctrl_c() {
    use crate::support::serve::raise_open_files_limit;
    // The test holds the connections and the server accepts them: each side
    // needs them and what else it has open (other tests run alongside).
    let wanted = HALF_OPEN as libc::rlim_t + 1_024;
    let limit = raise_open_files_limit(wanted);
    assert!(
        limit >= wanted,
        "open-file limit {limit} (hard limit too low for {wanted})"
    );
    let f = Fixture::new("minimal");
    // A deadline far beyond the test, so no connection is freed by it.
    let mut s = serve_with_header_timeout(&f, 600_000);

    let start = Instant::now();
    let mut held = Vec::with_capacity(HALF_OPEN);
    for n in 0..HALF_OPEN {
        let mut stream = connect(s.port);
        if n % 2 == 0 {
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ")
                .unwrap();
        }
        held.push(stream);
    }
    println!(
        "{HALF_OPEN} half-open connections opened in {} ms",
        start.elapsed().as_millis()
    );

    // Accepted in order: once this is answered, the server holds all of them.
    let start = Instant::now();
    let home = s.get("/");
    assert_eq!(home.status, 200);
    println!(
        "GET / answered in {} ms beside them",
        start.elapsed().as_millis()
    );
    for stream in held.iter_mut().step_by(97) {
        stream.set_nonblocking(true).unwrap();
        let mut byte = [0; 1];
        let still_open =
            matches!(stream.read(&mut byte), Err(e) if e.kind() == ErrorKind::WouldBlock);
        assert!(still_open, "a half-open connection was closed early");
    }

    let (status, took) = s
        .interrupt(Duration::from_secs(10))
        .expect("serve did not stop on Ctrl-C with half-open connections");
    println!(
        "Ctrl-C ended the server in {} ms with {HALF_OPEN} half-open connections",
        took.as_millis()
    );
    assert!(status.success(), "{status:?}");
    drop(held);
}

fn request_with_host(port: u16, target: &str, host: &str) -> crate::support::serve::Response {
    send(
        port,
        &format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

#[test]
fn a_loopback_preview_answers_only_requests_for_a_loopback_host() {
    let f = Fixture::new("minimal");
    let s = Served::start(&f, &[]);
    let port = s.port;
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_string(),
        format!("newsroom.localhost:{port}"),
    ] {
        let response = request_with_host(port, "/", &host);
        assert_eq!(response.status, 200, "Host: {host}");
        assert!(response.text().contains("Fixture Times"), "Host: {host}");
    }

    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("192.0.2.7:{port}"),
    ] {
        for target in ["/", "/news/draft-story/", "/__monazite/live?path=%2F"] {
            let response = request_with_host(port, target, &host);
            assert_eq!(response.status, 403, "Host: {host} {target}");
            assert_eq!(
                response.header("content-type"),
                Some("text/plain; charset=utf-8")
            );
            assert!(
                response.text().contains("DNS rebinding"),
                "{}",
                response.text()
            );
            assert!(!response.text().contains("Fixture Times"));
        }
    }
    // The absolute form names its host in the target.
    let response = request_with_host(port, "http://evil.example/", &format!("localhost:{port}"));
    assert_eq!(response.status, 403);
    // No Host at all (HTTP/1.0) is refused too.
    let response = send(port, "GET / HTTP/1.0\r\n\r\n");
    assert_eq!(response.status, 403);

    // The live channel still works for the preview's own pages.
    let _live = s.live("/");
}

#[test]
fn a_preview_shown_to_other_machines_answers_any_host() {
    let f = Fixture::new("minimal");
    let s = Served::start(&f, &["--bind", "0.0.0.0"]);
    let response = request_with_host(s.port, "/", "newsroom-laptop.lan:1111");
    assert_eq!(response.status, 200);
}

#[test]
fn a_bad_header_timeout_is_refused_before_serving() {
    let f = Fixture::new("minimal");
    for value in ["soon", "0", "600001"] {
        let mut child = f
            .command(&["serve", "--port", "0"])
            .env(HEADER_TIMEOUT_ENV, value)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > PATIENCE {
                let _ = child.kill();
                panic!("serve started with {HEADER_TIMEOUT_ENV}={value}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(!status.success(), "{value}");
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert!(
            stderr.contains(&format!("invalid {HEADER_TIMEOUT_ENV} value `{value}`")),
            "{stderr}"
        );
        assert!(stderr.contains("expected a whole number of milliseconds"));
    }
}
