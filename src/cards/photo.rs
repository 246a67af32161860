//! Cards and crops cut from an article's own image: decoded by the image
//! pipeline's decoder (EXIF orientation applied), cropped and scaled in one
//! pass by fast_image_resize (SIMD), as the pipeline's variants are.

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;

use super::crop::{self, Rect};

/// The image in `bytes`, decoded and turned upright, as RGB.
pub fn decode_source(bytes: &[u8]) -> Result<RgbImage, String> {
    let image = crate::images::decode(bytes).map_err(|e| e.to_string())?;
    Ok(image.into_rgb8())
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
    if (rect.width, rect.height) == (width, height) {
        return image::imageops::crop_imm(image, rect.x, rect.y, width, height).to_image();
    }
    let mut target = Image::new(width, height, PixelType::U8x3);
    let options = ResizeOptions::new()
        .crop(
            f64::from(rect.x),
            f64::from(rect.y),
            f64::from(rect.width),
            f64::from(rect.height),
        )
        .resize_alg(ResizeAlg::Convolution(FilterType::Bilinear));
    // An RGB image of the size it says is always a valid source.
    Resizer::new()
        .resize(image, &mut target, &options)
        .expect("an RGB crop inside its image");
    RgbImage::from_raw(width, height, target.into_vec()).expect("the size it was made with")
}
