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

/// A `ratio_w:ratio_h` crop of `image`, centred, scaled to `max_width` wide
/// at most. With `fill`, it is scaled to exactly `max_width` wide, up if need
/// be (a social card has one size); without, it is never made larger.
pub fn cropped(
    image: &RgbImage,
    ratio_w: u32,
    ratio_h: u32,
    max_width: u32,
    fill: bool,
) -> RgbImage {
    let rect: Rect = crop::centred(image.width(), image.height(), ratio_w, ratio_h);
    let (width, height) = if fill {
        let height = (u64::from(max_width) * u64::from(ratio_h) / u64::from(ratio_w)) as u32;
        (max_width, height)
    } else {
        crop::output_size(rect, ratio_w, ratio_h, max_width)
    };
    let view = imageops::crop_imm(image, rect.x, rect.y, rect.width, rect.height);
    if (rect.width, rect.height) == (width, height) {
        return view.to_image();
    }
    imageops::resize(&*view, width, height, FilterType::Triangle)
}
