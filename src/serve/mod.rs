//! `monazite serve`: a local preview that follows the editor.
//!
//! The site is loaded once and kept in memory ([`preview`]); the watcher
//! ([`watch`]) hands over changed files, [`plan`] decides what they mean, the
//! preview re-reads only what changed (one article: `patch`) and drops the
//! cached pages that show it,
//! and the live channel tells open pages to reload (or to swap stylesheets, or
//! to show the problem overlay). Pages are rendered when a browser asks for
//! them, so none is ever older than the last change. Nothing is written to
//! disk: `public/` is never touched.
//!
//! The library does not print: what happens is reported as [`ServeEvent`]s,
//! which the command line prints.

pub mod host;
pub mod http;
mod listen;
pub mod overlay;
mod patch;
pub mod plan;
mod preview;
mod shared;
pub mod watch;

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::OffsetDateTime;

use crate::config::{CONFIG_FILE, Config};
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::Theme;
use crate::render::theme::THEME_DIR;
use crate::site::BuildOptions;
use host::HostCheck;
pub use listen::DEFAULT_HEADER_TIMEOUT;
pub use preview::Scope;
use shared::{Request, Shared};

/// The port `serve` tries first.
pub const DEFAULT_PORT: u16 = 1111;
/// How many ports after a taken one are tried.
pub const PORT_ATTEMPTS: u16 = 10;

/// What `monazite serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// The address to listen on; loopback unless the user says otherwise.
    pub bind: IpAddr,
    /// The first port to try (0: any free port).
    pub port: u16,
    pub drafts: bool,
    /// A "now" pinned for the whole preview (which articles are scheduled);
    /// `None` reads the clock at every rebuild and wakes when the next
    /// scheduled article's time comes.
    pub now: Option<OffsetDateTime>,
    /// How long a connection may take to send a request's headers.
    pub header_timeout: Duration,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            root: root.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            drafts: false,
            now: None,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
        }
    }
}

/// What the preview reports as it runs.
#[derive(Debug)]
pub enum ServeEvent {
    /// The first build is ready (in memory).
    Built {
        pages: usize,
        articles: usize,
        /// Drafts and scheduled articles left out (without `--drafts`).
        left_out: usize,
        warnings: Diagnostics,
        elapsed: Duration,
    },
    /// The server is accepting requests at `url`.
    Listening {
        url: String,
        bind: IpAddr,
        /// The port asked for; differs from `port` when it was taken.
        asked_port: u16,
        port: u16,
    },
    /// Changes were taken in and open pages told to reload.
    Rebuilt {
        /// The changed files, relative to the site root.
        changed: Vec<PathBuf>,
        scope: Scope,
        /// Cached pages dropped (rendered again when next asked for).
        dropped: usize,
        /// The previous rebuild had failed.
        recovered: bool,
        elapsed: Duration,
    },
    /// The site (or a page) could not be rebuilt; the browser shows the same problems.
    Failed { problems: Diagnostics },
    /// The watcher could not follow a change.
    WatchFailed(String),
    /// Ctrl-C (or SIGTERM): the server has stopped.
    Stopped,
}

/// Where events go: the command line's printer.
pub type Events = Arc<dyn Fn(ServeEvent) + Send + Sync>;

/// Builds the site in memory, serves it and follows changes until Ctrl-C.
/// A folder that is no site (no `site.yaml`, no theme) is refused before
/// anything is served, as `build` refuses it; other problems are shown in
/// the preview until they are fixed.
pub fn serve(
    options: &ServeOptions,
    events: impl Fn(ServeEvent) + Send + Sync + 'static,
) -> Result<(), Diagnostics> {
    let events: Events = Arc::new(events);
    let root = options.root.canonicalize().map_err(|e| {
        Diagnostic::error(format!(
            "cannot open the site folder {}: {e}",
            options.root.display()
        ))
        .with_help("expected a folder holding site.yaml, content/ and templates/ (see --root)")
    })?;
    require_a_site(&root)?;
    let (listener, port) = bind(options.bind, options.port)?;
    let url = local_url(options.bind, port);

    let mut build = BuildOptions::new(&root);
    build.drafts = options.drafts;
    build.now = options.now.unwrap_or_else(OffsetDateTime::now_utc);
    // Links and permalinks point at the preview, whatever base_url says.
    build.base_url = Some(url.clone());

    let (stop, stopping) = tokio::sync::watch::channel(false);
    let (queue, requests) = mpsc::channel();
    let shared = Arc::new(Shared::new(queue.clone(), stopping, first_generation()));
    let watch_queue = queue.clone();
    let watcher = watch::watch(&root, move |event| {
        let _ = watch_queue.send(match event {
            watch::WatchEvent::Changed(paths) => Request::Changed(paths),
            watch::WatchEvent::Failed(message) => Request::WatchFailed(message),
        });
    })
    .map_err(|e| Diagnostic::error(format!("cannot watch {} for changes: {e}", root.display())))?;
    let clock = match options.now {
        Some(_) => preview::Clock::Pinned,
        None => preview::Clock::Live,
    };
    let (preview, ready) =
        preview::spawn(build, clock, shared.clone(), events.clone(), requests)
            .map_err(|e| Diagnostic::error(format!("cannot start the preview: {e}")))?;
    let _ = ready.recv();

    events(ServeEvent::Listening {
        url,
        bind: options.bind,
        asked_port: options.port,
        port,
    });
    let http = HttpOptions {
        hosts: HostCheck::for_bind(options.bind),
        header_timeout: options.header_timeout,
    };
    let served = run_server(listener, shared, http, stop);
    let _ = queue.send(Request::Stop);
    let _ = preview.join();
    drop(watcher);
    served.map_err(|e| Diagnostic::error(format!("the preview server failed: {e}")))?;
    events(ServeEvent::Stopped);
    Ok(())
}

/// The errors `build` gives a folder with no `site.yaml` or no theme folder:
/// there is nothing a preview could show until the editor runs `init`.
fn require_a_site(root: &Path) -> Result<(), Diagnostics> {
    let mut errors = Diagnostics::new();
    if !root.join(CONFIG_FILE).is_file()
        && let Err(missing) = Config::load(root)
    {
        errors.extend(missing);
    }
    if !root.join(THEME_DIR).is_dir()
        && let Err(missing) = Theme::load(root, &Config::fallback())
    {
        errors.extend(missing);
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(())
}

/// How the server treats its clients.
struct HttpOptions {
    hosts: HostCheck,
    header_timeout: Duration,
}

/// Serves HTTP until Ctrl-C or SIGTERM, then ends the live streams, closes
/// every connection and returns.
fn run_server(
    listener: TcpListener,
    shared: Arc<Shared>,
    options: HttpOptions,
    stop: tokio::sync::watch::Sender<bool>,
) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("monazite-http")
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let router = http::router(shared, options.hosts);
        let shutdown = async move {
            shutdown_signal().await;
            let _ = stop.send(true);
        };
        listen::serve(listener, router, options.header_timeout, shutdown).await;
        Ok(())
    })
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Binds `port`, or the next free one of [`PORT_ATTEMPTS`] when it is taken.
fn bind(ip: IpAddr, port: u16) -> Result<(TcpListener, u16), Diagnostic> {
    let attempts = if port == 0 { 1 } else { PORT_ATTEMPTS + 1 };
    let mut last_error = None;
    for offset in 0..attempts {
        let Some(candidate) = port.checked_add(offset) else {
            break;
        };
        match TcpListener::bind(SocketAddr::new(ip, candidate)) {
            Ok(listener) => {
                let bound = listener.local_addr().map(|a| a.port()).unwrap_or(candidate);
                return Ok((listener, bound));
            }
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => last_error = Some(e),
            Err(e) => {
                return Err(
                    Diagnostic::error(format!("cannot listen on {ip}:{candidate}: {e}")).with_help(
                        "expected an address of this machine for --bind, e.g. 127.0.0.1",
                    ),
                );
            }
        }
    }
    let last = port.saturating_add(attempts - 1);
    Err(Diagnostic::error(format!(
        "ports {port} to {last} are all in use{}",
        last_error.map(|e| format!(" ({e})")).unwrap_or_default()
    ))
    .with_help("expected a free port: pass another with --port, or --port 0 for any free one"))
}

/// The URL the preview is reached at. An unspecified bind address (all
/// interfaces) is reached through loopback on this machine.
fn local_url(ip: IpAddr, port: u16) -> String {
    let host = match ip {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        other => other,
    };
    match host {
        IpAddr::V4(v4) => format!("http://{v4}:{port}/"),
        IpAddr::V6(v6) => format!("http://[{v6}]:{port}/"),
    }
}

/// A generation no earlier run used, so pages left open across a restart reload.
fn first_generation() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_use_loopback_for_all_interfaces() {
        assert_eq!(
            local_url("0.0.0.0".parse().unwrap(), 1111),
            "http://127.0.0.1:1111/"
        );
        assert_eq!(local_url("::".parse().unwrap(), 8), "http://[::1]:8/");
        assert_eq!(
            local_url("192.0.2.7".parse().unwrap(), 80),
            "http://192.0.2.7:80/"
        );
    }

    #[test]
    fn a_taken_port_moves_to_the_next() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        match bind(IpAddr::V4(Ipv4Addr::LOCALHOST), port) {
            Ok((_listener, bound)) => assert!(bound > port && bound <= port + PORT_ATTEMPTS),
            // The next ports may all be taken on a busy machine; the error says so.
            Err(d) => assert!(d.message.contains("in use"), "{}", d.message),
        }
    }
}
