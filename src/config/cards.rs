//! `cards:` in `site.yaml`: the colours of the social cards monazite draws
//! for pages without an image of their own (src/cards). Colours are written
//! as CSS hex colours (`#1d1b18` or `#fff`), so they can match the theme.

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Diagnostics};

/// `cards:` exactly as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCards {
    /// The card's ground.
    pub background: Option<String>,
    /// The bar along the top and the rule above the site's address.
    pub accent: Option<String>,
    /// The headline and the site's name.
    pub text: Option<String>,
}

/// The colours of generated social cards, as RGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct CardColours {
    pub background: [u8; 3],
    pub accent: [u8; 3],
    pub text: [u8; 3],
}

impl Default for CardColours {
    /// The default theme's ink, amber accent and white.
    fn default() -> CardColours {
        CardColours {
            background: [0x1d, 0x1b, 0x18],
            accent: [0xc2, 0x63, 0x0a],
            text: [0xff, 0xff, 0xff],
        }
    }
}

/// Resolves `cards:`; a colour that is not a hex colour is an error at its key.
pub fn resolve(raw: Option<RawCards>, text: &str, errors: &mut Diagnostics) -> CardColours {
    let mut colours = CardColours::default();
    let Some(raw) = raw else {
        return colours;
    };
    for (key, written, slot) in [
        ("background", raw.background, &mut colours.background),
        ("accent", raw.accent, &mut colours.accent),
        ("text", raw.text, &mut colours.text),
    ] {
        let Some(written) = written else { continue };
        match parse_hex_colour(&written) {
            Some(rgb) => *slot = rgb,
            None => {
                let d = Diagnostic::error(format!("cards.{key}: `{written}` is not a colour"))
                    .in_file(super::CONFIG_FILE)
                    .with_help("expected a hex colour such as \"#1d1b18\" or \"#fff\" (quote it: YAML reads # as a comment)");
                errors.push(match super::nested_key_position(text, "cards", key) {
                    Some((line, column)) => d.at(line, column, Some(text)),
                    None => d,
                });
            }
        }
    }
    colours
}

/// `#rrggbb` or `#rgb` → RGB.
pub fn parse_hex_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.trim().strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize, len: usize| u8::from_str_radix(&hex[i * len..(i + 1) * len], 16).ok();
    match hex.len() {
        6 => Some([digit(0, 2)?, digit(1, 2)?, digit(2, 2)?]),
        3 => Some([digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_long_and_short() {
        assert_eq!(parse_hex_colour("#c2630a"), Some([0xc2, 0x63, 0x0a]));
        assert_eq!(parse_hex_colour("#FFF"), Some([255, 255, 255]));
        assert_eq!(parse_hex_colour("c2630a"), None);
        assert_eq!(parse_hex_colour("#c2630"), None);
        assert_eq!(parse_hex_colour("#gg0000"), None);
    }

    #[test]
    fn a_bad_colour_is_an_error_at_its_line() {
        let text = "title: T\ncards:\n  accent: \"#zz0000\"\n";
        let mut errors = Diagnostics::new();
        let raw = RawCards {
            accent: Some("#zz0000".into()),
            ..RawCards::default()
        };
        resolve(Some(raw), text, &mut errors);
        let d = errors.iter().next().expect("an error");
        assert!(d.message.contains("cards.accent"), "{}", d.message);
        assert_eq!(d.position.map(|p| p.line), Some(3));
    }
}
