//! The body stage: after loading, every article's, author's and page's
//! Markdown becomes HTML, and what comes from it is filled in (an article's
//! summary when none is written, its table of contents, heading anchors and
//! word count; an author's bio). Readers' comments are rendered here too,
//! through the untrusted-Markdown sanitizer. Each article's HTML is kept in memory, or past
//! a budget in a file ([`store`]); a body an earlier build rendered is read
//! back from the Markdown cache ([`cache`]) instead of rendered again.
//!
//! It stands apart from `content`, so that parsing stays pure (no Markdown,
//! no cache, no disk), and from `markdown`, so that the renderer knows nothing
//! of articles, caches or files. `site` runs it on the whole library after
//! `Library::load`; `serve` runs [`BodyRenderer::article`] on the one article
//! it reads again. It knows nothing of templates or output paths.

mod at_offset;
pub mod cache;
pub mod store;

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Article, Author, BodyHtml, Library, StaticPage, StoredBodies, comments};
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown::{self, MarkdownOptions, Rendered, untrusted};
use crate::text::truncate_words;
use cache::MarkdownCache;
use store::BodyStore;

/// The longest summary made from an article's or page's first paragraph, in characters.
const SUMMARY_CHARS: usize = 280;
/// The longest bio made from an author's first paragraph, in characters.
const BIO_CHARS: usize = 240;

/// How the stage keeps what it renders.
#[derive(Debug, Clone, Default)]
pub struct BodyOptions {
    /// Keep every file's text, each body's links and its first paragraph after
    /// rendering (for `check`, which points into bodies). A build drops them:
    /// at 100,000 articles they are gigabytes.
    pub keep_source: bool,
    /// Bytes of article HTML to hold in memory before the rest goes to a file
    /// ([`store`]); `None` holds every body.
    pub budget: Option<usize>,
    /// The file of rendered Markdown kept from earlier builds, if any
    /// ([`cache`]; not for `check`, which needs link positions).
    pub markdown_cache: Option<PathBuf>,
}

/// Why a body could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error("cannot keep the article's HTML in a temporary file: {source}")]
    Keep {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the Markdown cache: {source}")]
    CacheWrite {
        file: PathBuf,
        source: std::io::Error,
    },
    /// Never for a comment the loader accepted, which checked the same.
    #[error("comment `{id}` {refused}")]
    CommentRefused {
        file: PathBuf,
        id: String,
        refused: untrusted::Refused,
    },
}

impl From<BodyError> for Diagnostic {
    fn from(e: BodyError) -> Diagnostic {
        let d = Diagnostic::error(e.to_string());
        match e {
            BodyError::Keep { file, .. } | BodyError::CommentRefused { file, .. } => {
                d.in_file(file)
            }
            BodyError::CacheWrite { file, .. } => d.in_file(file).with_help(
                "expected a writable folder beside the output; the file is only a cache and may be deleted",
            ),
        }
    }
}

/// Renders every body of `library` (in parallel), and gives the library the
/// store where bodies past the budget went. Returns the Markdown cache, for
/// [`MarkdownCache::finish`] after a good build, or every error.
pub fn render_bodies(
    library: &mut Library,
    config: &Config,
    options: &BodyOptions,
) -> Result<Option<MarkdownCache>, Diagnostics> {
    let markdown = MarkdownOptions::for_site(config);
    // Only a cache: one that cannot be opened means rendering everything.
    let cache = options
        .markdown_cache
        .as_deref()
        .and_then(|path| MarkdownCache::open(path, &markdown).ok());
    // Bodies past the budget are found in the cache's file when there is
    // one; else in a temporary file; without either they stay in memory.
    let store = options.budget.and_then(|budget| match &cache {
        Some(cache) => cache.file().ok().map(|f| BodyStore::over(f, budget)),
        None => BodyStore::new(budget).ok(),
    });
    let renderer = BodyRenderer {
        markdown,
        keep_source: options.keep_source,
        store: store.as_ref(),
        cache: cache.as_ref(),
    };
    let Library {
        articles,
        authors,
        pages,
        ..
    } = library;
    let ((), article_errors) = rayon::join(
        || {
            authors.par_iter_mut().for_each(|(_, a)| renderer.author(a));
            pages.par_iter_mut().for_each(|p| renderer.page(p));
        },
        || {
            articles
                .par_iter_mut()
                .filter_map(|a| renderer.article(a).err())
                .map(Diagnostic::from)
                .collect::<Vec<_>>()
        },
    );
    let mut errors: Diagnostics = article_errors.into_iter().collect();
    // Bodies past the budget may point at entries still waiting to be written.
    if let Some(cache) = &cache
        && let Err(source) = cache.flush()
    {
        errors.push(
            BodyError::CacheWrite {
                file: cache.path().to_path_buf(),
                source,
            }
            .into(),
        );
    }
    if errors.has_errors() {
        return Err(errors);
    }
    library.stored_bodies = store.map(|s| Arc::new(s) as Arc<dyn StoredBodies>);
    Ok(cache)
}

/// Renders bodies one at a time: for [`render_bodies`], and for `serve`'s
/// article read again.
pub struct BodyRenderer<'a> {
    markdown: MarkdownOptions,
    keep_source: bool,
    /// Where article bodies past the memory budget go.
    store: Option<&'a BodyStore>,
    /// Article bodies rendered by earlier builds.
    cache: Option<&'a MarkdownCache>,
}

impl BodyRenderer<'static> {
    /// A renderer that holds every body in memory, uses no cache and keeps no
    /// sources: `serve`'s, as its site was loaded.
    pub fn in_memory(config: &Config) -> BodyRenderer<'static> {
        BodyRenderer {
            markdown: MarkdownOptions::for_site(config),
            keep_source: false,
            store: None,
            cache: None,
        }
    }
}

impl BodyRenderer<'_> {
    /// Renders an article's body (or reads it back from the cache) and keeps
    /// its HTML; makes its summary from the first paragraph unless written;
    /// renders its readers' comments.
    pub fn article(&self, article: &mut Article) -> Result<(), BodyError> {
        self.comments(article)?;
        // The comments' anchors are on the page too: headings keep clear of them.
        let page_ids = comments::page_ids(&article.approved_comments);
        let (mut body, html_in_cache) =
            self.render_article_body(&article.file.text[article.file.body_offset..], &page_ids);
        if !article.summary_given {
            article.summary = truncate_words(&body.first_paragraph, SUMMARY_CHARS);
        }
        // Links stay: `build` checks them before it publishes.
        if !self.keep_source {
            article.file.text = String::new();
            body.first_paragraph = String::new();
        }
        let html = std::mem::take(&mut body.html);
        // Fixed seeds: the hash is compared with the last build's.
        article.body_hash = crate::hash::hash_bytes(html.as_bytes());
        article.body_html = match self.store {
            Some(store) => store
                .keep(html, html_in_cache)
                .map_err(|source| BodyError::Keep {
                    file: article.file.path.clone(),
                    source,
                })?,
            None => BodyHtml::Held(html),
        };
        if let BodyHtml::Held(html) = &mut article.body_html {
            html.shrink_to_fit();
        }
        article.body = body;
        Ok(())
    }

    /// Renders an article's comments, readers' Markdown, through the sanitizer.
    fn comments(&self, article: &mut Article) -> Result<(), BodyError> {
        for comment in &mut article.approved_comments {
            comment.html =
                untrusted::render(&comment.text).map_err(|refused| BodyError::CommentRefused {
                    file: comments::file_for(&article.file.path),
                    id: comment.id.clone(),
                    refused,
                })?;
            if !self.keep_source {
                comment.text = String::new();
            }
        }
        Ok(())
    }

    /// Renders an author's body into the author page's bio, and makes the
    /// author box's bio from its first paragraph unless written.
    pub fn author(&self, author: &mut Author) {
        let body = markdown::render(&author.file.text[author.file.body_offset..], &self.markdown);
        if author.bio.is_empty() {
            author.bio = truncate_words(&body.first_paragraph, BIO_CHARS);
        }
        author.bio_html = body.html;
        if !self.keep_source {
            author.file.text = String::new();
        }
    }

    /// Renders a static page's body, and makes its summary from the first
    /// paragraph unless written.
    pub fn page(&self, page: &mut StaticPage) {
        let body = markdown::render(&page.file.text[page.file.body_offset..], &self.markdown);
        if !page.summary_given {
            page.summary = truncate_words(&body.first_paragraph, SUMMARY_CHARS);
        }
        page.body = body;
        if !self.keep_source {
            page.file.text = String::new();
        }
    }

    /// An article's body rendered, or read back from the Markdown cache, and
    /// where the cache's file holds its HTML.
    fn render_article_body(&self, text: &str, page_ids: &[String]) -> (Rendered, Option<u64>) {
        let Some(cache) = self.cache else {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::library::parsed_fixture;

    fn article<'a>(library: &'a Library, slug: &str) -> &'a Article {
        &library.articles[library.by_slug[slug]]
    }

    #[test]
    fn summaries_bios_and_html_come_from_the_bodies_and_the_sources_go() {
        let (config, mut library) = parsed_fixture();
        render_bodies(&mut library, &config, &BodyOptions::default()).unwrap();
        let magnets = article(&library, "magnet-prices");
        assert_eq!(
            magnets.summary,
            "Prices for NdPr oxide rose for a third month as buyers restocked."
        );
        assert!(
            library
                .body_html(magnets)
                .contains("<h2 id=\"what-changed\">")
        );
        assert_eq!(magnets.body.toc[0].id, "what-changed");
        assert!(magnets.body.word_count > 10);
        assert_ne!(magnets.body_hash, 0);
        let odisha = article(&library, "odisha-sands");
        assert_eq!(
            odisha.summary,
            "Monazite-bearing sands are back in the spotlight."
        );
        assert_eq!(
            library.authors["li"].bio,
            "Li Wen follows magnet prices and trade data."
        );
        assert_eq!(
            library.authors["asha"].bio,
            "Asha covers mining & refining from Chennai."
        );
        assert!(
            library.authors["asha"]
                .bio_html
                .contains("<strong>beach sands</strong>")
        );
        // Without `keep_source`, the texts only `check` reads are dropped.
        assert!(magnets.file.text.is_empty());
        // Links stay: a build checks them before it publishes.
        assert!(!article(&library, "odisha-sands").body.links.is_empty());
        assert!(library.pages.iter().all(|p| p.file.text.is_empty()));
    }

    #[test]
    fn kept_sources_keep_the_text_and_links() {
        let (config, mut library) = parsed_fixture();
        let options = BodyOptions {
            keep_source: true,
            ..BodyOptions::default()
        };
        render_bodies(&mut library, &config, &options).unwrap();
        let magnets = article(&library, "magnet-prices");
        assert!(
            magnets
                .file
                .text
                .starts_with("---\ntitle: \"Magnet prices climb\"")
        );
        assert!(!magnets.body.first_paragraph.is_empty());
    }

    #[test]
    fn bodies_past_the_budget_read_back_as_those_held_and_serve_renders_the_same() {
        let (config, mut held) = parsed_fixture();
        render_bodies(&mut held, &config, &BodyOptions::default()).unwrap();
        let (_, mut filed) = parsed_fixture();
        let budget = BodyOptions {
            budget: Some(0),
            ..BodyOptions::default()
        };
        render_bodies(&mut filed, &config, &budget).unwrap();
        assert!(filed.stored_bodies.is_some());
        let (_, parsed) = parsed_fixture();
        for (i, a) in filed.articles.iter().enumerate() {
            assert!(matches!(a.body_html, BodyHtml::Stored { .. }));
            assert_eq!(filed.body_html(a), held.body_html(&held.articles[i]));
            assert_eq!(a.body_hash, held.articles[i].body_hash);
            // One article rendered alone, as `serve` does after an edit.
            let mut alone = parsed.articles[i].clone();
            BodyRenderer::in_memory(&config)
                .article(&mut alone)
                .unwrap();
            assert_eq!(held.body_html(&alone), held.body_html(&held.articles[i]));
            assert_eq!(alone.summary, held.articles[i].summary);
        }
    }

    #[test]
    fn comments_are_rendered_through_the_sanitizer_and_headings_keep_clear_of_them() {
        let config = Config::fallback();
        let context = crate::content::ParseContext::new(&config, time::OffsetDateTime::UNIX_EPOCH);
        let text = "---\ntitle: T\ndate: 1970-01-01\nauthor: a\n---\n## Comment c1\n";
        let mut article = crate::content::parse::article(
            std::path::Path::new("content/news/t.md"),
            text.into(),
            &context,
        )
        .unwrap();
        article.approved_comments = comments::parse(
            "- id: c1\n  author: A\n  date: 1970-01-01\n  text: |\n    Is *Kerala* next?\n\n    > quoted\n\n    <script>x()</script>\n",
            &config.timezone,
        )
        .unwrap();
        BodyRenderer::in_memory(&config)
            .article(&mut article)
            .unwrap();
        let html = &article.approved_comments[0].html;
        assert!(html.contains("<em>Kerala</em>"), "{html}");
        assert!(html.contains("<blockquote>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(
            article.approved_comments[0].text.is_empty(),
            "sources not kept"
        );
        assert_eq!(article.body.anchors, ["comment-c1-2"]);
    }
}
