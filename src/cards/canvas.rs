//! An RGB picture in memory, and the few ways cards draw on it: fill a
//! rectangle, lay a coverage mask (a glyph) in a colour, lay an RGBA picture
//! (the logo) over it.

/// Packed 8-bit RGB, row by row.
#[derive(Debug, Clone)]
pub struct Canvas {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl Canvas {
    pub fn filled(width: u32, height: u32, rgb: [u8; 3]) -> Canvas {
        let pixels = rgb
            .iter()
            .copied()
            .cycle()
            .take(width as usize * height as usize * 3)
            .collect();
        Canvas {
            width,
            height,
            pixels,
        }
    }

    pub fn fill_rect(&mut self, x: u32, y: u32, width: u32, height: u32, rgb: [u8; 3]) {
        let x_end = (x + width).min(self.width);
        for row in y..(y + height).min(self.height) {
            for col in x..x_end {
                let at = self.index(col, row);
                self.pixels[at..at + 3].copy_from_slice(&rgb);
            }
        }
    }

    /// Lays `mask` (one coverage byte per pixel, `mask_width` wide) with its
    /// top left at (`x`, `y`), in `rgb`; what falls outside is clipped.
    pub fn blend_mask(&mut self, x: i32, y: i32, mask: &[u8], mask_width: u32, rgb: [u8; 3]) {
        if mask_width == 0 {
            return;
        }
        for (row, line) in mask.chunks_exact(mask_width as usize).enumerate() {
            let py = y + row as i32;
            if py < 0 || py >= self.height as i32 {
                continue;
            }
            for (col, &coverage) in line.iter().enumerate() {
                let px = x + col as i32;
                if coverage == 0 || px < 0 || px >= self.width as i32 {
                    continue;
                }
                let at = self.index(px as u32, py as u32);
                for (channel, &ink) in self.pixels[at..at + 3].iter_mut().zip(&rgb) {
                    *channel = mix(*channel, ink, coverage);
                }
            }
        }
    }

    /// Lays an RGBA picture (straight alpha) with its top left at (`x`, `y`).
    pub fn blend_rgba(&mut self, x: u32, y: u32, rgba: &[u8], width: u32) {
        for (row, line) in rgba.chunks_exact(width as usize * 4).enumerate() {
            let py = y + row as u32;
            if py >= self.height {
                break;
            }
            for (col, pixel) in line.chunks_exact(4).enumerate() {
                let px = x + col as u32;
                if px >= self.width || pixel[3] == 0 {
                    continue;
                }
                let at = self.index(px, py);
                for (channel, &ink) in self.pixels[at..at + 3].iter_mut().zip(&pixel[..3]) {
                    *channel = mix(*channel, ink, pixel[3]);
                }
            }
        }
    }

    fn index(&self, x: u32, y: u32) -> usize {
        (y as usize * self.width as usize + x as usize) * 3
    }
}

/// `under` covered by `ink` to the extent `coverage` (0–255).
pub fn mix(under: u8, ink: u8, coverage: u8) -> u8 {
    let (u, i, c) = (u32::from(under), u32::from(ink), u32::from(coverage));
    ((u * (255 - c) + i * c + 127) / 255) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mask_blends_its_colour_and_clips_at_the_edges() {
        let mut canvas = Canvas::filled(2, 2, [0, 0, 0]);
        canvas.blend_mask(1, -1, &[255, 255, 128, 0], 2, [200, 100, 50]);
        // Only the mask's bottom-left pixel (128) lands, at (1, 0).
        assert_eq!(&canvas.pixels[3..6], &[100, 50, 25]);
        assert_eq!(&canvas.pixels[0..3], &[0, 0, 0]);
    }

    #[test]
    fn mixing_ends_at_either_colour() {
        assert_eq!(mix(10, 250, 0), 10);
        assert_eq!(mix(10, 250, 255), 250);
    }
}
