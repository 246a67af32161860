//! `images:` in `site.yaml`: the widths, quality and limits of the image
//! pipeline (`src/images/`), validated with their defaults filled in.

use serde::{Deserialize, Serialize};

use super::{CONFIG_FILE, key_position};
use crate::diag::{Diagnostic, Diagnostics};

/// `images:` as written; every field may be left out.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawImages {
    pub widths: Option<Vec<u32>>,
    pub quality: Option<u8>,
    pub sizes: Option<String>,
    pub warn_over_mb: Option<f64>,
    pub min_lead_width: Option<u32>,
}

/// The image settings every later stage reads.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImageSettings {
    /// The widths images are resized to, narrowest first (never wider than
    /// the source: a narrower source gets its own width instead).
    pub widths: Vec<u32>,
    /// The quality of both the WebP and the JPEG fallback, 1 to 100.
    pub quality: u8,
    /// The `sizes` attribute: how wide the image shows at each screen width.
    pub sizes: String,
    /// `check` warns about source images larger than this, in bytes.
    pub warn_over_bytes: u64,
    /// `check` warns about lead images narrower than this, in pixels.
    pub min_lead_width: u32,
}

pub const DEFAULT_WIDTHS: [u32; 4] = [480, 800, 1200, 1600];
pub const DEFAULT_QUALITY: u8 = 80;
/// The default theme's article column is 40rem wide, less on a phone.
pub const DEFAULT_SIZES: &str = "(min-width: 42rem) 40rem, 100vw";
const WIDTH_RANGE: std::ops::RangeInclusive<u32> = 16..=8192;

impl Default for ImageSettings {
    fn default() -> ImageSettings {
        ImageSettings {
            widths: DEFAULT_WIDTHS.to_vec(),
            quality: DEFAULT_QUALITY,
            sizes: DEFAULT_SIZES.to_string(),
            warn_over_bytes: 5 * 1024 * 1024,
            min_lead_width: 1200,
        }
    }
}

impl RawImages {
    /// The settings, or an error at `images:` for each value out of range.
    pub fn validate(self, text: &str, errors: &mut Diagnostics) -> ImageSettings {
        let defaults = ImageSettings::default();
        let mut problem = |message: String, help: &str| {
            let d = Diagnostic::error(message)
                .in_file(CONFIG_FILE)
                .with_help(help.to_string());
            errors.push(match key_position(text, "images") {
                Some((line, column)) => d.at(line, column, Some(text)),
                None => d,
            });
        };
        let mut widths = self.widths.unwrap_or(defaults.widths);
        widths.sort_unstable();
        widths.dedup();
        if widths.is_empty() || widths.iter().any(|w| !WIDTH_RANGE.contains(w)) {
            problem(
                format!("images.widths {widths:?} is not a list of widths"),
                "expected one or more widths in pixels from 16 to 8192, such as [480, 800, 1200, 1600]",
            );
        }
        let quality = self.quality.unwrap_or(defaults.quality);
        if !(1..=100).contains(&quality) {
            problem(
                format!("images.quality {quality} is out of range"),
                "expected a quality from 1 to 100 (80 keeps photographs sharp at a third of the size of 95)",
            );
        }
        let warn_over_mb = self.warn_over_mb.unwrap_or(5.0);
        if !(warn_over_mb.is_finite() && warn_over_mb > 0.0) {
            problem(
                format!("images.warn_over_mb {warn_over_mb} is not a size"),
                "expected a size in megabytes greater than zero, such as 5",
            );
        }
        ImageSettings {
            widths,
            quality,
            sizes: self.sizes.unwrap_or(defaults.sizes),
            warn_over_bytes: (warn_over_mb.max(0.0) * 1024.0 * 1024.0) as u64,
            min_lead_width: self.min_lead_width.unwrap_or(defaults.min_lead_width),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn defaults_apply_when_images_is_left_out() {
        let c = Config::parse("title: T\nbase_url: https://x.org/\n").unwrap();
        assert_eq!(c.images.widths, [480, 800, 1200, 1600]);
        assert_eq!(c.images.quality, 80);
        assert_eq!(c.images.warn_over_bytes, 5 * 1024 * 1024);
    }

    #[test]
    fn widths_are_sorted_and_bad_values_are_errors_at_the_key() {
        let c = Config::parse(
            "title: T\nbase_url: https://x.org/\nimages:\n  widths: [900, 300]\n  quality: 70\n",
        )
        .unwrap();
        assert_eq!(c.images.widths, [300, 900]);
        assert_eq!(c.images.quality, 70);
        let e = Config::parse(
            "title: T\nbase_url: https://x.org/\nimages:\n  widths: [0]\n  quality: 101\n",
        )
        .unwrap_err();
        let messages: Vec<String> = e.iter().map(|d| d.message.clone()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            e.iter()
                .all(|d| d.position.as_ref().is_some_and(|p| p.line == 3))
        );
    }
}
