//! Gives every article of a generated newsroom (`gen_corpus`) a lead
//! photograph, for the image benchmark (`bench/images.sh`): each
//! `content/news/<slug>.md` becomes a folder article `<slug>/index.md` with
//! `image: lead.jpg` beside it, a 3000×2000 JPEG of gradients, soft shapes
//! and grain, different for every article. With a Hugo twin of the corpus,
//! the same files (hard-linked) go there too.
//!
//!   gen_bench_photos SITE [HUGO_TWIN] [--width W --height H]

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut size = (3000u32, 2000u32);
    if let Some(at) = args.iter().position(|a| a == "--width") {
        size.0 = args[at + 1].parse().expect("--width N");
        args.drain(at..at + 2);
    }
    if let Some(at) = args.iter().position(|a| a == "--height") {
        size.1 = args[at + 1].parse().expect("--height N");
        args.drain(at..at + 2);
    }
    let site = PathBuf::from(
        args.first()
            .expect("usage: gen_bench_photos SITE [HUGO_TWIN]"),
    );
    let twin = args.get(1).map(PathBuf::from);
    let mut articles: Vec<PathBuf> = fs::read_dir(site.join("content/news"))
        .expect("content/news")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("_index.md"))
        .collect();
    articles.sort();
    let bytes: u64 = articles
        .par_iter()
        .enumerate()
        .map(|(i, article)| {
            let jpeg = photo_jpeg(size.0, size.1, i as u32 + 1);
            let lead = into_folder(article, &jpeg, None);
            if let Some(twin) = &twin {
                let name = article.file_name().unwrap();
                into_folder(&twin.join("content/news").join(name), &jpeg, Some(&lead));
            }
            jpeg.len() as u64
        })
        .sum();
    println!(
        "{} lead photographs of {}×{}, {:.0} MB in all",
        articles.len(),
        size.0,
        size.1,
        bytes as f64 / 1e6
    );
}

/// Moves `<slug>.md` to `<slug>/index.md` with the image in its front
/// matter, and puts the photograph beside it (a link to `link_to` if given).
fn into_folder(article: &Path, jpeg: &[u8], link_to: Option<&Path>) -> PathBuf {
    let text = fs::read_to_string(article).expect("article");
    let dir = article.with_extension("");
    fs::create_dir_all(&dir).unwrap();
    let (first, rest) = text.split_once('\n').expect("front matter");
    let with_image = format!(
        "{first}\nimage: lead.jpg\nimage_alt: \"A processing plant seen from the tailings dam\"\n{rest}"
    );
    fs::write(dir.join("index.md"), with_image).unwrap();
    fs::remove_file(article).unwrap();
    let lead = dir.join("lead.jpg");
    match link_to {
        Some(source) if fs::hard_link(source, &lead).is_ok() => {}
        _ => fs::write(&lead, jpeg).unwrap(),
    }
    lead
}

/// A photograph-like picture: a sky-to-ground gradient, soft bands and
/// blobs placed by the seed, and grain; encoded at quality 88.
fn photo_jpeg(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let blobs: Vec<(f32, f32, f32, [f32; 3])> = (0..6)
        .map(|_| {
            let x = (next() % width) as f32;
            let y = (next() % height) as f32;
            let r = (height / 8 + next() % (height / 3)) as f32;
            let c = [
                (next() % 200) as f32,
                (next() % 200) as f32,
                (next() % 200) as f32,
            ];
            (x, y, r, c)
        })
        .collect();
    let phase = (next() % 628) as f32 / 100.0;
    let mut pixels = vec![0u8; (width * height * 3) as usize];
    for y in 0..height {
        let t = y as f32 / height as f32;
        for x in 0..width {
            let s = x as f32 / width as f32;
            let band =
                ((s * 9.0 + t * 4.0 + phase).sin() * 18.0) + ((s * 41.0 - t * 23.0).sin() * 6.0);
            let mut c = [
                110.0 + 90.0 * (1.0 - t) + band,
                120.0 + 40.0 * s + band,
                90.0 + 120.0 * (1.0 - t),
            ];
            for (bx, by, r, color) in &blobs {
                let d2 = ((x as f32 - bx).powi(2) + (y as f32 - by).powi(2)) / (r * r);
                if d2 < 1.0 {
                    let k = (1.0 - d2) * (1.0 - d2);
                    for i in 0..3 {
                        c[i] = c[i] * (1.0 - k) + color[i] * k;
                    }
                }
            }
            let grain = (next() % 17) as f32 - 8.0;
            let at = ((y * width + x) * 3) as usize;
            for i in 0..3 {
                pixels[at + i] = (c[i] + grain).clamp(0.0, 255.0) as u8;
            }
        }
    }
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 88)
        .encode(
            &pixels,
            width as u16,
            height as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .expect("encode");
    out
}
