//! The image pipeline: a source image (a folder article's lead image or an
//! image in its body) → a few widths, never upscaled, each encoded as lossy
//! WebP and as a JPEG (or, for a PNG source, a PNG) fallback → the
//! attributes of a responsive `<picture>` (`srcset`, `sizes`, `width`,
//! `height`).
//!
//! The one entry point for a source image is [`process`]: "this source, these
//! settings → the variants and the markup". [`plan`] finds the images of a
//! loaded site and processes them all, in parallel, through the cache
//! ([`cache`]): a source whose bytes and settings are those of an earlier
//! build is never decoded again. Decoding applies the EXIF orientation;
//! re-encoding writes no metadata, so camera and location data never reach
//! the output.
//!
//! This module reads source files and its own cache folder; it knows nothing
//! of templates, and writes nothing to the output (the site writes the
//! variants it lists, [`ImageSet::outputs`]).

pub mod body;
pub mod cache;
mod decode;
pub use decode::{decode, shown_size};
mod encode;
pub mod markup;
pub mod plan;
mod widths;

use std::path::PathBuf;

pub use cache::ImageCache;
pub use markup::Picture;
pub use plan::{ImageSet, ImageStats, process_site};

use crate::config::ImageSettings;

/// An encoded file format of a variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    WebP,
    Jpeg,
    Png,
}

impl Format {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::WebP => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }

    /// The MIME type, for `<source type>`.
    pub fn mime(self) -> &'static str {
        match self {
            Format::WebP => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }

    fn from_extension(ext: &str) -> Option<Format> {
        match ext {
            "webp" => Some(Format::WebP),
            "jpg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            _ => None,
        }
    }
}

/// Whether a file is an image the pipeline processes (by its extension):
/// JPEG, PNG and WebP. GIF (often animated) and SVG are published as they are.
pub fn is_processed(path: &std::path::Path) -> bool {
    path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
        matches!(
            x.to_ascii_lowercase().as_str(),
            "jpg" | "jpeg" | "png" | "webp"
        )
    })
}

/// One encoded variant, kept in the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub format: Format,
    pub width: u32,
    pub height: u32,
    /// Its file in the cache folder.
    pub file: PathBuf,
    pub bytes: u64,
}

/// A processed source image: its size once oriented, and its variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// The cache key: the source's bytes, the settings and the encoders.
    pub key: u64,
    /// The source's width and height, once oriented.
    pub width: u32,
    pub height: u32,
    /// The format of the fallback variants (JPEG, or PNG for a PNG source).
    pub fallback: Format,
    /// Narrowest first, WebP and fallback alike.
    pub variants: Vec<Variant>,
}

impl Processed {
    /// The variants of one format, narrowest first.
    pub fn of_format(&self, format: Format) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(move |v| v.format == format)
    }
}

/// Why an image could not be processed.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("cannot decode image: {0}")]
    Decode(String),
    #[error("cannot encode image: {0}")]
    Encode(String),
    #[error("cannot use the image cache: {0}")]
    Cache(#[from] std::io::Error),
}

/// Processes one source image for `settings`: from the cache when its bytes
/// and the settings are those of an earlier build, else decoded, resized and
/// encoded (and then cached). Says whether it was decoded.
pub fn process(
    source: &[u8],
    source_format: Format,
    settings: &ImageSettings,
    cache: &ImageCache,
) -> Result<(Processed, bool), ImageError> {
    let key = cache::key(source, settings);
    if let Some(found) = cache.load(key) {
        return Ok((found, false));
    }
    let image = decode::decode(source)?;
    let fallback = encode::fallback_format(source_format, &image);
    let planned = widths::plan(image.width(), &settings.widths);
    let encoded = encode::variants(&image, &planned, fallback, settings.quality)?;
    let processed = cache.store(key, image.width(), image.height(), fallback, encoded)?;
    Ok((processed, true))
}

/// The format a source's extension names.
pub fn source_format(path: &std::path::Path) -> Format {
    match path
        .extension()
        .and_then(|x| x.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => Format::Png,
        Some("webp") => Format::WebP,
        _ => Format::Jpeg,
    }
}
