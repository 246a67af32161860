//! The loaded newsroom: every article, author and page, checked against each
//! other (authors exist, slugs unique, paths stay inside the output), sorted
//! newest first, with the tag index built once. Its bodies are rendered
//! afterwards, by the body stage (`crate::bodies`).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
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
    /// The one name every page shows for it ([`display_name`]): its page,
    /// its pills on articles and cards, the topic lists, feeds and search.
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
    /// Every file under the site's `static/` folder, copied to the output as
    /// it is (see [`static_files`]).
    pub static_files: Vec<PathBuf>,
    /// The same articles by slug, so that a link to one is reported as a
    /// link to a draft (or to an article scheduled for later).
    pub withheld: HashMap<String, Withheld>,
    /// Slugs of article files that failed to load (`check` goes on without
    /// them), so a link to one is not reported on top of its own error. A
    /// file's slug here is its name's, as its front matter could not be read.
    pub failed_slugs: HashSet<String>,
    /// The same for static pages (`content/pages/<slug>.md`).
    pub failed_pages: HashSet<String>,
    /// The earliest date of an article scheduled at this build's "now": when
    /// it comes, the library is out of date (`serve` reloads then).
    pub next_scheduled: Option<OffsetDateTime>,
    /// Where article bodies kept out of memory are read back from, when the
    /// body stage kept some there.
    pub stored_bodies: Option<Arc<dyn StoredBodies>>,
}

/// The folder at the site root whose files are copied to the output as they
/// are (shared images, PDFs, `CNAME`, verification files).
pub const STATIC_DIR: &str = "static";

/// Every file under `static/` (none when there is no such folder), in
/// name order; symbolic links are skipped with a warning, as in `content/`.
pub fn static_files(root: &Path, problems: &mut Diagnostics) -> Vec<PathBuf> {
    super::load::all_files(root, STATIC_DIR, usize::MAX, problems)
}

/// An article this build leaves out.
#[derive(Debug, Clone)]
pub struct Withheld {
    pub file: PathBuf,
    /// A draft (else scheduled for later).
    pub draft: bool,
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
        checks::warn_unknown_keys(&read.articles, &mut errors);
        let static_files = static_files(root, &mut errors);
        if errors.has_errors() && !options.keep_going {
            return Err(errors);
        }
        let (mut articles, mut pages, mut authors) = (read.articles, read.pages, authors);
        let failed_pages = failed_in(&errors, "content/pages");
        let failed_slugs = leave_out_failed(&errors, &mut articles, &mut authors, &mut pages);
        let mut library = Library::assemble(authors, pages, articles, options.drafts);
        library.static_files = static_files;
        library.failed_slugs = failed_slugs;
        library.failed_pages = failed_pages;
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
                let withheld = Withheld {
                    file: article.file.path.clone(),
                    draft: article.draft,
                };
                library.withheld.insert(article.slug.clone(), withheld);
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
        let mut tags: BTreeMap<String, (Tag, Vec<&str>)> = BTreeMap::new();
        // Tag names repeat across articles: each is slugified once.
        let mut slugs: HashMap<&str, String> = HashMap::new();
        for (i, article) in self.articles.iter().enumerate() {
            for name in &article.tags {
                let slug = slugs
                    .entry(name.as_str())
                    .or_insert_with(|| tag_slug(name))
                    .clone();
                let (tag, spellings) = tags.entry(slug.clone()).or_insert_with(|| {
                    let tag = Tag {
                        name: String::new(),
                        slug,
                        articles: Vec::new(),
                    };
                    (tag, Vec::new())
                });
                tag.articles.push(i);
                spellings.push(name);
            }
        }
        self.tags = tags
            .into_values()
            .map(|(mut tag, spellings)| {
                tag.name = display_name(&spellings).to_string();
                tag
            })
            .collect();
        self.index_authors();
    }

    /// An article's tags by their display names, in its order.
    pub fn tag_names(&self, article: &Article) -> Vec<String> {
        article
            .tags
            .iter()
            .map(|name| self.tag_named(name).map_or(name, |t| &t.name).clone())
            .collect()
    }

    /// The tag an article names `name` (any spelling of it).
    pub fn tag_named(&self, name: &str) -> Option<&Tag> {
        self.tag(&tag_slug(name))
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

/// Leaves out every file an error names, and the articles of an author left
/// out; returns the slugs of the articles left out (a file's own name, as its
/// front matter may not have been read).
fn leave_out_failed(
    errors: &Diagnostics,
    articles: &mut Vec<Article>,
    authors: &mut BTreeMap<String, Author>,
    pages: &mut Vec<StaticPage>,
) -> HashSet<String> {
    let failed: HashSet<&Path> = errors
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.path.as_deref())
        .collect();
    let mut slugs = failed_in(errors, "content/news");
    authors.retain(|_, author| !failed.contains(author.file.path.as_path()));
    pages.retain(|page| !failed.contains(page.file.path.as_path()));
    articles.retain(|article| {
        let keep =
            !failed.contains(article.file.path.as_path()) && authors.contains_key(&article.author);
        if !keep {
            slugs.insert(article.slug.clone());
        }
        keep
    });
    slugs
}

/// The slugs of the files under `folder` that an error names.
fn failed_in(errors: &Diagnostics, folder: &str) -> HashSet<String> {
    errors
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.path.as_deref())
        .filter(|path| path.starts_with(folder))
        .filter_map(file_slug)
        .collect()
}

/// The slug a file's name gives: `x.md` and `x/index.md` → `x`.
fn file_slug(path: &Path) -> Option<String> {
    let named = if path.file_name()? == "index.md" {
        path.parent()?.file_name()?
    } else {
        path.file_stem()?
    };
    Some(named.to_string_lossy().into_owned())
}

/// The name a tag is shown by, from the spellings its articles give it
/// (newest article first; "Export controls", "export-controls" and "EXPORT
/// CONTROLS" are one tag): the spelling most articles use, and of those used
/// equally often the newest article's. Every page shows this one name.
pub fn display_name<'a>(spellings: &[&'a str]) -> &'a str {
    // Distinct spellings in order of first use (newest first); a tag has few.
    let mut counted: Vec<(&str, usize)> = Vec::new();
    for &name in spellings {
        match counted.iter_mut().find(|(n, _)| *n == name) {
            Some((_, uses)) => *uses += 1,
            None => counted.push((name, 1)),
        }
    }
    // The first of the most used: `max_by_key` would keep the last.
    let most = counted.iter().map(|&(_, uses)| uses).max().unwrap_or(0);
    counted
        .into_iter()
        .find(|&(_, uses)| uses == most)
        .map_or("", |(name, _)| name)
}

/// The `tests/fixtures/minimal` site's content loaded as `build --drafts`
/// loads it, bodies not rendered (`site::minimal_fixture` renders them).
#[cfg(test)]
pub(crate) fn parsed_fixture() -> (Config, Library) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    let config = Config::load(&root).unwrap();
    let options = LoadOptions {
        keep_going: false,
        drafts: true,
        now: time::macros::datetime!(2025-10-18 12:00 UTC),
    };
    let (library, _) = Library::load(&root, &config, &options).unwrap();
    (config, library)
}

#[cfg(test)]
mod display_name_tests {
    use super::display_name;

    #[test]
    fn the_spelling_most_articles_use_names_the_tag() {
        let spellings = ["export-controls", "Export controls", "Export controls"];
        assert_eq!(display_name(&spellings), "Export controls");
    }

    #[test]
    fn of_spellings_used_equally_the_newest_articles_wins() {
        assert_eq!(display_name(&["India", "india", "india", "India"]), "India");
        assert_eq!(display_name(&["magnets"]), "magnets");
    }
}
