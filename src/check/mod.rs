//! `monazite check`: everything a build validates, without writing `public/`,
//! plus what a build cannot know is wrong — links and anchors that lead nowhere,
//! missing images, misspelt front-matter keys and tags, articles without a
//! summary or highlights.
//!
//! The site is loaded with drafts and scheduled articles (an editor checks the
//! article they are writing) and rendered into memory; links are resolved
//! against the files that render produced, so every page, asset, feed and
//! sitemap a build writes counts as a link target without being listed here.

mod destination;
mod editorial;
mod external;
mod images;
mod index;
mod links;
mod locate;

use std::path::PathBuf;

use time::OffsetDateTime;

use crate::diag::Diagnostics;
use crate::render::RenderOptions;
use crate::site::{BuildOptions, Site};
use crate::write::MemorySink;

use index::OutputIndex;

/// What `monazite check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    /// Decides which articles are scheduled (and so not yet linkable from published ones).
    pub now: OffsetDateTime,
    /// Fetch links to other sites too.
    pub external: bool,
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
    if let Err(errors) = site.render_all(&sink, RenderOptions::default()) {
        report.diagnostics.extend(errors);
    }
    let page_files: Vec<String> = {
        let routes = site.routes();
        routes
            .pages()
            .iter()
            .map(|key| routes.file_of(key))
            .collect()
    };
    let files = sink.files.into_inner().unwrap_or_else(|e| e.into_inner());
    let index = OutputIndex::new(files, page_files);

    let mut found = Diagnostics::new();
    let mut external_links = Vec::new();
    report.links = links::check(&site, &index, &mut found, &mut external_links);
    editorial::check(&site, &mut found);
    images::check(&site, &mut found);
    if options.external {
        external::check(&external_links, &mut found);
    }
    report.diagnostics.extend(found);
    report
}
