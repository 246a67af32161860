//! The loaded newsroom: every article, author and page, checked against each
//! other (authors exist, slugs unique, paths stay inside the output), sorted
//! newest first, with the tag index built once. Its bodies are rendered
//! afterwards, by the body stage (`crate::bodies`).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::slice::ParallelSliceMut;
use time::OffsetDateTime;

use super::checks;
use super::load::{LoadOptions, read_content};
use super::model::{Article, Author, BodyHtml, StaticPage};
use super::parse::ParseContext;
use crate::config::Config;
use crate::diag::Diagnostics;
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
    /// The earliest date of an article scheduled at this build's "now": when
    /// it comes, the library is out of date (`serve` reloads then).
    pub next_scheduled: Option<OffsetDateTime>,
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
        let context = ParseContext::new(config, options.now);
        let read = read_content(root, &context, &mut errors);
        let authors: BTreeMap<String, Author> = read
            .authors
            .into_iter()
            .map(|a| (a.key.clone(), a))
            .collect();
        checks::check_across_files(&read.articles, &authors, &read.pages, &mut errors);
        errors.extend(read.orphans);
        checks::warn_updated_before_date(&read.articles, &mut errors);
        if errors.has_errors() {
            return Err(errors);
        }
        let library = Library::assemble(authors, read.pages, read.articles, options.drafts);
        Ok((library, errors))
    }

    /// The library of checked files: drafts and scheduled articles left out
    /// unless `drafts`, pages by slug, articles sorted and indexed.
    fn assemble(
        authors: BTreeMap<String, Author>,
        pages: Vec<StaticPage>,
        articles: Vec<Article>,
        drafts: bool,
    ) -> Library {
        let mut library = Library {
            authors,
            ..Library::default()
        };
        for article in articles {
            if article.scheduled {
                library.note_scheduled(article.date.at);
            }
            if drafts || (!article.draft && !article.scheduled) {
                library.articles.push(article);
            } else {
                library.left_out.push(article.file.path.clone());
            }
        }
        library.pages = pages.into_iter().filter(|p| drafts || !p.draft).collect();
        library.pages.sort_by(|a, b| a.slug.cmp(&b.slug));
        library.sort_and_index();
        library
    }

    /// Keeps `at` as the next scheduled moment when it is the earliest.
    pub fn note_scheduled(&mut self, at: OffsetDateTime) {
        self.next_scheduled = Some(self.next_scheduled.map_or(at, |next| next.min(at)));
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
