//! An article's own language (`lang:`): a BCP 47 tag read by ICU4X's locale
//! parser, written back in its canonical form (`zh-hant-tw` → `zh-Hant-TW`),
//! and the direction its script is written in, for `dir="rtl"`.
//!
//! Pure: a text in, a tag or the reason it is not one out.

use icu_locale_core::Locale;

/// Languages written right to left by default (ISO 639 codes), unless a tag
/// names another script: Arabic, Hebrew, Persian, Urdu, Pashto, Sindhi,
/// Uyghur, Yiddish, Dhivehi, Central Kurdish, Syriac, N'Ko, Balochi, Kashmiri,
/// Dari, Saraiki, Mazanderani, Gilaki, Northern Luri.
const RIGHT_TO_LEFT_LANGUAGES: &[&str] = &[
    "ar", "he", "iw", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "syr", "nqo", "bal", "ks",
    "prs", "skr", "mzn", "glk", "lrc",
];

/// Scripts written right to left (ISO 15924): Arabic, Hebrew, Thaana,
/// Syriac, N'Ko, Adlam, Hanifi Rohingya, Mandaic, Samaritan.
const RIGHT_TO_LEFT_SCRIPTS: &[&str] = &[
    "Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr",
];

/// Which way a language's text runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    LeftToRight,
    RightToLeft,
}

impl Direction {
    /// The value of HTML's `dir` attribute: `ltr` or `rtl`.
    pub fn attribute(self) -> &'static str {
        match self {
            Direction::LeftToRight => "ltr",
            Direction::RightToLeft => "rtl",
        }
    }
}

/// Why a `lang:` value is not a language tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotALanguageTag(pub String);

/// Help for a `lang:` that is not a tag.
pub const LANG_HELP: &str = "expected a BCP 47 language tag: a language code, then optionally a script and a region, e.g. lang: hi, lang: en-GB, lang: zh-Hant-TW, lang: ar";

/// Reads a BCP 47 tag (`hi`, `en-GB`, `zh-Hant-TW`) and gives it back in
/// canonical form. `und` (undetermined) is refused: an article's language is known.
pub fn parse(written: &str) -> Result<String, NotALanguageTag> {
    let trimmed = written.trim();
    let refuse = || NotALanguageTag(trimmed.to_string());
    // ICU accepts `_` as a separator; BCP 47 (and HTML's `lang`) does not.
    if trimmed.is_empty() || trimmed.contains('_') {
        return Err(refuse());
    }
    let locale = trimmed.parse::<Locale>().map_err(|_| refuse())?;
    // `und` is undetermined; 4 letters are reserved and 5 to 8 are for
    // languages registered so, of which there are none (`Hindi` is not `hi`).
    if locale.id.language.is_unknown() || locale.id.language.as_str().len() > 3 {
        return Err(refuse());
    }
    Ok(locale.to_string())
}

/// The direction text in the language `tag` (canonical, from [`parse`]) runs.
pub fn direction(tag: &str) -> Direction {
    let Ok(locale) = tag.parse::<Locale>() else {
        return Direction::LeftToRight;
    };
    let rtl = match locale.id.script {
        Some(script) => RIGHT_TO_LEFT_SCRIPTS.contains(&script.as_str()),
        None => RIGHT_TO_LEFT_LANGUAGES.contains(&locale.id.language.as_str()),
    };
    if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_and_given_back_in_canonical_form() {
        assert_eq!(parse("hi").unwrap(), "hi");
        assert_eq!(parse(" en-gb ").unwrap(), "en-GB");
        assert_eq!(parse("ZH-hant-tw").unwrap(), "zh-Hant-TW");
        assert_eq!(parse("es-419").unwrap(), "es-419");
        assert_eq!(parse("sr-Latn").unwrap(), "sr-Latn");
    }

    #[test]
    fn what_is_not_a_tag_is_refused() {
        for bad in [
            "", "  ", "Hindi", "en_GB", "e", "en-", "-en", "und", "en-GB-", "hi in", "english",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn right_to_left_comes_from_the_script_or_else_the_language() {
        assert_eq!(direction("ar"), Direction::RightToLeft);
        assert_eq!(direction("he"), Direction::RightToLeft);
        assert_eq!(direction("ur-PK"), Direction::RightToLeft);
        assert_eq!(direction("hi"), Direction::LeftToRight);
        assert_eq!(direction("en-GB"), Direction::LeftToRight);
        // Azerbaijani in Arabic script runs right to left; Kurdish in Latin does not.
        assert_eq!(direction("az-Arab"), Direction::RightToLeft);
        assert_eq!(direction("ku-Latn"), Direction::LeftToRight);
        assert_eq!(direction("sd-Deva"), Direction::LeftToRight);
        assert_eq!(Direction::RightToLeft.attribute(), "rtl");
    }
}
