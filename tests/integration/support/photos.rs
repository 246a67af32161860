//! Photographs made for tests (gradients and noise, different for every
//! seed), as JPEG with or without EXIF, and a folder article that holds them.

use std::fs;

use image::codecs::jpeg::JpegEncoder;
use image::{ImageEncoder, RgbImage};

use super::Fixture;

/// A photo-like picture: gradients with noise, different for each `seed`.
pub fn photo(width: u32, height: u32, seed: u32) -> RgbImage {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let noise = (state % 24) as u8;
        let r = (x * 200 / width.max(1)) as u8;
        let g = (y * 160 / height.max(1)) as u8;
        let b = ((x + y + seed) % 97) as u8;
        image::Rgb([r.saturating_add(noise), g.saturating_add(noise), b + 60])
    })
}

/// A JPEG of `image`, with the EXIF block `exif` (TIFF bytes) when given.
pub fn jpeg(image: &RgbImage, exif: Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, 90);
    if let Some(exif) = exif {
        encoder.set_exif_metadata(exif).unwrap();
    }
    encoder
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

/// An EXIF block (little-endian TIFF) with an orientation, a camera make
/// and a GPS latitude: what a phone writes.
pub fn exif_with_orientation_camera_and_gps(orientation: u16) -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value);
    };
    // IFD0 at 8: 3 entries (2 + 36 + 4 bytes), then "Canon\0" at 50, GPS IFD at 56.
    t.extend(3u16.to_le_bytes());
    entry(&mut t, 0x010F, 2, 6, 50u32.to_le_bytes()); // Make
    let o = orientation.to_le_bytes();
    entry(&mut t, 0x0112, 3, 1, [o[0], o[1], 0, 0]); // Orientation
    entry(&mut t, 0x8825, 4, 1, 56u32.to_le_bytes()); // GPS IFD
    t.extend(0u32.to_le_bytes());
    t.extend(b"Canon\0");
    t.extend(1u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0"); // GPSLatitudeRef
    t.extend(0u32.to_le_bytes());
    t
}

/// The minimal site with a folder article `content/news/<slug>/` holding
/// `index.md` (with `front` in its front matter and `body`) and `files`.
pub fn site_with_article(
    slug: &str,
    front: &str,
    body: &str,
    files: &[(&str, Vec<u8>)],
) -> Fixture {
    let f = Fixture::new("minimal");
    f.write(
        &format!("content/news/{slug}/index.md"),
        &format!("---\ntitle: \"Photographs from the pit\"\ndate: 2025-09-01T08:00:00Z\nauthor: asha\n{front}---\n{body}\n"),
    );
    for (name, bytes) in files {
        fs::write(f.path(&format!("content/news/{slug}/{name}")), bytes).unwrap();
    }
    f
}
