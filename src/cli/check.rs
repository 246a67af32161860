//! `monazite check`.

use clap::Args;

use monazite::check::{CheckOptions, check};
use monazite::diag::{Diagnostics, Severity};

use super::GlobalArgs;
use super::build::resolve_now;
use super::report::{count, print_diagnostics};

#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Checks everything `monazite build` checks (drafts and scheduled articles \
    included) without writing public/, and also: that every link, #anchor, image and related: \
    entry leads somewhere; front-matter keys monazite does not know (with the key you probably \
    meant); tags used by one article only (a warning when another tag is spelt almost the same; \
    a note once the site has 20 articles, or with --pedantic); articles without a summary or \
    highlights. An article that fails to load is reported and left out, and the rest is still \
    checked.\n\n\
    Each finding is printed as FILE:LINE:COLUMN: error|warning|note: what is wrong, then a \
    count. Exits with 1 when there is an error, 0 otherwise."
)]
pub struct CheckArgs {
    /// Also fetch links to other sites (needs the network; a page that is gone is an error).
    #[arg(long)]
    pub external: bool,
    /// Also note tags used by one article on a site of fewer than 20 articles.
    #[arg(long)]
    pub pedantic: bool,
    /// Check as if it were this RFC 3339 moment [default: $MONAZITE_NOW, else the clock]
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
}

pub fn run(global: &GlobalArgs, args: &CheckArgs) -> Result<(), ()> {
    let now = match resolve_now(args.now.as_deref()) {
        Ok(now) => now,
        Err(d) => {
            print_diagnostics(global, Diagnostics::from_iter([d]));
            return Err(());
        }
    };
    let report = check(&CheckOptions {
        root: global.root.clone(),
        now,
        external: args.external,
        pedantic: args.pedantic,
    });
    let errors = report.diagnostics.error_count();
    let warnings = report.diagnostics.warning_count();
    let notes = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Note)
        .count();
    print_diagnostics(global, report.diagnostics);
    if !global.quiet || errors > 0 {
        let plural = |n: usize, word: &str| count(n, word, &format!("{word}s"));
        let mut line = format!(
            "check: {}, {}, {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(notes, "note")
        );
        if report.loaded {
            line.push_str(&format!(
                " ({}, {}, {} checked)",
                plural(report.articles, "article"),
                plural(report.pages, "page"),
                plural(report.links, "link")
            ));
        }
        eprintln!("{line}");
    }
    if errors > 0 { Err(()) } else { Ok(()) }
}
