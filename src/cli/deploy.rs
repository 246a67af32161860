//! `monazite deploy`: shows the plan, asks (on a terminal), runs it, reports.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use monazite::config::Config;
use monazite::deploy::order::Wave;
use monazite::deploy::{self, DeployError, DeployOptions, Environment, Prepared, Reason};
use monazite::diag::Diagnostics;

use super::GlobalArgs;
use super::report::{print_diagnostics, rooted, thousands};

#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Publishes the last build (public/) to a target of site.yaml's `deploy:` section: \
    an S3-compatible bucket (AWS S3, Cloudflare R2, Backblaze B2, Google Cloud Storage, MinIO). \
    Only new and changed files are uploaded (compared by MD5, kept in the bucket), assets and \
    articles first, then lists, then the home page, feeds and sitemaps; files no longer built \
    are deleted last. Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a \
    profile in ~/.aws/credentials; never from site.yaml.\n\n\
    Prints the plan first; asks before changing anything unless --yes is given, and refuses \
    when it cannot ask (no terminal)."
)]
pub struct DeployArgs {
    /// The target of site.yaml's `deploy.targets` [default: deploy.default, else the only one]
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    /// Print the plan and stop.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation (needed when not on a terminal, as in CI).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Upload every file, changed or not (to rewrite headers, say).
    #[arg(long)]
    pub force: bool,
    /// Refuse a plan that deletes more objects than this.
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub max_deletes: usize,
    /// Uploads at once.
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub jobs: usize,
    /// The built site to publish [default: public/ under the root]
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

pub fn run(global: &GlobalArgs, args: &DeployArgs) -> Result<(), ()> {
    let fail = |d| {
        print_diagnostics(global, Diagnostics::from_iter([d]));
    };
    let config = Config::load(&global.root).map_err(|d| print_diagnostics(global, d))?;
    let options = DeployOptions {
        output: match &args.output {
            Some(dir) => rooted(&global.root, dir),
            None => global.root.join("public"),
        },
        target: args.target.clone(),
        force: args.force,
        max_deletes: args.max_deletes,
        jobs: args.jobs.max(1),
    };
    let started = Instant::now();
    let var = |name: &str| std::env::var(name).ok();
    let env = Environment {
        var: &var,
        home: std::env::var_os("HOME").map(PathBuf::from),
    };
    let prepared = deploy::prepare(&config, &options, &env).map_err(|e| fail(e.to_diagnostic()))?;
    if !global.quiet || args.dry_run {
        print_plan(&prepared, global.verbose || args.dry_run);
    }
    if let Some(refusal) = prepared.too_many_deletes() {
        fail(refusal.to_diagnostic());
        return Err(());
    }
    if args.dry_run {
        println!("dry run: nothing was changed");
        return Ok(());
    }
    if !prepared.plan.is_empty() && !args.yes {
        confirm(&prepared.target.name).map_err(|e| fail(e.to_diagnostic()))?;
    }
    let target = prepared.target.name.clone();
    let verbose = global.verbose;
    let report = prepared
        .execute(&mut |upload| {
            if verbose {
                println!("  uploaded {}", upload.file);
            }
        })
        .map_err(|e| fail(e.to_diagnostic()))?;
    if !global.quiet {
        println!(
            "deployed to `{target}`: {} uploaded ({}), {} deleted, {} unchanged; {} requests in {:.2} s",
            thousands(report.uploaded),
            bytes(report.uploaded_bytes),
            thousands(report.deleted),
            thousands(report.unchanged),
            thousands(report.requests as usize),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

fn print_plan(prepared: &Prepared, each_file: bool) {
    let t = &prepared.target;
    let place = match &t.endpoint {
        Some(endpoint) => endpoint.to_string(),
        None => format!("AWS S3, {}", prepared.region),
    };
    let prefix = if t.prefix.is_empty() {
        String::new()
    } else {
        format!("/{}", t.prefix)
    };
    println!(
        "deploy to `{}`: bucket {}{prefix} at {place} (credentials: {})",
        t.name, t.bucket, prepared.credentials_source
    );
    let plan = &prepared.plan;
    if plan.is_empty() {
        println!(
            "  nothing to upload or delete ({} files unchanged)",
            thousands(plan.unchanged)
        );
        return;
    }
    let waves: Vec<String> = [Wave::Assets, Wave::Pages, Wave::Lists, Wave::Entrances]
        .iter()
        .filter_map(|wave| {
            let n = plan.uploads.iter().filter(|u| u.wave == *wave).count();
            (n > 0).then(|| format!("{} {}", thousands(n), wave.label()))
        })
        .collect();
    println!(
        "  upload {} files, in this order: {}",
        thousands(plan.uploads.len()),
        if waves.is_empty() {
            "-".to_string()
        } else {
            waves.join(", then ")
        }
    );
    if each_file {
        for upload in &plan.uploads {
            let why = match upload.reason {
                Reason::New => "new",
                Reason::Changed => "changed",
                Reason::Forced => "forced",
            };
            println!("    + {} ({why})", upload.file);
        }
    }
    println!(
        "  then delete {} objects no longer built",
        thousands(plan.deletions.len())
    );
    if each_file {
        for file in &plan.deletions {
            println!("    - {file}");
        }
    }
    println!("  {} files unchanged", thousands(plan.unchanged));
}

/// Asks on the terminal; without one, refuses (a script must say --yes).
fn confirm(target: &str) -> Result<(), DeployError> {
    if !std::io::stdin().is_terminal() {
        return Err(DeployError::Target(format!(
            "refusing to deploy to `{target}` without --yes: not on a terminal, so there is no one to ask"
        )));
    }
    print!("deploy to `{target}`? [y/N] ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    if matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
        Ok(())
    } else {
        Err(DeployError::Target(format!(
            "deploy to `{target}` cancelled; nothing was changed"
        )))
    }
}

fn bytes(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MB", n as f64 / (1 << 20) as f64)
    } else {
        format!("{:.1} kB", n as f64 / 1024.0)
    }
}
