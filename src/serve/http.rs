//! The preview's HTTP side (axum): pages from memory, theme and article files
//! from the site's folders by exact name, the live-reload script and its event
//! stream (Server-Sent Events). A request path is decoded and checked before
//! anything is looked up: `..` in any spelling is refused, and files are only
//! ever found by exact name in the preview's own maps, never by joining a
//! request path onto a folder.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use futures_util::Stream;

use super::host::{HostCheck, is_loopback_authority};
use super::overlay::{self, LIVE_PATH, SCRIPT_PATH};
use super::shared::{Answer, LiveEvent, Output, Shared, Status};
use crate::routes;

/// The preview's routes, behind the `Host` check `hosts`.
pub(crate) fn router(shared: Arc<Shared>, hosts: HostCheck) -> Router {
    let routes = Router::new()
        .route(LIVE_PATH, get(live))
        .route(SCRIPT_PATH, get(script))
        .fallback(site_file)
        .with_state(shared);
    match hosts {
        HostCheck::Any => routes,
        HostCheck::Loopback => routes.layer(middleware::from_fn(refuse_other_hosts)),
    }
}

/// A loopback preview answers only requests addressed to loopback (see
/// [`super::host`]): anything else may be a page of another site that reached
/// it through DNS rebinding.
async fn refuse_other_hosts(request: Request, next: Next) -> Response {
    if addressed_to_loopback(&request) {
        next.run(request).await
    } else {
        plain(
            StatusCode::FORBIDDEN,
            "refused: this preview answers only requests for localhost, 127.0.0.1 or [::1] \
             (another Host may be a web page reaching it through DNS rebinding)\n",
        )
    }
}

/// Whether the request names a loopback host: its one `Host` header and, in
/// the absolute form (`GET http://host/ HTTP/1.1`), its target's authority.
/// No `Host` at all, or two of them, is refused too.
fn addressed_to_loopback<B>(request: &axum::http::Request<B>) -> bool {
    let mut named = false;
    if let Some(authority) = request.uri().authority() {
        if !is_loopback_authority(authority.as_str()) {
            return false;
        }
        named = true;
    }
    let mut hosts = request.headers().get_all(header::HOST).iter();
    match (hosts.next(), hosts.next()) {
        (None, _) => named,
        (Some(host), None) => host.to_str().is_ok_and(is_loopback_authority),
        (Some(_), Some(_)) => false,
    }
}

/// Why a request path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadPath {
    /// A `..` or `.` segment, in any encoding: it would leave the site.
    Traversal,
    /// Bad percent-encoding, not UTF-8, a backslash or a NUL.
    Malformed,
}

/// The output file a request path names: `/news/x/` → `news/x/index.html`,
/// `/assets/style.css` → `assets/style.css`. Percent-decoding happens once,
/// before the check, so `%2e%2e` and `..%2f` are caught like `..`.
pub fn output_file(request_path: &str) -> Result<String, BadPath> {
    let decoded = percent_decode(request_path).ok_or(BadPath::Malformed)?;
    if decoded.contains(['\\', '\0']) {
        return Err(BadPath::Malformed);
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return Err(BadPath::Traversal),
            s => segments.push(s),
        }
    }
    let file = segments.join("/");
    if file.is_empty() || decoded.ends_with('/') {
        Ok(routes::index_file_of(&file))
    } else {
        Ok(file)
    }
}

/// `text` percent-decoded; `None` when a `%` is not followed by two hex
/// digits or the bytes are not UTF-8 (a request path is refused, not guessed at).
fn percent_decode(text: &str) -> Option<String> {
    let escapes_whole = text.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !escapes_whole {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()?;
    Some(decoded.into_owned())
}

/// The content type of an output file, from its name (shared with `deploy`).
pub use crate::routes::content_type;

fn is_html(file: &str) -> bool {
    content_type(file).starts_with("text/html")
}

/// A response the browser must not keep: the preview changes under it.
fn fresh(status: StatusCode, content_type: &str, body: impl Into<Body>) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    fresh(status, "text/plain; charset=utf-8", text)
}

/// An output as served: pages get their generation and, when the last rebuild
/// failed, the overlay.
fn serve_output(status_code: StatusCode, file: &str, output: &Output, status: &Status) -> Response {
    if is_html(file) {
        let html = String::from_utf8_lossy(&output.bytes);
        let page = overlay::finish_page(&html, status.generation, &status.overlay);
        fresh(status_code, content_type(file), page)
    } else {
        fresh(status_code, content_type(file), output.bytes.clone())
    }
}

fn problem_page(status: &Status) -> Response {
    fresh(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/html; charset=utf-8",
        overlay::problem_page(status.generation, &status.overlay),
    )
}

/// Any path of the site.
async fn site_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "the preview serves GET and HEAD only\n",
        );
    }
    let file = match output_file(uri.path()) {
        Ok(file) => file,
        Err(BadPath::Traversal) => {
            return plain(
                StatusCode::BAD_REQUEST,
                "refused: the path leaves the site (`..`)\n",
            );
        }
        Err(BadPath::Malformed) => {
            return plain(StatusCode::BAD_REQUEST, "refused: malformed path\n");
        }
    };
    // The generation is read before the page, so a page is never stamped newer than it is.
    let status = shared.status();
    if let Some(output) = shared.cached(&file) {
        return serve_output(StatusCode::OK, &file, &output, &status);
    }
    if let Some(source) = shared.file_source(&file) {
        return match tokio::fs::read(&source).await {
            Ok(bytes) => fresh(StatusCode::OK, content_type(&file), bytes),
            Err(_) => plain(StatusCode::NOT_FOUND, "not found\n"),
        };
    }
    let Some((answer, status)) = shared.ask(file.clone()).await else {
        return plain(StatusCode::SERVICE_UNAVAILABLE, "the preview is stopping\n");
    };
    match answer {
        Answer::Found(output) => serve_output(StatusCode::OK, &file, &output, &status),
        Answer::NotFound(page) => serve_output(StatusCode::NOT_FOUND, "404.html", &page, &status),
        Answer::Redirect(location) => {
            let mut response = plain(StatusCode::MOVED_PERMANENTLY, "moved\n");
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Answer::Failed => problem_page(&status),
    }
}

async fn script() -> Response {
    fresh(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        overlay::SCRIPT,
    )
}

/// The live channel: `hello` with the current generation, then `reload`,
/// `css` and `problems` as the site changes. `?path=` names the page the
/// browser shows, so the preview renders it again first after a change.
async fn live(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let page = query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("path="))
        .and_then(percent_decode)
        .unwrap_or_else(|| "/".into());
    let open = shared.open(page);
    let receiver = shared.live.subscribe();
    let stopping = shared.stopping.clone();
    let hello = Event::default()
        .event("hello")
        .data(shared.status().generation.to_string());
    struct Stream {
        first: Option<Event>,
        receiver: tokio::sync::broadcast::Receiver<LiveEvent>,
        stopping: tokio::sync::watch::Receiver<bool>,
        _open: super::shared::OpenPage,
    }
    let state = Stream {
        first: Some(hello),
        receiver,
        stopping,
        _open: open,
    };
    let stream = futures_util::stream::unfold(state, |mut s| async move {
        if let Some(first) = s.first.take() {
            return Some((Ok(first), s));
        }
        if *s.stopping.borrow() {
            return None;
        }
        tokio::select! {
            received = s.receiver.recv() => match received {
                Ok(event) => Some((Ok(to_sse(event)), s)),
                // Missed events: whatever they were, a reload shows the present.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    Some((Ok(Event::default().event("reload").data("0")), s))
                }
                Err(_) => None,
            },
            _ = s.stopping.changed() => None,
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn to_sse(event: LiveEvent) -> Event {
    match event {
        LiveEvent::Reload { generation } => Event::default()
            .event("reload")
            .data(generation.to_string()),
        LiveEvent::Css { generation } => Event::default().event("css").data(generation.to_string()),
        LiveEvent::Problems {
            generation,
            overlay,
        } => Event::default()
            .event("problems")
            .data(format!("{generation}\n{}", overlay.trim_end())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_output_files() {
        assert_eq!(output_file("/").unwrap(), "index.html");
        assert_eq!(output_file("/news/x/").unwrap(), "news/x/index.html");
        assert_eq!(output_file("/news/x").unwrap(), "news/x");
        assert_eq!(output_file("/404.html").unwrap(), "404.html");
        assert_eq!(
            output_file("/assets/style.css").unwrap(),
            "assets/style.css"
        );
        assert_eq!(
            output_file("/tags/rare%20earths/").unwrap(),
            "tags/rare earths/index.html"
        );
    }

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        for path in [
            "/../site.yaml",
            "/%2e%2e/site.yaml",
            "/%2E%2E/site.yaml",
            "/..%2fsite.yaml",
            "/..%2Fsite.yaml",
            "/news/../../site.yaml",
            "/news/%2e%2e%2f%2e%2e%2fsite.yaml",
            "/./index.html",
        ] {
            assert_eq!(output_file(path), Err(BadPath::Traversal), "{path}");
        }
    }

    #[test]
    fn malformed_paths_are_refused() {
        for path in [
            "/%zz",
            "/%2",
            "/%+f",
            "/a%5c..%5csite.yaml",
            "/a%00",
            "/%ff",
        ] {
            assert_eq!(output_file(path), Err(BadPath::Malformed), "{path}");
        }
    }

    fn request(target: &str, hosts: &[&str]) -> axum::http::Request<()> {
        let mut builder = axum::http::Request::get(target);
        for host in hosts {
            builder = builder.header(header::HOST, *host);
        }
        builder.body(()).unwrap()
    }

    #[test]
    fn requests_must_name_a_loopback_host() {
        assert!(addressed_to_loopback(&request("/", &["localhost:1111"])));
        assert!(addressed_to_loopback(&request("/", &["127.0.0.1:1111"])));
        assert!(addressed_to_loopback(&request(
            "http://localhost:1111/",
            &["localhost:1111"]
        )));
        assert!(addressed_to_loopback(&request("http://[::1]:1111/", &[])));
        assert!(!addressed_to_loopback(&request("/", &["evil.example"])));
        assert!(!addressed_to_loopback(&request("/", &[])));
        assert!(!addressed_to_loopback(&request(
            "/",
            &["localhost", "evil.example"]
        )));
        assert!(!addressed_to_loopback(&request(
            "/",
            &["localhost", "localhost"]
        )));
        assert!(!addressed_to_loopback(&request(
            "http://evil.example/",
            &["localhost"]
        )));
        assert!(!addressed_to_loopback(&request(
            "http://localhost/",
            &["evil.example"]
        )));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("assets/logo.svg"), "image/svg+xml");
        assert_eq!(content_type("news/x/cover.JPG"), "image/jpeg");
        assert_eq!(
            content_type("atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
