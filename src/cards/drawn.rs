//! Drawn cards, for articles without an image of their own and for the site:
//! the site's colours, logo and name, the headline set large, and the site's
//! address at the foot. Everything but the headline is drawn once per build
//! (the template); each card copies it and sets only its headline.

use super::canvas::{Canvas, mix};
use super::font::Typeface;
use super::layout;
use super::logo::Rgba;
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

/// What every drawn card of a site shares.
pub struct CardTemplate {
    template: Canvas,
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
    pub fn new(face: &Typeface, marks: &SiteMarks<'_>) -> CardTemplate {
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
        draw_line(
            &mut canvas,
            face,
            &name,
            name_x,
            name_baseline as i32,
            NAME_SIZE,
            colours.text,
        );
        canvas.fill_rect(MARGIN, RULE_Y, CARD_WIDTH - 2 * MARGIN, 3, colours.accent);
        let muted = [0, 1, 2].map(|i| mix(colours.background[i], colours.text[i], 170));
        draw_line(
            &mut canvas,
            face,
            marks.host,
            MARGIN as f32,
            FOOT_BASELINE,
            FOOT_SIZE,
            muted,
        );
        CardTemplate {
            template: canvas,
            colours,
        }
    }

    /// A card: the template with `headline` set in its box.
    pub fn draw(&self, face: &Typeface, headline: &str) -> Canvas {
        let mut canvas = self.template.clone();
        let width = (CARD_WIDTH - 2 * MARGIN) as f32;
        let measure = |text: &str, size: u16| face.measure(text, size);
        let set = layout::fit(headline, width, HEADLINE_HEIGHT as f32, &measure);
        let mut baseline = HEADLINE_TOP as f32 + face.ascent(set.size);
        for line in &set.lines {
            let x = MARGIN as f32;
            draw_line(
                &mut canvas,
                face,
                line,
                x,
                baseline.round() as i32,
                set.size,
                self.colours.text,
            );
            baseline += layout::line_height(set.size);
        }
        canvas
    }
}

/// `text` on one line with its baseline at `baseline`, from `x`.
fn draw_line(
    canvas: &mut Canvas,
    face: &Typeface,
    text: &str,
    x: f32,
    baseline: i32,
    size: u16,
    rgb: [u8; 3],
) {
    let ids: Vec<_> = text.chars().map(|c| face.glyph_id(c)).collect();
    let mut pen = x;
    for (i, &id) in ids.iter().enumerate() {
        let glyph = face.bitmap(id, size);
        let left = pen.round() as i32 + glyph.left;
        canvas.blend_mask(
            left,
            baseline + glyph.top,
            &glyph.coverage,
            glyph.width,
            rgb,
        );
        pen += face.advance(id, ids.get(i + 1).copied(), size);
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
