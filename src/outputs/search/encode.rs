//! How posting lists (sorted document ids) are written into the index files:
//! bytes, close to the information they carry, so that the files need no
//! compression (nothing to gzip at build time, nothing to inflate in the
//! browser) and a query fetches as few bytes as it can.
//!
//! - a number is a little-endian base-128 varint (7 bits a byte, the high
//!   bit set on every byte but the last);
//! - a list is its length `n` (a varint; 0 is an empty list and ends there),
//!   then a byte `k` (0–31) and the Rice codes of the gaps (each id minus the
//!   previous one minus one; the first from −1): `gap >> k` one-bits and a
//!   zero-bit, then the low `k` bits of the gap. Bits fill each byte from its
//!   lowest bit up, and the list ends on a byte boundary. `k` is chosen per
//!   list: a rare word's ids cost about log2(documents / n) + 1.5 bits each,
//!   and a word in most documents about one bit per document (with `k` = 0
//!   the codes are a bitmap of the gaps);
//! - a term's lists, one per field (see `index::Field`), follow each other,
//!   trailing empty lists dropped;
//! - a term file: the number of terms, then per term (sorted) the bytes it
//!   shares with the term before, the length and bytes of the rest, and the
//!   length of its lists; then every term's lists, in the same order.
//!
//! `search.js` (beside this file) reads all of this (`readIds`, `TermFile`).

use std::collections::BTreeMap;

use super::index::FIELD_COUNT;

/// Appends `value` as a varint.
pub fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Writes sorted, distinct ids.
pub fn encode_ids(ids: &[u32], out: &mut Vec<u8>) {
    push_varint(out, ids.len() as u64);
    if ids.is_empty() {
        return;
    }
    let k = best_rice_parameter(ids);
    out.push(k as u8);
    let mut bits = BitWriter::new(out);
    let mut prev: i64 = -1;
    for &id in ids {
        let gap = (i64::from(id) - prev - 1) as u64;
        prev = i64::from(id);
        let quotient = gap >> k;
        let low = gap & ((1u64 << k) - 1);
        if quotient + u64::from(k) < 48 {
            // The usual case, in one go: the unary quotient, its end, the low bits.
            let q = quotient as u32;
            bits.push(((1u64 << q) - 1) | low << (q + 1), q + 1 + k);
        } else {
            bits.ones(quotient);
            bits.push(low, k);
        }
    }
    bits.finish();
}

/// A term's lists, one per field, one after the other.
pub fn encode_term(lists: &[Vec<u32>; FIELD_COUNT], out: &mut Vec<u8>) {
    let used = lists
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    for list in &lists[..used] {
        encode_ids(list, out);
    }
}

/// A term file from (term, its encoded lists), terms sorted.
pub fn encode_term_file<'a>(
    entries: impl ExactSizeIterator<Item = (&'a str, &'a [u8])> + Clone,
) -> Vec<u8> {
    let mut out = Vec::new();
    push_varint(&mut out, entries.len() as u64);
    let mut previous: &[u8] = &[];
    for (term, lists) in entries.clone() {
        let term = term.as_bytes();
        let shared = previous
            .iter()
            .zip(term)
            .take_while(|(a, b)| a == b)
            .count();
        push_varint(&mut out, shared as u64);
        push_varint(&mut out, (term.len() - shared) as u64);
        out.extend_from_slice(&term[shared..]);
        push_varint(&mut out, lists.len() as u64);
        previous = term;
    }
    for (_, lists) in entries {
        out.extend_from_slice(lists);
    }
    out
}

/// Reads a term file back: every term with its encoded lists.
pub fn decode_term_file(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, DecodeError> {
    let mut r = Reader { bytes, at: 0 };
    let count = r.varint()?;
    let mut terms: Vec<(String, usize)> = Vec::new();
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..count {
        let shared = r.varint()? as usize;
        let rest = r.varint()? as usize;
        let mut term = previous.get(..shared).ok_or(DecodeError)?.to_vec();
        term.extend_from_slice(r.take(rest)?);
        let len = r.varint()? as usize;
        terms.push((
            String::from_utf8(term.clone()).map_err(|_| DecodeError)?,
            len,
        ));
        previous = term;
    }
    let mut out = BTreeMap::new();
    for (term, len) in terms {
        out.insert(term, r.take(len)?.to_vec());
    }
    Ok(out)
}

/// Reads a term's lists back (the reverse of [`encode_term`]).
pub fn decode_term(bytes: &[u8]) -> Result<[Vec<u32>; FIELD_COUNT], DecodeError> {
    let mut lists: [Vec<u32>; FIELD_COUNT] = Default::default();
    let mut r = Reader { bytes, at: 0 };
    let mut field = 0;
    while r.at < bytes.len() {
        *lists.get_mut(field).ok_or(DecodeError)? = r.ids()?;
        field += 1;
    }
    Ok(lists)
}

/// Reads lists one after another (the tag file: one per tag).
pub fn decode_lists(bytes: &[u8]) -> Result<Vec<Vec<u32>>, DecodeError> {
    let mut r = Reader { bytes, at: 0 };
    let mut lists = Vec::new();
    while r.at < bytes.len() {
        lists.push(r.ids()?);
    }
    Ok(lists)
}

/// Bytes that are not in the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("malformed posting list")]
pub struct DecodeError;

/// The Rice parameter that writes `ids` in the fewest bits.
fn best_rice_parameter(ids: &[u32]) -> u32 {
    let n = ids.len() as u64;
    let gaps_total = u64::from(ids[ids.len() - 1]) + 1 - n;
    // The best k is near log2(mean gap · ln 2); try it and its neighbours.
    let mean = gaps_total as f64 / n as f64;
    let guess = if mean >= 2.0 {
        (mean * std::f64::consts::LN_2).log2().floor() as u32
    } else {
        0
    };
    (guess.saturating_sub(1)..=(guess + 1).min(31))
        .map(|k| {
            let mut prev: i64 = -1;
            let quotients: u64 = ids
                .iter()
                .map(|&id| {
                    let gap = (i64::from(id) - prev - 1) as u64;
                    prev = i64::from(id);
                    gap >> k
                })
                .sum();
            (k, quotients + n * (1 + u64::from(k)))
        })
        .min_by_key(|&(_, bits)| bits)
        .map_or(0, |(k, _)| k)
}

/// Appends bits to a byte vector, lowest bit of each byte first.
struct BitWriter<'a> {
    out: &'a mut Vec<u8>,
    bits: u64,
    used: u32,
}

impl<'a> BitWriter<'a> {
    fn new(out: &'a mut Vec<u8>) -> BitWriter<'a> {
        BitWriter {
            out,
            bits: 0,
            used: 0,
        }
    }

    /// `count` one-bits, then a zero-bit.
    fn ones(&mut self, mut count: u64) {
        while count >= 32 {
            self.push(u64::from(u32::MAX), 32);
            count -= 32;
        }
        self.push((1u64 << count) - 1, count as u32 + 1);
    }

    /// The low `count` bits of `value` (at most 56; the rest must be clear).
    fn push(&mut self, value: u64, count: u32) {
        self.bits |= value << self.used;
        self.used += count;
        while self.used >= 8 {
            self.out.push(self.bits as u8);
            self.bits >>= 8;
            self.used -= 8;
        }
    }

    fn finish(self) {
        if self.used > 0 {
            self.out.push(self.bits as u8);
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, DecodeError> {
        let b = *self.bytes.get(self.at).ok_or(DecodeError)?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], DecodeError> {
        let part = self.bytes.get(self.at..self.at + len).ok_or(DecodeError)?;
        self.at += len;
        Ok(part)
    }

    fn varint(&mut self) -> Result<u64, DecodeError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(value);
            }
        }
        Err(DecodeError)
    }

    fn ids(&mut self) -> Result<Vec<u32>, DecodeError> {
        let n = self.varint()? as usize;
        if n == 0 {
            return Ok(Vec::new());
        }
        let mode = self.byte()?;
        let mut ids = Vec::with_capacity(n.min(1 << 20));
        if mode > 31 {
            return Err(DecodeError);
        }
        let mut bit = self.at * 8;
        let read = |bit: usize| -> Result<u64, DecodeError> {
            let b = self.bytes.get(bit / 8).ok_or(DecodeError)?;
            Ok(u64::from(b >> (bit % 8) & 1))
        };
        let mut prev: i64 = -1;
        for _ in 0..n {
            let mut quotient = 0u64;
            while read(bit)? == 1 {
                quotient += 1;
                bit += 1;
            }
            bit += 1;
            let mut low = 0u64;
            for b in 0..u32::from(mode) {
                low |= read(bit)? << b;
                bit += 1;
            }
            prev += ((quotient << mode) | low) as i64 + 1;
            ids.push(u32::try_from(prev).map_err(|_| DecodeError)?);
        }
        self.at = bit.div_ceil(8);
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(ids: &[u32]) -> Vec<u8> {
        let mut out = Vec::new();
        encode_ids(ids, &mut out);
        out
    }

    fn decoded(bytes: &[u8]) -> Vec<u32> {
        let lists = decode_lists(bytes).unwrap();
        assert_eq!(lists.len(), 1);
        lists.into_iter().next().unwrap()
    }

    #[test]
    fn close_ids_cost_about_a_bit_or_two_each() {
        // Gaps 100, 0, 0, 2 with k = 0 would be long; the chosen k keeps it short.
        let ids = [100, 101, 102, 105];
        let bytes = encoded(&ids);
        assert_eq!(decoded(&bytes), ids);
        assert!(bytes.len() <= 6, "{bytes:?}");
        // Gaps 0, 0, 0, 2 with k = 0: 1 + 1 + 1 + 3 bits, in one byte.
        assert_eq!(encoded(&[0, 1, 2, 5]), [4, 0, 0b011000]);
    }

    #[test]
    fn far_ids_come_back() {
        let ids = [31, 32, 1000, 70_000, 4_000_000];
        assert_eq!(decoded(&encoded(&ids)), ids);
    }

    #[test]
    fn dense_lists_cost_about_one_bit_per_document() {
        let ids: Vec<u32> = (0..10_000).filter(|i| i % 3 != 0).collect();
        let bytes = encoded(&ids);
        assert!(bytes.len() <= 10_000 / 8 + 8, "{}", bytes.len());
        assert_eq!(decoded(&bytes), ids);
    }

    #[test]
    fn a_term_writes_its_field_lists_and_drops_trailing_empty_ones() {
        let lists: [Vec<u32>; FIELD_COUNT] = [vec![3], vec![], vec![0, 1], vec![], vec![]];
        let mut bytes = Vec::new();
        encode_term(&lists, &mut bytes);
        assert_eq!(decode_term(&bytes).unwrap(), lists);
        assert_eq!(
            &bytes[..4],
            [1, 1, 0b101, 0],
            "the empty second list is one byte"
        );
    }

    #[test]
    fn a_term_file_front_codes_its_terms_and_reads_back() {
        let lists: Vec<(&str, Vec<u8>)> = ["magnet", "magnetic", "mine", "são"]
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut b = Vec::new();
                encode_term(
                    &[vec![i as u32], vec![], vec![], vec![], vec![7, 9]],
                    &mut b,
                );
                (*t, b)
            })
            .collect();
        let file = encode_term_file(lists.iter().map(|(t, b)| (*t, b.as_slice())));
        let back = decode_term_file(&file).unwrap();
        assert_eq!(
            back.keys().collect::<Vec<_>>(),
            ["magnet", "magnetic", "mine", "são"]
        );
        assert_eq!(decode_term(&back["mine"]).unwrap()[0], [2]);
        assert_eq!(decode_term(&back["são"]).unwrap()[4], [7, 9]);
    }

    #[test]
    fn malformed_bytes_are_errors_not_panics() {
        assert_eq!(decode_lists(&[3, 0]), Err(DecodeError), "ids missing");
        assert_eq!(
            decode_lists(&[1, 40, 0]),
            Err(DecodeError),
            "k out of range"
        );
        assert_eq!(decode_lists(&[0x80]), Err(DecodeError), "varint unfinished");
        assert_eq!(
            decode_term(&[0, 0, 0, 0, 0, 0]),
            Err(DecodeError),
            "six lists"
        );
        assert!(decode_term_file(&[2, 0, 1, b'a', 0, 5, 1, b'b', 0]).is_err());
    }

    #[test]
    fn every_list_round_trips() {
        // A small deterministic sweep of shapes: sparse, dense, runs, single ids.
        let mut seed = 7u64;
        for n in [1usize, 2, 10, 100, 1000] {
            for density in [1u64, 3, 40, 900, 100_000] {
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
                assert_eq!(decoded(&encoded(&ids)), ids, "n={n} density={density}");
            }
        }
    }
}
