//! Pixels → variants: each width resized with fast_image_resize (Lanczos3)
//! and encoded as lossy WebP (libwebp) and as the fallback: JPEG
//! (jpeg-encoder, twice as fast as the `image` crate's and smaller at the same
//! quality) or PNG (the `image` crate).
//! The encoders write no metadata, so no EXIF, GPS or camera data is kept.

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::png::{CompressionType, PngEncoder};
use image::{DynamicImage, ExtendedColorType, ImageEncoder};
use rayon::prelude::*;

use super::widths::height_for;
use super::{Format, ImageError};

/// One encoded variant before it is cached.
pub struct Encoded {
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// The fallback format: PNG for a PNG source (screenshots and charts stay
/// sharp) or one with transparency, JPEG for the rest.
pub fn fallback_format(source: Format, image: &DynamicImage) -> Format {
    if source == Format::Png || image.color().has_alpha() {
        Format::Png
    } else {
        Format::Jpeg
    }
}

/// Every width in WebP and in the fallback format, narrowest first.
pub fn variants(
    image: &DynamicImage,
    widths: &[u32],
    fallback: Format,
    quality: u8,
) -> Result<Vec<Encoded>, ImageError> {
    let per_width: Vec<Result<[Encoded; 2], ImageError>> = widths
        .par_iter()
        .map(|&width| {
            let height = height_for(width, image.width(), image.height());
            let pixels = resized(image, width, height)?;
            let has_alpha = image.color().has_alpha();
            let (webp, other) = rayon::join(
                || encode(&pixels, width, height, has_alpha, Format::WebP, quality),
                || encode(&pixels, width, height, has_alpha, fallback, quality),
            );
            Ok([
                Encoded {
                    format: Format::WebP,
                    width,
                    height,
                    bytes: webp?,
                },
                Encoded {
                    format: fallback,
                    width,
                    height,
                    bytes: other?,
                },
            ])
        })
        .collect();
    let mut all = Vec::with_capacity(widths.len() * 2);
    for pair in per_width {
        all.extend(pair?);
    }
    Ok(all)
}

/// The image's pixels at `width`×`height` (the source's own when equal).
fn resized(image: &DynamicImage, width: u32, height: u32) -> Result<Vec<u8>, ImageError> {
    if (width, height) == (image.width(), image.height()) {
        return Ok(image.as_bytes().to_vec());
    }
    let pixel_type = match image.color().has_alpha() {
        true => fast_image_resize::PixelType::U8x4,
        false => fast_image_resize::PixelType::U8x3,
    };
    let mut target = Image::new(width, height, pixel_type);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(image, &mut target, &options)
        .map_err(|e| ImageError::Encode(e.to_string()))?;
    Ok(target.into_vec())
}

fn encode(
    pixels: &[u8],
    width: u32,
    height: u32,
    has_alpha: bool,
    format: Format,
    quality: u8,
) -> Result<Vec<u8>, ImageError> {
    let color = if has_alpha {
        ExtendedColorType::Rgba8
    } else {
        ExtendedColorType::Rgb8
    };
    let mut out = Vec::new();
    let failed = |e: image::ImageError| ImageError::Encode(e.to_string());
    match format {
        Format::WebP => {
            let encoder = if has_alpha {
                webp::Encoder::from_rgba(pixels, width, height)
            } else {
                webp::Encoder::from_rgb(pixels, width, height)
            };
            let encoded = encoder
                .encode_simple(false, f32::from(quality))
                .map_err(|e| ImageError::Encode(format!("WebP: {e:?}")))?;
            out.extend_from_slice(&encoded);
        }
        Format::Jpeg => {
            // A JPEG fallback is never made with alpha (see `fallback_format`).
            let size = |n: u32| {
                u16::try_from(n)
                    .map_err(|_| ImageError::Encode(format!("{n} px is too large for a JPEG")))
            };
            jpeg_encoder::Encoder::new(&mut out, quality)
                .encode(
                    pixels,
                    size(width)?,
                    size(height)?,
                    jpeg_encoder::ColorType::Rgb,
                )
                .map_err(|e| ImageError::Encode(format!("JPEG: {e}")))?
        }
        Format::Png => PngEncoder::new_with_quality(
            &mut out,
            CompressionType::Fast,
            image::codecs::png::FilterType::Adaptive,
        )
        .write_image(pixels, width, height, color)
        .map_err(failed)?,
    }
    Ok(out)
}
