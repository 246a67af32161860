//! Slugs: the URL-safe names of articles, tags and heading anchors.

use super::romanize::romanize;

/// Lowercase ASCII letters and digits joined by single hyphens. Accented Latin
/// letters lose their accents, Devanagari, Cyrillic and Greek are transliterated
/// ([`romanize`]); apostrophes vanish (`China's` → `chinas`) and every other
/// character (punctuation, emoji, other scripts) separates words.
pub fn slugify(text: &str) -> String {
    // Most headings and tags are ASCII, which romanizing leaves as it is.
    let romanized = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(romanize(text))
    };
    let mut slug = String::with_capacity(romanized.len());
    let mut pending_hyphen = false;
    for c in romanized.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c != '\'' && c != '’' {
            pending_hyphen = true;
        }
    }
    slug
}

/// A tag's slug: as [`slugify`] makes it, except that letters and digits no
/// romanization turns into Latin ones (Chinese, Japanese, Arabic, Thai…) are
/// kept, lowercased, so that `稀土` has the readable slug `稀土` rather than
/// none. Its page is written under that name, and every link to it carries it
/// percent-encoded (by the site's URL maker, `Config::url`). Marks that follow a kept
/// letter (Thai tone marks, Arabic vowel signs) stay with it.
pub fn tag_slug(name: &str) -> String {
    if name.is_ascii() {
        return slugify(name);
    }
    let romanized = romanize(name);
    let mut slug = String::with_capacity(romanized.len());
    let mut pending_hyphen = false;
    let mut after_letter = false;
    for c in romanized.chars() {
        let kept = c.is_ascii_alphanumeric()
            || (!c.is_ascii() && c.is_alphanumeric())
            || (after_letter && is_mark_like(c));
        if kept {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            pending_hyphen = true;
        }
        after_letter = kept;
    }
    slug
}

/// Combining marks of the scripts between Latin and General Punctuation
/// (U+0300 to U+1FFF) and of kana, which `char` cannot tell from other
/// characters that are neither letters nor digits: an approximation that
/// keeps them, and the few signs of those blocks, inside a word.
fn is_mark_like(c: char) -> bool {
    !c.is_whitespace()
        && matches!(c, '\u{0300}'..='\u{1fff}' | '\u{3099}'..='\u{309a}' | '\u{fe20}'..='\u{fe2f}')
}

/// `slug` cut to at most `max` bytes, at a hyphen where there is one, so that a
/// long headline gives a readable URL (`india-turns-to` rather than `india-tu`).
pub fn cap_length(slug: &str, max: usize) -> &str {
    if slug.len() <= max {
        return slug;
    }
    // A slug is ASCII, so every byte index is a char boundary.
    let head = &slug[..max];
    if slug.as_bytes()[max] == b'-' {
        return head;
    }
    match head.rfind('-') {
        Some(i) if i > 0 => &head[..i],
        _ => head,
    }
}

/// Whether `slug` is safe as one output path segment (no `/`, `..`, spaces).
pub fn is_safe_segment(slug: &str) -> bool {
    !slug.is_empty()
        && slug != "."
        && slug != ".."
        && slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        && !slug.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("India turns to Russian know-how"),
            "india-turns-to-russian-know-how"
        );
        assert_eq!(slugify("  Why prices fell?! "), "why-prices-fell");
        assert_eq!(slugify("Société Générale: Ça va"), "societe-generale-ca-va");
        assert_eq!(slugify("China's export rules"), "chinas-export-rules");
        assert_eq!(slugify("NdFeB — 2025"), "ndfeb-2025");
    }

    #[test]
    fn other_scripts_are_transliterated_and_emoji_dropped() {
        assert_eq!(slugify("भारत"), "bharat");
        assert_eq!(slugify("भारत में दुर्लभ खनिज"), "bharat-men-durlabh-khanij");
        assert_eq!(slugify("Россия и редкие земли"), "rossiya-i-redkie-zemli");
        assert_eq!(slugify("🧲 Magnets 🚀 soar!"), "magnets-soar");
        assert_eq!(slugify("“Quoted” headline's end"), "quoted-headlines-end");
        assert_eq!(slugify("稀土"), "");
    }

    #[test]
    fn tags_keep_letters_no_romanization_covers() {
        assert_eq!(tag_slug("Rare earths & magnets"), "rare-earths-magnets");
        assert_eq!(tag_slug("Société"), slugify("Société"));
        assert_eq!(tag_slug("भारत"), "bharat");
        assert_eq!(tag_slug("Редкие земли"), "redkie-zemli");
        assert_eq!(tag_slug("稀土"), "稀土");
        assert_eq!(tag_slug("レアアース"), "レアアース");
        assert_eq!(tag_slug("稀土 Magnets, 2025"), "稀土-magnets-2025");
        assert_eq!(tag_slug("「稀土」・磁石"), "稀土-磁石");
        assert_eq!(tag_slug("แร่หายาก"), "แร่หายาก");
        assert_eq!(tag_slug("المعادن النادرة"), "المعادن-النادرة");
        assert_eq!(tag_slug("희토류"), "희토류");
        assert_eq!(tag_slug("🧲 🚀"), "");
        assert_eq!(tag_slug("  "), "");
    }

    #[test]
    fn capped_at_a_hyphen() {
        assert_eq!(cap_length("india-turns-to-russia", 14), "india-turns-to");
        assert_eq!(cap_length("india-turns-to-russia", 13), "india-turns");
        assert_eq!(cap_length("india-turns", 80), "india-turns");
        assert_eq!(cap_length("abcdefghij", 4), "abcd");
    }

    #[test]
    fn safe_segments() {
        assert!(is_safe_segment("odisha-sands_2"));
        assert!(!is_safe_segment("../etc"));
        assert!(!is_safe_segment("a/b"));
        assert!(!is_safe_segment(".."));
        assert!(!is_safe_segment(""));
    }
}
