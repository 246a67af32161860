//! Cards and crops cut from an article's own image.
//!
//! [`decode_source`] is the one place a source image is read: when the image
//! pipeline lands, it is the function to swap for the pipeline's decoder.

use std::path::Path;

use image::imageops::{self, FilterType};
use image::{ImageDecoder, ImageReader, RgbImage};

use super::crop::{self, Rect};

/// The image at `path`, decoded and turned upright (EXIF orientation), as RGB.
pub fn decode_source(path: &Path) -> Result<RgbImage, String> {
    let reader = ImageReader::open(path)
        .map_err(|e| format!("cannot read the image: {e}"))?
        .with_guessed_format()
        .map_err(|e| format!("cannot read the image: {e}"))?;
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("cannot decode the image: {e}"))?;
    let orientation = decoder
        .orientation()
        .map_err(|e| format!("cannot decode the image: {e}"))?;
    let mut image = image::DynamicImage::from_decoder(decoder)
        .map_err(|e| format!("cannot decode the image: {e}"))?;
    image.apply_orientation(orientation);
    Ok(image.to_rgb8())
}

/// The shape and size of one crop.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub ratio_w: u32,
    pub ratio_h: u32,
    pub max_width: u32,
    /// Scaled to exactly `max_width` wide, up if need be (a social card has
    /// one size); else never made larger than the crop.
    pub fill: bool,
}

/// A crop of `image` of `shape`, centred, or around `focus` (fractions of
/// the width and height) when the editor gave one.
pub fn cropped(image: &RgbImage, shape: Shape, focus: Option<(f64, f64)>) -> RgbImage {
    let (w, h) = (image.width(), image.height());
    let rect: Rect = match focus {
        Some(point) => crop::around(w, h, shape.ratio_w, shape.ratio_h, point),
        None => crop::centred(w, h, shape.ratio_w, shape.ratio_h),
    };
    let (width, height) = if shape.fill {
        let height =
            u64::from(shape.max_width) * u64::from(shape.ratio_h) / u64::from(shape.ratio_w);
        (shape.max_width, height as u32)
    } else {
        crop::output_size(rect, shape.ratio_w, shape.ratio_h, shape.max_width)
    };
    let view = imageops::crop_imm(image, rect.x, rect.y, rect.width, rect.height);
    if (rect.width, rect.height) == (width, height) {
        return view.to_image();
    }
    imageops::resize(&*view, width, height, FilterType::Triangle)
}
