//! The images of a loaded site: every folder article's lead image and the
//! images its body shows from its folder, each source processed once (in
//! parallel, through the cache) however many times it is used, and the
//! pictures each article shows.
//!
//! Remote images (`https://…`) and site paths (`/assets/…`) are shown as
//! written; so are GIF and SVG files.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::markup::variant_file;
use super::{ImageCache, ImageError, Picture, Processed, is_processed, process, source_format};
use crate::config::Config;
use crate::content::Library;
use crate::content::model::Article;
use crate::diag::{Diagnostic, Diagnostics};
use crate::hash::StableHasher;
use crate::routes;

/// The processed images of a site.
#[derive(Debug, Default)]
pub struct ImageSet {
    /// Indexed like `Library::articles`.
    articles: Vec<ArticleImages>,
    /// Every variant to publish: (output file, its file in the cache, key).
    outputs: Vec<(String, PathBuf, u64)>,
    pub stats: ImageStats,
}

/// The pictures of one article.
#[derive(Debug, Default)]
pub struct ArticleImages {
    pub lead: Option<Picture>,
    /// By `src` as the rendered body writes it.
    pub body: HashMap<String, Picture>,
    /// A hash of all of them, for the page's fingerprint.
    pub hash: u64,
}

/// What the image stage did (`build --timings` shows it).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImageStats {
    /// Source images used by the site.
    pub images: usize,
    /// Of them, decoded and encoded in this build (the others came from the cache).
    pub decoded: usize,
    /// Variant files published.
    pub variants: usize,
}

impl ImageSet {
    /// The pictures of article `index`, if it shows any processed image.
    pub fn article(&self, index: usize) -> Option<&ArticleImages> {
        self.articles.get(index).filter(|a| a.hash != 0)
    }

    /// Every variant to publish: (output file, cached file, key).
    pub fn outputs(&self) -> &[(String, PathBuf, u64)] {
        &self.outputs
    }

    /// The cache keys in use (to keep in the cache).
    pub fn keys(&self) -> HashSet<u64> {
        self.outputs.iter().map(|(_, _, key)| *key).collect()
    }
}

/// One use of a source image by an article.
struct Use {
    article: usize,
    /// `None` for the lead image, else the body's `src`.
    body_src: Option<String>,
    source: usize,
}

/// A source image: its file, and its output file without the extension.
struct Source {
    path: PathBuf,
    output_base: String,
}

/// Finds and processes every image of the site; an image that cannot be
/// read or decoded is an error naming its file.
pub fn process_site(
    root: &Path,
    config: &Config,
    library: &Library,
    cache: &ImageCache,
) -> Result<ImageSet, Diagnostics> {
    let statics = StaticImages::of(root, library, config);
    let (sources, uses) = find(root, library, &statics);
    let results: Vec<Result<(Processed, bool), Diagnostic>> = sources
        .par_iter()
        .map(|s| processed(root, s, config, cache))
        .collect();
    let mut errors = Diagnostics::new();
    let mut done = Vec::with_capacity(results.len());
    let mut stats = ImageStats {
        images: sources.len(),
        ..ImageStats::default()
    };
    for result in results {
        match result {
            Ok((p, decoded)) => {
                stats.decoded += usize::from(decoded);
                done.push(p);
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    let outputs: Vec<(String, PathBuf, u64)> = sources
        .iter()
        .zip(&done)
        .flat_map(|(s, p)| {
            p.variants.iter().map(|v| {
                let file = variant_file(&s.output_base, p.key, v.width, v.format);
                (file, v.file.clone(), p.key)
            })
        })
        .collect();
    stats.variants = outputs.len();
    let articles = pictures(config, library, &sources, &done, uses);
    Ok(ImageSet {
        articles,
        outputs,
        stats,
    })
}

fn processed(
    root: &Path,
    source: &Source,
    config: &Config,
    cache: &ImageCache,
) -> Result<(Processed, bool), Diagnostic> {
    let shown = source.path.strip_prefix(root).unwrap_or(&source.path);
    let bytes = std::fs::read(&source.path)
        .map_err(|e| Diagnostic::error(format!("cannot read image: {e}")).in_file(shown))?;
    process(&bytes, source_format(&source.path), &config.images, cache).map_err(|e| {
        let help = match e {
            ImageError::Decode(_) => "the file is not a JPEG, PNG or WebP image that can be read (a partial download, or another format renamed?): export it again, or remove it and the references to it",
            ImageError::Encode(_) => "the image could be read but not converted: report this with the file",
            ImageError::Cache(_) => "check that the folder beside the output (.public.image-cache) can be written, or delete it",
        };
        Diagnostic::error(e.to_string()).in_file(shown).with_help(help)
    })
}

/// The sources to process (each once) and where each article uses them.
fn find(root: &Path, library: &Library, statics: &StaticImages) -> (Vec<Source>, Vec<Use>) {
    let mut sources: Vec<Source> = Vec::new();
    let mut index_of: HashMap<PathBuf, usize> = HashMap::new();
    let mut uses = Vec::new();
    for (article, a) in library.articles.iter().enumerate() {
        let Some(dir) = root.join(&a.file.path).parent().map(Path::to_path_buf) else {
            continue;
        };
        let mut add = |written: &str, body_src: Option<String>| {
            let Some((path, file)) = source_file(&dir, a, statics, written) else {
                return;
            };
            let source = *index_of.entry(path.clone()).or_insert_with(|| {
                let output_base = without_extension(&file).to_string();
                sources.push(Source { path, output_base });
                sources.len() - 1
            });
            uses.push(Use {
                article,
                body_src,
                source,
            });
        };
        if let Some(image) = &a.image {
            add(image, None);
        }
        // Only a body with an image to process is read for its `<img>` tags:
        // a folder article with one beside it, or one naming a site path
        // when `static/` has images.
        let beside = a.assets.iter().any(|p| is_processed(p));
        let rooted = !statics.is_empty()
            && a.body
                .links
                .iter()
                .any(|l| l.is_image && l.url.starts_with('/'));
        if beside || rooted {
            let html = library.body_html(a);
            for tag in super::body::img_tags(&html) {
                add(&unescape(tag.src), Some(tag.src.to_string()));
            }
        }
    }
    (sources, uses)
}

/// The raster images of `static/`, by the site path they are published at
/// (`static/images/map.jpg` → `/images/map.jpg`).
pub struct StaticImages {
    by_path: HashMap<String, PathBuf>,
    base_path: String,
}

impl StaticImages {
    pub fn of(root: &Path, library: &Library, config: &Config) -> StaticImages {
        let dir = root.join(crate::content::library::STATIC_DIR);
        let by_path = library
            .static_files
            .iter()
            .filter(|p| is_processed(p))
            .filter_map(|p| {
                let rel = p
                    .strip_prefix(&dir)
                    .ok()?
                    .to_string_lossy()
                    .replace('\\', "/");
                Some((routes::static_file_path(&rel), p.clone()))
            })
            .collect();
        StaticImages {
            by_path,
            base_path: config.base_path.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    /// The file of the image at `written`, a site path as written in front
    /// matter (`/images/map.jpg`) or in a rendered body (with the site's
    /// base path, percent-encoded).
    fn get(&self, written: &str) -> Option<(&String, &PathBuf)> {
        if !written.starts_with('/') || written.starts_with("//") {
            return None;
        }
        let decoded = percent_encoding::percent_decode_str(written)
            .decode_utf8()
            .ok()?;
        self.by_path.get_key_value(decoded.as_ref()).or_else(|| {
            let under_base = decoded.strip_prefix(self.base_path.trim_end_matches('/'))?;
            self.by_path.get_key_value(under_base)
        })
    }
}

/// The source file an image address names, when the pipeline processes it,
/// and that file's output file: a file beside a folder article, or an
/// image of `static/`.
pub fn source_file(
    dir: &Path,
    article: &Article,
    statics: &StaticImages,
    written: &str,
) -> Option<(PathBuf, String)> {
    if let Some(path) = folder_file(dir, article, written) {
        let rel = path.strip_prefix(dir).unwrap_or(&path);
        let rel = rel.to_string_lossy().replace('\\', "/");
        let file = routes::file_of_path(&routes::beside_article(&article.slug, &rel));
        return Some((path, file));
    }
    let (site_path, path) = statics.get(written)?;
    Some((path.clone(), routes::file_of_path(site_path)))
}

/// The file of a folder article that `written` (an image's address, as
/// written) names, when it is one the pipeline processes.
fn folder_file(dir: &Path, article: &Article, written: &str) -> Option<PathBuf> {
    if written.contains(':') || written.starts_with('/') || written.starts_with('#') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(written.trim_start_matches("./"))
        .decode_utf8()
        .ok()?;
    let path = dir.join(decoded.as_ref());
    (is_processed(&path) && article.assets.contains(&path)).then_some(path)
}

/// An address as written in an HTML attribute, its entities undone (the
/// Markdown renderer escapes `&` and quotes; percent-encoding stays).
pub fn unescape(attribute: &str) -> String {
    attribute
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn without_extension(file: &str) -> &str {
    match file.rfind('.') {
        Some(dot) if !file[dot..].contains('/') => &file[..dot],
        _ => file,
    }
}

/// Each article's pictures, from the processed sources it uses.
fn pictures(
    config: &Config,
    library: &Library,
    sources: &[Source],
    done: &[Processed],
    uses: Vec<Use>,
) -> Vec<ArticleImages> {
    let sizes = &config.images.sizes;
    let mut articles: Vec<ArticleImages> = Vec::new();
    articles.resize_with(library.articles.len(), ArticleImages::default);
    for u in uses {
        let processed = &done[u.source];
        let images = &mut articles[u.article];
        match u.body_src {
            None => {
                let base = without_extension(&sources[u.source].output_base);
                let url_base = config.url(&format!("/{base}"));
                images.lead = Some(Picture::new(processed, &url_base, sizes));
            }
            Some(src) => {
                let picture = Picture::new(processed, without_extension(&src), sizes);
                images.body.insert(src, picture);
            }
        }
    }
    for images in &mut articles {
        if images.lead.is_some() || !images.body.is_empty() {
            images.hash = hash_of(images);
        }
    }
    articles
}

fn hash_of(images: &ArticleImages) -> u64 {
    let mut hasher = StableHasher::new();
    images.lead.hash(&mut hasher);
    let mut body: Vec<_> = images.body.iter().collect();
    body.sort_by(|a, b| a.0.cmp(b.0));
    body.hash(&mut hasher);
    hasher.finish().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_come_off_file_names_only() {
        assert_eq!(without_extension("news/x/photo.jpg"), "news/x/photo");
        assert_eq!(without_extension("news/x.y/photo"), "news/x.y/photo");
    }
}
