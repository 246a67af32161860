//! Cards as JPEG files. jpeg-encoder is a pure-Rust baseline encoder with
//! AVX2 colour conversion and DCT (the `simd` feature, chosen at run time):
//! a 1200×630 card is the bulk of a drawn card's cost.

use jpeg_encoder::{ColorType, Encoder, SamplingFactor};

use super::canvas::Canvas;

/// Quality 85 with 4:2:0 chroma: no visible ringing around a card's
/// headline at about 60 KB a card.
pub const QUALITY: u8 = 85;

/// What makes the same pixels into the same file: part of every card's cache key.
pub const ENCODER_ID: &str = "jpeg-encoder 0.7 q85 4:2:0 baseline";

/// The canvas as a baseline JPEG.
pub fn jpeg(canvas: &Canvas) -> Result<Vec<u8>, String> {
    rgb_jpeg(&canvas.pixels, canvas.width, canvas.height)
}

/// Packed RGB pixels as a baseline JPEG.
pub fn rgb_jpeg(pixels: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(96 * 1024);
    let mut encoder = Encoder::new(&mut out, QUALITY);
    encoder.set_sampling_factor(SamplingFactor::R_4_2_0);
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
