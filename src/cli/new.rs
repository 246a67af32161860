//! `monazite new "Headline"`.

use clap::Args;

use monazite::config::Config;
use monazite::diag::Diagnostics;
use monazite::scaffold::{self, NewArticle};

use super::GlobalArgs;
use super::build::resolve_now;
use super::report::{print_diagnostics, rooted};

#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:\n  \
    monazite new \"India turns to Russian processing know-how\"\n  \
    monazite new \"Odisha's sands\" --author asha --tags india,mining --folder\n\n\
    The article is a draft (draft: true) dated now in the site's time zone (site.yaml's timezone, else this machine's). It never \
    replaces an existing file. The path it wrote is printed, so that \
    `$EDITOR \"$(monazite new \"Headline\")\"` opens it.")]
pub struct NewArgs {
    /// The headline, in quotes. The file name (slug) is made from it.
    #[arg(value_name = "HEADLINE")]
    pub headline: String,
    /// The author: a file name in content/authors/ without .md [default: site.yaml's default_author]
    #[arg(long, value_name = "KEY")]
    pub author: Option<String>,
    /// Tags, separated by commas, e.g. --tags india,magnets
    #[arg(long, value_name = "TAGS", value_delimiter = ',')]
    pub tags: Vec<String>,
    /// Write content/news/<slug>/index.md: a folder that can keep the article's images beside it.
    #[arg(long)]
    pub folder: bool,
    /// The web address name, instead of one made from the headline.
    #[arg(long, value_name = "SLUG")]
    pub slug: Option<String>,
}

pub fn run(global: &GlobalArgs, args: &NewArgs) -> Result<(), ()> {
    // The local offset is read first, while the process has a single thread.
    let offset = scaffold::local_offset();
    let fail = |d| {
        print_diagnostics(global, Diagnostics::from_iter([d]));
        Err(())
    };
    let now = match resolve_now(None) {
        Ok(now) => now,
        Err(d) => return fail(d),
    };
    let config = match Config::load(&global.root) {
        Ok(config) => config,
        Err(errors) => {
            print_diagnostics(global, errors);
            return Err(());
        }
    };
    let request = NewArticle {
        headline: args.headline.clone(),
        author: args.author.clone(),
        tags: args.tags.clone(),
        folder: args.folder,
        slug: args.slug.clone(),
        now,
        // The site's zone at this moment (daylight saving included), else the machine's.
        offset: if config.timezone_written {
            config.timezone.offset_at(now)
        } else {
            offset
        },
    };
    match scaffold::create_article(&global.root, &config, &request) {
        Ok(file) => {
            println!("{}", rooted(&global.root, &file).display());
            if !global.quiet {
                eprintln!(
                    "new draft written: fill in the front matter and write the story, then run `monazite check`; \
                     preview it with `monazite build --drafts`, and set `draft: false` to publish it"
                );
            }
            Ok(())
        }
        Err(d) => fail(d),
    }
}
