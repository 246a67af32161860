//! Raster images for the corpus, made from the seed: a lead image for a share
//! of articles and an inline figure for some, so image work can be measured
//! on a newsroom of any size. Off unless asked for (`--images`), so the text
//! benchmark's numbers stay comparable from run to run.

use super::rng::Rng;

/// Which articles get images, and how large they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageSpec {
    /// Percent of articles with a lead image (`image: lead.jpg`).
    pub lead_percent: usize,
    /// Percent of articles with an image in the body (`![…](figure.jpg)`).
    pub inline_percent: usize,
    pub width: u32,
    pub height: u32,
}

impl ImageSpec {
    /// No images: the text-only corpus.
    pub const NONE: ImageSpec = ImageSpec {
        lead_percent: 0,
        inline_percent: 0,
        width: 1600,
        height: 1000,
    };

    pub fn is_on(&self) -> bool {
        self.lead_percent > 0 || self.inline_percent > 0
    }
}

/// The stream image choices and pixels are drawn from, apart from the text's.
pub const IMAGE_STREAM: u64 = 5;

/// Whether article `index` gets a lead image and an inline one.
pub fn choose(spec: &ImageSpec, seed: u64, index: usize) -> (bool, bool) {
    if !spec.is_on() {
        return (false, false);
    }
    let mut rng = Rng::for_item(seed, IMAGE_STREAM, index as u64);
    (
        rng.chance(spec.lead_percent),
        rng.chance(spec.inline_percent),
    )
}

/// A JPEG picture for article `index` (`which` tells the lead image, 0, from
/// the figure, 1): a two-colour gradient with a few discs, like a chart or a
/// photo's large shapes. The same arguments always give the same bytes.
pub fn jpeg(seed: u64, index: usize, which: u64, width: u32, height: u32) -> Vec<u8> {
    let mut rng = Rng::for_item(seed, IMAGE_STREAM + 1 + which, index as u64);
    let from = [
        rng.below(256) as f32,
        rng.below(256) as f32,
        rng.below(256) as f32,
    ];
    let to = [
        rng.below(256) as f32,
        rng.below(256) as f32,
        rng.below(256) as f32,
    ];
    let discs: Vec<(f32, f32, f32, [u8; 3])> = (0..rng.between(3, 7))
        .map(|_| {
            let x = rng.below(width as usize) as f32;
            let y = rng.below(height as usize) as f32;
            let r = rng.between(height as usize / 12, height as usize / 3) as f32;
            (
                x,
                y,
                r * r,
                [
                    rng.below(256) as u8,
                    rng.below(256) as u8,
                    rng.below(256) as u8,
                ],
            )
        })
        .collect();
    let mut pixels = Vec::with_capacity(width as usize * height as usize * 3);
    for y in 0..height {
        for x in 0..width {
            let t = (x + y) as f32 / (width + height) as f32;
            let mut rgb = [0, 1, 2].map(|c| (from[c] + (to[c] - from[c]) * t) as u8);
            for &(cx, cy, r2, colour) in &discs {
                let (dx, dy) = (x as f32 - cx, y as f32 - cy);
                if dx * dx + dy * dy < r2 {
                    rgb = colour;
                }
            }
            pixels.extend_from_slice(&rgb);
        }
    }
    let mut out = Vec::new();
    let encoder = jpeg_encoder::Encoder::new(&mut out, 82);
    encoder
        .encode(
            &pixels,
            width as u16,
            height as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .expect("a corpus image encodes");
    out
}
