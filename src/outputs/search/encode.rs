//! How a posting list (sorted document ids) is written into the index files:
//! as text that needs no JSON escaping and costs about one character per
//! document for common words, and never more than one character per six
//! documents in the whole site (a bitmap), however common the word.
//!
//! Two forms, the shorter is chosen per list:
//! - gaps: each id as the gap from the previous one minus one (the first from
//!   −1), as a little-endian base-32 varint in the URL-safe base64 alphabet:
//!   characters 0–31 end a number, 32–63 carry five bits and continue;
//! - bitmap: `!` then one character per six ids, bit `i % 6` of character
//!   `i / 6` set when id `i` is in the list; trailing empty characters dropped.
//!
//! A term's lists (one per field, see `index::Field`) are joined with `,`,
//! trailing empty lists dropped. `templates/assets/search.js` decodes both.

use super::index::FIELD_COUNT;

/// The 64 characters, in value order.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Marks a list written as a bitmap.
pub const BITMAP_MARK: char = '!';

/// Separates a term's per-field lists.
pub const LIST_SEPARATOR: char = ',';

/// Writes sorted, distinct ids in whichever form is shorter.
pub fn encode_ids(ids: &[u32], out: &mut String) {
    let Some(&last) = ids.last() else {
        return;
    };
    let bitmap_len = 1 + last as usize / 6 + 1;
    // Each gap takes at least one character: only a list this long can lose to a bitmap.
    if ids.len() > bitmap_len {
        return encode_bitmap(ids, out);
    }
    let start = out.len();
    encode_gaps(ids, out);
    if out.len() - start > bitmap_len {
        out.truncate(start);
        encode_bitmap(ids, out);
    }
}

/// A term's lists, one per field, joined.
pub fn encode_term(lists: &[Vec<u32>; FIELD_COUNT]) -> String {
    let mut out = String::new();
    let used = lists
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    for (i, list) in lists[..used].iter().enumerate() {
        if i > 0 {
            out.push(LIST_SEPARATOR);
        }
        encode_ids(list, &mut out);
    }
    out
}

/// Reads a term's lists back (the reverse of [`encode_term`]).
pub fn decode_term(text: &str) -> Result<[Vec<u32>; FIELD_COUNT], DecodeError> {
    let mut lists: [Vec<u32>; FIELD_COUNT] = Default::default();
    for (i, part) in text.split(LIST_SEPARATOR).enumerate() {
        let slot = lists.get_mut(i).ok_or(DecodeError)?;
        *slot = decode_ids(part)?;
    }
    Ok(lists)
}

/// Reads one list back (the reverse of [`encode_ids`]).
pub fn decode_ids(text: &str) -> Result<Vec<u32>, DecodeError> {
    let mut ids = Vec::new();
    if let Some(bits) = text.strip_prefix(BITMAP_MARK) {
        for (i, c) in bits.bytes().enumerate() {
            let v = value(c)?;
            ids.extend(
                (0..6)
                    .filter(|b| v & (1 << b) != 0)
                    .map(|b| (i * 6 + b) as u32),
            );
        }
        return Ok(ids);
    }
    let mut prev: i64 = -1;
    let (mut number, mut shift) = (0i64, 0u32);
    for c in text.bytes() {
        let v = i64::from(value(c)?);
        if shift > 30 {
            return Err(DecodeError);
        }
        number |= (v & 31) << shift;
        if v < 32 {
            prev += number + 1;
            ids.push(u32::try_from(prev).map_err(|_| DecodeError)?);
            (number, shift) = (0, 0);
        } else {
            shift += 5;
        }
    }
    if shift != 0 {
        return Err(DecodeError);
    }
    Ok(ids)
}

/// A list that is not in either form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("malformed posting list")]
pub struct DecodeError;

fn encode_gaps(ids: &[u32], out: &mut String) {
    let mut prev: i64 = -1;
    for &id in ids {
        let mut gap = (i64::from(id) - prev - 1) as u64;
        prev = i64::from(id);
        while gap >= 32 {
            out.push(ALPHABET[32 + (gap & 31) as usize] as char);
            gap >>= 5;
        }
        out.push(ALPHABET[gap as usize] as char);
    }
}

fn encode_bitmap(ids: &[u32], out: &mut String) {
    out.push(BITMAP_MARK);
    let mut current = 0usize;
    let mut bits = 0u8;
    for &id in ids {
        let (slot, bit) = (id as usize / 6, id % 6);
        while current < slot {
            out.push(ALPHABET[bits as usize] as char);
            bits = 0;
            current += 1;
        }
        bits |= 1 << bit;
    }
    out.push(ALPHABET[bits as usize] as char);
}

fn value(c: u8) -> Result<u8, DecodeError> {
    match c {
        b'A'..=b'Z' => Ok(c - b'A'),
        b'a'..=b'z' => Ok(c - b'a' + 26),
        b'0'..=b'9' => Ok(c - b'0' + 52),
        b'-' => Ok(62),
        b'_' => Ok(63),
        _ => Err(DecodeError),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(ids: &[u32]) -> String {
        let mut s = String::new();
        encode_ids(ids, &mut s);
        s
    }

    #[test]
    fn close_ids_cost_one_character_each() {
        assert_eq!(encoded(&[100, 101, 102, 105]), "kDAAC");
        assert_eq!(decode_ids("kDAAC").unwrap(), vec![100, 101, 102, 105]);
        // Small ids, close together: the bitmap is shorter.
        assert_eq!(encoded(&[0, 1, 2, 5]), "!n");
    }

    #[test]
    fn far_ids_take_more_characters_and_come_back() {
        let ids = [31, 32, 1000, 70_000, 4_000_000];
        let text = encoded(&ids);
        assert!(!text.starts_with(BITMAP_MARK));
        assert_eq!(decode_ids(&text).unwrap(), ids);
    }

    #[test]
    fn dense_lists_become_bitmaps_no_longer_than_one_character_per_six_ids() {
        let ids: Vec<u32> = (0..10_000).filter(|i| i % 3 != 0).collect();
        let text = encoded(&ids);
        assert!(text.starts_with(BITMAP_MARK));
        assert!(text.len() <= 1 + 10_000 / 6 + 1, "{}", text.len());
        assert_eq!(decode_ids(&text).unwrap(), ids);
    }

    #[test]
    fn a_term_joins_its_field_lists_and_drops_trailing_empty_ones() {
        let lists: [Vec<u32>; FIELD_COUNT] = [vec![3], vec![], vec![0, 1], vec![], vec![]];
        let text = encode_term(&lists);
        assert_eq!(text, "D,,AA");
        assert_eq!(decode_term(&text).unwrap(), lists);
    }

    #[test]
    fn malformed_lists_are_errors() {
        assert_eq!(decode_ids("A*"), Err(DecodeError));
        assert_eq!(
            decode_ids("g"),
            Err(DecodeError),
            "a number left unfinished"
        );
        assert_eq!(decode_term("A,A,A,A,A,A"), Err(DecodeError));
    }

    #[test]
    fn every_list_round_trips() {
        // A small deterministic sweep of shapes: sparse, dense, runs, single ids.
        let mut seed = 7u64;
        for n in [1usize, 2, 10, 100, 1000] {
            for density in [1u64, 3, 40, 900] {
                let mut ids = Vec::new();
                let mut id = 0u32;
                while ids.len() < n {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    id += (seed >> 33) as u32 % density as u32;
                    if ids.last() != Some(&id) {
                        ids.push(id);
                    }
                    id += 1;
                }
                assert_eq!(
                    decode_ids(&encoded(&ids)).unwrap(),
                    ids,
                    "n={n} density={density}"
                );
            }
        }
    }
}
