//! `monazite build`.

use std::path::PathBuf;

use clap::Args;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use monazite::site::BuildTimings;
use monazite::{BuildOptions, Diagnostic, Diagnostics};

use super::GlobalArgs;
use super::report::{count, print_diagnostics, print_failure, thousands};

/// The environment variable that fixes "now" for reproducible builds.
pub const NOW_ENV: &str = "MONAZITE_NOW";

/// Megabytes of article HTML a build holds in memory before the rest waits in
/// a temporary file (default 160; 0 files every body).
pub const BODY_MEMORY_ENV: &str = "MONAZITE_BODY_MEMORY_MB";

#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    /// Where to write the site (default: public/ under the root).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Include drafts and future-dated articles.
    #[arg(long)]
    pub drafts: bool,
    /// Override site.yaml's base_url (e.g. for a staging host).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Build as if it were this RFC 3339 moment (default: $MONAZITE_NOW, else the clock).
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
    /// Print how long each stage took (load, render, commit) to stderr.
    #[arg(long)]
    pub timings: bool,
    /// Build into a folder that holds files monazite did not write: they are removed.
    #[arg(long)]
    pub force: bool,
}

/// Resolves `--now`, then `$MONAZITE_NOW`, then the clock.
pub fn resolve_now(flag: Option<&str>) -> Result<OffsetDateTime, Diagnostic> {
    Ok(pinned_now(flag)?.unwrap_or_else(OffsetDateTime::now_utc))
}

/// The moment `--now` or `$MONAZITE_NOW` pins the clock at, if either is given.
pub fn pinned_now(flag: Option<&str>) -> Result<Option<OffsetDateTime>, Diagnostic> {
    let from_env = std::env::var(NOW_ENV).ok();
    let Some(text) = flag.or(from_env.as_deref()) else {
        return Ok(None);
    };
    OffsetDateTime::parse(text.trim(), &Rfc3339)
        .map(Some)
        .map_err(|_| {
            Diagnostic::error(format!("invalid --now / {NOW_ENV} value `{text}`"))
                .with_help("expected an RFC 3339 date-time such as 2025-10-17T09:30:00+05:30")
        })
}

impl BuildArgs {
    pub fn options(&self, global: &GlobalArgs) -> Result<BuildOptions, Diagnostic> {
        let mut options = BuildOptions::new(&global.root);
        options.output = self.output.clone();
        options.drafts = self.drafts;
        options.force = self.force;
        options.base_url = self.base_url.clone();
        options.now = resolve_now(self.now.as_deref())?;
        if let Ok(text) = std::env::var(BODY_MEMORY_ENV) {
            let mb: usize = text.trim().parse().map_err(|_| {
                Diagnostic::error(format!("invalid {BODY_MEMORY_ENV} value `{text}`"))
                    .with_help("expected a whole number of megabytes, such as 256")
            })?;
            options.body_budget = mb.saturating_mul(1024 * 1024);
        }
        Ok(options)
    }
}

/// One line for `--timings`, on stderr so that it never mixes with output a script reads.
fn print_timings(t: &BuildTimings, images: &monazite::images::ImageStats) {
    let total = t.load + t.images + t.render + t.verify + t.commit;
    eprintln!(
        "timings: load {:.3} s, images {:.3} s, render and stage {:.3} s, link check {:.3} s, commit {:.3} s, total {:.3} s",
        t.load.as_secs_f64(),
        t.images.as_secs_f64(),
        t.render.as_secs_f64(),
        t.verify.as_secs_f64(),
        t.commit.as_secs_f64(),
        total.as_secs_f64()
    );
    eprintln!(
        "images: {} used, {} decoded, {} from the cache, {} variant files",
        images.images,
        images.decoded,
        images.images - images.decoded,
        images.variants
    );
    if let (Some(load), Some(render)) = (t.peak_after_load, t.peak_after_render) {
        let mb = |bytes: u64| bytes as f64 / 1_000_000.0;
        eprintln!(
            "memory: peak {:.0} MB after load, {:.0} MB after render",
            mb(load),
            mb(render)
        );
    }
}

pub fn run(global: &GlobalArgs, args: &BuildArgs) -> Result<(), ()> {
    let options = match args.options(global) {
        Ok(mut o) => {
            o.progress = progress_counter(global);
            o
        }
        Err(d) => {
            print_diagnostics(global, Diagnostics::from_iter([d]));
            return Err(());
        }
    };
    match monazite::build(&options) {
        Ok(report) => {
            clear_progress(global);
            let warnings = report.warnings.warning_count();
            print_diagnostics(global, report.warnings);
            if !global.quiet {
                let mut line = format!(
                    "built {} ({}, {} changed{}) in {:.2} s",
                    count(report.pages, "page", "pages"),
                    count(report.files, "file", "files"),
                    thousands(report.written.changed),
                    match report.written.reused {
                        0 => String::new(),
                        n => format!(
                            ", {} and not rendered again",
                            count(n, "page unchanged", "pages unchanged")
                        ),
                    },
                    report.elapsed.as_secs_f64()
                );
                if report.left_out > 0 {
                    line.push_str(&format!("; {}", left_out(report.left_out)));
                }
                if warnings > 0 {
                    line.push_str(&format!("; {}", count(warnings, "warning", "warnings")));
                }
                println!("{line}");
            }
            if args.timings {
                print_timings(&report.timings, &report.images);
            }
            Ok(())
        }
        Err(failure) => {
            clear_progress(global);
            let errors = failure.errors;
            let (e, w) = (errors.error_count(), errors.warning_count());
            print_diagnostics(global, errors);
            print_failure("build", e, w);
            if failure.output_unchanged {
                eprintln!(
                    "nothing was written: {} is as it was",
                    options.output_dir().display()
                );
            } else {
                eprintln!(
                    "{} may be incomplete: the previous site could not be put back (see above); build again",
                    options.output_dir().display()
                );
            }
            Err(())
        }
    }
}

/// Drafts and scheduled articles a build leaves out, and how to see them.
pub fn left_out(n: usize) -> String {
    format!(
        "{} left out (use --drafts)",
        count(
            n,
            "draft or scheduled article",
            "drafts or scheduled articles"
        )
    )
}

/// A page counter on stderr for long builds, only on a terminal and not `--quiet`.
fn progress_counter(global: &GlobalArgs) -> Option<monazite::site::Progress> {
    use std::io::{IsTerminal, Write};
    if global.quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    Some(monazite::site::Progress(std::sync::Arc::new(
        |done, total| {
            let mut err = std::io::stderr().lock();
            let _ = write!(
                err,
                "\r\x1b[Krendering {} / {} pages",
                thousands(done),
                thousands(total)
            );
            let _ = err.flush();
        },
    )))
}

/// Removes the counter's line before the summary.
fn clear_progress(global: &GlobalArgs) {
    use std::io::IsTerminal;
    if !global.quiet && std::io::stderr().is_terminal() {
        eprint!("\r\x1b[K");
    }
}
