//! `monazite init DIR`.

use std::path::PathBuf;

use clap::Args;

use monazite::diag::Diagnostics;
use monazite::scaffold::{self, InitOptions};

use super::GlobalArgs;
use super::build::resolve_now;
use super::report::{count, print_diagnostics, rooted};

#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Writes site.yaml (every setting explained), content/authors/editor.md, \
    an example article, content/pages/about.md and the default theme in templates/. The theme \
    is built into monazite, so this works anywhere. The new site builds at once:\n  \
    monazite init my-newsroom && cd my-newsroom && monazite build"
)]
pub struct InitArgs {
    /// The folder for the new site (under --root, if given); it is created if it does not exist.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Write into a folder that is not empty (files with the same names are replaced).
    #[arg(long)]
    pub force: bool,
}

pub fn run(global: &GlobalArgs, args: &InitArgs) -> Result<(), ()> {
    // The local offset is read first, while the process has a single thread.
    let offset = scaffold::local_offset();
    // DIR is taken from the root like every other path (the root is `.` unless --root is given).
    let dir = rooted(&global.root, &args.dir);
    let result = resolve_now(None).and_then(|now| {
        scaffold::init_site(&InitOptions {
            dir: dir.clone(),
            force: args.force,
            now,
            offset,
        })
    });
    match result {
        Ok(files) => {
            if !global.quiet {
                if global.verbose {
                    for file in &files {
                        println!("  {}", dir.join(file).display());
                    }
                }
                println!(
                    "created a new site in {} ({})",
                    dir.display(),
                    count(files.len(), "file", "files")
                );
                println!("next:");
                if dir != std::path::Path::new(".") {
                    println!("  cd {}", dir.display());
                }
                println!("  monazite build                 # makes the site in public/");
                println!("  monazite new \"Your headline\"   # starts your first article");
                println!("  edit site.yaml and content/authors/editor.md to make it yours");
                println!(
                    "  push to GitHub: .github/workflows/publish.yml publishes it to GitHub Pages"
                );
            }
            Ok(())
        }
        Err(d) => {
            print_diagnostics(global, Diagnostics::from_iter([d]));
            Err(())
        }
    }
}
