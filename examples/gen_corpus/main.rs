//! Writes a deterministic synthetic newsroom for benchmarks:
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --articles 10000 --seed 1 --out /tmp/corpus-10k
//! monazite build --root /tmp/corpus-10k
//! ```
//!
//! The same `--articles` and `--seed` always give the same bytes. `--images 30`
//! gives 30% of articles a JPEG lead image and `--inline-images 10` 10% a
//! figure in the body (both off by default: the text benchmark has none).
//! `--hugo-out DIR`
//! also writes the newsroom as a Hugo site with `bench/hugo-theme/` (see
//! `bench/run.sh`, which compares the two).

mod corpus;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use corpus::Spec;
use corpus::hugo::HugoDirs;
use corpus::images::ImageSpec;

/// The file that marks a folder as a generated corpus, safe to replace.
const MARKER: &str = ".gen_corpus";

const USAGE: &str = "usage: gen_corpus --articles N [--seed S] --out DIR [--hugo-out DIR]
                  [--templates DIR] [--hugo-theme DIR]

  --articles N      number of articles (e.g. 1000, 10000, 100000)
  --seed S          seed of the generator (default 1); same seed, same bytes
  --out DIR         where to write the monazite site (must be empty, missing,
                    or a corpus this tool wrote before, which is replaced)
  --images P        give P% of articles a JPEG lead image (default 0: none)
  --inline-images P give P% of articles a JPEG figure in the body (default 0)
  --image-size WxH  the size of those images (default 1600x1000)
  --hugo-out DIR    also write the same newsroom as a Hugo site
  --templates DIR   the monazite theme to copy (default: the repository's templates/)
  --hugo-theme DIR  the Hugo layouts to copy (default: the repository's bench/hugo-theme/)";

struct Args {
    spec: Spec,
    out: PathBuf,
    hugo_out: Option<PathBuf>,
    templates: PathBuf,
    hugo_theme: PathBuf,
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("gen_corpus: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_corpus: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let started = Instant::now();
    let mut dirs = vec![args.out.as_path()];
    dirs.extend(args.hugo_out.as_deref());
    for dir in &dirs {
        prepare(dir)?;
    }
    let assets = args.templates.join("assets");
    let hugo = args.hugo_out.as_deref().map(|site| HugoDirs {
        site,
        theme: &args.hugo_theme,
        assets: &assets,
    });
    let summary = corpus::generate(args.spec, &args.out, &args.templates, hugo.as_ref())
        .map_err(|e| format!("cannot write the corpus: {e}"))?;
    for dir in &dirs {
        std::fs::write(dir.join(MARKER), marker_text(args.spec))
            .map_err(|e| format!("cannot write {}: {e}", dir.join(MARKER).display()))?;
    }
    println!(
        "wrote {} articles ({} drafts, {:.1} MB of Markdown) to {}{} in {:.2} s",
        summary.articles,
        summary.drafts,
        summary.article_bytes as f64 / 1e6,
        args.out.display(),
        args.hugo_out
            .as_ref()
            .map(|h| format!(" and its Hugo twin to {}", h.display()))
            .unwrap_or_default(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn marker_text(spec: Spec) -> String {
    format!(
        "articles={} seed={}{}\nWritten by gen_corpus; this folder is replaced when it runs again.\n",
        spec.articles,
        spec.seed,
        if spec.images.is_on() {
            format!(" images={:?}", spec.images)
        } else {
            String::new()
        }
    )
}

/// Makes `dir` an empty folder, refusing to delete anything gen_corpus did not write.
fn prepare(dir: &Path) -> Result<(), String> {
    let shown = dir.display();
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read {shown}: {e}"))?
            .next()
            .is_none();
        if !empty {
            if !dir.join(MARKER).is_file() {
                return Err(format!(
                    "{shown} is not empty and was not written by gen_corpus; choose another --out"
                ));
            }
            std::fs::remove_dir_all(dir).map_err(|e| format!("cannot replace {shown}: {e}"))?;
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {shown}: {e}"))
}

fn parse_args(mut raw: impl Iterator<Item = String>) -> Result<Args, String> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (mut articles, mut seed, mut out, mut hugo_out) = (None, 1u64, None, None);
    let mut images = ImageSpec::NONE;
    let mut templates = repo.join("templates");
    let mut hugo_theme = repo.join("bench/hugo-theme");
    while let Some(flag) = raw.next() {
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let value = raw.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--articles" => {
                articles = Some(
                    value
                        .replace(['_', ','], "")
                        .parse::<usize>()
                        .map_err(|_| format!("--articles expects a whole number, not `{value}`"))?,
                )
            }
            "--seed" => {
                seed = value
                    .parse()
                    .map_err(|_| format!("--seed expects a whole number, not `{value}`"))?
            }
            "--images" => images.lead_percent = percent(&flag, &value)?,
            "--inline-images" => images.inline_percent = percent(&flag, &value)?,
            "--image-size" => (images.width, images.height) = image_size(&value)?,
            "--out" => out = Some(PathBuf::from(value)),
            "--hugo-out" => hugo_out = Some(PathBuf::from(value)),
            "--templates" => templates = PathBuf::from(value),
            "--hugo-theme" => hugo_theme = PathBuf::from(value),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    let articles = articles.ok_or("--articles is required")?;
    let out = out.ok_or("--out is required")?;
    if !templates.join("base.html").is_file() {
        return Err(format!(
            "{} is not a monazite theme (no base.html)",
            templates.display()
        ));
    }
    if hugo_out.is_some() && !hugo_theme.is_dir() {
        return Err(format!("no Hugo theme at {}", hugo_theme.display()));
    }
    Ok(Args {
        spec: Spec {
            articles,
            seed,
            images,
        },
        out,
        hugo_out,
        templates,
        hugo_theme,
    })
}

/// A share of articles, 0 to 100.
fn percent(flag: &str, value: &str) -> Result<usize, String> {
    match value.trim_end_matches('%').parse::<usize>() {
        Ok(p) if p <= 100 => Ok(p),
        _ => Err(format!(
            "{flag} expects a percentage from 0 to 100, not `{value}`"
        )),
    }
}

/// `1600x1000` → (1600, 1000); JPEG sides stop at 65,535.
fn image_size(value: &str) -> Result<(u32, u32), String> {
    let parsed = value.split_once('x').and_then(|(w, h)| {
        let (w, h) = (w.parse::<u16>().ok()?, h.parse::<u16>().ok()?);
        (w > 0 && h > 0).then_some((u32::from(w), u32::from(h)))
    });
    parsed.ok_or_else(|| {
        format!("--image-size expects WIDTHxHEIGHT such as 1600x1000, not `{value}`")
    })
}
