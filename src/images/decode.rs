//! Source bytes → pixels, turned upright by the EXIF orientation (a phone's
//! portrait photo is stored sideways with a tag that says so).

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader};

use super::ImageError;

/// A source's width and height as shown (its EXIF orientation applied),
/// from its headers only: nothing is decoded.
pub fn shown_size(path: &std::path::Path) -> Result<(u32, u32), ImageError> {
    let failed = |e: image::ImageError| ImageError::Decode(e.to_string());
    let reader = ImageReader::open(path)?
        .with_guessed_format()
        .map_err(ImageError::Cache)?;
    let mut decoder = reader.into_decoder().map_err(failed)?;
    let (w, h) = decoder.dimensions();
    use image::metadata::Orientation::*;
    Ok(match decoder.orientation().unwrap_or(NoTransforms) {
        Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH => (h, w),
        _ => (w, h),
    })
}

/// Decodes a JPEG, PNG or WebP (by its content, not its name) and applies
/// its EXIF orientation.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, ImageError> {
    let failed = |e: image::ImageError| ImageError::Decode(e.to_string());
    // The orientation from the headers alone; the pixels from
    // `load_from_memory`, whose decoding loops are compiled (and optimized:
    // Cargo.toml) in the `image` crate itself rather than here.
    let orientation = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| ImageError::Decode(e.to_string()))?
        .into_decoder()
        .map_err(failed)?
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = image::load_from_memory(bytes).map_err(failed)?;
    image.apply_orientation(orientation);
    Ok(match image.color().has_alpha() {
        true => DynamicImage::ImageRgba8(image.into_rgba8()),
        false => DynamicImage::ImageRgb8(image.into_rgb8()),
    })
}
