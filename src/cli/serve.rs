//! `monazite serve`: prints what the preview reports.

use std::io::Write;
use std::net::IpAddr;
use std::process::{Command, Stdio};
use std::time::Duration;

use clap::Args;

use monazite::serve::{DEFAULT_PORT, Scope, ServeEvent, ServeOptions};
use monazite::{Diagnostic, Diagnostics};

use super::GlobalArgs;
use super::build::pinned_now;
use super::report::{count, print_diagnostics, print_failure};

/// Hidden: how long a connection may take to send a request's headers, in
/// milliseconds (tests shorten it; the default is
/// [`monazite::serve::DEFAULT_HEADER_TIMEOUT`]).
pub const HEADER_TIMEOUT_ENV: &str = "MONAZITE_HEADER_TIMEOUT_MS";

/// Bound: the header timeout from the environment is 1 ms to 10 minutes.
const MAX_HEADER_TIMEOUT_MS: u64 = 600_000;

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The address to listen on. The default is this machine only; another
    /// address lets other machines see the preview (drafts included).
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub bind: IpAddr,
    /// The port to listen on; when it is taken, the next free one (0: any free port).
    #[arg(long, short, default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// Include drafts and future-dated articles (shown with a banner).
    #[arg(long)]
    pub drafts: bool,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Preview as if it were always this RFC 3339 moment (default:
    /// $MONAZITE_NOW, else the clock, read again at every rebuild).
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
}

pub fn run(global: &GlobalArgs, args: &ServeArgs) -> Result<(), ()> {
    let fail = |d: Diagnostic| {
        print_diagnostics(global, Diagnostics::from_iter([d]));
    };
    let now = pinned_now(args.now.as_deref()).map_err(fail)?;
    let mut options = ServeOptions::new(&global.root);
    options.bind = args.bind;
    options.port = args.port;
    options.drafts = args.drafts;
    options.now = now;
    if let Some(timeout) = header_timeout().map_err(fail)? {
        options.header_timeout = timeout;
    }
    let printer = Printer {
        global: global.clone(),
        open: args.open,
    };
    monazite::serve::serve(&options, move |event| printer.print(event))
        .map_err(|problems| print_diagnostics(global, problems))
}

/// `$MONAZITE_HEADER_TIMEOUT_MS`, when set.
fn header_timeout() -> Result<Option<Duration>, Diagnostic> {
    let Ok(text) = std::env::var(HEADER_TIMEOUT_ENV) else {
        return Ok(None);
    };
    match text.trim().parse::<u64>() {
        Ok(ms) if (1..=MAX_HEADER_TIMEOUT_MS).contains(&ms) => Ok(Some(Duration::from_millis(ms))),
        _ => Err(
            Diagnostic::error(format!("invalid {HEADER_TIMEOUT_ENV} value `{text}`")).with_help(
                format!(
                    "expected a whole number of milliseconds from 1 to {MAX_HEADER_TIMEOUT_MS}"
                ),
            ),
        ),
    }
}

/// Prints each event as it comes.
struct Printer {
    global: GlobalArgs,
    open: bool,
}

impl Printer {
    fn print(&self, event: ServeEvent) {
        let quiet = self.global.quiet;
        match event {
            ServeEvent::Built {
                pages,
                articles,
                left_out,
                warnings,
                elapsed,
            } => {
                print_diagnostics(&self.global, warnings);
                if !quiet {
                    let mut line = format!(
                        "built {} ({}) in memory in {:.2} s",
                        count(pages, "page", "pages"),
                        count(articles, "article", "articles"),
                        elapsed.as_secs_f64()
                    );
                    if left_out > 0 {
                        line.push_str(&format!("; {}", super::build::left_out(left_out)));
                    }
                    say(&line);
                }
            }
            ServeEvent::Listening {
                url,
                bind,
                asked_port,
                port,
            } => {
                if asked_port != 0 && asked_port != port {
                    eprintln!("port {asked_port} is in use; serving on {port} instead");
                }
                if !bind.is_loopback() {
                    eprintln!(
                        "warning: listening on {bind}: other machines can see this preview, drafts included"
                    );
                }
                // Always printed, even with --quiet: it is the one thing a user needs.
                say(&format!("serving {url} (Ctrl-C to stop)"));
                if self.open {
                    open_browser(&url);
                }
            }
            ServeEvent::Rebuilt {
                changed,
                scope,
                dropped,
                recovered,
                elapsed,
            } => {
                if quiet {
                    return;
                }
                let what = match scope {
                    Scope::Site => "the whole site".to_string(),
                    Scope::Schedule => "the whole site".to_string(),
                    Scope::Theme => "the theme".to_string(),
                    Scope::Article => "1 article".to_string(),
                    Scope::Articles(n) => format!("{n} articles"),
                    Scope::Assets => "theme files".to_string(),
                };
                let files: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
                let fixed = if recovered { "fixed; " } else { "" };
                let why = if scope == Scope::Schedule {
                    "a scheduled article's time came".to_string()
                } else {
                    files.join(", ")
                };
                let mut line = format!(
                    "{fixed}rebuilt {what} in {:.1} ms ({why})",
                    elapsed.as_secs_f64() * 1000.0,
                );
                if self.global.verbose {
                    line.push_str(&format!("; {dropped} cached pages dropped"));
                }
                say(&line);
            }
            ServeEvent::Failed { problems } => {
                let (e, w) = (problems.error_count(), problems.warning_count());
                print_diagnostics(&self.global, problems);
                print_failure("rebuild", e, w);
                eprintln!(
                    "the browser shows these problems; the preview keeps the last good build and recovers when the files are fixed"
                );
            }
            ServeEvent::WatchFailed(message) => {
                eprintln!("warning: watching for changes: {message}");
            }
            ServeEvent::Stopped => {
                if !quiet {
                    say("stopped");
                }
            }
        }
    }
}

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// Opens `url` in the default browser; best effort, never an error.
fn open_browser(url: &str) {
    let opener: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["cmd", "/C", "start", ""]
    } else {
        &["xdg-open"]
    };
    let spawned = Command::new(opener[0])
        .args(&opener[1..])
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("could not open a browser; open {url} yourself");
    }
}
