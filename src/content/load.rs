//! Reads content files and turns each into a validated article, author or page.
//! Every problem becomes a diagnostic naming the file, line and column; one bad
//! file never stops the others from being checked.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use time::OffsetDateTime;

use super::bodies::{BodyHtml, BodyStore};
use super::comments::{self, Comment};
use super::dates::{self, Moment};
use super::frontmatter::{self, FrontMatterError, Split};
use super::markdown_cache::MarkdownCache;
use super::model::*;
use super::values;
use crate::config::{Config, dotted_key_position};
use crate::diag::{Diagnostic, Diagnostics, line_col};
use crate::markdown::{self, MarkdownOptions, Rendered};
use crate::text::slug::{is_safe_segment, slugify, tag_slug};
use crate::text::truncate_words;

/// What loading needs beyond the configuration.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Include drafts and future-dated articles.
    pub drafts: bool,
    /// The build's "now": later-dated articles are scheduled, not published.
    pub now: OffsetDateTime,
    /// Keep every file's text after loading (for `check`, which points into
    /// bodies). A build drops it: at 100,000 articles it is a gigabyte.
    pub keep_source: bool,
    /// Bytes of article HTML to hold in memory before the rest goes to a
    /// temporary file (`content::bodies`); `None` holds every body.
    pub body_budget: Option<usize>,
    /// The file of rendered Markdown kept from earlier builds, if any
    /// (`content::markdown_cache`; not for `check`, which needs link positions).
    pub markdown_cache: Option<PathBuf>,
}

/// Everything needed to parse one file.
pub(crate) struct Parser<'a> {
    pub config: &'a Config,
    pub markdown: MarkdownOptions,
    pub options: &'a LoadOptions,
    /// Where article bodies past the memory budget go.
    pub bodies: Option<&'a BodyStore>,
    /// Article bodies rendered by earlier builds.
    pub markdown_cache: Option<&'a MarkdownCache>,
    /// Every comments file under `content/news/`, when a walk has listed
    /// them; otherwise each article's is looked for on disk.
    pub comment_files: Option<&'a HashSet<PathBuf>>,
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

impl Parser<'_> {
    fn split<'t>(&self, path: &Path, text: &'t str) -> Result<Split<'t>, Diagnostic> {
        frontmatter::split(text).map_err(|e| fm_diag(path, text, &e))
    }

    /// Parses one article file; `folder` is set for `news/<slug>/index.md`.
    pub fn article(&self, root: &Path, path: &Path) -> Result<Article, Vec<Diagnostic>> {
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let text = read_source(root, path).map_err(|d| vec![d])?;
        let split = self.split(&rel, &text).map_err(|d| vec![d])?;
        // Keys monazite does not read are listed (`check` warns about them), not built.
        let (fm, unknown_keys): (ArticleFrontMatter, _) = frontmatter::parse_noting_unknown(&split)
            .map_err(|e| vec![fm_diag(&rel, &text, &e)])?;
        let mut errors = Vec::new();
        let at = |key: &str, d: Diagnostic| key_diag(&rel, &text, &split, key, d);

        let title = required_text(
            &fm.title,
            "title",
            &at,
            &mut errors,
            "expected a headline, e.g. title: \"India turns to Russian processing know-how\"",
        );
        let date = match &fm.date {
            None => {
                errors.push(at("date", missing("date").with_help(dates::ACCEPTED_FORMS)));
                None
            }
            Some(v) => self.moment(v, "date", &at, &mut errors),
        };
        let updated = fm
            .updated
            .as_ref()
            .and_then(|v| self.moment(v, "updated", &at, &mut errors));
        let author = match fm.author.as_deref().map(str::trim) {
            Some(a) if !a.is_empty() => a.to_string(),
            _ => {
                errors.push(at(
                    "author",
                    missing("author").with_help(
                        "expected the key of an author in content/authors/, e.g. author: daniel",
                    ),
                ));
                String::new()
            }
        };
        let is_folder = path.file_name().is_some_and(|n| n == "index.md");
        let slug = self.slug(fm.slug.as_deref(), path, is_folder, &at, &mut errors);
        let source = fm.source.as_ref().map(|s| Source {
            name: s.name.clone(),
            url: s.url.clone(),
            date: s
                .date
                .as_ref()
                .and_then(|v| self.moment(v, "source.date", &at, &mut errors)),
        });
        let related = fm
            .related
            .iter()
            .map(|entry| {
                let (title, url) = match entry {
                    RelatedEntry::Path(url) => (None, url.trim().to_string()),
                    RelatedEntry::Titled { title, url } => {
                        (Some(title.clone()), url.trim().to_string())
                    }
                };
                let external = url.contains("://") || url.starts_with("mailto:");
                Related {
                    title,
                    url,
                    external,
                }
            })
            .collect();
        let written = values::FrontMatterText::new(&rel, &text, &split);
        values::check_article(&fm, date, updated, &written, &mut errors);
        let approved_comments = self.comments(root, path, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(title), Some(date)) = (title, date) else {
            return Err(errors);
        };

        let body_offset = text.len() - split.body.len();
        // The comments' anchors are on the page too: headings keep clear of them.
        let page_ids = comments::page_ids(&approved_comments);
        let (body, html_in_cache) = self.render_article_body(split.body, &page_ids);
        let summary_given = fm.summary.as_ref().is_some_and(|s| !s.trim().is_empty());
        let summary = match &fm.summary {
            Some(s) if summary_given => s.trim().to_string(),
            _ => truncate_words(&body.first_paragraph, 280),
        };
        let assets = if is_folder {
            folder_assets(path)
        } else {
            Vec::new()
        };
        let scheduled = date.at > self.options.now;
        let body_line = split.body_line;
        let (text, mut body) = self.slim(text, body_offset, body);
        let html = std::mem::take(&mut body.html);
        // Fixed seeds: the hash is compared with the last build's.
        let body_hash = ahash::RandomState::with_seeds(11, 23, 37, 41).hash_one(&html);
        let mut body_html = match self.bodies {
            Some(store) => store.keep(html, html_in_cache).map_err(|e| {
                vec![
                    Diagnostic::error(format!(
                        "cannot keep the article's HTML in a temporary file: {e}"
                    ))
                    .in_file(&rel),
                ]
            })?,
            None => BodyHtml::Held(html),
        };
        if let BodyHtml::Held(html) = &mut body_html {
            html.shrink_to_fit();
        }
        Ok(Article {
            slug,
            title,
            date,
            updated,
            author,
            summary,
            summary_given,
            highlights: fm
                .highlights
                .iter()
                .map(|h| h.trim().to_string())
                .filter(|h| !h.is_empty())
                .collect(),
            source,
            related,
            tags: dedup_tags(&fm.tags),
            image: fm.image.clone().filter(|s| !s.trim().is_empty()),
            image_alt: fm.image_alt.clone(),
            draft: fm.draft,
            scheduled,
            comments: fm.comments,
            approved_comments,
            body,
            body_html,
            body_hash,
            assets,
            unknown_keys,
            file: SourceFile {
                path: rel,
                text,
                body_line,
                body_offset,
            },
        })
    }

    /// An article's body rendered, or read back from the Markdown cache, and
    /// where the cache's file holds its HTML.
    fn render_article_body(&self, text: &str, page_ids: &[String]) -> (Rendered, Option<u64>) {
        let Some(cache) = self.markdown_cache else {
            return (
                markdown::render_keeping(text, &self.markdown, page_ids),
                None,
            );
        };
        let key = cache.key_keeping(text, page_ids);
        if let Some((rendered, html_at)) = cache.get(key) {
            return (rendered, Some(html_at));
        }
        let rendered = markdown::render_keeping(text, &self.markdown, page_ids);
        // A cache that cannot be written only means rendering next time.
        let html_at = cache.put(key, &rendered).ok();
        (rendered, html_at)
    }

    /// Without `keep_source`, keeps only what a build uses after loading: the
    /// front matter's text (errors found across files point into it) and the
    /// body's HTML, not the Markdown text, the link list `check` reads or the
    /// first paragraph the summary came from. At 100,000 articles that is
    /// gigabytes less at the build's peak.
    fn slim(&self, mut text: String, body_offset: usize, mut body: Rendered) -> (String, Rendered) {
        if !self.options.keep_source {
            text.truncate(body_offset);
            text.shrink_to_fit();
            body.links = Vec::new();
            body.first_paragraph = String::new();
        }
        (text, body)
    }

    /// The approved comments kept beside an article file, if it has any.
    fn comments(&self, root: &Path, article: &Path, errors: &mut Vec<Diagnostic>) -> Vec<Comment> {
        let path = comments::file_for(article);
        let exists = match self.comment_files {
            Some(listed) => listed.contains(&path),
            None => path.is_file(),
        };
        if !exists {
            return Vec::new();
        }
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let text = match read_source(root, &path) {
            Ok(t) => t,
            Err(d) => {
                errors.push(d);
                return Vec::new();
            }
        };
        comments::parse(&text, self.config.timezone).unwrap_or_else(|problems| {
            let shown = text.strip_prefix('\u{feff}').unwrap_or(&text);
            errors.extend(problems.into_iter().map(|e| {
                Diagnostic::error(e.message)
                    .in_file(&rel)
                    .at(e.line, e.column, Some(shown))
                    .with_help(e.help)
            }));
            Vec::new()
        })
    }

    /// Parses `content/authors/<key>.md`.
    pub fn author(&self, root: &Path, path: &Path) -> Result<Author, Vec<Diagnostic>> {
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let text = read_source(root, path).map_err(|d| vec![d])?;
        let split = self.split(&rel, &text).map_err(|d| vec![d])?;
        let fm: AuthorFrontMatter =
            frontmatter::parse(&split).map_err(|e| vec![fm_diag(&rel, &text, &e)])?;
        let mut errors = Vec::new();
        let at = |key: &str, d: Diagnostic| key_diag(&rel, &text, &split, key, d);
        let name = required_text(
            &fm.name,
            "name",
            &at,
            &mut errors,
            "expected the author's name as readers see it, e.g. name: \"Daniel Okafor\"",
        );
        let key = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        if !is_safe_segment(&key) {
            errors.push(Diagnostic::error(format!("author file name `{key}` is not a valid key")).in_file(&rel).with_help("expected a file name of lowercase letters, digits and hyphens, e.g. content/authors/daniel.md"));
        }
        let Some(name) = name.filter(|_| errors.is_empty()) else {
            return Err(errors);
        };
        let body_offset = text.len() - split.body.len();
        let body = markdown::render(split.body, &self.markdown);
        let bio = match fm.bio.as_deref().map(str::trim) {
            Some(b) if !b.is_empty() => b.to_string(),
            _ => truncate_words(&body.first_paragraph, 240),
        };
        let body_line = split.body_line;
        Ok(Author {
            key,
            name,
            role: fm.role,
            bio,
            bio_html: body.html,
            links: fm.links,
            photo: fm.photo,
            file: SourceFile {
                path: rel,
                text,
                body_line,
                body_offset,
            },
        })
    }

    /// Parses `content/pages/<slug>.md`.
    pub fn page(&self, root: &Path, path: &Path) -> Result<StaticPage, Vec<Diagnostic>> {
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let text = read_source(root, path).map_err(|d| vec![d])?;
        let split = self.split(&rel, &text).map_err(|d| vec![d])?;
        let fm: PageFrontMatter =
            frontmatter::parse(&split).map_err(|e| vec![fm_diag(&rel, &text, &e)])?;
        let mut errors = Vec::new();
        let at = |key: &str, d: Diagnostic| key_diag(&rel, &text, &split, key, d);
        let title = required_text(
            &fm.title,
            "title",
            &at,
            &mut errors,
            "expected the page's title, e.g. title: \"About\"",
        );
        let slug = self.slug(fm.slug.as_deref(), path, false, &at, &mut errors);
        let Some(title) = title.filter(|_| errors.is_empty()) else {
            return Err(errors);
        };
        let body_offset = text.len() - split.body.len();
        let body = markdown::render(split.body, &self.markdown);
        let summary = fm
            .summary
            .unwrap_or_else(|| truncate_words(&body.first_paragraph, 280));
        let body_line = split.body_line;
        Ok(StaticPage {
            slug,
            title,
            summary,
            draft: fm.draft,
            body,
            file: SourceFile {
                path: rel,
                text,
                body_line,
                body_offset,
            },
        })
    }

    fn moment(
        &self,
        value: &serde_yaml::Value,
        key: &str,
        at: &dyn Fn(&str, Diagnostic) -> Diagnostic,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<Moment> {
        let text = match value {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::Null => String::new(),
            _ => String::from("(a list or mapping)"),
        };
        if text.trim().is_empty() {
            errors.push(at(
                key,
                Diagnostic::error(format!("`{key}` is empty")).with_help(dates::ACCEPTED_FORMS),
            ));
            return None;
        }
        let parsed = dates::parse(&text, self.config.timezone);
        if parsed.is_none() {
            errors.push(at(
                key,
                Diagnostic::error(format!("`{key}` is not a date: `{}`", text.trim()))
                    .with_help(dates::ACCEPTED_FORMS),
            ));
        }
        parsed
    }

    fn slug(
        &self,
        given: Option<&str>,
        path: &Path,
        is_folder: bool,
        at: &dyn Fn(&str, Diagnostic) -> Diagnostic,
        errors: &mut Vec<Diagnostic>,
    ) -> String {
        if let Some(given) = given.map(str::trim) {
            if is_safe_segment(given) {
                return given.to_string();
            }
            let leaves = given.contains('/') || given.contains('\\') || given.contains("..");
            let message = if leaves {
                format!("slug `{given}` would leave the output folder")
            } else {
                format!("slug `{given}` is not a valid URL segment")
            };
            errors.push(at("slug", Diagnostic::error(message).with_help("expected lowercase letters, digits and hyphens, e.g. slug: india-russia-processing")));
            return String::new();
        }
        let stem = if is_folder {
            path.parent().and_then(Path::file_name)
        } else {
            path.file_stem()
        };
        let stem = stem
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let slug = slugify(&stem);
        if slug.is_empty() {
            errors.push(
                Diagnostic::error(format!("cannot make a slug from the file name `{stem}`"))
                    .with_help("expected a file name with letters or digits, or a `slug:` field"),
            );
        }
        slug
    }
}

/// The diagnostic for a front-matter split or YAML error.
fn fm_diag(path: &Path, text: &str, e: &FrontMatterError) -> Diagnostic {
    let mut d = Diagnostic::error(e.to_string())
        .in_file(path)
        .with_help(e.expected());
    if let Some((line, column)) = e.position() {
        // Positions are counted after a byte order mark, which editors do not show.
        d = d.at(
            line,
            column,
            Some(text.strip_prefix('\u{feff}').unwrap_or(text)),
        );
    }
    d
}

/// Points `d` at `key:` in the front matter, or at the opening `---` when the key is absent.
fn key_diag(path: &Path, text: &str, split: &Split<'_>, key: &str, d: Diagnostic) -> Diagnostic {
    let d = d.in_file(path);
    match dotted_key_position(split.yaml, key) {
        Some((line, column)) => d.at(line + split.yaml_line - 1, column, Some(text)),
        None => d.at(1, 1, Some(text)),
    }
}

fn missing(key: &str) -> Diagnostic {
    Diagnostic::error(format!("missing required field `{key}` in front matter"))
}

fn required_text(
    value: &Option<String>,
    key: &str,
    at: &dyn Fn(&str, Diagnostic) -> Diagnostic,
    errors: &mut Vec<Diagnostic>,
    help: &str,
) -> Option<String> {
    match value.as_deref().map(str::trim) {
        Some(v) if !v.is_empty() => Some(v.to_string()),
        Some(_) => {
            errors.push(at(
                key,
                Diagnostic::error(format!("`{key}` is empty")).with_help(help),
            ));
            None
        }
        None => {
            errors.push(at(
                key,
                Diagnostic::error(format!("missing required field `{key}` in front matter"))
                    .with_help(help),
            ));
            None
        }
    }
}

/// Tags once each, in the order written.
fn dedup_tags(tags: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    tags.iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty() && seen.insert(tag_slug(t)))
        .collect()
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
