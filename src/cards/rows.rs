//! A JPEG cut into rows of blocks, so a card can reuse what it shares with
//! the template. The encoder writes a restart marker after every row of
//! MCUs (16 px at 4:2:0); each row between two markers is coded on its own
//! (the DC predictors start again), byte-aligned. A drawn card then differs
//! from its template only in the rows its headline touches: those rows are
//! encoded, and the others are copied from the template's encoding.

use super::encode;

/// Height of one row of MCUs at 4:2:0, in px.
pub const ROW: u32 = 16;

/// A baseline JPEG split at its restart markers.
#[derive(Debug, Clone)]
pub struct RowJpeg {
    /// Everything up to the scan's data: SOI … DRI, SOS.
    pub header: Vec<u8>,
    /// The coded data of each MCU row, without markers.
    pub rows: Vec<Vec<u8>>,
}

impl RowJpeg {
    /// Encodes packed RGB with a restart marker after every MCU row.
    pub fn encode(pixels: &[u8], width: u32, height: u32) -> Result<RowJpeg, String> {
        let bytes = encode::rgb_jpeg_rows(pixels, width, height)?;
        split(&bytes).ok_or_else(|| "the encoder wrote a JPEG monazite cannot split".to_string())
    }

    /// The whole file: `header`, then each row's data followed by the restart
    /// marker its place calls for (none after the last), then EOI.
    pub fn assemble<'a>(header: &[u8], rows: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
        let mut out = Vec::with_capacity(96 * 1024);
        out.extend_from_slice(header);
        for (i, row) in rows.enumerate() {
            if i > 0 {
                out.extend_from_slice(&[0xFF, 0xD0 + ((i - 1) % 8) as u8]);
            }
            out.extend_from_slice(row);
        }
        out.extend_from_slice(&[0xFF, 0xD9]);
        out
    }
}

/// Splits a baseline JPEG written with one restart interval per MCU row.
fn split(bytes: &[u8]) -> Option<RowJpeg> {
    let data_start = scan_data_start(bytes)?;
    let mut rows = Vec::new();
    let mut row = Vec::with_capacity(4096);
    let mut at = data_start;
    while at + 1 < bytes.len() {
        let (b, next) = (bytes[at], bytes[at + 1]);
        if b == 0xFF && next != 0x00 {
            rows.push(std::mem::take(&mut row));
            if next == 0xD9 {
                return Some(RowJpeg {
                    header: bytes[..data_start].to_vec(),
                    rows,
                });
            }
            if !(0xD0..=0xD7).contains(&next) {
                return None;
            }
            at += 2;
            continue;
        }
        if b == 0xFF {
            // A stuffed 0xFF 0x00: data, both bytes kept.
            row.extend_from_slice(&[0xFF, 0x00]);
            at += 2;
            continue;
        }
        row.push(b);
        at += 1;
    }
    None
}

/// Where the scan's coded data starts: after the SOS segment.
fn scan_data_start(bytes: &[u8]) -> Option<usize> {
    let mut at = 2; // SOI
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let end = at + 2 + length;
        if marker == 0xDA {
            return Some(end);
        }
        at = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(width: u32, height: u32, salt: u32) -> Vec<u8> {
        (0..width * height * 3)
            .map(|i| ((i / 3 % width) * 7 + (i / 3 / width) * 3 + (i % 3) * 50 + salt) as u8)
            .collect()
    }

    #[test]
    fn rows_of_a_template_and_a_band_make_the_same_file_as_one_encoding() {
        let (width, height) = (64, 70); // 5 rows, the last one partial
        let template = picture(width, height, 0);
        let mut card = template.clone();
        // Change rows 1 and 2 (px 16..48).
        let stride = (width * 3) as usize;
        for byte in &mut card[16 * stride..48 * stride] {
            *byte = byte.wrapping_add(90);
        }
        let whole = RowJpeg::encode(&card, width, height).unwrap();
        let base = RowJpeg::encode(&template, width, height).unwrap();
        let band = RowJpeg::encode(&card[16 * stride..48 * stride], width, 32).unwrap();
        assert_eq!(base.rows.len(), 5);
        assert_eq!(band.rows.len(), 2);
        let rows = base.rows[..1]
            .iter()
            .chain(&band.rows)
            .chain(&base.rows[3..])
            .map(Vec::as_slice);
        let spliced = RowJpeg::assemble(&base.header, rows);
        let direct = RowJpeg::assemble(&whole.header, whole.rows.iter().map(Vec::as_slice));
        assert_eq!(spliced, direct);
        let file = encode::rgb_jpeg_rows(&card, width, height).unwrap();
        assert_eq!(direct, file, "split and assembled, the file is unchanged");
        let decoded = image::load_from_memory(&spliced).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (width, height));
    }
}
