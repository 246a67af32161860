//! Bringing the in-memory site up to date after one article file changed,
//! without sorting, indexing or building views for the whole site again: the
//! file is read and parsed alone (by the loader's own `read_article`), checked
//! against the rest (author, slug), its body rendered by the body stage's
//! [`BodyRenderer`], put in its place in the library, and its card replaced;
//! only when its tags changed are the cards that show those tags' counts made
//! again. Then [`plan`] says which cached pages went stale.

use std::path::Path;

use tera::Value;

use super::plan::{self, ArticleLook, Invalidation};
use crate::bodies::BodyRenderer;
use crate::config::Config;
use crate::content::load::read_article;
use crate::content::{Article, Library, LoadOptions, ParseContext};
use crate::diag::Diagnostic;
use crate::render::views::{SiteViews, tag_ref};
use crate::routes::article_path;
use crate::site::Site;
use crate::text::slug::tag_slug;

/// Site-wide views and each card as a template value, kept between renderers.
pub(crate) type Views = (SiteViews, Vec<Value>);

/// Each card as a template value.
pub(crate) fn card_values(views: &SiteViews) -> Vec<Value> {
    views.cards.iter().map(Value::from_serializable).collect()
}

/// What re-reading an article changed.
pub(crate) struct Patched {
    /// The cached pages that now show something else.
    pub stale: Invalidation,
    /// Lists gained or lost pages (the route table must be made again).
    pub lists_resized: bool,
}

/// Reads the article at `rel` again (or drops it when the file is gone) and
/// brings the library and views up to date. On a problem nothing changes.
pub(crate) fn reread_article(
    site: &mut Site,
    views: &mut Views,
    load: &LoadOptions,
    rel: &Path,
) -> Result<Patched, Vec<Diagnostic>> {
    let (views, values) = views;
    let parsed = read_again(site, load, rel)?;
    let library = &mut site.library;
    let old_index = library.articles.iter().position(|a| a.file.path == rel);
    let before = old_index.map(|i| look(views, library, i));
    library.left_out.retain(|p| p != rel);
    if let Some(a) = parsed.as_ref().filter(|a| a.scheduled) {
        library.note_scheduled(a.date.at);
    }
    let shown = match parsed {
        Some(a) if load.drafts || (!a.draft && !a.scheduled) => Some(a),
        Some(a) => {
            library.left_out.push(a.file.path.clone());
            None
        }
        None => None,
    };
    let new_slug = shown.as_ref().map(|a| a.slug.clone());
    let mut lists_resized = false;
    match (old_index, shown) {
        (Some(i), Some(article)) if same_place(&library.articles[i], &article) => {
            // Same slug, date and tags: the article keeps its place in every list.
            library.articles[i] = article;
            views.cards[i] = views.card_for(&site.config, library, i);
            values[i] = Value::from_serializable(&views.cards[i]);
        }
        (None, None) => {
            return Ok(Patched {
                stale: Invalidation::default(),
                lists_resized,
            });
        }
        (old, new) => {
            lists_resized = replace_and_recount(&site.config, library, views, values, old, new).1;
        }
    }
    let after = new_slug
        .and_then(|s| library.by_slug.get(&s).copied())
        .map(|i| look(views, library, i));
    let slugs: Vec<&str> = before
        .iter()
        .chain(after.iter())
        .map(|l| l.slug.as_str())
        .collect();
    // Articles linking to it show its title: looked for only when its card changed.
    let card_changed = before.as_ref().map(|l| &l.card) != after.as_ref().map(|l| &l.card);
    let linked_from = if card_changed {
        linking_articles(library, &slugs)
    } else {
        Vec::new()
    };
    Ok(Patched {
        stale: plan::article_invalidation(
            before.as_ref(),
            after.as_ref(),
            &linked_from,
            plan::recent_news_reach(site.config.paginate_by.max(site.config.archive_paginate_by)),
        ),
        lists_resized,
    })
}

/// The article at `rel` read, parsed and checked against the rest of the
/// library, and its body rendered, as a build does it; `None` when the file is
/// gone.
fn read_again(
    site: &Site,
    load: &LoadOptions,
    rel: &Path,
) -> Result<Option<Article>, Vec<Diagnostic>> {
    let path = site.root.join(rel);
    if !path.is_file() {
        return Ok(None);
    }
    let context = ParseContext::new(&site.config, load.now);
    // One article: its comments file is looked for on disk.
    let mut article = read_article(&site.root, &path, &context, None)?;
    check_article(&site.library, &article).map_err(|problem| vec![problem])?;
    // The preview holds every body in memory, as it was loaded.
    BodyRenderer::in_memory(&site.config)
        .article(&mut article)
        .map_err(|e| vec![e.into()])?;
    Ok(Some(article))
}

/// Replaces the article at `old` (if any) by `new` (if any) in the library and
/// in the card views, recounting the tags whose counts change. Returns where
/// the new article went and whether lists change length (more or fewer pages):
/// they do unless the article only moved, with the same author and tags.
fn replace_and_recount(
    config: &crate::config::Config,
    library: &mut Library,
    views: &mut SiteViews,
    values: &mut Vec<Value>,
    old: Option<usize>,
    new: Option<Article>,
) -> (Option<usize>, bool) {
    let old_tags = old.map(|i| library.articles[i].tags.clone());
    let new_tags = new.as_ref().map(|a| a.tags.clone());
    let lists_resized = match (old, &new) {
        (Some(i), Some(a)) => library.articles[i].author != a.author || old_tags != new_tags,
        _ => true,
    };
    // Tags whose counts change: those of an added or removed article, or of an
    // article whose tags changed.
    let recount: Vec<String> = if old_tags != new_tags {
        old_tags
            .into_iter()
            .chain(new_tags)
            .flatten()
            .map(|t| tag_slug(&t))
            .collect()
    } else {
        Vec::new()
    };
    let placed = library.replace_article(old, new);
    move_card(config, library, views, values, old, placed);
    if !recount.is_empty() {
        recount_tags(config, library, views, values, &recount);
    }
    (placed, lists_resized)
}

/// Moves the edited article's card with it: out of `old`, a new one in at
/// `placed`. Every other card keeps its value (cards do not know their place).
fn move_card(
    config: &Config,
    library: &Library,
    views: &mut SiteViews,
    values: &mut Vec<Value>,
    old: Option<usize>,
    placed: Option<usize>,
) {
    if let Some(i) = old {
        views.cards.remove(i);
        values.remove(i);
    }
    if let Some(j) = placed {
        let card = views.card_for(config, library, j);
        values.insert(j, Value::from_serializable(&card));
        views.cards.insert(j, card);
    }
}

/// Tag counts changed (`recount` are tag slugs): the cards showing those tags
/// and the list of all tags are made again.
fn recount_tags(
    config: &Config,
    library: &Library,
    views: &mut SiteViews,
    values: &mut [Value],
    recount: &[String],
) {
    let showing: Vec<usize> = (views.cards.iter().enumerate())
        .filter(|(_, card)| card.tags.iter().any(|t| recount.contains(&t.slug)))
        .map(|(j, _)| j)
        .collect();
    for j in showing {
        views.cards[j] = views.card_for(config, library, j);
        values[j] = Value::from_serializable(&views.cards[j]);
    }
    let mut tags: Vec<_> = library.tags.iter().map(|t| tag_ref(config, t)).collect();
    tags.sort_by_key(|t| t.name.to_lowercase());
    views.tags = tags;
}

/// An article's look from other pages.
fn look(views: &SiteViews, library: &Library, index: usize) -> ArticleLook {
    let article = &library.articles[index];
    let mut tags: Vec<String> = article.tags.iter().map(|t| tag_slug(t)).collect();
    tags.sort();
    ArticleLook {
        slug: article.slug.clone(),
        position: index,
        tags,
        author: article.author.clone(),
        card: serde_json::to_value(&views.cards[index]).unwrap_or_default(),
    }
}

/// Whether an edited article keeps its place: same slug, date and tags.
fn same_place(old: &Article, new: &Article) -> bool {
    let tag_slugs = |a: &Article| {
        let mut t: Vec<String> = a.tags.iter().map(|t| tag_slug(t)).collect();
        t.sort();
        t
    };
    old.slug == new.slug && old.date.at == new.date.at && tag_slugs(old) == tag_slugs(new)
}

/// The slugs of articles whose related links point at any of `slugs`.
fn linking_articles(library: &Library, slugs: &[&str]) -> Vec<String> {
    let paths: Vec<String> = slugs.iter().map(|s| article_path(s)).collect();
    library
        .articles
        .iter()
        .filter(|a| {
            a.related
                .iter()
                .any(|r| !r.external && paths.iter().any(|p| r.url.split('#').next() == Some(p)))
        })
        .map(|a| a.slug.clone())
        .collect()
}

/// What `Library::load` checks across files, for one re-read article.
fn check_article(library: &Library, article: &Article) -> Result<(), Diagnostic> {
    let at_key = |d: Diagnostic, key: &str| {
        let d = d.in_file(&article.file.path);
        match crate::config::key_position(&article.file.text, key) {
            Some((line, column)) => d.at(line, column, Some(&article.file.text)),
            None => d.at(1, 1, Some(&article.file.text)),
        }
    };
    if !library.authors.contains_key(&article.author) {
        let known: Vec<&str> = library.authors.keys().map(String::as_str).collect();
        return Err(at_key(
            Diagnostic::error(format!("unknown author `{}`", article.author)),
            "author",
        )
        .with_help(crate::content::unknown_author_help(&article.author, &known)));
    }
    if let Some(&other) = library.by_slug.get(&article.slug) {
        let other = &library.articles[other];
        if other.file.path != article.file.path {
            return Err(at_key(
                Diagnostic::error(format!(
                    "two articles have the slug `{}`: this one and {}",
                    article.slug,
                    other.file.path.display()
                )),
                "slug",
            )
            .with_help("expected every slug to be unique; rename one file or give it a `slug:`"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> (crate::config::Config, Library) {
        crate::site::minimal_fixture()
    }

    fn cards_json(views: &SiteViews) -> serde_json::Value {
        serde_json::json!({ "cards": views.cards, "tags": views.tags })
    }

    /// Moving, retagging, adding and removing articles keeps views equal to a fresh build.
    #[test]
    fn patched_views_equal_fresh_ones() {
        let (config, mut library) = fixture();
        let library = &mut library;
        assert!(library.articles.len() >= 3);
        let mut views = SiteViews::build(&config, library);
        let mut values = card_values(&views);
        let mut change = |library: &mut Library, old: Option<usize>, new: Option<Article>| {
            let (placed, _) =
                replace_and_recount(&config, library, &mut views, &mut values, old, new);
            let fresh = SiteViews::build(&config, library);
            assert_eq!(cards_json(&views), cards_json(&fresh));
            assert_eq!(values.len(), views.cards.len());
            for (value, card) in values.iter().zip(&views.cards) {
                assert_eq!(*value, Value::from_serializable(card));
            }
            placed
        };

        // The newest article becomes the oldest, with a new tag.
        let mut moved = library.articles[0].clone();
        moved.date.at = time::macros::datetime!(2020-01-01 00:00 UTC);
        moved.tags.push("Brand New".into());
        let at = change(library, Some(0), Some(moved.clone()));
        // It is removed.
        change(library, at, None);
        // A new one arrives in the middle.
        let mut added = moved.clone();
        added.slug = "added".into();
        added.date.at = time::macros::datetime!(2025-08-15 00:00 UTC);
        change(library, None, Some(added));
    }
}
