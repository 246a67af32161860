//! `monazite serve` under hostile clients: requests for another host (DNS
//! rebinding). Real binary, real TCP on 127.0.0.1.

use crate::support::Fixture;
use crate::support::serve::{Served, send};

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
