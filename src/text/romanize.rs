//! Romanization for slugs: a headline in Hindi, Russian or Greek should still
//! give a URL a reader can read aloud ("भारत" → `bharat`), not an empty slug.
//!
//! Latin letters lose their accents; Devanagari, Cyrillic and Greek are
//! transliterated letter by letter with common newsroom spellings (Hindi drops
//! a word's final inherent vowel, as it is spoken). Everything else passes
//! through unchanged for [`super::slug::slugify`] to keep or drop.

use std::iter::Peekable;
use std::str::Chars;

/// `text` with accents folded and Devanagari, Cyrillic and Greek written in Latin letters.
pub fn romanize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut devanagari = Devanagari::default();
    while let Some(c) = chars.next() {
        if devanagari.push(c, &mut chars, &mut out) {
            continue;
        }
        devanagari.end_word(&mut out);
        for lower in c.to_lowercase() {
            if is_combining_mark(lower) {
                continue;
            }
            match latin(lower)
                .or_else(|| cyrillic(lower))
                .or_else(|| greek(lower))
            {
                Some(s) => out.push_str(s),
                None => out.push(lower),
            }
        }
    }
    devanagari.end_word(&mut out);
    out
}

/// Combining accents (as in a decomposed `é`) add nothing to a slug.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}')
}

/// The accent-free form of accented Latin letters (lowercase).
fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ậ' => {
            "a"
        }
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'ẹ' | 'ế' | 'ề' | 'ệ' => {
            "e"
        }
        'ğ' | 'ĝ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'į' | 'ĩ' | 'ị' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ł' | 'ľ' | 'ĺ' | 'ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'ọ' | 'ố' | 'ồ' | 'ộ' | 'ơ' | 'ớ' | 'ờ' => {
            "o"
        }
        'œ' => "oe",
        'ř' | 'ŕ' => "r",
        'ś' | 'š' | 'ş' | 'ș' | 'ŝ' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'ũ' | 'ụ' | 'ư' | 'ứ' | 'ừ' => {
            "u"
        }
        'ý' | 'ÿ' | 'ŷ' | 'ỳ' => "y",
        'ž' | 'ź' | 'ż' => "z",
        'þ' => "th",
        _ => return None,
    })
}

/// Russian, Ukrainian, Belarusian, Bulgarian and Serbian letters (lowercase).
fn cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'ґ' => "g",
        'д' => "d",
        'ђ' => "dj",
        'е' | 'ё' | 'э' => "e",
        'є' => "ye",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' => "i",
        'ї' => "yi",
        'й' => "y",
        'ј' => "j",
        'к' => "k",
        'л' => "l",
        'љ' => "lj",
        'м' => "m",
        'н' => "n",
        'њ' => "nj",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'ћ' => "c",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'џ' => "dz",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// Modern Greek letters, with or without accents (lowercase).
fn greek(c: char) -> Option<&'static str> {
    Some(match c {
        'α' | 'ά' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' | 'έ' => "e",
        'ζ' => "z",
        'η' | 'ή' => "i",
        'θ' => "th",
        'ι' | 'ί' | 'ϊ' | 'ΐ' => "i",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' | 'ό' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' | 'ύ' | 'ϋ' | 'ΰ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        'ω' | 'ώ' => "o",
        _ => return None,
    })
}

/// Devanagari is an abugida: a consonant carries an inherent `a` unless a vowel
/// sign or a virama follows it. This tracks that pending vowel across letters.
#[derive(Default)]
struct Devanagari {
    /// The last consonant still carries its inherent vowel.
    inherent: bool,
    /// Where the last consonant starts in the output (for a nukta to change it).
    consonant_at: usize,
    /// The last consonant followed a virama (a conjunct, which keeps a final `a`: मित्र → mitra).
    conjunct: bool,
    after_virama: bool,
}

enum Letter {
    Consonant(&'static str),
    VowelSign(&'static str),
    Vowel(&'static str),
    Virama,
    Nukta,
    /// Anusvara or candrabindu: `m` before p, ph, b, bh, m; else `n`.
    Nasal,
    Other(&'static str),
}

impl Devanagari {
    /// Romanizes `c` into `out` if it is Devanagari; returns whether it was.
    fn push(&mut self, c: char, rest: &mut Peekable<Chars<'_>>, out: &mut String) -> bool {
        let Some(letter) = devanagari_letter(c) else {
            return false;
        };
        match letter {
            Letter::Consonant(s) => {
                if self.inherent {
                    out.push('a');
                }
                self.conjunct = self.after_virama;
                self.consonant_at = out.len();
                out.push_str(s);
                self.inherent = true;
                self.after_virama = false;
            }
            Letter::VowelSign(s) => {
                out.push_str(s);
                self.inherent = false;
                self.after_virama = false;
            }
            Letter::Vowel(s) => {
                self.flush(out);
                out.push_str(s);
                self.after_virama = false;
            }
            Letter::Virama => {
                self.inherent = false;
                self.after_virama = true;
            }
            Letter::Nukta => {
                let nukta_form = match &out[self.consonant_at..] {
                    "k" => Some("q"),
                    "j" => Some("z"),
                    "d" => Some("r"),
                    "dh" => Some("rh"),
                    "ph" => Some("f"),
                    "g" => Some("gh"),
                    _ => None,
                };
                if let Some(form) = nukta_form {
                    out.truncate(self.consonant_at);
                    out.push_str(form);
                }
            }
            Letter::Nasal => {
                self.flush(out);
                let labial = rest
                    .peek()
                    .is_some_and(|n| matches!(n, 'प' | 'फ' | 'ब' | 'भ' | 'म'));
                out.push(if labial { 'm' } else { 'n' });
                self.after_virama = false;
            }
            Letter::Other(s) => {
                self.end_word(out);
                out.push_str(s);
            }
        }
        true
    }

    /// Writes a pending inherent vowel (inside a word).
    fn flush(&mut self, out: &mut String) {
        if self.inherent {
            out.push('a');
        }
        self.inherent = false;
    }

    /// A word ends: its final inherent vowel is silent, except after a conjunct or `iy`.
    fn end_word(&mut self, out: &mut String) {
        if self.inherent && (self.conjunct || out.ends_with("iy")) {
            out.push('a');
        }
        *self = Devanagari::default();
    }
}

fn devanagari_letter(c: char) -> Option<Letter> {
    use Letter::*;
    Some(match c {
        'क' => Consonant("k"),
        'ख' => Consonant("kh"),
        'ग' => Consonant("g"),
        'घ' => Consonant("gh"),
        'ङ' => Consonant("n"),
        'च' => Consonant("ch"),
        'छ' => Consonant("chh"),
        'ज' => Consonant("j"),
        'झ' => Consonant("jh"),
        'ञ' => Consonant("n"),
        'ट' => Consonant("t"),
        'ठ' => Consonant("th"),
        'ड' => Consonant("d"),
        'ढ' => Consonant("dh"),
        'ण' => Consonant("n"),
        'त' => Consonant("t"),
        'थ' => Consonant("th"),
        'द' => Consonant("d"),
        'ध' => Consonant("dh"),
        'न' | '\u{0929}' => Consonant("n"),
        'प' => Consonant("p"),
        'फ' => Consonant("ph"),
        'ब' => Consonant("b"),
        'भ' => Consonant("bh"),
        'म' => Consonant("m"),
        'य' => Consonant("y"),
        'र' | '\u{0931}' => Consonant("r"),
        'ल' | 'ळ' | '\u{0934}' => Consonant("l"),
        'व' => Consonant("v"),
        'श' | 'ष' => Consonant("sh"),
        'स' => Consonant("s"),
        'ह' => Consonant("h"),
        '\u{0958}' => Consonant("q"),
        '\u{0959}' => Consonant("kh"),
        '\u{095a}' => Consonant("gh"),
        '\u{095b}' => Consonant("z"),
        '\u{095c}' => Consonant("r"),
        '\u{095d}' => Consonant("rh"),
        '\u{095e}' => Consonant("f"),
        '\u{095f}' => Consonant("y"),
        'ा' => VowelSign("a"),
        'ि' | 'ी' => VowelSign("i"),
        'ु' | 'ू' => VowelSign("u"),
        'ृ' | 'ॄ' => VowelSign("ri"),
        'े' | 'ॆ' => VowelSign("e"),
        'ै' => VowelSign("ai"),
        'ो' | 'ॊ' | 'ॉ' => VowelSign("o"),
        'ौ' => VowelSign("au"),
        'ॅ' => VowelSign("e"),
        'अ' | 'आ' => Vowel("a"),
        'इ' | 'ई' => Vowel("i"),
        'उ' | 'ऊ' => Vowel("u"),
        'ऋ' | 'ॠ' => Vowel("ri"),
        'ए' | 'ऎ' | 'ऍ' => Vowel("e"),
        'ऐ' => Vowel("ai"),
        'ओ' | 'ऒ' | 'ऑ' => Vowel("o"),
        'औ' => Vowel("au"),
        'ॐ' => Vowel("om"),
        '्' => Virama,
        '़' => Nukta,
        'ं' | 'ँ' => Nasal,
        'ः' => Vowel("h"),
        'ऽ' => Vowel(""),
        '०' => Other("0"),
        '१' => Other("1"),
        '२' => Other("2"),
        '३' => Other("3"),
        '४' => Other("4"),
        '५' => Other("5"),
        '६' => Other("6"),
        '७' => Other("7"),
        '८' => Other("8"),
        '९' => Other("9"),
        '।' | '॥' => Other(" "),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::romanize;

    #[test]
    fn hindi_reads_as_spoken() {
        assert_eq!(romanize("भारत"), "bharat");
        assert_eq!(romanize("हिंदी"), "hindi");
        assert_eq!(romanize("हिन्दी"), "hindi");
        assert_eq!(romanize("मुंबई"), "mumbai");
        assert_eq!(romanize("नमस्ते"), "namaste");
        assert_eq!(romanize("संस्कृत"), "sanskrit");
        assert_eq!(romanize("मित्र"), "mitra");
        assert_eq!(romanize("भारतीय"), "bharatiya");
        assert_eq!(romanize("दुर्लभ खनिज"), "durlabh khanij");
        assert_eq!(romanize("ज़मीन"), "zamin");
        assert_eq!(romanize("२०२५"), "2025");
    }

    #[test]
    fn cyrillic_and_greek() {
        assert_eq!(romanize("Россия"), "rossiya");
        assert_eq!(romanize("Редкоземельные металлы"), "redkozemelnye metally");
        assert_eq!(romanize("Україна"), "ukrayina");
        assert_eq!(romanize("Ελλάδα"), "ellada");
        assert_eq!(romanize("Σπάνιες γαίες"), "spanies gaies");
    }

    #[test]
    fn latin_accents_precomposed_or_not() {
        assert_eq!(romanize("Société Générale"), "societe generale");
        assert_eq!(romanize("Se\u{301}ance"), "seance");
        assert_eq!(romanize("İstanbul"), "istanbul");
        assert_eq!(romanize("Straße"), "strasse");
    }

    #[test]
    fn other_text_passes_through() {
        assert_eq!(romanize("NdFeB 🧲 稀土"), "ndfeb 🧲 稀土");
    }
}
