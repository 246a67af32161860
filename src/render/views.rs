//! What templates see: serializable views of the site, articles, authors, tags
//! and pagination. Site-wide views (cards, recent news, tag list) are built once
//! per build and shared by every page.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, Link, Newsletter};
use crate::content::dates::DateView;
use crate::content::images::ImageSize;
use crate::content::lang;
use crate::content::model::{Article, Author, Extra};
use crate::content::{Library, Tag};
use crate::images::Picture;
use crate::markdown::TocEntry;
use crate::render::comments::{CommentsView, comments_view};
use crate::render::fingerprint;
use crate::routes::{self, ListPage};
use crate::text::slug::tag_slug;

/// `site`: the configuration as templates use it.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub base_path: String,
    pub language: String,
    pub logo: Option<String>,
    pub copyright: String,
    pub nav: Vec<Link>,
    pub footer_links: Vec<Link>,
    pub twitter: Option<String>,
    /// Present only when the subscribe form has somewhere to post.
    pub newsletter: Option<Newsletter>,
    pub extra: BTreeMap<String, serde_yaml::Value>,
    /// `monazite 0.1.0`, for `<meta name="generator">`.
    pub generator: String,
}

/// A tag as shown in lists and on articles.
#[derive(Debug, Clone, Serialize)]
pub struct TagRef {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub count: usize,
}

/// An author as shown in bylines and author boxes.
#[derive(Debug, Clone, Serialize)]
pub struct AuthorCard {
    pub key: String,
    pub name: String,
    pub role: Option<String>,
    pub bio: String,
    pub url: String,
    pub photo: Option<String>,
    pub links: Vec<Link>,
    /// `extra:` from the author's front matter (a map, empty when none).
    pub extra: Extra,
}

/// An article in lists: everything but the body.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleCard {
    pub title: String,
    pub slug: String,
    /// Site path with the base path, for `href`.
    pub url: String,
    pub permalink: String,
    pub date: DateView,
    pub updated: Option<DateView>,
    pub author: AuthorCard,
    pub summary: String,
    pub tags: Vec<TagRef>,
    pub image: Option<String>,
    pub image_alt: String,
    /// A line about the image, shown under it (plain text), or none.
    pub image_caption: Option<String>,
    /// Who made the image, or none.
    pub image_credit: Option<String>,
    /// The article's language: its `lang:`, else the site's `language`.
    pub lang: String,
    /// `rtl` for a language written right to left, else `ltr`.
    pub dir: &'static str,
    /// `extra:` from the article's front matter (a map, empty when none).
    pub extra: Extra,
    /// The image's pixel size when its file's header could be read, for
    /// `width` and `height` attributes (`{width, height}`).
    pub image_size: Option<ImageSize>,
    pub reading_minutes: usize,
    pub draft: bool,
    pub scheduled: bool,
}

/// The source line under an article: "Source: NAME, DATE."
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub name: String,
    pub url: Option<String>,
    pub date: Option<DateView>,
}

/// A related link with its title resolved.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedView {
    pub title: String,
    pub url: String,
    pub external: bool,
}

/// `article`: a whole article page's data.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView<'a> {
    #[serde(flatten)]
    pub card: &'a ArticleCard,
    pub content: Cow<'a, str>,
    /// The lead image as a responsive picture, when it was processed.
    pub lead_image: Option<&'a Picture>,
    pub toc: &'a [TocEntry],
    pub highlights: &'a [String],
    pub source: Option<SourceView>,
    pub related: Vec<RelatedView>,
    pub word_count: usize,
    /// None when comments are off, or there are none and no form.
    pub comments: Option<CommentsView>,
}

impl ArticleView<'_> {
    /// This view as a template value, and the value's content hash. The value
    /// is made from `card`, the article's card as a template value already
    /// (see `Renderer`): the card's fields are shared rather than serialized
    /// again for the page, and the result equals `Value::from_serializable(self)`.
    /// The hash is made from `card_hash` and `body_hash` (`Article::body_hash`):
    /// the card's fields and the body, most of a page's bytes, are not hashed again.
    pub fn to_hashed_value(
        &self,
        card: &tera::Value,
        card_hash: u64,
        body_hash: u64,
    ) -> (tera::Value, u64) {
        use std::hash::{Hash, Hasher};
        let mut map = card.as_map().cloned().unwrap_or_default();
        let mut hasher = fingerprint::new_hasher();
        hasher.write_u64(card_hash);
        hasher.write_u64(body_hash);
        let mut put = |key: &'static str, value: tera::Value, hash: bool| {
            if hash {
                key.hash(&mut hasher);
                fingerprint::hash_value(&mut hasher, &value);
            }
            map.insert(tera::value::Key::from(key), value);
        };
        put("content", tera::Value::from(self.content.as_ref()), false);
        put(
            "lead_image",
            tera::Value::from_serializable(&self.lead_image),
            true,
        );
        put("toc", tera::Value::from_serializable(self.toc), true);
        put(
            "highlights",
            tera::Value::from_serializable(self.highlights),
            true,
        );
        put("source", tera::Value::from_serializable(&self.source), true);
        put(
            "related",
            tera::Value::from_serializable(&self.related),
            true,
        );
        put("word_count", tera::Value::from(self.word_count), true);
        put(
            "comments",
            tera::Value::from_serializable(&self.comments),
            true,
        );
        (tera::Value::from(map), hasher.finish())
    }
}

/// `place` on every page: where the page sits in the site, all the
/// site-wide fragments may know of it (they are shared by every page with
/// the same place).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Place {
    /// The page's kind, as `page.kind`.
    pub kind: String,
    /// The first page of the home list, which shows the newest articles
    /// itself (the sidebar offers topics there instead of Recent news).
    pub front_page: bool,
    /// The site's main navigation, each link marked for this page.
    pub nav: Vec<NavLink>,
}

/// A main navigation link as one page shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NavLink {
    pub title: String,
    pub url: String,
    /// The link is this page (`aria-current`).
    pub current: bool,
    /// This page is inside the link's section (`/news/` for an article), the
    /// home page excepted.
    pub section: bool,
}

impl Place {
    /// The place of a page of `kind` at `url` (with the base path).
    pub fn of(site: &SiteView, kind: &str, url: &str) -> Place {
        let nav = site
            .nav
            .iter()
            .map(|link| {
                let current = link.url == url;
                NavLink {
                    title: link.title.clone(),
                    url: link.url.clone(),
                    current,
                    section: !current && link.url != site.base_path && url.starts_with(&link.url),
                }
            })
            .collect();
        Place {
            kind: kind.to_string(),
            front_page: kind == "home" && url == site.base_path,
            nav,
        }
    }
}

/// `pagination` on list pages.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total_pages: usize,
    pub total_items: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    /// Page links around the current page.
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// Views built once per build.
pub struct SiteViews {
    pub site: SiteView,
    /// One card per article, in library order.
    pub cards: Vec<ArticleCard>,
    pub authors: BTreeMap<String, AuthorCard>,
    /// Every tag, by name, with counts.
    pub tags: Vec<TagRef>,
}

impl SiteViews {
    pub fn build(config: &Config, library: &Library) -> SiteViews {
        let authors: BTreeMap<String, AuthorCard> = library
            .authors
            .values()
            .map(|a| (a.key.clone(), author_card(config, a)))
            .collect();
        let tags_by_slug: BTreeMap<&str, &Tag> =
            library.tags.iter().map(|t| (t.slug.as_str(), t)).collect();
        let cards = library
            .articles
            .par_iter()
            .map(|a| article_card(config, a, &authors, &tags_by_slug))
            .collect();
        let mut tags: Vec<TagRef> = library.tags.iter().map(|t| tag_ref(config, t)).collect();
        tags.sort_by_key(|t| t.name.to_lowercase());
        let newsletter = config.newsletter.clone().map(|mut n| {
            n.submit = n.submit_mode(config.origin());
            n.action = site_url(config, &n.action);
            n.privacy_url = n.privacy_url.map(|u| site_url(config, &u));
            n
        });
        SiteViews {
            site: SiteView {
                title: config.title.clone(),
                description: config.description.clone(),
                base_url: config.base_url.clone(),
                base_path: config.base_path.clone(),
                language: config.language.clone(),
                logo: config.logo.as_deref().map(|l| config.url(l)),
                copyright: config.copyright.clone(),
                nav: resolve_links(config, &config.nav),
                footer_links: resolve_links(config, &config.footer_links),
                twitter: config.twitter.clone(),
                newsletter,
                extra: config.extra.clone(),
                generator: format!("monazite {}", env!("CARGO_PKG_VERSION")),
            },
            cards,
            authors,
            tags,
        }
    }

    /// The card of article `index`, made as [`SiteViews::build`] makes it (serve
    /// rebuilds one card after an edit).
    pub fn card_for(&self, config: &Config, library: &Library, index: usize) -> ArticleCard {
        let article = &library.articles[index];
        let tags_by_slug: BTreeMap<&str, &Tag> = article
            .tags
            .iter()
            .filter_map(|name| library.tag_named(name))
            .map(|t| (t.slug.as_str(), t))
            .collect();
        article_card(config, article, &self.authors, &tags_by_slug)
    }

    /// The topics with the most articles, at most `n`, most first (ties by name).
    pub fn top_tags(&self, n: usize) -> Vec<&TagRef> {
        let mut tags: Vec<&TagRef> = self.tags.iter().collect();
        // `tags` is sorted by name already, and the sort is stable.
        tags.sort_by_key(|t| std::cmp::Reverse(t.count));
        tags.truncate(n);
        tags
    }

    pub fn article<'a>(
        &'a self,
        config: &Config,
        library: &'a Library,
        index: usize,
    ) -> ArticleView<'a> {
        let a = &library.articles[index];
        ArticleView {
            card: &self.cards[index],
            content: library.body_html(a),
            lead_image: None,
            toc: &a.body.toc,
            highlights: &a.highlights,
            source: a.source.as_ref().map(|s| SourceView {
                name: s.name.clone(),
                url: s.url.clone(),
                date: s.date.map(|d| d.view(config)),
            }),
            related: a
                .related
                .iter()
                .map(|r| {
                    let linked = if r.external {
                        None
                    } else {
                        routes::article_at(library, r.url.split('#').next().unwrap_or(""))
                            .map(|i| &library.articles[i])
                    };
                    let title = r
                        .title
                        .clone()
                        .or_else(|| linked.map(|l| l.title.clone()))
                        .unwrap_or_else(|| r.url.clone());
                    let url = if r.external {
                        r.url.clone()
                    } else {
                        config.url(&r.url)
                    };
                    RelatedView {
                        title,
                        url,
                        external: r.external,
                    }
                })
                .collect(),
            word_count: a.body.word_count,
            comments: comments_view(config, a),
        }
    }
}

/// A site path with the base path; URLs as they are.
fn site_url(config: &Config, url: &str) -> String {
    if url.starts_with('/') {
        config.url(url)
    } else {
        url.to_string()
    }
}

fn resolve_links(config: &Config, links: &[Link]) -> Vec<Link> {
    links
        .iter()
        .map(|l| Link {
            title: l.title.clone(),
            url: if l.url.starts_with('/') {
                config.url(&l.url)
            } else {
                l.url.clone()
            },
        })
        .collect()
}

pub fn author_card(config: &Config, a: &Author) -> AuthorCard {
    AuthorCard {
        key: a.key.clone(),
        name: a.name.clone(),
        role: a.role.clone(),
        bio: a.bio.clone(),
        url: config.url(&routes::author_path(&a.key)),
        photo: a.photo.as_deref().map(|p| {
            if p.contains("://") {
                p.to_string()
            } else {
                config.url(p)
            }
        }),
        links: a.links.clone(),
        extra: a.extra.clone(),
    }
}

pub fn tag_ref(config: &Config, t: &Tag) -> TagRef {
    TagRef {
        name: t.name.clone(),
        slug: t.slug.clone(),
        url: config.url(&routes::tag_path(&t.slug)),
        count: t.articles.len(),
    }
}

fn article_card(
    config: &Config,
    a: &Article,
    authors: &BTreeMap<String, AuthorCard>,
    tags_by_slug: &BTreeMap<&str, &Tag>,
) -> ArticleCard {
    let author = authors
        .get(&a.author)
        .cloned()
        .unwrap_or_else(|| AuthorCard {
            key: a.author.clone(),
            name: a.author.clone(),
            role: None,
            bio: String::new(),
            url: String::new(),
            photo: None,
            links: Vec::new(),
            extra: Extra::new(),
        });
    let lang = article_lang(config, a).to_string();
    let path = routes::article_path(&a.slug);
    ArticleCard {
        title: a.title.clone(),
        slug: a.slug.clone(),
        url: config.url(&path),
        permalink: config.permalink(&path),
        date: a.date.view(config),
        updated: a.updated.map(|u| u.view(config)),
        author,
        summary: a.summary.clone(),
        tags: a
            .tags
            .iter()
            .map(|name| {
                let slug = tag_slug(name);
                match tags_by_slug.get(slug.as_str()) {
                    // The tag's one display name, as its own page shows it.
                    Some(tag) => tag_ref(config, tag),
                    None => TagRef {
                        name: name.clone(),
                        url: config.url(&routes::tag_path(&slug)),
                        count: 0,
                        slug,
                    },
                }
            })
            .collect(),
        image: image_url(config, a),
        image_alt: a.image_alt.clone().unwrap_or_default(),
        image_caption: a.image_caption.clone(),
        image_credit: a.image_credit.clone(),
        dir: lang::direction(&lang).attribute(),
        lang,
        extra: a.extra.clone(),
        image_size: a.image_size,
        reading_minutes: a.reading_minutes(),
        draft: a.draft,
        scheduled: a.scheduled,
    }
}

/// The language an article is written in: its `lang:`, else the site's.
pub fn article_lang<'a>(config: &'a Config, article: &'a Article) -> &'a str {
    article.lang.as_deref().unwrap_or(&config.language)
}

/// The URL of an article's image: a full address as written, else its
/// site path with the base path.
pub fn image_url(config: &Config, article: &Article) -> Option<String> {
    routes::article_image_path(article).map(|p| if p.contains("://") { p } else { config.url(&p) })
}

/// `pagination` for one page of a list.
pub fn pagination(config: &Config, page: &ListPage<'_>) -> Pagination {
    let (current, total_pages) = (page.number, page.page_count);
    let url = |n: usize| config.url(&page.path_of_page(n));
    let first = current.saturating_sub(2).max(1);
    let last = (current + 2).min(total_pages);
    Pagination {
        current,
        total_pages,
        total_items: page.total_items(),
        prev_url: (current > 1).then(|| url(current - 1)),
        next_url: (current < total_pages).then(|| url(current + 1)),
        pages: (first..=last)
            .map(|n| PageLink {
                number: n,
                url: url(n),
                current: n == current,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_value_made_from_its_card_equals_the_view_serialized() {
        let (config, library) = crate::site::minimal_fixture();
        let views = SiteViews::build(&config, &library);
        assert!(library.articles.len() >= 3);
        for i in 0..library.articles.len() {
            let view = views.article(&config, &library, i);
            let card = tera::Value::from_serializable(&views.cards[i]);
            assert!(
                view.to_hashed_value(&card, 0, 0).0 == tera::Value::from_serializable(&view),
                "article {i}"
            );
        }
    }

    #[test]
    fn an_article_value_hash_follows_the_card_the_body_and_every_other_field() {
        let (config, library) = crate::site::minimal_fixture();
        let views = SiteViews::build(&config, &library);
        let card = tera::Value::from_serializable(&views.cards[0]);
        let view = views.article(&config, &library, 0);
        let (value, hash) = view.to_hashed_value(&card, 1, 2);
        assert!(
            value == view.to_hashed_value(&card, 9, 9).0,
            "the hashes change only the hash"
        );
        assert_eq!(view.to_hashed_value(&card, 1, 2).1, hash, "stable");
        assert_ne!(view.to_hashed_value(&card, 9, 2).1, hash, "card");
        assert_ne!(view.to_hashed_value(&card, 1, 9).1, hash, "body");
        let highlights = vec!["Another highlight".to_string()];
        let changed = ArticleView {
            highlights: &highlights,
            ..views.article(&config, &library, 0)
        };
        assert_ne!(changed.to_hashed_value(&card, 1, 2).1, hash, "highlights");
        let changed = ArticleView {
            word_count: view.word_count + 1,
            ..views.article(&config, &library, 0)
        };
        assert_ne!(changed.to_hashed_value(&card, 1, 2).1, hash, "word count");
    }
}
