//! Word counts for reading times: the words of a body's text events,
//! counted as `split_whitespace` counts them, without decoding most of the text.

/// The number of words in `text`, as `text.split_whitespace().count()` gives
/// it, eight bytes at a time: a word starts wherever a non-space follows a
/// space. Letters outside ASCII (Kraków, bastnäsite) are never spaces, so
/// they stay on the fast path; only a byte that may begin Unicode whitespace
/// (U+0085, U+00A0, U+1680, U+2000 to U+205F, U+3000) sends the rest of the
/// text to decoding character by character. Text events are short (a line,
/// a run between links), so this beats a loop the compiler vectorizes over
/// long blocks.
pub(super) fn count_words(text: &str) -> usize {
    const fn every(b: u8) -> u64 {
        u64::from_le_bytes([b; 8])
    }
    // The high bit of each byte equal to `c` (any byte value); exact, no
    // carries across bytes.
    let equal = |x: u64, c: u8| {
        let y = x ^ every(c);
        !(((y & every(0x7f)) + every(0x7f)) | y) & every(0x80)
    };
    // The high bit of each byte between `m` and `n` (exclusive, both below
    // 0x80); bytes from 0x80 up never are.
    let between = |x: u64, m: u8, n: u8| {
        let low = x & every(0x7f);
        (every(0x7f + n) - low) & !x & (low + every(0x7f - m)) & every(0x80)
    };
    let bytes = text.as_bytes();
    let mut words = 0;
    // The high bit: whether the byte before the chunk is a space (the text's
    // start counts as one).
    let mut space_before = every(0x80);
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        if x & every(0x80) != 0
            && equal(x, 0xc2) | equal(x, 0xe1) | equal(x, 0xe2) | equal(x, 0xe3) != 0
        {
            break;
        }
        // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form
        // feed, carriage return and space.
        let spaces = equal(x, b' ') | between(x, b'\t' - 1, b'\r' + 1);
        let spaces_before = spaces << 8 | space_before >> 56;
        words += (!spaces & spaces_before & every(0x80)).count_ones() as usize;
        space_before = spaces;
        at += 8;
    }
    // The rest character by character. A character begun in the chunks
    // before is no space (its first byte would have stopped them), and part
    // of a word already counted.
    let mut after_space = space_before >> 63 == 1;
    while at < bytes.len() && !text.is_char_boundary(at) {
        at += 1;
        after_space = false;
    }
    for c in text[at..].chars() {
        let is_space = c.is_whitespace();
        words += usize::from(after_space && !is_space);
        after_space = is_space;
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            "   ",
            "one",
            " two  words ",
            "tab\tand\nnew\x0bline\x0cfeed\rreturn",
            "non\u{a0}breaking\u{2003}em space",
            "Kraków — São Paulo, 2025",
            "\u{3000}ideographic\u{3000}",
            "eight ch",
            "exactly sixteen!",
            "a b c d e f g h i j k l m n o p",
            " leading space over the first chunk",
            "12345678 12345678\t\x0b\x0c\r\n\x1fx\x1e\x1cy\x08z",
            "an ASCII start, then Kraków",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them_at_every_alignment() {
        // Every byte value below 0x80 at every position of a chunk, with
        // spaces of every kind around it.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b"ab \t\n\x0b\x0c\r\x1c\x1f\x08\x0e!~\x00\x7f";
        for len in 0..40 {
            for _ in 0..200 {
                let text: String = (0..len)
                    .map(|_| alphabet[next() as usize % alphabet.len()] as char)
                    .collect();
                assert_eq!(
                    count_words(&text),
                    text.split_whitespace().count(),
                    "{text:?}"
                );
            }
        }
        // Letters, punctuation and every Unicode space, in UTF-8 of one to
        // three bytes, at every alignment.
        let unicode: Vec<char> = "aä ó—\u{85}\u{a0}\u{1680}\u{2000}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{2019}\u{20ac}\u{1f4a1}"
            .chars()
            .collect();
        for len in 0..40 {
            for _ in 0..200 {
                let text: String = (0..len)
                    .map(|_| unicode[next() as usize % unicode.len()])
                    .collect();
                assert_eq!(
                    count_words(&text),
                    text.split_whitespace().count(),
                    "{text:?}"
                );
            }
        }
        for b in 0..0x80u8 {
            for at in 0..9 {
                let mut text = vec![b'x'; 17];
                text[at] = b;
                text[at + 1] = b' ';
                let text = String::from_utf8(text).unwrap();
                assert_eq!(
                    count_words(&text),
                    text.split_whitespace().count(),
                    "{text:?}"
                );
            }
        }
    }
}
