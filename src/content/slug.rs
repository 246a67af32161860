//! Slugs: the URL-safe names of articles, tags and heading anchors.

/// Lowercase ASCII letters and digits joined by single hyphens. Accented Latin
/// letters lose their accents; other characters separate words.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        let mapped = fold_accent(c);
        for m in mapped.chars() {
            if m.is_ascii_alphanumeric() {
                if pending_hyphen && !slug.is_empty() {
                    slug.push('-');
                }
                pending_hyphen = false;
                slug.push(m.to_ascii_lowercase());
            } else if m != '\'' && m != '’' {
                pending_hyphen = true;
            }
        }
    }
    slug
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

/// The accent-free form of common accented Latin letters.
fn fold_accent(c: char) -> std::borrow::Cow<'static, str> {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'Í' | 'Î' => "i",
        'ł' | 'Ł' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ó' | 'Ö' | 'Ø' => "o",
        'œ' | 'Œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' | 'Š' | 'Ś' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ú' | 'Ü' => "u",
        'ý' | 'ÿ' => "y",
        'ž' | 'ź' | 'ż' | 'Ž' => "z",
        'þ' => "th",
        _ => return std::borrow::Cow::Owned(c.to_string()),
    };
    std::borrow::Cow::Borrowed(s)
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
    fn safe_segments() {
        assert!(is_safe_segment("odisha-sands_2"));
        assert!(!is_safe_segment("../etc"));
        assert!(!is_safe_segment("a/b"));
        assert!(!is_safe_segment(".."));
        assert!(!is_safe_segment(""));
    }
}
