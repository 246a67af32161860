//! Making every card of a build: the site's card and each article's, side by
//! side on every core. Each output is taken, in order of cost, from the last
//! build's output (untouched, same key), from the card cache, or made now.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::cache::CardCache;
use super::drawn::{CardTemplate, LOGO_SIDE, SiteMarks};
use super::font::{FONT_BYTES, Typeface};
use super::photo::Shape;
use super::plan::{self, CROP_MAX_WIDTH, CROPS, CardSource};
use super::{CARD_HEIGHT, CARD_WIDTH, encode, logo, photo};
use crate::config::Config;
use crate::content::model::Article;
use crate::diag::Diagnostic;
use crate::hash::{hash_bytes, hash_one};

/// Where cards go: the build's output, told each card's key so that the
/// next build can keep an untouched file with the same key.
pub trait CardSink: Sync {
    /// Keeps the last build's `file` if it was made with `key` and is untouched.
    fn keep_if_unchanged(&self, file: &str, key: u64) -> bool;
    fn put(&self, file: &str, bytes: &[u8], key: u64) -> std::io::Result<()>;
    /// Puts the card cached at `from` (hard-linked where the sink can).
    fn put_linked(&self, file: &str, from: &Path, key: u64) -> std::io::Result<()>;
}

/// What a build needs to make its cards.
pub struct CardInputs<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    pub articles: &'a [Article],
    /// The source file of a site path (`/news/x/cover.jpg`, `/assets/logo.svg`).
    pub source_of: &'a (dyn Fn(&str) -> Option<PathBuf> + Sync),
}

/// How the cards of a build came about.
#[derive(Debug, Default)]
pub struct MadeCards {
    /// Drawn or cropped in this build.
    pub made: usize,
    /// Read back from the card cache.
    pub from_cache: usize,
    /// Left as they were in the output.
    pub kept: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Bumped when the drawing of a card changes, so that cached cards are remade.
const DESIGN_VERSION: u32 = 2;

/// Makes the site's card and every article's card and crops into `sink`.
pub fn make_cards(
    inputs: &CardInputs<'_>,
    cache: &CardCache,
    sink: &dyn CardSink,
) -> Result<MadeCards, Vec<Diagnostic>> {
    let face = Typeface::embedded();
    let (logo, logo_hash, mut warnings) = site_logo(inputs);
    let host = inputs.config.host.clone().unwrap_or_default();
    let marks = SiteMarks {
        name: &inputs.config.title,
        host: &host,
        logo: logo.as_ref(),
        colours: inputs.config.cards,
    };
    let template = CardTemplate::new(&face, &marks).map_err(|e| vec![Diagnostic::error(e)])?;
    let style = hash_one(&(
        DESIGN_VERSION,
        encode::ENCODER_ID,
        hash_bytes(FONT_BYTES),
        &inputs.config.title,
        &host,
        logo_hash,
        inputs.config.cards,
    ));
    let maker = Maker {
        inputs,
        cache,
        sink,
        face: &face,
        template: &template,
        style,
        counts: Counts::default(),
    };
    let site_headline = site_headline(inputs.config);
    let mut results = vec![maker.drawn(plan::SITE_CARD_PATH, site_headline)];
    results.par_extend(inputs.articles.par_iter().map(|a| maker.article(a)));
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(mut found) => warnings.append(&mut found),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(maker.counts.into_made(warnings))
}

#[derive(Default)]
struct Counts {
    made: AtomicUsize,
    from_cache: AtomicUsize,
    kept: AtomicUsize,
}

impl Counts {
    fn into_made(self, warnings: Vec<Diagnostic>) -> MadeCards {
        MadeCards {
            made: self.made.into_inner(),
            from_cache: self.from_cache.into_inner(),
            kept: self.kept.into_inner(),
            warnings,
        }
    }
}

struct Maker<'a> {
    inputs: &'a CardInputs<'a>,
    cache: &'a CardCache,
    sink: &'a dyn CardSink,
    face: &'a Typeface,
    template: &'a CardTemplate,
    style: u64,
    counts: Counts,
}

/// A card's warnings when made, or the error that stops the build.
type Outcome = Result<Vec<Diagnostic>, Diagnostic>;

impl Maker<'_> {
    fn article(&self, article: &Article) -> Outcome {
        let card = plan::card_path(&article.slug);
        let CardSource::Photo(written) = plan::card_source(article) else {
            return self.drawn(&card, &article.title);
        };
        let site_path = plan::photo_site_path(article).unwrap_or_default();
        match (self.inputs.source_of)(&site_path) {
            Some(source) => self.photo(article, &source),
            None => {
                let warning = Diagnostic::warning(format!(
                    "image `{written}` was not found, so the social card is drawn instead"
                ))
                .in_file(&article.file.path)
                .with_help("put the image beside the article (a folder article) or give a site path to a file of the theme's assets");
                let mut warnings = self.drawn(&card, &article.title)?;
                warnings.push(warning);
                Ok(warnings)
            }
        }
    }

    /// A drawn card with `headline` at `site_path`.
    fn drawn(&self, site_path: &str, headline: &str) -> Outcome {
        let file = site_path.trim_start_matches('/');
        let key = hash_one(&(self.style, "drawn", headline));
        if self.reuse(file, key)? {
            return Ok(Vec::new());
        }
        let bytes = self
            .template
            .draw_jpeg(self.face, headline)
            .map_err(Diagnostic::error)?;
        self.store(file, key, &bytes)?;
        Ok(Vec::new())
    }

    /// The card and the crops of an article's image at `source`.
    fn photo(&self, article: &Article, source: &Path) -> Outcome {
        let bytes = std::fs::read(source)
            .map_err(|e| image_error(article, &self.shown(source), &e.to_string()))?;
        let source_hash = hash_bytes(&bytes);
        let slug = &article.slug;
        let card = Shape {
            ratio_w: CARD_WIDTH,
            ratio_h: CARD_HEIGHT,
            max_width: CARD_WIDTH,
            fill: true,
        };
        let mut wanted = vec![(plan::card_path(slug), card)];
        wanted.extend(CROPS.iter().map(|&(ratio_w, ratio_h, name)| {
            let shape = Shape {
                ratio_w,
                ratio_h,
                max_width: CROP_MAX_WIDTH,
                fill: false,
            };
            (plan::crop_path(slug, name), shape)
        }));
        // The focus as written, to the bit: part of each crop's key.
        let focus = article.image_focus.map(|(x, y)| (x.to_bits(), y.to_bits()));
        let mut missing = Vec::new();
        for (path, shape) in wanted {
            let file = path.trim_start_matches('/').to_string();
            let key = hash_one(&(
                DESIGN_VERSION,
                encode::ENCODER_ID,
                source_hash,
                (shape.ratio_w, shape.ratio_h, shape.max_width, shape.fill),
                focus,
            ));
            if !self.reuse(&file, key)? {
                missing.push((file, key, shape));
            }
        }
        if missing.is_empty() {
            return Ok(Vec::new());
        }
        let image = photo::decode_source(&bytes)
            .map_err(|e| image_error(article, &self.shown(source), &e))?;
        for (file, key, shape) in missing {
            let crop = photo::cropped(&image, shape, article.image_focus);
            let jpeg = encode::rgb_jpeg(crop.as_raw(), crop.width(), crop.height())
                .map_err(|e| image_error(article, &self.shown(source), &e))?;
            self.store(&file, key, &jpeg)?;
        }
        Ok(Vec::new())
    }

    /// Keeps the output's file or links the cached card; false when it must be made.
    fn reuse(&self, file: &str, key: u64) -> Result<bool, Diagnostic> {
        if self.sink.keep_if_unchanged(file, key) {
            self.cache.mark_used(key);
            self.counts.kept.fetch_add(1, Ordering::Relaxed);
            return Ok(true);
        }
        let Some(cached) = self.cache.cached(key) else {
            return Ok(false);
        };
        self.sink
            .put_linked(file, &cached, key)
            .map_err(|e| write_error(file, &e))?;
        self.counts.from_cache.fetch_add(1, Ordering::Relaxed);
        Ok(true)
    }

    /// A card just made: into the cache, and linked from there into the
    /// output; written into the output itself when the cache cannot take it
    /// (a cache that cannot be written costs the next build time, not this
    /// one its output).
    fn store(&self, file: &str, key: u64, bytes: &[u8]) -> Result<(), Diagnostic> {
        let linked = match self.cache.put(key, bytes) {
            Ok(cached) => self.sink.put_linked(file, &cached, key),
            Err(_) => self.sink.put(file, bytes, key),
        };
        linked.map_err(|e| write_error(file, &e))?;
        self.counts.made.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// A source file as messages show it: relative to the site root.
    fn shown(&self, source: &Path) -> PathBuf {
        source
            .strip_prefix(self.inputs.root)
            .unwrap_or(source)
            .to_path_buf()
    }
}

fn write_error(file: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write output file {file}: {e}"))
}

/// The site's logo for drawn cards and a hash of its file; a logo that
/// cannot be drawn is a warning, and cards go without it.
fn site_logo(inputs: &CardInputs<'_>) -> (Option<logo::Rgba>, u64, Vec<Diagnostic>) {
    let Some(written) = inputs.config.logo.as_deref() else {
        return (None, 0, Vec::new());
    };
    let Some(source) = (inputs.source_of)(written) else {
        return (None, 0, Vec::new());
    };
    let hash = std::fs::read(&source).map(|b| hash_bytes(&b)).unwrap_or(0);
    match logo::rasterize(&source, LOGO_SIDE) {
        Ok(rgba) => (Some(rgba), hash, Vec::new()),
        Err(e) => {
            let shown = source.strip_prefix(inputs.root).unwrap_or(&source);
            let warning = Diagnostic::warning(format!("{e}; social cards are drawn without it"))
                .in_file(shown)
                .with_help("use an SVG, PNG or JPEG logo (site.yaml `logo:`)");
            (None, hash, vec![warning])
        }
    }
}

/// What the site's own card says under its name: the description, else the title.
fn site_headline(config: &Config) -> &str {
    if config.description.trim().is_empty() {
        &config.title
    } else {
        &config.description
    }
}

fn image_error(article: &Article, source: &Path, problem: &str) -> Diagnostic {
    Diagnostic::error(format!("image {}: {problem}", source.display()))
    .in_file(&article.file.path)
    .with_help("the lead image (`image:`) must be a JPEG or PNG file monazite can decode; re-export it, or point `image:` at another file")
}
