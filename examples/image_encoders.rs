//! Compares the encoders the image pipeline could use, on photographs given
//! as arguments: each resized to 1200 px wide, then encoded as JPEG (the
//! `image` crate), lossy WebP (libwebp through the `webp` crate) at a few
//! qualities, and lossless WebP (the `image` crate's own encoder). Prints
//! size and time of each. The image crates are optimized in debug builds too
//! (Cargo.toml), so `cargo run --example image_encoders -- a.jpg b.jpg` is
//! representative.

use std::time::Instant;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::webp::WebPEncoder;
use image::{ExtendedColorType, ImageEncoder};

fn main() {
    println!("| photo | encoder | KB | ms |");
    println!("|---|---|---:|---:|");
    for path in std::env::args().skip(1) {
        let source = image::open(&path).expect("decode").into_rgb8();
        let width = 1200.min(source.width());
        let height = source.height() * width / source.width();
        let small = image::imageops::resize(
            &source,
            width,
            height,
            image::imageops::FilterType::Lanczos3,
        );
        let pixels = small.as_raw();
        let name = std::path::Path::new(&path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let row = |encoder: &str, encode: &dyn Fn() -> Vec<u8>| {
            let started = Instant::now();
            let bytes = encode();
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            println!(
                "| {name} {width}×{height} | {encoder} | {:.0} | {ms:.0} |",
                bytes.len() as f64 / 1024.0
            );
        };
        for q in [80u8, 90] {
            row(&format!("JPEG q{q} (image)"), &|| {
                let mut out = Vec::new();
                JpegEncoder::new_with_quality(&mut out, q)
                    .write_image(pixels, width, height, ExtendedColorType::Rgb8)
                    .unwrap();
                out
            });
        }
        row("JPEG q80 (jpeg-encoder)", &|| {
            let mut out = Vec::new();
            jpeg_encoder::Encoder::new(&mut out, 80)
                .encode(
                    pixels,
                    width as u16,
                    height as u16,
                    jpeg_encoder::ColorType::Rgb,
                )
                .unwrap();
            out
        });
        for q in [70.0f32, 75.0, 80.0, 85.0] {
            row(&format!("WebP lossy q{q} (libwebp)"), &|| {
                webp::Encoder::from_rgb(pixels, width, height)
                    .encode_simple(false, q)
                    .unwrap()
                    .to_vec()
            });
        }
        row("WebP lossless (image)", &|| {
            let mut out = Vec::new();
            WebPEncoder::new_lossless(&mut out)
                .write_image(pixels, width, height, ExtendedColorType::Rgb8)
                .unwrap();
            out
        });
    }
}
