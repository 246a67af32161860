//! Rendering: the theme, the views templates see, and the values of each kind
//! of page. The renderer's [`Routes`] list every page of a build and say
//! where each one lives; a caller may render all of them (build) or some
//! (serve's incremental rebuilds).

pub mod comments;
mod date_filter;
pub mod error;
pub mod fingerprint;
pub mod meta;
pub mod structured;
mod template_hints;
pub mod theme;
pub mod views;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use tera::Value;

use crate::config::Config;
use crate::content::Library;
use crate::images::{self, ImageSet};
use crate::routes::{List, OptionalPages, PageKey, Routes};
pub use error::{RenderError, TemplateError};
use fingerprint::PageContext;
use meta::PageMeta;
pub use theme::Theme;
use views::{Place, SiteViews, pagination};

/// The search page's template; optional in a theme (without it there is no `/search/` page).
pub const SEARCH_TEMPLATE: &str = "search.html";

/// How many articles the Recent news box shows.
pub const RECENT_NEWS: usize = 5;

/// How many topics the front page's sidebar shows (`top_tags`).
pub const TOP_TAGS: usize = 8;

/// The theme template of the `/subscribed/` page (made when the newsletter is on).
pub const SUBSCRIBED_TEMPLATE: &str = "subscribed.html";

/// A rendered page: where it goes and its HTML.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    /// Output file path relative to the output folder, e.g. `news/x/index.html`.
    pub file: String,
    /// The page's HTML, UTF-8 (Tera writes only text).
    pub html: Vec<u8>,
}

/// A page ready to render: where it goes, its template and its values.
pub struct PreparedPage {
    /// Site path, e.g. `/news/x/`.
    pub path: String,
    /// Output file relative to the output folder, e.g. `news/x/index.html`.
    pub file: String,
    template: &'static str,
    context: PageContext,
    /// What the page's fragments are made from (see [`Renderer::fragments`]).
    fragments_key: u64,
}

/// Options that differ between `build` and `serve`.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// HTML inserted before `</body>` (serve's live-reload script); never in builds.
    pub body_end: Option<String>,
    /// Make social cards (reporting their problems) but keep no card's bytes:
    /// `check` renders into memory, where 10,000 cards would hold 500 MB.
    pub discard_cards: bool,
}

/// Renders pages of one loaded site. Site-wide views are built once, here.
pub struct Renderer<'a> {
    pub config: &'a Config,
    pub library: &'a Library,
    pub theme: &'a Theme,
    /// Every page of the site, and where each one lives.
    pub routes: Routes<'a>,
    pub views: SiteViews,
    options: RenderOptions,
    /// Each article card as a template value, built once and shared.
    card_values: Vec<Value>,
    /// The content hash of each card value, for page fingerprints.
    card_hashes: Vec<u64>,
    /// The Recent news list for pages that are not among the newest articles,
    /// and its content hash.
    recent_default: (Value, u64),
    /// What every page shares: theme sources, site-wide values, options, version.
    seed: u64,
    /// The size of the largest page rendered so far, in bytes.
    largest_page: AtomicUsize,
    /// The theme's fragments as rendered for each distinct input (`place`
    /// and `recent_news`): a few renderings serve every page.
    fragments: Mutex<HashMap<u64, Value>>,
    /// The site's processed images; none shows every image as written.
    images: Option<&'a ImageSet>,
}

impl<'a> Renderer<'a> {
    pub fn new(
        config: &'a Config,
        library: &'a Library,
        theme: &'a mut Theme,
        options: RenderOptions,
    ) -> Renderer<'a> {
        let views = SiteViews::build(config, library);
        let card_values: Vec<Value> = views
            .cards
            .par_iter()
            .map(Value::from_serializable)
            .collect();
        Renderer::from_views(config, library, theme, options, views, card_values)
    }

    /// The same renderer, showing the site's processed images (lead images
    /// as responsive pictures, body images rewritten).
    pub fn with_images(mut self, images: &'a ImageSet) -> Renderer<'a> {
        self.images = Some(images);
        self
    }

    /// A renderer over site-wide views built earlier (serve keeps them between
    /// edits and rebuilds only the cards that changed). `card_values[i]` is
    /// `views.cards[i]` as a template value.
    pub fn from_views(
        config: &'a Config,
        library: &'a Library,
        theme: &'a mut Theme,
        options: RenderOptions,
        views: SiteViews,
        card_values: Vec<Value>,
    ) -> Renderer<'a> {
        let card_hashes: Vec<u64> = card_values
            .par_iter()
            .map(fingerprint::value_hash)
            .collect();
        let recent_default = list_of(
            &card_values,
            &card_hashes,
            0..card_values.len().min(RECENT_NEWS),
        );
        let globals = theme.tera.global_context();
        globals.insert("site", &views.site);
        globals.insert("all_tags", &views.tags);
        globals.insert("top_tags", &views.top_tags(TOP_TAGS));
        globals.insert("live_reload", &options.body_end.is_some());
        let seed = {
            use std::hash::{Hash, Hasher};
            let mut hasher = fingerprint::new_hasher();
            env!("CARGO_PKG_VERSION").hash(&mut hasher);
            theme.fingerprint.hash(&mut hasher);
            options.body_end.hash(&mut hasher);
            fingerprint::hash_serialized(&mut hasher, &(&views.site, &views.tags));
            hasher.finish()
        };
        Renderer {
            config,
            library,
            routes: Routes::new(config, library, optional_pages(theme)),
            theme,
            views,
            options,
            card_values,
            card_hashes,
            recent_default,
            seed,
            largest_page: AtomicUsize::new(0),
            fragments: Mutex::new(HashMap::new()),
            images: None,
        }
    }

    /// Gives back the views and card values, for the next renderer.
    pub fn into_views(self) -> (SiteViews, Vec<Value>) {
        (self.views, self.card_values)
    }

    /// Renders one page.
    pub fn render(&self, key: &PageKey) -> Result<RenderedPage, RenderError> {
        self.render_prepared(self.prepare(key))
    }

    /// Gathers a page's template values without rendering it.
    pub fn prepare(&self, key: &PageKey) -> PreparedPage {
        let path = self.routes.path_of(key);
        let (template, mut context) = self.context(key, &path);
        let fragments_key = self.place(&mut context);
        let file = crate::routes::file_of_path(&path);
        PreparedPage {
            path,
            file,
            template,
            context,
            fragments_key,
        }
    }

    /// Adds the page's `place` (from its `page` value) and returns the key of
    /// its fragments: a hash of everything they are made from besides the
    /// theme and the site-wide values (which are in every fingerprint's seed).
    fn place(&self, context: &mut PageContext) -> u64 {
        use std::hash::Hasher;
        let page = context.get("page");
        let field = |name: &'static str| {
            page.and_then(|p| p.as_map())
                .and_then(|m| m.get(&tera::value::Key::from(name)))
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let place =
            Value::from_serializable(&Place::of(&self.views.site, &field("kind"), &field("url")));
        let place_hash = fingerprint::value_hash(&place);
        context.insert_hashed("place", place, place_hash);
        let mut hasher = fingerprint::new_hasher();
        hasher.write_u64(place_hash);
        hasher.write_u64(context.hash_of("recent_news").unwrap_or_default());
        hasher.finish()
    }

    /// The theme's fragments for a page with these values, each rendered the
    /// first time its input is seen: `fragments.<name>`, HTML strings. (Two
    /// threads meeting a new input at once may both render it: same result.)
    fn fragments(&self, key: u64, context: &PageContext, path: &str) -> Result<Value, RenderError> {
        if let Some(found) = self.fragments.lock().expect("fragments lock").get(&key) {
            return Ok(found.clone());
        }
        let mut inputs = tera::Context::new();
        for name in ["place", "recent_news"] {
            if let Some(value) = context.get(name) {
                inputs.insert_value(name, value.clone());
            }
        }
        let mut rendered = tera::value::Map::new();
        for (name, template) in &self.theme.fragments {
            let html = self
                .theme
                .tera
                .render(template, &inputs)
                .map_err(|e| TemplateError::from_tera(&e).on_page(path))?;
            rendered.insert(
                tera::value::Key::from(name.clone()),
                Value::safe_string(html.trim_end()),
            );
        }
        let value = Value::from(rendered);
        self.fragments
            .lock()
            .expect("fragments lock")
            .insert(key, value.clone());
        Ok(value)
    }

    /// What the page's HTML is made from, as a number: equal fingerprints, equal HTML.
    pub fn fingerprint(&self, page: &PreparedPage) -> u64 {
        page.context.fingerprint(self.seed, page.template)
    }

    /// Renders a prepared page.
    pub fn render_prepared(&self, page: PreparedPage) -> Result<RenderedPage, RenderError> {
        let PreparedPage {
            path,
            file,
            template,
            mut context,
            fragments_key,
        } = page;
        let fragments = self.fragments(fragments_key, &context, &path)?;
        context.insert_value("fragments", fragments);
        // Room for the largest page so far, so the buffer is not copied as it grows.
        let mut html = Vec::with_capacity(self.largest_page.load(Ordering::Relaxed) + 1024);
        self.theme
            .tera
            .render_to(template, &context.into_context(), &mut html)
            .map_err(|e| TemplateError::from_tera(&e).on_page(&path))?;
        self.largest_page.fetch_max(html.len(), Ordering::Relaxed);
        if let Some(snippet) = &self.options.body_end {
            let at = html
                .windows(b"</body>".len())
                .rposition(|w| w == b"</body>")
                .unwrap_or(html.len());
            html.splice(at..at, snippet.bytes());
        }
        Ok(RenderedPage { file, html })
    }

    /// The cards of articles `indices`, and the list's content hash.
    fn cards(&self, indices: impl Iterator<Item = usize>) -> (Value, u64) {
        list_of(&self.card_values, &self.card_hashes, indices)
    }

    /// The template and context of a page.
    fn context(&self, key: &PageKey, path: &str) -> (&'static str, PageContext) {
        let c = self.config;
        let mut ctx = PageContext::new();
        let (recent, recent_hash) = self.recent_default.clone();
        ctx.insert_hashed("recent_news", recent, recent_hash);
        let template = match key {
            PageKey::Article(i) => self.article_values(&mut ctx, *i, path),
            PageKey::Home(n) => self.list_values(&mut ctx, List::Home, *n, path),
            PageKey::Archive(n) => self.list_values(&mut ctx, List::Archive, *n, path),
            PageKey::Tag(t, n) => self.list_values(&mut ctx, List::Tag(*t), *n, path),
            PageKey::Author(k, n) => self.list_values(&mut ctx, List::Author(k), *n, path),
            PageKey::TagIndex => {
                let description = format!("Every topic {} covers.", c.title);
                let meta = PageMeta::new(c, "tags", "Topics", description, path);
                ctx.insert("page", &meta);
                "tags.html"
            }
            PageKey::Page(i) => {
                let p = &self.library.pages[*i];
                let mut meta = PageMeta::new(c, "page", &p.title, &p.summary, path);
                meta.extra = p.extra.clone();
                ctx.insert("page", &meta);
                ctx.insert("content", &p.body.html);
                "page.html"
            }
            PageKey::NotFound => {
                let meta = PageMeta::new(
                    c,
                    "404",
                    "Page not found",
                    "This page does not exist.",
                    path,
                );
                ctx.insert("page", &meta);
                "404.html"
            }
            PageKey::Subscribed => {
                let mut meta = PageMeta::new(
                    c,
                    "subscribed",
                    "Thanks for subscribing",
                    "Check your inbox to confirm your subscription.",
                    path,
                );
                meta.noindex = true;
                ctx.insert("page", &meta);
                SUBSCRIBED_TEMPLATE
            }
            PageKey::Search => {
                let description = format!("Search every article from {}.", c.title);
                let mut meta = PageMeta::new(c, "search", "Search", description, path);
                // One static page whatever the query: nothing for search engines to list.
                meta.noindex = true;
                ctx.insert("page", &meta);
                SEARCH_TEMPLATE
            }
        };
        (template, ctx)
    }

    /// An article page's values: the article, its head, and Recent news
    /// without it when it is among the newest.
    fn article_values(&self, ctx: &mut PageContext, index: usize, path: &str) -> &'static str {
        let (c, lib) = (self.config, self.library);
        let a = &lib.articles[index];
        let mut view = self.views.article(c, lib, index);
        let mut body_hash = a.body_hash;
        if let Some(images) = self.images.and_then(|set| set.article(index)) {
            view.lead_image = images.lead.as_ref();
            if !images.body.is_empty() {
                view.content = Cow::Owned(images::body::rewrite(&view.content, &images.body));
            }
            body_hash = fingerprint::combine(body_hash, images.hash);
        }
        let mut meta = PageMeta::new(c, "article", &a.title, &a.summary, path);
        meta.describe_article(c, a, view.card);
        meta.noindex = a.draft || a.scheduled;
        self.recent_news_without(ctx, &[index]);
        let (article, hash) =
            view.to_hashed_value(&self.card_values[index], self.card_hashes[index], body_hash);
        ctx.insert_hashed("article", article, hash);
        ctx.insert("page", &meta);
        "article.html"
    }

    /// Replaces the page's Recent news by one without the articles it shows
    /// already (`shown`, indices into the library), when they are among the
    /// newest: a sidebar never repeats what is beside it. Most pages keep the
    /// shared default list, and so share its rendered sidebar.
    fn recent_news_without(&self, ctx: &mut PageContext, shown: &[usize]) {
        let newest = self.card_values.len().min(RECENT_NEWS);
        if !shown.iter().any(|&i| i < newest) {
            return;
        }
        let others = (0..self.card_values.len())
            .filter(|i| !shown.contains(i))
            .take(RECENT_NEWS);
        let (recent, hash) = self.cards(others);
        ctx.insert_hashed("recent_news", recent, hash);
    }

    /// The values of page `number` of a list (the home page, the archive, a
    /// topic, an author): its articles' cards and its pagination, as every
    /// list page has them, then its head and what its kind adds.
    fn list_values(
        &self,
        ctx: &mut PageContext,
        list: List<'_>,
        number: usize,
        path: &str,
    ) -> &'static str {
        let (c, lib) = (self.config, self.library);
        let page = self.routes.list_page(list, number);
        let shown = page.articles_on_page();
        let (cards, hash) = self.cards(shown.iter().copied());
        ctx.insert_hashed("articles", cards, hash);
        self.recent_news_without(ctx, &shown);
        ctx.insert("pagination", &pagination(c, &page));
        // "Topic: India, page 2": the first page goes without its number.
        let numbered = |title: &str| match number {
            1 => title.to_string(),
            n => format!("{title}, page {n}"),
        };
        let meta = match list {
            List::Home => {
                let title = match number {
                    1 => c.title.clone(),
                    _ => numbered("Latest news"),
                };
                let mut meta = PageMeta::new(c, "home", title, &c.description, path);
                if number == 1 {
                    meta.describe_home(c);
                }
                let heading = if number == 1 {
                    "Latest news"
                } else {
                    "More news"
                };
                ctx.insert("heading", heading);
                meta
            }
            List::Archive => {
                ctx.insert_value("groups", self.month_groups(&shown));
                ctx.insert("heading", "News archive");
                let description = format!("Every article from {}, newest first.", c.title);
                PageMeta::new(c, "archive", numbered("News archive"), description, path)
            }
            List::Tag(t) => {
                let tag = &lib.tags[t];
                let title = numbered(&format!("Topic: {}", tag.name));
                let description = format!("Articles about {} from {}.", tag.name, c.title);
                let mut meta = PageMeta::new(c, "tag", title, description, path);
                meta.describe_tag(c, tag);
                ctx.insert("tag", &views::tag_ref(c, tag));
                ctx.insert("heading", &tag.name);
                meta
            }
            List::Author(key) => {
                let author = &lib.authors[key];
                let mut meta =
                    PageMeta::new(c, "author", numbered(&author.name), &author.bio, path);
                meta.describe_author(c, author);
                let mut card = self.views.authors[key].clone();
                card.bio = author.bio.clone();
                ctx.insert("author", &card);
                ctx.insert("author_bio_html", &author.bio_html);
                ctx.insert("heading", &author.name);
                meta
            }
        };
        ctx.insert("page", &meta);
        "list.html"
    }

    /// Articles of an archive page grouped by month: `[{label, articles}]`.
    fn month_groups(&self, articles: &[usize]) -> Value {
        let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
        for &i in articles {
            let label = &self.views.cards[i].date.month;
            match groups.last_mut() {
                Some((l, items)) if l == label => items.push(self.card_values[i].clone()),
                _ => groups.push((label.clone(), vec![self.card_values[i].clone()])),
            }
        }
        Value::from(
            groups
                .into_iter()
                .map(|(label, articles)| {
                    let mut m = std::collections::BTreeMap::new();
                    m.insert("label", Value::from(label));
                    m.insert("articles", Value::from(articles));
                    Value::from(m)
                })
                .collect::<Vec<_>>(),
        )
    }
}

/// The cards at `indices` as one template value, with its content hash made
/// from the cards' own hashes.
fn list_of(values: &[Value], hashes: &[u64], indices: impl Iterator<Item = usize>) -> (Value, u64) {
    let indices: Vec<usize> = indices.collect();
    let list = Value::from(
        indices
            .iter()
            .map(|&i| values[i].clone())
            .collect::<Vec<_>>(),
    );
    (
        list,
        fingerprint::list_hash(indices.iter().map(|&i| hashes[i])),
    )
}

/// The pages of a theme's optional templates that `theme` has.
pub fn optional_pages(theme: &Theme) -> OptionalPages {
    OptionalPages {
        search: theme.tera.contains_template(SEARCH_TEMPLATE),
        subscribed: theme.tera.contains_template(SUBSCRIBED_TEMPLATE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The minimal fixture's library with the repository's theme.
    fn renderer_parts() -> (Config, Library, Theme) {
        let (config, library) = crate::site::minimal_fixture();
        let theme = Theme::load(Path::new(env!("CARGO_MANIFEST_DIR")), &config).unwrap();
        (config, library, theme)
    }

    /// The article links of a page's Recent news box and of its main column.
    fn recent_and_main_links(page: &RenderedPage) -> (Vec<String>, Vec<String>) {
        let html = String::from_utf8(page.html.clone()).unwrap();
        let links = |part: &str| -> Vec<String> {
            part.split("href=\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .filter(|href| href.starts_with("/news/") && href.len() > "/news/".len())
                .map(str::to_string)
                .collect()
        };
        let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
        let recent = html
            .find("class=\"sidebar-block recent-news\"")
            .map(|at| &html[at..at + html[at..].find("</section>").unwrap()]);
        (recent.map(links).unwrap_or_default(), links(main))
    }

    #[test]
    fn recent_news_leaves_out_the_articles_a_page_shows() {
        let (config, library, mut theme) = renderer_parts();
        let renderer = Renderer::new(&config, &library, &mut theme, RenderOptions::default());
        let pages = renderer.routes.pages();
        let mut lists_checked = 0;
        for key in &pages {
            let page = renderer.render(key).unwrap();
            let (recent, main) = recent_and_main_links(&page);
            // A list's main column is its articles; an article page's, itself
            // (and the links of its body, which may well be recent news).
            let shown = match key {
                PageKey::Article(_) => vec![renderer.routes.path_of(key)],
                _ => main,
            };
            for link in &recent {
                assert!(!shown.contains(link), "{}: {link} in both", page.file);
            }
            if matches!(key, PageKey::Home(1)) {
                assert!(recent.is_empty(), "the front page lists the newest itself");
            }
            if matches!(key, PageKey::Home(_) | PageKey::Tag(..)) {
                lists_checked += 1;
            }
        }
        assert!(lists_checked >= 3);
        let front = renderer.render(&PageKey::Home(1)).unwrap();
        let html = String::from_utf8(front.html).unwrap();
        assert!(
            html.contains("sidebar-topics"),
            "the front page offers topics"
        );
    }

    #[test]
    fn fragments_are_rendered_once_per_distinct_place_and_recent_news() {
        let (config, library, mut theme) = renderer_parts();
        assert!(library.tags.len() >= 2, "two topic pages to compare");
        let renderer = Renderer::new(&config, &library, &mut theme, RenderOptions::default());
        let renderings = || renderer.fragments.lock().unwrap().len();
        let first = renderer.render(&PageKey::TagIndex).unwrap();
        assert_eq!(renderings(), 1);
        // The same place and Recent news again: no new rendering.
        let second = renderer.render(&PageKey::TagIndex).unwrap();
        assert_eq!(renderings(), 1);
        let sidebar = |page: &RenderedPage| {
            let html = String::from_utf8(page.html.clone()).unwrap();
            let at = html.find("<aside class=\"sidebar\"").unwrap();
            html[at..].to_string()
        };
        assert_eq!(sidebar(&first), sidebar(&second));
        // The home page is another place.
        renderer.render(&PageKey::Home(1)).unwrap();
        assert_eq!(renderings(), 2);
        // Every page: far fewer renderings than pages, and none new the second time.
        let pages = renderer.routes.pages();
        for key in &pages {
            renderer.render(key).unwrap();
        }
        let all = renderings();
        for key in &pages {
            renderer.render(key).unwrap();
        }
        assert_eq!(renderings(), all);
        assert!(
            all < pages.len(),
            "{all} renderings for {} pages",
            pages.len()
        );
    }
}
