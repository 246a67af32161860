//! `monazite check`: everything a build validates, without writing `public/`,
//! plus what a build cannot know is wrong — links and anchors that lead nowhere,
//! missing images, misspelt front-matter keys and tags, articles without a
//! summary or highlights.
//!
//! The site is loaded with drafts and scheduled articles (an editor checks the
//! article they are writing) and rendered into memory; links are resolved by
//! `verify`, the check `build` runs before it publishes, against every file
//! the render made (pages, assets, feeds, sitemaps, the search index).

mod editorial;

pub use editorial::LONELY_TAG_NOTES_FROM;
mod external;
mod images;

use std::path::PathBuf;

use time::OffsetDateTime;

use crate::diag::Diagnostics;
use crate::render::RenderOptions;
use crate::site::{BuildOptions, Site};
use crate::write::MemorySink;

/// What `monazite check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    /// Decides which articles are scheduled (and so not yet linkable from published ones).
    pub now: OffsetDateTime,
    /// Fetch links to other sites too.
    pub external: bool,
    /// Notes that only mean something on a larger site, on any site.
    pub pedantic: bool,
}

/// What a check found, and how much it looked at.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub diagnostics: Diagnostics,
    pub articles: usize,
    pub pages: usize,
    /// Links, images and related entries checked, internal and (with `--external`) external.
    pub links: usize,
    /// Whether the site loaded; if not, only loading errors were reported.
    pub loaded: bool,
}

/// Checks the site under `options.root`. Never writes anything.
pub fn check(options: &CheckOptions) -> CheckReport {
    let mut build_options = BuildOptions::new(&options.root);
    build_options.drafts = true;
    build_options.now = options.now;
    build_options.keep_source = true;
    build_options.keep_going = true;
    let mut report = CheckReport::default();
    let (mut site, warnings) = match Site::load(&build_options) {
        Ok(loaded) => loaded,
        Err(errors) => {
            report.diagnostics = errors;
            return report;
        }
    };
    report.loaded = true;
    report.diagnostics.extend(warnings);
    report.articles = site.library.articles.len();
    report.pages = site.library.pages.len();

    let sink = MemorySink::default();
    // A template error does not stop the link check: every problem in one run.
    // Cards are made (so a broken image is reported) but not kept in memory.
    let render_options = RenderOptions {
        discard_cards: true,
        ..RenderOptions::default()
    };
    let render = site.render_all(&sink, render_options);
    report.diagnostics.extend(render.errors);
    let verified = site.verify_links(&render.files, &sink);
    report.links = verified.checked;
    let mut found = verified.diagnostics;
    editorial::check(&site, options.pedantic, &mut found);
    images::check(&site, &mut found);
    if options.external {
        external::check(&verified.external, &mut found);
    }
    report.diagnostics.extend(found);
    report
}
