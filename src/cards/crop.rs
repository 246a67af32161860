//! Where to cut a crop of a given shape out of an image: pure geometry.

/// A rectangle of the source image, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// The largest rectangle of aspect `ratio_w:ratio_h` inside a `width`×`height`
/// image, centred (a newsroom's photos are composed around their middle).
pub fn centred(width: u32, height: u32, ratio_w: u32, ratio_h: u32) -> Rect {
    let (width, height) = (width.max(1), height.max(1));
    // Compare width/height with ratio_w/ratio_h without floating point.
    let (crop_w, crop_h) =
        if u64::from(width) * u64::from(ratio_h) > u64::from(height) * u64::from(ratio_w) {
            let w = (u64::from(height) * u64::from(ratio_w) / u64::from(ratio_h)) as u32;
            (w.max(1), height)
        } else {
            let h = (u64::from(width) * u64::from(ratio_h) / u64::from(ratio_w)) as u32;
            (width, h.max(1))
        };
    Rect {
        x: (width - crop_w) / 2,
        y: (height - crop_h) / 2,
        width: crop_w,
        height: crop_h,
    }
}

/// The size to scale a crop to: `max_width` wide at most, never wider than
/// the crop itself (no upscaling), keeping the aspect.
pub fn output_size(crop: Rect, ratio_w: u32, ratio_h: u32, max_width: u32) -> (u32, u32) {
    let width = crop.width.min(max_width).max(1);
    let height = (u64::from(width) * u64::from(ratio_h) / u64::from(ratio_w)) as u32;
    (width, height.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_image_loses_its_sides() {
        let r = centred(4000, 1000, 16, 9);
        assert_eq!((r.width, r.height), (1777, 1000));
        assert_eq!(r.x, (4000 - 1777) / 2);
        assert_eq!(r.y, 0);
    }

    #[test]
    fn a_tall_image_loses_top_and_bottom() {
        let r = centred(1600, 2400, 1, 1);
        assert_eq!(
            r,
            Rect {
                x: 0,
                y: 400,
                width: 1600,
                height: 1600
            }
        );
    }

    #[test]
    fn small_crops_are_not_upscaled() {
        let r = centred(800, 600, 4, 3);
        assert_eq!(output_size(r, 4, 3, 1200), (800, 600));
        let big = centred(3000, 2000, 16, 9);
        assert_eq!(output_size(big, 16, 9, 1200), (1200, 675));
    }
}
