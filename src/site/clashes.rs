//! Two makers of one output file: a page, an article's alias, a file copied
//! as it is (a theme asset, a file beside a folder article, a file of
//! `static/`) or a generated file (a feed, a sitemap, `_redirects`, the
//! search index). Whichever wrote last would win, so the build refuses it
//! with an error naming both, in the file of the one to rename or move.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::content::Library;
use crate::diag::{Diagnostic, Diagnostics};
use crate::outputs::OutputFile;
use crate::routes::{self, AliasRoute};

/// What makes an output file.
#[derive(Debug, Clone)]
pub(super) enum Maker<'a> {
    /// A theme page at its site path (an article's, with its file).
    Page {
        path: &'a str,
        source: Option<&'a Path>,
    },
    /// An article's old address.
    Alias { path: &'a str, source: &'a Path },
    /// A file copied as it is, by its path under the site root.
    Copied(PathBuf),
}

impl Maker<'_> {
    fn describe(&self) -> String {
        match self {
            Maker::Page {
                path,
                source: Some(source),
            } => format!("the page {path} of {}", source.display()),
            Maker::Page { path, source: None } => format!("the page {path}"),
            Maker::Alias { path, source } => {
                format!("the alias {path} of {}", source.display())
            }
            Maker::Copied(source) => source.display().to_string(),
        }
    }

    fn source(&self) -> Option<&Path> {
        match self {
            Maker::Page { source, .. } => *source,
            Maker::Alias { source, .. } => Some(source),
            Maker::Copied(source) => Some(source),
        }
    }
}

/// Every output file claimed so far, and the clashes found.
#[derive(Default)]
pub(super) struct Claims<'a> {
    by_file: HashMap<String, Maker<'a>>,
    pub clashes: Diagnostics,
}

impl<'a> Claims<'a> {
    /// Claims `file` for `maker`; a file claimed already is a clash.
    pub fn claim(&mut self, file: String, maker: Maker<'a>) {
        match self.by_file.get(&file) {
            Some(first) => {
                let clash = clash(first, &maker, &file);
                self.clashes.push(clash);
            }
            None => {
                self.by_file.insert(file, maker);
            }
        }
    }

    /// Claims every page at `paths` (site paths), naming articles' files.
    pub fn pages(&mut self, paths: &'a [String], library: &'a Library) {
        for path in paths {
            let source = routes::article_at(library, path)
                .filter(|_| path.starts_with(routes::ARCHIVE_PATH))
                .map(|i| library.articles[i].file.path.as_path());
            self.claim(routes::file_of_path(path), Maker::Page { path, source });
        }
    }

    /// Claims every alias's redirect page.
    pub fn aliases(&mut self, aliases: &'a [AliasRoute], library: &'a Library) {
        for alias in aliases {
            let source = library.articles[alias.article].file.path.as_path();
            self.claim(
                alias.file.clone(),
                Maker::Alias {
                    path: &alias.path,
                    source,
                },
            );
        }
    }

    /// Claims files copied as they are: (source, output file).
    pub fn copied(&mut self, root: &Path, files: &'a [(PathBuf, String)]) {
        for (from, to) in files {
            let source = from.strip_prefix(root).unwrap_or(from).to_path_buf();
            self.claim(to.clone(), Maker::Copied(source));
        }
    }

    /// The clashes of generated files (feeds, sitemaps, `_redirects`) and of
    /// the search index's folder with files copied as they are.
    pub fn copied_under_generated(&self, generated: &[OutputFile]) -> Vec<Diagnostic> {
        let search = routes::search_index_folder();
        let mut found: Vec<Diagnostic> = generated
            .iter()
            .filter_map(|out| match self.by_file.get(&out.file) {
                Some(maker @ Maker::Copied(_)) => Some(over_generated(maker, &out.file)),
                _ => None,
            })
            .collect();
        found.extend(
            self.by_file
                .iter()
                .filter(|(file, maker)| {
                    file.starts_with(search) && matches!(maker, Maker::Copied(_))
                })
                .map(|(file, maker)| over_generated(maker, file)),
        );
        found.sort_by(|a, b| a.message.cmp(&b.message));
        found
    }
}

fn clash(first: &Maker<'_>, second: &Maker<'_>, file: &str) -> Diagnostic {
    let message = format!(
        "{} would be written over {} (output file {file})",
        second.describe(),
        first.describe(),
    );
    let help = match (first, second) {
        (Maker::Alias { .. }, Maker::Alias { .. }) => {
            "an old address can lead to one article only: remove it from one of them"
        }
        (_, Maker::Alias { .. }) | (Maker::Alias { .. }, _) => {
            "an alias may not be the address of a page the site makes: remove the alias"
        }
        _ => "rename or move the file: the site makes that page itself",
    };
    let mut d = Diagnostic::error(message).with_help(help);
    if let Some(source) = second.source().or(first.source()) {
        d = d.in_file(source);
    }
    d
}

fn over_generated(maker: &Maker<'_>, file: &str) -> Diagnostic {
    let mut d = Diagnostic::error(format!(
        "{} would be written over the file {file} that the site generates",
        maker.describe()
    ))
    .with_help("rename or move the file: the site makes that file itself");
    if let Some(source) = maker.source() {
        d = d.in_file(source);
    }
    d
}
