//! Changing one article in a loaded [`Library`] without sorting and indexing
//! everything again: the article is taken out and put back in its place, and
//! the slug and tag indexes are shifted around it. `serve` uses this after an
//! edit; the result is exactly what [`Library::sort_and_index`] would give.

use std::cmp::Ordering;

use super::library::{Library, Tag, display_name};
use super::model::Article;
use crate::text::slug::tag_slug;

/// Newest first; ties by slug (the order of [`Library::sort_and_index`]).
fn newest_first(a: &Article, b: &Article) -> Ordering {
    b.date.at.cmp(&a.date.at).then_with(|| a.slug.cmp(&b.slug))
}

impl Library {
    /// Removes the article at `old` (if any) and adds `new` (if any) in its
    /// place in the newest-first order. Returns the new article's index.
    pub fn replace_article(&mut self, old: Option<usize>, new: Option<Article>) -> Option<usize> {
        if let Some(i) = old {
            self.take_out(i);
        }
        let index = new.map(|article| self.put_in(article));
        // One pass over the articles: cheap next to the edit that caused it.
        self.index_authors();
        index
    }

    fn take_out(&mut self, i: usize) {
        let gone = self.articles.remove(i);
        self.by_slug.remove(&gone.slug);
        for article in &self.articles[i..] {
            if let Some(index) = self.by_slug.get_mut(&article.slug) {
                *index -= 1;
            }
        }
        for tag in &mut self.tags {
            let had_it = tag.articles.contains(&i);
            tag.articles.retain(|&k| k != i);
            for k in &mut tag.articles {
                if *k > i {
                    *k -= 1;
                }
            }
            if had_it && !tag.articles.is_empty() {
                tag.name = tag_name(&self.articles, tag);
            }
        }
        self.tags.retain(|t| !t.articles.is_empty());
    }

    fn put_in(&mut self, article: Article) -> usize {
        let j = self
            .articles
            .partition_point(|a| newest_first(a, &article) == Ordering::Less);
        let slug = article.slug.clone();
        let tag_slugs: Vec<(String, String)> = article
            .tags
            .iter()
            .map(|name| (tag_slug(name), name.clone()))
            .collect();
        self.articles.insert(j, article);
        for later in &self.articles[j + 1..] {
            if let Some(index) = self.by_slug.get_mut(&later.slug) {
                *index += 1;
            }
        }
        self.by_slug.insert(slug, j);
        for tag in &mut self.tags {
            for k in &mut tag.articles {
                if *k >= j {
                    *k += 1;
                }
            }
        }
        for (tag_slug, name) in tag_slugs {
            match self.tags.binary_search_by(|t| t.slug.cmp(&tag_slug)) {
                Ok(t) => {
                    let tag = &mut self.tags[t];
                    let at = tag.articles.partition_point(|&k| k < j);
                    tag.articles.insert(at, j);
                    tag.name = tag_name(&self.articles, tag);
                }
                Err(t) => self.tags.insert(
                    t,
                    Tag {
                        name,
                        slug: tag_slug,
                        articles: vec![j],
                    },
                ),
            }
        }
        j
    }
}

/// The display name of `tag` from the spellings its articles give it, as a
/// full index names it ([`display_name`]).
fn tag_name(articles: &[Article], tag: &Tag) -> String {
    let spellings: Vec<&str> = tag
        .articles
        .iter()
        .filter_map(|&k| {
            articles[k]
                .tags
                .iter()
                .find(|name| tag_slug(name) == tag.slug)
        })
        .map(String::as_str)
        .collect();
    display_name(&spellings).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Library {
        crate::content::library::parsed_fixture().1
    }

    /// Slugs in order, the slug index, each tag (slug, name, articles), and
    /// each author's articles.
    type Shape = (
        Vec<String>,
        Vec<(String, usize)>,
        Vec<(String, String, Vec<usize>)>,
        Vec<(String, Vec<usize>)>,
    );

    fn shape(library: &Library) -> Shape {
        let mut by_slug: Vec<(String, usize)> = library
            .by_slug
            .iter()
            .map(|(s, i)| (s.clone(), *i))
            .collect();
        by_slug.sort();
        (
            library.articles.iter().map(|a| a.slug.clone()).collect(),
            by_slug,
            library
                .tags
                .iter()
                .map(|t| (t.slug.clone(), t.name.clone(), t.articles.clone()))
                .collect(),
            library
                .by_author
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<std::collections::BTreeMap<_, _>>()
                .into_iter()
                .collect(),
        )
    }

    fn assert_same_as_full_index(library: &Library) {
        let mut full = library.clone();
        full.sort_and_index();
        assert_eq!(shape(library), shape(&full));
    }

    #[test]
    fn moving_retagging_adding_and_removing_match_a_full_index() {
        let mut library = fixture();
        let count = library.articles.len();
        assert!(count >= 4);
        // The newest becomes the oldest, with a tag written differently and a new one.
        let mut moved = library.articles[0].clone();
        moved.date.at = time::macros::datetime!(2020-01-01 00:00 UTC);
        moved.tags = vec!["INDIA".into(), "Brand New".into()];
        let at = library.replace_article(Some(0), Some(moved.clone()));
        assert_eq!(at, Some(count - 1));
        assert_same_as_full_index(&library);

        // Back to the top.
        let mut back = moved.clone();
        back.date.at = time::macros::datetime!(2030-01-01 00:00 UTC);
        let at = library.replace_article(Some(count - 1), Some(back));
        assert_eq!(at, Some(0));
        assert_same_as_full_index(&library);

        // Removed: its only-tag disappears.
        library.replace_article(Some(0), None);
        assert!(library.tag("brand-new").is_none());
        assert_same_as_full_index(&library);

        // Added in the middle, with the same date as another (ties by slug).
        let mut added = library.articles[1].clone();
        added.slug = "aaa-added".into();
        library.replace_article(None, Some(added));
        assert_same_as_full_index(&library);
        assert_eq!(library.articles.len(), count);
    }
}
