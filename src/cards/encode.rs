//! Cards as JPEG files. jpeg-encoder is a pure-Rust baseline encoder with
//! AVX2 colour conversion and DCT (the `simd` feature, chosen at run time):
//! a 1200×630 card is the bulk of a drawn card's cost.

use jpeg_encoder::{ChromaSubsamplingMethod, ColorType, Encoder, SamplingFactor};

/// Quality 85 with 4:2:0 chroma: no visible ringing around a card's
/// headline at about 60 KB a card.
pub const QUALITY: u8 = 85;

/// What makes the same pixels into the same file: part of every card's cache key.
pub const ENCODER_ID: &str = "jpeg-encoder 0.7 q85 4:2:0 average baseline restart-per-row";

/// Packed RGB pixels as a baseline JPEG.
pub fn rgb_jpeg(pixels: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    encode(pixels, width, height, false)
}

/// Packed RGB pixels as a baseline JPEG with a restart marker after every
/// row of MCUs (16 px), for `rows.rs`. The markers cost 2 bytes a row.
pub fn rgb_jpeg_rows(pixels: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    encode(pixels, width, height, true)
}

fn encode(pixels: &[u8], width: u32, height: u32, restart_rows: bool) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(96 * 1024);
    let mut encoder = Encoder::new(&mut out, QUALITY);
    encoder.set_sampling_factor(SamplingFactor::R_4_2_0);
    encoder.set_chroma_subsampling_method(ChromaSubsamplingMethod::Average);
    if restart_rows {
        let mcus_per_row = u16::try_from(width.div_ceil(16)).map_err(|_| "too wide".to_string())?;
        encoder.set_restart_interval(mcus_per_row);
    }
    let (w, h) = (dimension(width)?, dimension(height)?);
    encoder
        .encode(pixels, w, h, ColorType::Rgb)
        .map_err(|e| format!("cannot encode the card: {e}"))?;
    Ok(out)
}

/// JPEG sides stop at 65,535 px.
fn dimension(side: u32) -> Result<u16, String> {
    u16::try_from(side).map_err(|_| format!("{side} px is too large for a JPEG"))
}
