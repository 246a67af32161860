//! The loaded newsroom: every article, author and page, checked against each
//! other (authors exist, slugs unique, paths stay inside the output), sorted
//! newest first, with the tag index built once. Its bodies are rendered
//! afterwards, by the body stage (`crate::bodies`).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::slice::ParallelSliceMut;

use super::dates::{Moment, rfc3339};
use super::load::{
    LoadOptions, all_files, comment_files, is_markdown, markdown_files, orphan_comment_files,
    parse_all, read_article, read_author, read_page,
};
use super::model::{Article, Author, BodyHtml, StaticPage};
use super::parse::ParseContext;
use crate::config::{Config, key_position};
use crate::diag::{Diagnostic, Diagnostics};
use crate::text::slug::tag_slug;

/// Top-level paths the generator owns; a static page may not take them.
pub const RESERVED_PATHS: &[&str] = &[
    "news",
    "tags",
    "authors",
    "page",
    "search",
    "assets",
    "subscribed",
];

/// A tag and the articles that carry it (indices into `Library::articles`, newest first).
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub articles: Vec<usize>,
}

impl Tag {
    pub fn path(&self) -> String {
        format!("/tags/{}/", self.slug)
    }
}

/// The whole loaded site content.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Published articles (and drafts/scheduled with `--drafts`), newest first.
    pub articles: Vec<Article>,
    pub authors: BTreeMap<String, Author>,
    pub pages: Vec<StaticPage>,
    /// Sorted by slug.
    pub tags: Vec<Tag>,
    /// Article index by slug.
    pub by_slug: HashMap<String, usize>,
    /// Article indices by author key, newest first.
    pub by_author: HashMap<String, Vec<usize>>,
    /// Articles left out of this build (drafts, scheduled), for `check` and `serve`.
    pub left_out: Vec<PathBuf>,
    /// Where article bodies kept out of memory are read back from, when the
    /// body stage kept some there.
    pub stored_bodies: Option<Arc<dyn StoredBodies>>,
}

/// The file where the body stage (`crate::bodies`) keeps article bodies past
/// its memory budget, as the library reads them back: it knows nothing of
/// how they were kept.
pub trait StoredBodies: std::fmt::Debug + Send + Sync {
    /// The `len` bytes of HTML kept at `offset`.
    fn read(&self, offset: u64, len: usize) -> std::io::Result<String>;
}

impl Library {
    /// Loads `content/` under `root`. Returns the library and its warnings, or every error found.
    pub fn load(
        root: &Path,
        config: &Config,
        options: &LoadOptions,
    ) -> Result<(Library, Diagnostics), Diagnostics> {
        let mut errors = Diagnostics::new();
        let author_files = markdown_files(root, "content/authors", 1, &mut errors);
        let page_files = markdown_files(root, "content/pages", 1, &mut errors);
        // One walk of `content/news` lists the articles and their comments files.
        let news_files = all_files(root, "content/news", 2, &mut errors);
        let comments = comment_files(root, &news_files);
        let article_files: Vec<PathBuf> = news_files
            .iter()
            .filter(|p| is_markdown(p) && is_article_file(root, p))
            .cloned()
            .collect();
        let mut orphans = Diagnostics::new();
        orphan_comment_files(root, &comments, &news_files, &mut orphans);

        let context = ParseContext::new(config, options.now);
        let (authors, e1) = parse_all(&author_files, |p| read_author(root, p));
        let (pages, e2) = parse_all(&page_files, |p| read_page(root, p));
        let (articles, e3) = parse_all(&article_files, |p| {
            read_article(root, p, &context, Some(&comments))
        });
        errors.extend(e1.into_iter().chain(e2).chain(e3));

        let authors: BTreeMap<String, Author> =
            authors.into_iter().map(|a| (a.key.clone(), a)).collect();
        for author in authors.values() {
            errors.extend(super::values::check_author(author));
        }
        check_authors(&articles, &authors, &mut errors);
        check_unique_slugs(
            &articles,
            |a| (&a.slug, &a.file.path, &a.file.text),
            "article",
            &mut errors,
        );
        check_unique_slugs(
            &pages,
            |p| (&p.slug, &p.file.path, &p.file.text),
            "page",
            &mut errors,
        );
        for page in &pages {
            if RESERVED_PATHS.contains(&page.slug.as_str()) {
                errors.push(
                    slug_diag(&page.file.path, &page.file.text)
                        .with_help(format!(
                            "`/{}/` is made by monazite itself; choose another file name or slug:",
                            page.slug
                        ))
                        .map_message(format!(
                            "page slug `{}` clashes with a generated section",
                            page.slug
                        )),
                );
            }
        }
        errors.extend(orphans);
        warn_updated_before_date(&articles, &mut errors);
        if errors.has_errors() {
            return Err(errors);
        }

        let mut library = Library {
            authors,
            ..Library::default()
        };
        for article in articles {
            if options.drafts || (!article.draft && !article.scheduled) {
                library.articles.push(article);
            } else {
                library.left_out.push(article.file.path.clone());
            }
        }
        library.pages = pages
            .into_iter()
            .filter(|p| options.drafts || !p.draft)
            .collect();
        library.pages.sort_by(|a, b| a.slug.cmp(&b.slug));
        library.sort_and_index();
        Ok((library, errors))
    }

    /// Sorts articles newest first (ties by slug, then file) and rebuilds the
    /// slug and tag indexes.
    pub fn sort_and_index(&mut self) {
        // The order is total (no two articles share a file), so an unstable
        // sort gives the same order; in parallel, and without the stable
        // sort's buffer of moved articles.
        self.articles.par_sort_unstable_by(|a, b| {
            b.date
                .at
                .cmp(&a.date.at)
                .then_with(|| a.slug.cmp(&b.slug))
                .then_with(|| a.file.path.cmp(&b.file.path))
        });
        self.by_slug = self
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.slug.clone(), i))
            .collect();
        let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
        // Tag names repeat across articles: each is slugified once.
        let mut slugs: HashMap<&str, String> = HashMap::new();
        for (i, article) in self.articles.iter().enumerate() {
            for name in &article.tags {
                let slug = slugs
                    .entry(name.as_str())
                    .or_insert_with(|| tag_slug(name))
                    .clone();
                tags.entry(slug.clone())
                    .or_insert_with(|| Tag {
                        name: name.clone(),
                        slug,
                        articles: Vec::new(),
                    })
                    .articles
                    .push(i);
            }
        }
        self.tags = tags.into_values().collect();
        self.index_authors();
    }

    /// The article at a site path like `/news/x/`, if any.
    pub fn article_at(&self, path: &str) -> Option<&Article> {
        let slug = path.strip_prefix("/news/")?.trim_end_matches('/');
        self.by_slug.get(slug).map(|&i| &self.articles[i])
    }

    pub fn tag(&self, slug: &str) -> Option<&Tag> {
        self.tags
            .binary_search_by(|t| t.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &self.tags[i])
    }

    /// An article's body HTML, read back from the temporary file if it went there.
    ///
    /// # Panics
    /// If the build's own temporary file cannot be read back (the disk failed
    /// under the build): there is no page to make without its body.
    pub fn body_html<'a>(&self, article: &'a Article) -> Cow<'a, str> {
        match (&article.body_html, &self.stored_bodies) {
            (BodyHtml::Held(html), _) => Cow::Borrowed(html),
            (&BodyHtml::Stored { offset, len }, Some(store)) => {
                Cow::Owned(store.read(offset, len).unwrap_or_else(|e| {
                    panic!("cannot read an article body back from the build's temporary file: {e}")
                }))
            }
            (BodyHtml::Stored { .. }, None) => {
                unreachable!("a stored body comes from the library's own store")
            }
        }
    }

    /// The articles by one author, newest first.
    pub fn articles_by(&self, author: &str) -> &[usize] {
        self.by_author.get(author).map_or(&[], Vec::as_slice)
    }

    /// Rebuilds [`Library::by_author`] from the article order (one pass).
    pub fn index_authors(&mut self) {
        self.by_author.clear();
        for (i, article) in self.articles.iter().enumerate() {
            self.by_author
                .entry(article.author.clone())
                .or_default()
                .push(i);
        }
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

fn check_authors(
    articles: &[Article],
    authors: &BTreeMap<String, Author>,
    errors: &mut Diagnostics,
) {
    let known: Vec<&str> = authors.keys().map(String::as_str).collect();
    for a in articles.iter().filter(|a| !authors.contains_key(&a.author)) {
        let mut d =
            Diagnostic::error(format!("unknown author `{}`", a.author)).in_file(&a.file.path);
        if let Some((line, col)) = key_position(fm_text(&a.file.text), "author") {
            d = d.at(line + 1, col, Some(&a.file.text));
        }
        let help = if known.is_empty() {
            "expected a key of content/authors/, but that folder has no authors".to_string()
        } else {
            format!(
                "expected one of the keys in content/authors/: {}",
                known.join(", ")
            )
        };
        errors.push(d.with_help(help));
    }
}

/// A warning for each article updated before it was published (a likely
/// slip: the two dates swapped, or a mistyped month). A day written without a
/// time is compared as a day: `updated: 2025-10-17` is not before
/// `date: 2025-10-17T09:30:00`.
fn warn_updated_before_date(articles: &[Article], warnings: &mut Diagnostics) {
    for a in articles {
        let Some(updated) = a.updated else { continue };
        let before = if updated.has_time && a.date.has_time {
            updated.at < a.date.at
        } else {
            updated.at.date() < a.date.at.date()
        };
        if !before {
            continue;
        }
        let written = |m: Moment| {
            let iso = rfc3339(m.at);
            if m.has_time {
                iso
            } else {
                iso[..10].to_string()
            }
        };
        let mut d = Diagnostic::warning(format!(
            "`updated` ({}) is before `date` ({})",
            written(updated),
            written(a.date)
        ))
        .in_file(&a.file.path)
        .with_help("expected the time of the latest update, on or after publication; are the two dates swapped?");
        if let Some((line, col)) = key_position(fm_text(&a.file.text), "updated") {
            d = d.at(line + 1, col, Some(&a.file.text));
        }
        warnings.push(d);
    }
}

fn check_unique_slugs<T>(
    items: &[T],
    key: impl Fn(&T) -> (&String, &PathBuf, &String),
    kind: &str,
    errors: &mut Diagnostics,
) {
    let mut first: HashMap<&str, (&PathBuf, &String)> = HashMap::new();
    for item in items {
        let (slug, path, text) = key(item);
        let Some(&(other_path, other_text)) = first.get(slug.as_str()) else {
            first.insert(slug, (path, text));
            continue;
        };
        // Point at the file whose `slug:` makes the clash, when one of them has one.
        let (at_path, at_text, other) = if has_slug_key(text) || !has_slug_key(other_text) {
            (path, text, other_path)
        } else {
            (other_path, other_text, path)
        };
        errors.push(
            slug_diag(at_path, at_text)
                .map_message(format!(
                    "two {kind}s have the slug `{slug}`: this one and {}",
                    other.display()
                ))
                .with_help(
                    "expected every slug to be unique; rename one file or give it a `slug:`",
                ),
        );
    }
}

fn has_slug_key(text: &str) -> bool {
    key_position(fm_text(text), "slug").is_some()
}

/// A diagnostic at `slug:` if written, else at the top of the file.
fn slug_diag(path: &Path, text: &str) -> Diagnostic {
    let d = Diagnostic::error("").in_file(path);
    match key_position(fm_text(text), "slug") {
        Some((line, col)) => d.at(line + 1, col, Some(text)),
        None => d.at(1, 1, Some(text)),
    }
}

/// The front matter lines of a file (after the opening `---`), for key positions.
fn fm_text(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let after = text.split_once('\n').map_or("", |(_, rest)| rest);
    let end = after.find("\n---").map_or(after.len(), |i| i + 1);
    &after[..end]
}

impl Diagnostic {
    fn map_message(mut self, message: String) -> Self {
        self.message = message;
        self
    }
}

/// The `tests/fixtures/minimal` site's content loaded as `build --drafts`
/// loads it, bodies not rendered (`site::minimal_fixture` renders them).
#[cfg(test)]
pub(crate) fn parsed_fixture() -> (Config, Library) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    let config = Config::load(&root).unwrap();
    let options = LoadOptions {
        drafts: true,
        now: time::macros::datetime!(2025-10-18 12:00 UTC),
    };
    let (library, _) = Library::load(&root, &config, &options).unwrap();
    (config, library)
}
