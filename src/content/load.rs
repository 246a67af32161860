//! Reads the content files from disk and hands each text to its parser
//! (`content::parse`): the listing of `content/`'s folders, reading as UTF-8,
//! an article's comments file and a folder article's files. Every problem
//! becomes a diagnostic naming the file, line and column; one bad file never
//! stops the others from being checked.
//!
//! Renders no Markdown: bodies are rendered by the body stage (`crate::bodies`)
//! after loading.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use time::OffsetDateTime;

use super::comments::{self, Comment};
use super::images;
use super::model::{Article, Author, StaticPage};
use super::parse::{self, ParseContext};
use crate::diag::{Diagnostic, Diagnostics, line_col};

/// What loading needs beyond the configuration.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Include drafts and future-dated articles.
    pub drafts: bool,
    /// The build's "now": later-dated articles are scheduled, not published.
    pub now: OffsetDateTime,
    /// Leave out the files with errors and load the rest, so that `check`
    /// reports every problem of the site in one run.
    pub keep_going: bool,
}

/// Every content file read and parsed, in the order listed.
pub(crate) struct ReadContent {
    pub authors: Vec<Author>,
    pub pages: Vec<StaticPage>,
    pub articles: Vec<Article>,
    /// Warnings about comments files that belong to no article.
    pub orphans: Diagnostics,
}

/// Lists `content/`'s files and reads each, parsed alone and in parallel;
/// problems go to `errors`.
pub(crate) fn read_content(
    root: &Path,
    context: &ParseContext,
    errors: &mut Diagnostics,
) -> ReadContent {
    let author_files = markdown_files(root, "content/authors", 1, errors);
    let page_files = markdown_files(root, "content/pages", 1, errors);
    // One walk of `content/news` lists the articles and their comments files.
    let news_files = all_files(root, "content/news", 2, errors);
    let comments = comment_files(root, &news_files);
    let article_files: Vec<PathBuf> = news_files
        .iter()
        .filter(|p| is_markdown(p) && is_article_file(root, p))
        .cloned()
        .collect();
    let mut orphans = Diagnostics::new();
    orphan_comment_files(root, &comments, &news_files, &mut orphans);

    let (authors, e1) = parse_all(&author_files, |p| read_author(root, p));
    let (pages, e2) = parse_all(&page_files, |p| read_page(root, p));
    let (articles, e3) = parse_all(&article_files, |p| {
        read_article(root, p, context, Some(&comments))
    });
    errors.extend(e1.into_iter().chain(e2).chain(e3));
    ReadContent {
        authors,
        pages,
        articles,
        orphans,
    }
}

/// `news/x.md` or `news/x/index.md`; other Markdown inside an article folder is not an article.
fn is_article_file(root: &Path, path: &Path) -> bool {
    let depth = path
        .strip_prefix(root.join("content/news"))
        .map(|p| p.components().count())
        .unwrap_or(0);
    depth == 1 || path.file_name().is_some_and(|n| n == "index.md")
}

/// Lists the Markdown files under `dir` (not following links), reporting walk errors.
pub(crate) fn markdown_files(
    root: &Path,
    dir: &str,
    max_depth: usize,
    errors: &mut Diagnostics,
) -> Vec<PathBuf> {
    let mut files = all_files(root, dir, max_depth, errors);
    files.retain(|p| is_markdown(p));
    files
}

/// The warning for a symbolic link that a walk of the site's sources skips.
pub(crate) fn skipped_link(root: &Path, link: &Path) -> Diagnostic {
    let target = std::fs::read_link(link)
        .map(|t| format!(" (to {})", t.display()))
        .unwrap_or_default();
    Diagnostic::warning(format!("skipped a symbolic link{target}: links in the site's sources are not followed"))
        .in_file(link.strip_prefix(root).unwrap_or(link))
        .with_help("copy the file or folder into place to publish it (only templates/assets may itself be a link)")
}

pub(crate) fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "md")
}

/// Lists every file under `dir` (not following links), reporting walk errors.
pub(crate) fn all_files(
    root: &Path,
    dir: &str,
    max_depth: usize,
    errors: &mut Diagnostics,
) -> Vec<PathBuf> {
    let base = root.join(dir);
    if !base.exists() {
        return Vec::new();
    }
    let mut files = Vec::new();
    // The walk goes below `max_depth` only to name the links it skips there
    // (an article folder's images): files are listed down to `max_depth`.
    for entry in walkdir::WalkDir::new(&base).min_depth(1) {
        match entry {
            Ok(e) if e.file_type().is_file() && e.depth() <= max_depth => files.push(e.into_path()),
            Ok(e) if e.file_type().is_symlink() => errors.push(skipped_link(root, e.path())),
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf());
                let mut d = Diagnostic::error(format!("cannot read folder entry: {e}"));
                if let Some(p) = path {
                    d = d.in_file(p);
                }
                errors.push(d);
            }
        }
    }
    // The order of a walk that visits each folder's entries by name, sorted
    // once at the end with each path's names taken apart once (walkdir's own
    // sorting takes both paths apart again at every comparison).
    files.sort_by_cached_key(|path| {
        path.strip_prefix(&base)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_owned())
            .collect::<Vec<_>>()
    });
    files
}

/// Reads a file as UTF-8, pointing at the first invalid byte otherwise.
pub(crate) fn read_source(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(format!("cannot read file: {e}")).in_file(&rel))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        let (line, column) = line_col(&prefix, prefix.len());
        Diagnostic::error(format!(
            "file is not valid UTF-8 (invalid byte 0x{:02x})",
            bytes[valid]
        ))
        .in_file(&rel)
        .at(line, column, None)
        .with_help("expected UTF-8 text; re-save the file with UTF-8 encoding in your editor")
    })
}

/// Reads and parses an article file (`path` under `root`), with its comments
/// file if it has one, and lists a folder article's files. `comment_files`
/// are the comments files a walk of `content/news/` listed; without it, the
/// article's is looked for on disk. The body is not rendered.
pub(crate) fn read_article(
    root: &Path,
    path: &Path,
    context: &ParseContext,
    comment_files: Option<&HashSet<PathBuf>>,
) -> Result<Article, Vec<Diagnostic>> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let text = read_source(root, path).map_err(|d| vec![d])?;
    let article = parse::article(rel, text, context);
    let comments = read_comments(root, path, comment_files, context);
    match (article, comments) {
        (Ok(mut article), Ok(comments)) => {
            article.approved_comments = comments;
            let folder = parse::is_folder_article(path);
            if folder {
                article.assets = folder_assets(path);
            }
            article.image_size = article
                .image
                .as_deref()
                .and_then(|image| images::image_file(root, path, image, folder))
                .and_then(|file| images::read_size(&file));
            Ok(article)
        }
        (Ok(_), Err(problems)) => Err(problems),
        (Err(mut errors), Err(problems)) => {
            errors.extend(problems);
            Err(errors)
        }
        (Err(errors), Ok(_)) => Err(errors),
    }
}

/// Reads and parses `content/authors/<key>.md`.
pub(crate) fn read_author(root: &Path, path: &Path) -> Result<Author, Vec<Diagnostic>> {
    let text = read_source(root, path).map_err(|d| vec![d])?;
    parse::author(path.strip_prefix(root).unwrap_or(path), text)
}

/// Reads and parses `content/pages/<slug>.md`.
pub(crate) fn read_page(root: &Path, path: &Path) -> Result<StaticPage, Vec<Diagnostic>> {
    let text = read_source(root, path).map_err(|d| vec![d])?;
    parse::page(path.strip_prefix(root).unwrap_or(path), text)
}

/// The approved comments kept beside an article file, if it has any.
fn read_comments(
    root: &Path,
    article: &Path,
    comment_files: Option<&HashSet<PathBuf>>,
    context: &ParseContext,
) -> Result<Vec<Comment>, Vec<Diagnostic>> {
    let path = comments::file_for(article);
    let exists = match comment_files {
        Some(listed) => listed.contains(&path),
        None => path.is_file(),
    };
    if !exists {
        return Ok(Vec::new());
    }
    let rel = path.strip_prefix(root).unwrap_or(&path);
    let text = read_source(root, &path).map_err(|d| vec![d])?;
    comments::parse(&text, &context.timezone).map_err(|problems| {
        let shown = text.strip_prefix('\u{feff}').unwrap_or(&text);
        problems
            .into_iter()
            .map(|e| {
                Diagnostic::error(e.message)
                    .in_file(rel)
                    .at(e.line, e.column, Some(shown))
                    .with_help(e.help)
            })
            .collect()
    })
}

/// The files beside a folder article's `index.md` (images and the like).
fn folder_assets(index: &Path) -> Vec<PathBuf> {
    let Some(dir) = index.parent() else {
        return Vec::new();
    };
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            p.extension()
                .is_none_or(|x| x != "md" && x != "yaml" && x != "yml")
        })
        .collect()
}

/// The comments files among the files of `content/news/` (`x.comments.yaml`
/// beside an article file, `comments.yaml` in an article folder).
pub(crate) fn comment_files(root: &Path, news_files: &[PathBuf]) -> HashSet<PathBuf> {
    let base = root.join("content/news");
    news_files
        .iter()
        .filter(|path| {
            let depth = path
                .strip_prefix(&base)
                .map_or(0, |p| p.components().count());
            let is_folder_file = path.file_name().is_some_and(|n| n == comments::FOLDER_FILE);
            (depth == 2) == is_folder_file && comments::article_for(path).is_some()
        })
        .cloned()
        .collect()
}

/// Warns about comments files under `content/news/` that belong to no article file
/// (`x.comments.yaml` beside no `x.md`, a folder's `comments.yaml` beside no
/// `index.md`), from the listing of `content/news/`'s files.
pub(crate) fn orphan_comment_files(
    root: &Path,
    comment_files: &HashSet<PathBuf>,
    news_files: &[PathBuf],
    warnings: &mut Diagnostics,
) {
    let markdown: HashSet<&PathBuf> = news_files.iter().filter(|p| is_markdown(p)).collect();
    let mut orphans: Vec<(&PathBuf, PathBuf)> = comment_files
        .iter()
        .filter_map(|path| {
            let article = comments::article_for(path)?;
            (!markdown.contains(&article)).then_some((path, article))
        })
        .collect();
    orphans.sort();
    for (path, article) in orphans {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let expected = article.strip_prefix(root).unwrap_or(&article);
        warnings.push(
            Diagnostic::warning("comments file without an article: its comments are not shown")
                .in_file(rel)
                .with_help(format!(
                    "expected the article it belongs to at {}",
                    expected.display()
                )),
        );
    }
}

/// Parses many files in parallel, keeping results in input order.
pub(crate) fn parse_all<T: Send>(
    paths: &[PathBuf],
    parse: impl Fn(&Path) -> Result<T, Vec<Diagnostic>> + Sync,
) -> (Vec<T>, Diagnostics) {
    let results: Vec<_> = paths.par_iter().map(|p| parse(p)).collect();
    let mut items = Vec::with_capacity(results.len());
    let mut errors = Diagnostics::new();
    for r in results {
        match r {
            Ok(item) => items.push(item),
            Err(ds) => errors.extend(ds),
        }
    }
    (items, errors)
}
