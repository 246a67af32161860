//! Links readers would find broken, found before anything is published: every
//! internal link, `#anchor`, image, author photo and `related:` entry must
//! lead to a file the build writes (and an anchor to an id on that page), and
//! no published article may link to a draft. `build` runs it on the staged
//! site before the commit and refuses to publish on an error; `check` runs it
//! on the site rendered in memory.
//!
//! Why it sits here, between `outputs` and `write`: it needs the whole set of
//! files a build makes (pages from the route table, assets, feeds, sitemaps,
//! the search index: [`SiteFiles`]), which only exists once everything is
//! listed, and it must run before the commit. It reads a rendered page back
//! ([`RenderedPages`]) only for a `#fragment` that is not one of the target's
//! own headings, so it costs one pass over the links and no second render.
//!
//! What it must not know: how files are written, or the network (links to
//! other sites are handed back as [`ExternalLink`]s for `check --external`).

mod destination;
mod links;
pub mod locate;
mod targets;

use std::path::Path;

use crate::config::Config;
use crate::content::Library;
use crate::diag::{Diagnostic, Diagnostics, Severity};

pub use destination::{Destination, SiteAddress, destination};
pub use targets::{PageIds, RenderedPages, SiteFiles};

/// What links are checked in: the site's configuration and content.
#[derive(Debug, Clone, Copy)]
pub struct LinkSources<'a> {
    /// The site's folder (`site.yaml` is read from it for positions).
    pub root: &'a Path,
    pub config: &'a Config,
    pub library: &'a Library,
}

/// A link to another site and where it is written.
#[derive(Debug, Clone)]
pub struct ExternalLink {
    pub url: String,
    /// A diagnostic carrying only the place (file, line, column, source line).
    pub location: Diagnostic,
}

/// What a verification found.
#[derive(Debug, Default)]
pub struct Verified {
    pub diagnostics: Diagnostics,
    /// Links to other sites, for `check --external`.
    pub external: Vec<ExternalLink>,
    /// Links, images and related entries checked.
    pub checked: usize,
}

impl Verified {
    fn append(&mut self, other: Verified) {
        self.diagnostics.extend(other.diagnostics);
        self.external.extend(other.external);
        self.checked += other.checked;
    }
}

/// Checks every internal link of `sources` against `files`, reading pages
/// back from `pages` for anchors that are not content headings.
pub fn verify_links(
    sources: &LinkSources<'_>,
    files: &SiteFiles,
    pages: &dyn RenderedPages,
) -> Verified {
    links::check(sources, files, &PageIds::new(pages))
}

/// `diagnostics` with every error made a warning (a `--drafts` build
/// previews what is not ready yet: it reports broken links, and builds).
pub fn as_warnings(diagnostics: Diagnostics) -> Diagnostics {
    diagnostics
        .into_iter()
        .map(|mut d| {
            if d.severity == Severity::Error {
                d.severity = Severity::Warning;
            }
            d
        })
        .collect()
}
