//! Property tests: generated front matter, article bodies and comments files
//! (hostile text, dates at the edges of the calendar, YAML oddities, random
//! bytes) must never panic or hang the parsers, and a site built from them must
//! never show an empty date or front-matter text unescaped.
//!
//! Each property runs a few dozen cases by default, so that the whole module
//! adds seconds to `cargo test`; a longer pass sets `PROPTEST_CASES`, e.g.
//! `PROPTEST_CASES=20000 cargo test --test integration properties::bodies`.
//! A failure prints its shrunk (minimal) input; a failure found once is kept as
//! a plain test beside its property.

mod bodies;
mod comments;
mod dates;
mod front_matter;
mod generate;
mod site;

use std::sync::mpsc;
use std::time::Duration;

use proptest::test_runner::Config;

/// The properties' configuration: `default_cases` unless `PROPTEST_CASES` says
/// otherwise. Failures are not written to files: one found is kept as a test.
/// Shrinking a failure to its minimal input may take up to 4,096 steps or two
/// minutes (proptest's own default is four steps per case, too few to shrink
/// a whole site from a few dozen cases).
pub fn config(default_cases: u32) -> Config {
    let mut config = Config {
        failure_persistence: None,
        max_shrink_iters: 4096,
        max_shrink_time: 120_000,
        ..Config::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = default_cases;
    }
    config
}

/// How long one generated input may take before it counts as a hang: every
/// input here is at most a few KB and takes milliseconds in a debug build, so
/// this ceiling is a guard against a parser that never returns, not a check of
/// speed (work is bounded by the structural checks in each property).
pub const HANG_GUARD: Duration = Duration::from_secs(5);

/// Runs `work` on its own thread and returns its result, failing if it has
/// not returned within [`HANG_GUARD`] (the thread is left behind; the test
/// process ends it). A panic in `work` is passed on as it was.
pub fn within_hang_guard<T: Send + 'static>(
    what: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (sender, receiver) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .name(format!("property: {what}"))
        .spawn(move || {
            let _ = sender.send(work());
        })
        .expect("spawn a worker thread");
    match receiver.recv_timeout(HANG_GUARD) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker sends before it returns"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what} did not return within {HANG_GUARD:?} (a hang)")
        }
    }
}

/// The 1-based number of lines a file has, counting a last line without a
/// newline (and the empty line after a final newline, where an error may
/// point at the end of the file). Line breaks are YAML's (and editors'): LF,
/// CRLF, or a CR alone.
pub fn line_count(text: &str) -> usize {
    text.replace("\r\n", "\n").split(['\n', '\r']).count()
}
