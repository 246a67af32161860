//! The typeface of drawn cards, embedded in monazite (DejaVu Sans Condensed
//! Bold, Bitstream Vera licence: `fonts/LICENSE`), and its glyphs rasterized
//! once per size and kept: ten thousand headlines use a few hundred glyphs.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};

/// The font file, as shipped by its authors.
pub const FONT_BYTES: &[u8] = include_bytes!("fonts/DejaVuSansCondensed-Bold.ttf");

/// A glyph rasterized at one size: coverage bytes and where they sit
/// relative to the pen (x) and the baseline (y).
#[derive(Debug)]
pub struct GlyphBitmap {
    pub left: i32,
    pub top: i32,
    pub width: u32,
    pub coverage: Vec<u8>,
}

/// The embedded font with its cache of rasterized glyphs.
pub struct Typeface {
    font: FontRef<'static>,
    glyphs: RwLock<HashMap<(GlyphId, u16), Arc<GlyphBitmap>>>,
}

impl Typeface {
    pub fn embedded() -> Typeface {
        Typeface {
            font: FontRef::try_from_slice(FONT_BYTES).expect("the embedded font parses"),
            glyphs: RwLock::new(HashMap::new()),
        }
    }

    pub fn glyph_id(&self, c: char) -> GlyphId {
        self.font.glyph_id(c)
    }

    /// The pen's advance after `id` at `size` px, with the kerning before `next`.
    pub fn advance(&self, id: GlyphId, next: Option<GlyphId>, size: u16) -> f32 {
        let scaled = self.font.as_scaled(PxScale::from(f32::from(size)));
        scaled.h_advance(id) + next.map_or(0.0, |n| scaled.kern(id, n))
    }

    /// Width in px of `text` set on one line at `size`.
    pub fn measure(&self, text: &str, size: u16) -> f32 {
        let ids: Vec<GlyphId> = text.chars().map(|c| self.glyph_id(c)).collect();
        ids.iter()
            .enumerate()
            .map(|(i, &id)| self.advance(id, ids.get(i + 1).copied(), size))
            .sum()
    }

    /// Height of capitals above the baseline at `size`, for placing lines.
    pub fn ascent(&self, size: u16) -> f32 {
        self.font.as_scaled(PxScale::from(f32::from(size))).ascent()
    }

    /// The glyph rasterized at `size`, from the cache or made now.
    pub fn bitmap(&self, id: GlyphId, size: u16) -> Arc<GlyphBitmap> {
        if let Some(found) = self.glyphs.read().expect("glyph cache").get(&(id, size)) {
            return Arc::clone(found);
        }
        let made = Arc::new(self.rasterize(id, size));
        let mut glyphs = self.glyphs.write().expect("glyph cache");
        Arc::clone(glyphs.entry((id, size)).or_insert(made))
    }

    fn rasterize(&self, id: GlyphId, size: u16) -> GlyphBitmap {
        let glyph = id.with_scale_and_position(PxScale::from(f32::from(size)), point(0.0, 0.0));
        let Some(outlined) = self.font.outline_glyph(glyph) else {
            // A space, or a character the font has no outline for.
            return GlyphBitmap {
                left: 0,
                top: 0,
                width: 0,
                coverage: Vec::new(),
            };
        };
        let bounds = outlined.px_bounds();
        let width = bounds.width().ceil() as u32;
        let height = bounds.height().ceil() as u32;
        let mut coverage = vec![0u8; (width * height) as usize];
        outlined.draw(|x, y, c| {
            if x < width && y < height {
                coverage[(y * width + x) as usize] = (c.clamp(0.0, 1.0) * 255.0).round() as u8;
            }
        });
        GlyphBitmap {
            left: bounds.min.x.floor() as i32,
            top: bounds.min.y.floor() as i32,
            width,
            coverage,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyphs_are_rasterized_once_per_size() {
        let face = Typeface::embedded();
        let a = face.glyph_id('A');
        let first = face.bitmap(a, 40);
        let again = face.bitmap(a, 40);
        assert!(Arc::ptr_eq(&first, &again));
        assert!(first.coverage.contains(&255), "a solid stroke");
        assert!(face.measure("AAAA", 40) > face.measure("AA", 40));
    }
}
