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

/// The largest rectangle of aspect `ratio_w:ratio_h`, placed so that the
/// point `focus` (fractions of width and height) is as near its middle as
/// the image's edges allow.
pub fn around(width: u32, height: u32, ratio_w: u32, ratio_h: u32, focus: (f64, f64)) -> Rect {
    let size = centred(width, height, ratio_w, ratio_h);
    let place = |side: u32, crop: u32, at: f64| {
        let wanted = at.clamp(0.0, 1.0) * f64::from(side) - f64::from(crop) / 2.0;
        wanted.round().clamp(0.0, f64::from(side - crop)) as u32
    };
    Rect {
        x: place(width.max(1), size.width, focus.0),
        y: place(height.max(1), size.height, focus.1),
        ..size
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
    fn a_focus_moves_the_crop_within_the_image() {
        // A 1:1 crop of a 3000×1000 image, its subject at the right.
        let r = around(3000, 1000, 1, 1, (0.9, 0.5));
        assert_eq!(
            r,
            Rect {
                x: 2000,
                y: 0,
                width: 1000,
                height: 1000
            }
        );
        // Near an edge, the crop stops at it.
        let r = around(1600, 2400, 16, 9, (0.5, 0.0));
        assert_eq!((r.y, r.width, r.height), (0, 1600, 900));
        assert_eq!(around(800, 600, 4, 3, (0.1, 0.9)), centred(800, 600, 4, 3));
    }

    #[test]
    fn small_crops_are_not_upscaled() {
        let r = centred(800, 600, 4, 3);
        assert_eq!(output_size(r, 4, 3, 1200), (800, 600));
        let big = centred(3000, 2000, 16, 9);
        assert_eq!(output_size(big, 16, 9, 1200), (1200, 675));
    }
}
