//! Drawn cards, for articles without an image of their own and for the site:
//! the site's colours, logo and name, the headline set large, and the site's
//! address at the foot. Everything but the headline is drawn once per build
//! (the template); each card copies it and sets only its headline.

use super::canvas::{Canvas, mix};
use super::font::Typeface;
use super::layout;
use super::logo::Rgba;
use super::rows::{ROW, RowJpeg};
use super::{CARD_HEIGHT, CARD_WIDTH};
use crate::config::cards::CardColours;

const MARGIN: u32 = 80;
const ACCENT_BAR: u32 = 14;
const LOGO_TOP: u32 = 56;
pub const LOGO_SIDE: u32 = 64;
const NAME_SIZE: u16 = 36;
const HEADLINE_TOP: u32 = 176;
const HEADLINE_HEIGHT: u32 = 340;
const RULE_Y: u32 = 540;
const FOOT_SIZE: u16 = 28;
const FOOT_BASELINE: i32 = 592;

/// What every drawn card of a site shares: its pixels, and its encoding
/// cut into rows of blocks, which cards copy where their headline is not.
pub struct CardTemplate {
    template: Canvas,
    encoded: RowJpeg,
    colours: CardColours,
}

/// The site as drawn cards show it.
pub struct SiteMarks<'a> {
    pub name: &'a str,
    /// The address at the foot (`news.example.org`).
    pub host: &'a str,
    pub logo: Option<&'a Rgba>,
    pub colours: CardColours,
}

impl CardTemplate {
    /// Draws the parts every card shares: ground, accent bar, logo, name, foot.
    pub fn new(face: &Typeface, marks: &SiteMarks<'_>) -> Result<CardTemplate, String> {
        let colours = marks.colours;
        let mut canvas = Canvas::filled(CARD_WIDTH, CARD_HEIGHT, colours.background);
        canvas.fill_rect(0, 0, CARD_WIDTH, ACCENT_BAR, colours.accent);
        let mut name_x = MARGIN as f32;
        if let Some(logo) = marks.logo {
            let y = LOGO_TOP + (LOGO_SIDE - logo.height.min(LOGO_SIDE)) / 2;
            canvas.blend_rgba(MARGIN, y, &logo.pixels, logo.width);
            name_x += (logo.width + 20) as f32;
        }
        let name_baseline = (LOGO_TOP + LOGO_SIDE / 2) as f32 + face.ascent(NAME_SIZE) * 0.36;
        let name_room = (CARD_WIDTH - MARGIN) as f32 - name_x;
        let name = fit_one_line(face, marks.name, NAME_SIZE, name_room);
        let name_pen = Pen {
            x: name_x,
            baseline: name_baseline as i32,
            size: NAME_SIZE,
            rgb: colours.text,
        };
        draw_line(&mut canvas, face, &name, name_pen);
        canvas.fill_rect(MARGIN, RULE_Y, CARD_WIDTH - 2 * MARGIN, 3, colours.accent);
        let muted = [0, 1, 2].map(|i| mix(colours.background[i], colours.text[i], 170));
        let foot_pen = Pen {
            x: MARGIN as f32,
            baseline: FOOT_BASELINE,
            size: FOOT_SIZE,
            rgb: muted,
        };
        draw_line(&mut canvas, face, marks.host, foot_pen);
        let encoded = RowJpeg::encode(&canvas.pixels, canvas.width, canvas.height)?;
        Ok(CardTemplate {
            template: canvas,
            encoded,
            colours,
        })
    }

    /// A card as a JPEG: only the rows of blocks its headline inks are
    /// encoded; the rest is the template's encoding, copied.
    pub fn draw_jpeg(&self, face: &Typeface, headline: &str) -> Result<Vec<u8>, String> {
        let (canvas, inked) = self.draw(face, headline);
        let rows = self.encoded.rows.len();
        let Some((top, bottom)) = inked else {
            let all = self.encoded.rows.iter().map(Vec::as_slice);
            return Ok(RowJpeg::assemble(&self.encoded.header, all));
        };
        let first = (top / ROW) as usize;
        let last = (bottom.div_ceil(ROW) as usize).min(rows);
        // The last row is partial (630 = 39 × 16 + 6) and padded by the
        // encoder: a band is whole rows, so a card reaching it is encoded whole.
        if last >= rows {
            return super::encode::rgb_jpeg_rows(&canvas.pixels, canvas.width, canvas.height);
        }
        let stride = canvas.width as usize * 3;
        let row_bytes = ROW as usize * stride;
        let band = &canvas.pixels[first * row_bytes..last * row_bytes];
        let band = RowJpeg::encode(band, canvas.width, (last - first) as u32 * ROW)?;
        let spliced = self.encoded.rows[..first]
            .iter()
            .chain(&band.rows)
            .chain(&self.encoded.rows[last..])
            .map(Vec::as_slice);
        Ok(RowJpeg::assemble(&self.encoded.header, spliced))
    }

    /// A card: the template with `headline` set in its box, and the rows
    /// of pixels its ink reaches (top, bottom exclusive), if any.
    pub fn draw(&self, face: &Typeface, headline: &str) -> (Canvas, Option<(u32, u32)>) {
        let mut canvas = self.template.clone();
        let mut inked: Option<(u32, u32)> = None;
        let width = (CARD_WIDTH - 2 * MARGIN) as f32;
        let measure = |text: &str, size: u16| face.measure(text, size);
        let set = layout::fit(headline, width, HEADLINE_HEIGHT as f32, &measure);
        let mut baseline = HEADLINE_TOP as f32 + face.ascent(set.size);
        for line in &set.lines {
            let pen = Pen {
                x: MARGIN as f32,
                baseline: baseline.round() as i32,
                size: set.size,
                rgb: self.colours.text,
            };
            inked = union(inked, draw_line(&mut canvas, face, line, pen));
            baseline += layout::line_height(set.size);
        }
        (canvas, inked)
    }
}

/// Where and how a line of text is drawn.
#[derive(Clone, Copy)]
struct Pen {
    x: f32,
    baseline: i32,
    size: u16,
    rgb: [u8; 3],
}

/// `text` on one line; returns the rows of pixels its glyphs cover (top,
/// bottom exclusive), clipped to the canvas.
fn draw_line(canvas: &mut Canvas, face: &Typeface, text: &str, pen: Pen) -> Option<(u32, u32)> {
    let ids: Vec<_> = text.chars().map(|c| face.glyph_id(c)).collect();
    let mut x = pen.x;
    let mut reach = None;
    for (i, &id) in ids.iter().enumerate() {
        let glyph = face.bitmap(id, pen.size);
        let left = x.round() as i32 + glyph.left;
        let top = pen.baseline + glyph.top;
        canvas.blend_mask(left, top, &glyph.coverage, glyph.width, pen.rgb);
        if glyph.width > 0 {
            let height = (glyph.coverage.len() / glyph.width as usize) as i32;
            let clip = |y: i32| y.clamp(0, canvas.height as i32) as u32;
            reach = union(reach, Some((clip(top), clip(top + height))));
        }
        x += face.advance(id, ids.get(i + 1).copied(), pen.size);
    }
    reach
}

/// The rows covered by either span.
fn union(a: Option<(u32, u32)>, b: Option<(u32, u32)>) -> Option<(u32, u32)> {
    match (a, b) {
        (Some((t1, b1)), Some((t2, b2))) => Some((t1.min(t2), b1.max(b2))),
        (a, None) => a,
        (None, b) => b,
    }
}

/// `text` shortened with "…" until it fits `room` px at `size`.
fn fit_one_line(face: &Typeface, text: &str, size: u16, room: f32) -> String {
    if face.measure(text, size) <= room {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate = format!("{}…", chars.iter().collect::<String>().trim_end());
        if face.measure(&candidate, size) <= room {
            return candidate;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cards::encode;

    fn template(face: &Typeface) -> CardTemplate {
        let marks = SiteMarks {
            name: "Fixture Times",
            host: "fixture.example.org",
            logo: None,
            colours: CardColours::default(),
        };
        CardTemplate::new(face, &marks).unwrap()
    }

    #[test]
    fn a_card_spliced_from_the_template_is_the_card_encoded_whole() {
        let face = Typeface::embedded();
        let template = template(&face);
        for headline in [
            "Short",
            "A much longer headline that wraps onto a second line of the card and a third",
        ] {
            let (canvas, inked) = template.draw(&face, headline);
            let (top, bottom) = inked.expect("ink");
            assert!(
                top >= HEADLINE_TOP - 20 && bottom <= RULE_Y,
                "{top}..{bottom}"
            );
            let whole = encode::rgb_jpeg_rows(&canvas.pixels, canvas.width, canvas.height).unwrap();
            assert_eq!(
                template.draw_jpeg(&face, headline).unwrap(),
                whole,
                "{headline}"
            );
        }
    }
}
