//! Internal links: every link, image, `related:` entry and front-matter image
//! of the site's content (and `site.yaml`'s navigation) must lead to a file the
//! build writes, and every `#anchor` to an id on that page. Links to other
//! sites are collected for `check --external`.
//!
//! Articles are checked in parallel, each on its own; the one shared thing,
//! the ids of a rendered page, is read only for a `#fragment` that is not one
//! of the target's own headings.

use std::path::Path;

use rayon::prelude::*;

use super::destination::{Destination, SiteAddress, destination};
use super::locate::{self, LineCol};
use super::targets::{PageIds, SiteFiles};
use super::{ExternalLink, LinkSources, Verified};
use crate::config::CONFIG_FILE;
use crate::content::model::{Article, Author, SourceFile};
use crate::diag::Diagnostic;
use crate::markdown::Rendered;
use crate::routes;
use crate::suggest::did_you_mean;

/// Whether a content file will be on the live site, and when.
#[derive(Debug, Clone, Copy)]
struct Publication {
    draft: bool,
    /// Dated after "now"; the date, for comparing with the target's.
    scheduled: Option<time::OffsetDateTime>,
}

impl Publication {
    fn of(article: &Article) -> Publication {
        Publication {
            draft: article.draft,
            scheduled: article.scheduled.then_some(article.date.at),
        }
    }

    /// Why a link from `self` to `target` is broken on the live site, if it
    /// is: the target is a draft, or appears only later.
    fn gap_to(self, target: Publication) -> Option<Gap> {
        if self.draft {
            return None;
        }
        if target.draft {
            return Some(Gap::Draft);
        }
        match (self.scheduled, target.scheduled) {
            (_, None) => None,
            (None, Some(_)) => Some(Gap::Later),
            (Some(from), Some(to)) if to > from => Some(Gap::AfterThis),
            _ => None,
        }
    }
}

/// Why a link's target is not on the live site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// Never, until someone publishes it: readers find nothing (an error).
    Draft,
    /// Scheduled for later: the link works once it appears (a warning).
    Later,
    /// Scheduled after the (also scheduled) article that links to it.
    AfterThis,
}

/// The finding for a link from a published article to one not on the live site.
fn gap_finding(noun: &str, path: &str, gap: Gap, target: &Path) -> Diagnostic {
    let target = target.display();
    match gap {
        Gap::Draft => Diagnostic::error(format!("{noun} to {path} leads to a draft"))
            .with_help(format!(
                "{target} is a draft, so readers following this link would find nothing; publish it (remove `draft: true`) or remove the link"
            )),
        Gap::Later | Gap::AfterThis => {
            let when = if gap == Gap::Later {
                "an article scheduled for later"
            } else {
                "an article scheduled after this one"
            };
            Diagnostic::warning(format!("{noun} to {path} leads to {when}")).with_help(format!(
                "{target} is not on the live site yet, so readers following this link find nothing until it appears; build again once it is published"
            ))
        }
    }
}

/// One place content links from: the file, its page's path, and its publication.
struct Origin<'a> {
    file: &'a SourceFile,
    page: String,
    publication: Publication,
    /// The folder article's own files, for a hint when an image is missing.
    folder: bool,
}

/// Checks every internal link of the site's content.
pub fn check(sources: &LinkSources<'_>, files: &SiteFiles, ids: &PageIds<'_>) -> Verified {
    let checker = Checker {
        sources,
        files,
        ids,
        address: SiteAddress {
            host: sources.config.host.as_deref(),
            base_path: &sources.config.base_path,
        },
        page_paths: files.page_paths(),
    };
    let per_article: Vec<Verified> = sources
        .library
        .articles
        .par_iter()
        .map(|article| {
            with_source(sources.root, &article.file, |file| {
                let origin = Origin {
                    file,
                    page: routes::article_path(&article.slug),
                    publication: Publication::of(article),
                    folder: file.path.ends_with("index.md"),
                };
                let mut found = Verified::default();
                let n = checker.body(&origin, &article.body, &mut found);
                found.checked += n;
                let n = checker.front_matter(&origin, article, &mut found);
                found.checked += n;
                found
            })
        })
        .collect();
    let mut verified = Verified::default();
    for part in per_article {
        verified.append(part);
    }
    for page in &sources.library.pages {
        verified.append(with_source(sources.root, &page.file, |file| {
            let origin = Origin {
                file,
                page: routes::static_page_path(&page.slug),
                publication: Publication {
                    draft: page.draft,
                    scheduled: None,
                },
                folder: false,
            };
            let mut found = Verified::default();
            found.checked = checker.body(&origin, &page.body, &mut found);
            found
        }));
    }
    for author in sources.library.authors.values() {
        verified.append(with_source(sources.root, &author.file, |file| {
            let mut found = Verified::default();
            found.checked = checker.author(author, file, &mut found);
            found
        }));
    }
    let n = checker.config(&mut verified);
    verified.checked += n;
    verified
}

/// Checks one file's links with `check`. A build keeps no source texts, so
/// a file with findings is read again, for the lines and columns to show.
fn with_source(
    root: &Path,
    file: &SourceFile,
    check: impl Fn(&SourceFile) -> Verified,
) -> Verified {
    let found = check(file);
    if found.diagnostics.is_empty() || !file.text.is_empty() {
        return found;
    }
    match std::fs::read_to_string(root.join(&file.path)) {
        Ok(text) => check(&SourceFile {
            text,
            ..file.clone()
        }),
        Err(_) => found,
    }
}

struct Checker<'a> {
    sources: &'a LinkSources<'a>,
    files: &'a SiteFiles,
    ids: &'a PageIds<'a>,
    address: SiteAddress<'a>,
    page_paths: Vec<String>,
}

/// What kind of reference is being checked, for the wording of a finding.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Link,
    Image,
    Related,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Link => "link",
            Kind::Image => "image",
            Kind::Related => "related link",
        }
    }
}

impl Checker<'_> {
    fn body(&self, origin: &Origin<'_>, body: &Rendered, found: &mut Verified) -> usize {
        for link in &body.links {
            let at = || Some(locate::body_link(origin.file, link.offset, &link.url));
            let kind = if link.is_image {
                Kind::Image
            } else {
                Kind::Link
            };
            let place = Place {
                path: &origin.file.path,
                text: &origin.file.text,
                at: &at,
            };
            match destination(&link.url, &origin.page, &self.address) {
                Destination::SamePage(fragment) => {
                    if !body.anchors.contains(&fragment) {
                        let file = routes::file_of_path(&origin.page);
                        self.anchor(&link.url, &file, &fragment, &body.anchors, &place, found);
                    }
                }
                Destination::External(url) => found.external.push(place.external(url)),
                other => self.resolve(&link.url, other, kind, origin, &place, found),
            }
        }
        body.links.len()
    }

    fn front_matter(&self, origin: &Origin<'_>, article: &Article, found: &mut Verified) -> usize {
        let file = origin.file;
        let mut checked = 0;
        for related in &article.related {
            checked += 1;
            let at = || locate::front_matter_value(file, "related", &related.url);
            let place = Place {
                path: &file.path,
                text: &file.text,
                at: &at,
            };
            // Related entries are site paths even without a leading slash.
            let written = if related.external {
                related.url.clone()
            } else {
                routes::rooted(&related.url)
            };
            match destination(&written, "/", &self.address) {
                Destination::External(url) => found.external.push(place.external(url)),
                other => self.resolve(&related.url, other, Kind::Related, origin, &place, found),
            }
        }
        if let Some(image) = routes::article_image_path(article) {
            checked += 1;
            let written = article.image.as_deref().unwrap_or(&image);
            let at = || locate::front_matter_value(file, "image", written);
            let place = Place {
                path: &file.path,
                text: &file.text,
                at: &at,
            };
            match destination(&image, "/", &self.address) {
                Destination::External(url) => found.external.push(place.external(url)),
                other => self.resolve(written, other, Kind::Image, origin, &place, found),
            }
        }
        if let Some(url) = article.source.as_ref().and_then(|s| s.url.as_deref()) {
            let at = || locate::front_matter_value(file, "source", url);
            let place = Place {
                path: &file.path,
                text: &file.text,
                at: &at,
            };
            if let Destination::External(url) = destination(url, "/", &self.address) {
                found.external.push(place.external(url));
            }
        }
        checked
    }

    /// An author's photo must exist; author links to other sites go to `external`.
    fn author(&self, author: &Author, file: &SourceFile, found: &mut Verified) -> usize {
        let mut checked = 0;
        let origin = Origin {
            file,
            page: routes::author_path(&author.key),
            publication: Publication {
                draft: false,
                scheduled: None,
            },
            folder: false,
        };
        if let Some(photo) = &author.photo {
            checked += 1;
            let at = || locate::front_matter_value(file, "photo", photo);
            let place = Place {
                path: &file.path,
                text: &file.text,
                at: &at,
            };
            let rooted = if photo.contains("://") {
                photo.clone()
            } else {
                routes::rooted(photo)
            };
            match destination(&rooted, "/", &self.address) {
                Destination::External(url) => found.external.push(place.external(url)),
                other => self.resolve(photo, other, Kind::Image, &origin, &place, found),
            }
        }
        for link in &author.links {
            checked += 1;
            let at = || locate::front_matter_value(file, "links", &link.url);
            let place = Place {
                path: &file.path,
                text: &file.text,
                at: &at,
            };
            match destination(&link.url, "/", &self.address) {
                Destination::External(url) => found.external.push(place.external(url)),
                other => self.resolve(&link.url, other, Kind::Link, &origin, &place, found),
            }
        }
        checked
    }

    /// `site.yaml`'s navigation, footer links and logo must lead somewhere.
    fn config(&self, found: &mut Verified) -> usize {
        let config = &self.sources.config;
        let text = std::fs::read_to_string(self.sources.root.join(CONFIG_FILE)).unwrap_or_default();
        let file = SourceFile {
            path: CONFIG_FILE.into(),
            body_offset: text.len(),
            body_line: text.lines().count() + 1,
            text,
        };
        let origin = Origin {
            file: &file,
            page: "/".into(),
            publication: Publication {
                draft: false,
                scheduled: None,
            },
            folder: false,
        };
        let mut checked = 0;
        let links = config
            .nav
            .iter()
            .map(|l| ("nav", &l.url, Kind::Link))
            .chain(
                config
                    .footer_links
                    .iter()
                    .map(|l| ("footer_links", &l.url, Kind::Link)),
            )
            .chain(config.logo.iter().map(|l| ("logo", l, Kind::Image)));
        for (key, url, kind) in links {
            checked += 1;
            let at = || locate::yaml_value(&file.text, key, url);
            let place = Place {
                path: &file.path,
                text: &file.text,
                at: &at,
            };
            match destination(url, "/", &self.address) {
                Destination::External(url) => found.external.push(place.external(url)),
                other => self.resolve(url, other, kind, &origin, &place, found),
            }
        }
        checked
    }

    /// Reports `destination` if it does not lead to a file of the build (or to
    /// an anchor on it), or leads to an article not yet published.
    fn resolve(
        &self,
        written: &str,
        destination: Destination,
        kind: Kind,
        origin: &Origin<'_>,
        place: &Place<'_>,
        found: &mut Verified,
    ) {
        let noun = kind.noun();
        let (path, fragment) = match destination {
            Destination::Internal { path, fragment } => (path, fragment),
            Destination::Empty => {
                found.diagnostics.push(place.diagnostic(
                    Diagnostic::error(format!("{noun} has no destination"))
                        .with_help("expected a site path like /news/<slug>/ or a full address like https://example.com/ between the parentheses"),
                ));
                return;
            }
            Destination::OutsideSite => {
                found.diagnostics.push(place.diagnostic(
                    Diagnostic::error(format!("{noun} to {written} leaves the site"))
                        .with_help("it has more `../` than folders above this page; write it as a site path like /news/<slug>/"),
                ));
                return;
            }
            Destination::Other | Destination::External(_) | Destination::SamePage(_) => return,
        };
        let Some(file) = self.files.file_for(&path) else {
            if let Some(slug) = routes::article_slug_at(&path)
                && self.withheld_or_failed(slug, &path, noun, place, found)
            {
                return;
            }
            // A page whose file failed to load has its own error.
            let page = path.trim_matches('/');
            if !page.contains('/') && self.sources.library.failed_pages.contains(page) {
                return;
            }
            let shown = if written == path {
                path.clone()
            } else {
                format!("{written} ({path})")
            };
            let message = match kind {
                Kind::Image => format!("image {shown} does not exist"),
                _ => format!("{noun} to {shown} does not resolve"),
            };
            let help = self.missing_help(&path, kind, origin);
            found
                .diagnostics
                .push(place.diagnostic(Diagnostic::error(message).with_help(help)));
            return;
        };
        let target = self.article_of(&file);
        if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
            // Most anchors are the target article's headings: no list to make.
            let heading = target.is_some_and(|a| a.body.anchors.contains(&fragment));
            if !heading {
                let anchors = self.anchors_of(&file);
                self.anchor(written, &file, &fragment, &anchors, place, found);
            }
        }
        if let Some(target) = target
            && let Some(gap) = origin.publication.gap_to(Publication::of(target))
        {
            found.diagnostics.push(place.diagnostic(gap_finding(
                noun,
                &path,
                gap,
                &target.file.path,
            )));
        }
    }

    /// For a link to an article this build leaves out (a draft or one
    /// scheduled for later), the finding a link to it gets; for one whose
    /// file failed to load, nothing more (its own error says it). Says
    /// whether the link was one of those.
    fn withheld_or_failed(
        &self,
        slug: &str,
        path: &str,
        noun: &str,
        place: &Place<'_>,
        found: &mut Verified,
    ) -> bool {
        let library = &self.sources.library;
        if library.failed_slugs.contains(slug) {
            return true;
        }
        let Some(withheld) = library.withheld.get(slug) else {
            return false;
        };
        let gap = if withheld.draft {
            Gap::Draft
        } else {
            Gap::Later
        };
        found
            .diagnostics
            .push(place.diagnostic(gap_finding(noun, path, gap, &withheld.file)));
        true
    }

    /// The article whose page is `file`, if any.
    fn article_of(&self, file: &str) -> Option<&Article> {
        let library = &self.sources.library;
        routes::article_in(library, file).map(|i| &library.articles[i])
    }

    /// The heading ids of a content page (for suggestions), else every id on it.
    fn anchors_of(&self, file: &str) -> Vec<String> {
        if let Some(article) = self.article_of(file) {
            return article.body.anchors.clone();
        }
        let mut ids: Vec<String> = self
            .ids
            .ids_of(file)
            .map(|ids| ids.iter().cloned().collect())
            .unwrap_or_default();
        ids.sort();
        ids
    }

    /// Reports `#fragment` if the page `file` has no such id.
    fn anchor(
        &self,
        written: &str,
        file: &str,
        fragment: &str,
        headings: &[String],
        place: &Place<'_>,
        found: &mut Verified,
    ) {
        if headings.iter().any(|h| h == fragment) {
            return;
        }
        let Some(ids) = self.ids.ids_of(file) else {
            return;
        };
        if ids.contains(fragment) {
            return;
        }
        let help = match did_you_mean(fragment, headings.iter().map(String::as_str)) {
            Some(close) => format!("did you mean #{close}?"),
            None if headings.is_empty() => {
                "that page has no headings with ids; link to the page itself".to_string()
            }
            None => format!(
                "headings on that page: {}",
                headings
                    .iter()
                    .take(8)
                    .map(|h| format!("#{h}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        found.diagnostics.push(
            place.diagnostic(
                Diagnostic::error(format!(
                    "link to {written}: no heading or id `{fragment}` on that page"
                ))
                .with_help(help),
            ),
        );
    }

    fn missing_help(&self, path: &str, kind: Kind, origin: &Origin<'_>) -> String {
        let base = self.address.base_path;
        if base.len() > 1
            && let Some(rest) = path.strip_prefix(base.trim_end_matches('/'))
            && self.files.file_for(rest).is_some()
        {
            return format!(
                "write links as site paths without the base path: {rest} (monazite adds {base} when it builds)"
            );
        }
        if kind == Kind::Image {
            let in_article = routes::article_slug_at(&origin.page).zip(
                path.strip_prefix(origin.page.as_str())
                    .filter(|rest| !rest.contains('/')),
            );
            return match in_article {
                Some((slug, name)) if !origin.folder => format!(
                    "a single-file article has no folder for images: make it content/news/{slug}/index.md and put {name} beside it, or put the image in templates/assets/ and write {}",
                    routes::theme_asset_path(name)
                ),
                Some((_, name)) => {
                    let dir = origin.file.path.parent().unwrap_or(Path::new(""));
                    format!("expected {name} beside the article, in {}/", dir.display())
                }
                None => "expected a file the build writes: an image beside a folder article, or one under templates/assets/ (as /assets/…)".to_string(),
            };
        }
        match did_you_mean(path, self.page_paths.iter().map(String::as_str)) {
            Some(close) => format!("did you mean {close}?"),
            None => "expected the path of a page of this site, like /news/<slug>/, /tags/<tag>/ or /about/".to_string(),
        }
    }
}

/// Where a finding is reported.
struct Place<'a> {
    path: &'a Path,
    text: &'a str,
    /// Finds the line and column, only for a finding: that reads the text.
    at: &'a dyn Fn() -> Option<LineCol>,
}

impl Place<'_> {
    fn diagnostic(&self, d: Diagnostic) -> Diagnostic {
        locate::at(d, self.path, self.text, (self.at)())
    }

    fn external(&self, url: String) -> ExternalLink {
        ExternalLink {
            url,
            location: self.diagnostic(Diagnostic::note("")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publication_gaps() {
        let published = Publication {
            draft: false,
            scheduled: None,
        };
        let draft = Publication {
            draft: true,
            scheduled: None,
        };
        let later = |y| Publication {
            draft: false,
            scheduled: Some(
                time::Date::from_calendar_date(y, time::Month::January, 1)
                    .unwrap()
                    .midnight()
                    .assume_utc(),
            ),
        };
        assert_eq!(published.gap_to(published), None);
        assert_eq!(published.gap_to(draft), Some(Gap::Draft));
        assert_eq!(draft.gap_to(draft), None);
        assert!(published.gap_to(later(2099)).is_some());
        assert_eq!(later(2099).gap_to(later(2098)), None);
        assert!(later(2098).gap_to(later(2099)).is_some());
    }
}
