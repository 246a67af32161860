//! The preview's connections, served by hyper directly rather than through
//! `axum::serve`, which sets no deadline for a request's headers, has no cap
//! on connections, and on Ctrl-C waits for every open connection to end (one
//! that never finishes its headers never does). A client that opens
//! connections and sends nothing, or a few bytes at a time, must neither hold
//! them forever, nor keep the editor's browser from being answered, nor keep
//! Ctrl-C from ending the server.

use std::future::Future;
use std::io;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

/// How long a connection may take to send a whole request head (from its
/// opening, or from the end of its previous response) before it is closed.
/// The deadline is not moved by bytes that arrive, so a head sent a byte at a
/// time is closed as surely as one never sent.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Bound: at most 2,048 connections are served at once. Past it, new
/// connections wait in the listen queue until one ends, and the header
/// timeout ends those that never send a request, so a flood delays the
/// browser by at most that timeout. It is well above the 1,000 silent
/// connections a hostile client may hold, with room for the browser's own.
const MAX_CONNECTIONS: usize = 2_048;

/// Bound: a connection's read buffer, and so a request head, holds at most
/// 64 KiB (hyper answers a longer head with 431); with [`MAX_CONNECTIONS`],
/// connections waiting for their heads hold at most 128 MiB.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// On Ctrl-C, requests being answered get this long to finish (the live
/// streams end at once); then every connection still open is dropped.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(200);

/// The pause after an accept error that is not one client's (out of file
/// descriptors, say) before accepting again, rather than a busy loop.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Serves `router` on `listener` until `shutdown` completes, then closes
/// every connection within [`SHUTDOWN_GRACE`].
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .max_buf_size(MAX_HEAD_BYTES);
    let (closing, closing_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let room = connections.len() < MAX_CONNECTIONS;
        tokio::select! {
            () = &mut shutdown => break,
            Some(_) = connections.join_next() => {}
            accepted = listener.accept(), if room => match accepted {
                Ok((stream, _)) => {
                    let connection = serve_connection(
                        builder.clone(),
                        stream,
                        router.clone(),
                        closing_rx.clone(),
                    );
                    connections.spawn(connection);
                }
                Err(e) if is_one_clients(&e) => {}
                Err(_) => tokio::select! {
                    () = &mut shutdown => break,
                    () = tokio::time::sleep(ACCEPT_BACKOFF) => {}
                },
            },
        }
    }
    drop(listener);
    let _ = closing.send(true);
    let drained = async { while connections.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, drained).await;
    // Aborts whatever is left: idle and half-open connections are not waited for.
    connections.shutdown().await;
}

/// One connection, until it ends or the server closes.
async fn serve_connection(
    builder: http1::Builder,
    stream: TcpStream,
    router: Router,
    mut closing: watch::Receiver<bool>,
) {
    let connection =
        builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(router));
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        _ = closing.wait_for(|closing| *closing) => connection.as_mut().graceful_shutdown(),
    }
    let _ = connection.await;
}

/// Accept errors that concern one connection only (it was reset before it
/// was taken); the next accept is tried at once.
fn is_one_clients(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}
