//! The image pipeline on real image files: lead and body images of a folder
//! article resized (never upscaled) into WebP and a JPEG or PNG fallback,
//! shown with `srcset`, `sizes`, `width` and `height`; EXIF orientation
//! applied and metadata stripped; the cache that keeps a rebuild from
//! decoding anything; and the error for a file that is not an image.
//! The images are made here (gradients and noise, a few KB to a few hundred).

use std::fs;
use std::path::Path;

use image::{ImageEncoder, RgbaImage};

use crate::support::photos::{
    exif_with_orientation_camera_and_gps, jpeg, photo, site_with_article,
};
use crate::support::{Fixture, select};

fn dimensions(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `(URL, width descriptor)` pairs of a `srcset`.
fn srcset(value: &str) -> Vec<(String, u32)> {
    value
        .split(", ")
        .map(|item| {
            let (url, w) = item.rsplit_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

/// The output file of a URL under the site's root (`/news/x/a.jpg` or `a.jpg`
/// relative to the article's page).
fn output_file(f: &Fixture, page_dir: &str, url: &str) -> std::path::PathBuf {
    match url.strip_prefix('/') {
        Some(rel) => f.path("public").join(rel),
        None => f.path("public").join(page_dir).join(url),
    }
}

#[test]
fn a_lead_image_is_resized_into_webp_and_jpeg_with_every_attribute() {
    let f = site_with_article(
        "pit",
        "image: pit.jpg\nimage_alt: \"The open pit at dawn\"\n",
        "Text.",
        &[("pit.jpg", jpeg(&photo(1000, 750, 1), None))],
    );
    f.build();
    let html = f.html("news/pit/index.html");
    let img = select(&html, ".article-figure picture img");
    assert_eq!(img.len(), 1, "the lead image is a <picture>");
    let img = img[0].value();
    assert_eq!(img.attr("width"), Some("1000"));
    assert_eq!(img.attr("height"), Some("750"));
    assert_eq!(img.attr("alt"), Some("The open pit at dawn"));
    assert_eq!(img.attr("fetchpriority"), Some("high"));
    assert_eq!(img.attr("loading"), None, "the lead image is never lazy");
    assert!(img.attr("sizes").is_some_and(|s| s.contains("100vw")));
    // 1000 px wide: 480 and 800, then its own width; never 1200 or 1600.
    let jpegs = srcset(img.attr("srcset").unwrap());
    assert_eq!(
        jpegs.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        [480, 800, 1000]
    );
    for (url, w) in &jpegs {
        let file = output_file(&f, "news/pit", url);
        assert!(url.ends_with(".jpg"), "{url}");
        assert_eq!(
            image::ImageFormat::from_path(&file).unwrap(),
            image::ImageFormat::Jpeg
        );
        assert_eq!(dimensions(&file), (*w, w * 3 / 4), "{url}");
    }
    let source = select(&html, ".article-figure picture source")[0].value();
    assert_eq!(source.attr("type"), Some("image/webp"));
    for (url, w) in srcset(source.attr("srcset").unwrap()) {
        let file = output_file(&f, "news/pit", &url);
        let bytes = fs::read(&file).unwrap();
        assert_eq!(&bytes[8..12], b"WEBP", "{url} is a WebP");
        assert_eq!(dimensions(&file), (w, w * 3 / 4), "{url}");
    }
    assert!(
        img.attr("src").unwrap().contains("-1000w-"),
        "src is the widest fallback"
    );
}

#[test]
fn body_images_are_lazy_pictures_and_a_png_keeps_a_png_fallback() {
    let mut chart = Vec::new();
    let rgba = RgbaImage::from_fn(600, 300, |x, _| image::Rgba([(x % 256) as u8, 40, 90, 200]));
    image::codecs::png::PngEncoder::new(&mut chart)
        .write_image(rgba.as_raw(), 600, 300, image::ExtendedColorType::Rgba8)
        .unwrap();
    let f = site_with_article(
        "body",
        "",
        "Before.\n\n![Output by quarter](chart.png \"Output\")\n\nAfter: ![](https://example.org/remote.jpg)\n",
        &[("chart.png", chart)],
    );
    f.build();
    let html = f.html("news/body/index.html");
    let imgs = select(&html, ".article-body picture img");
    assert_eq!(imgs.len(), 1);
    let img = imgs[0].value();
    assert_eq!(img.attr("loading"), Some("lazy"));
    assert_eq!(img.attr("decoding"), Some("async"));
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("600"), Some("300"))
    );
    assert_eq!(img.attr("alt"), Some("Output by quarter"));
    assert_eq!(img.attr("title"), Some("Output"));
    let fallbacks = srcset(img.attr("srcset").unwrap());
    assert_eq!(
        fallbacks.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        [480, 600]
    );
    for (url, w) in fallbacks {
        let file = output_file(&f, "news/body", &url);
        assert_eq!(
            image::ImageFormat::from_path(&file).unwrap(),
            image::ImageFormat::Png
        );
        let decoded = image::open(&file).unwrap();
        assert!(decoded.color().has_alpha(), "transparency is kept");
        assert_eq!(decoded.width(), w);
    }
    let remote = select(
        &html,
        ".article-body img[src='https://example.org/remote.jpg']",
    );
    assert_eq!(remote.len(), 1, "remote images are left as they are");
}

/// An image of `static/` named by its site path, as a lead image and in the
/// body of a plain (not folder) article: processed once for both, shown as
/// pictures, and still published as it is; `check` looks at it too.
#[test]
fn a_static_image_is_processed_as_a_lead_and_a_body_image() {
    let f = Fixture::new("minimal");
    let map = f.path("static/images/map.jpg");
    fs::create_dir_all(map.parent().unwrap()).unwrap();
    fs::write(&map, jpeg(&photo(1000, 750, 21), None)).unwrap();
    f.write(
        "content/news/mapped.md",
        "---\ntitle: \"Where the sands are\"\ndate: 2025-09-02T08:00:00Z\nauthor: asha\nimage: /images/map.jpg\nimage_alt: \"A map of the coast\"\nsummary: \"A map.\"\n---\nThe deposits:\n\n![The deposits on a map](/images/map.jpg)\n",
    );
    let run = f.run(&["build", "--timings"]);
    run.assert_success();
    assert_eq!(images_line(&run.stderr), (1, 1), "one source, decoded once");
    let html = f.html("news/mapped/index.html");

    let lead = select(&html, ".article-figure picture img");
    assert_eq!(lead.len(), 1, "the lead image is a picture");
    let lead = lead[0].value();
    assert_eq!(
        (lead.attr("width"), lead.attr("height")),
        (Some("1000"), Some("750"))
    );
    let widths = |img: &scraper::node::Element| -> Vec<u32> {
        srcset(img.attr("srcset").unwrap())
            .into_iter()
            .map(|(url, w)| {
                assert!(url.contains("/images/map-"), "{url}");
                let file = output_file(&f, "news/mapped", &url);
                assert_eq!(dimensions(&file), (w, w * 3 / 4), "{url}");
                w
            })
            .collect()
    };
    assert_eq!(widths(lead), [480, 800, 1000]);

    let body = select(&html, ".article-body picture img");
    assert_eq!(body.len(), 1, "the body image is a picture");
    let body = body[0].value();
    assert_eq!(body.attr("loading"), Some("lazy"));
    assert_eq!(body.attr("alt"), Some("The deposits on a map"));
    assert_eq!(widths(body), [480, 800, 1000]);
    let webp = select(&html, ".article-body picture source")[0]
        .value()
        .attr("srcset")
        .unwrap()
        .to_string();
    for (url, _) in srcset(&webp) {
        let bytes = fs::read(output_file(&f, "news/mapped", &url)).unwrap();
        assert_eq!(&bytes[8..12], b"WEBP", "{url} is a WebP");
    }
    assert_eq!(
        fs::read(f.path("public/images/map.jpg")).unwrap(),
        fs::read(&map).unwrap(),
        "the static file itself is published as it is"
    );

    let check = f.run(&["check"]);
    assert!(
        check
            .stderr
            .contains("the lead image is 1000 px wide, narrower than 1200 px"),
        "{}",
        check.stderr
    );
}

#[test]
fn exif_orientation_is_applied_and_camera_and_location_are_stripped() {
    // Stored 800×600 with "rotate 90° clockwise to show" (orientation 6): a portrait photo.
    let source = jpeg(
        &photo(800, 600, 7),
        Some(exif_with_orientation_camera_and_gps(6)),
    );
    let f = site_with_article(
        "portrait",
        "image: upright.jpg\nimage_alt: \"A geologist\"\n",
        "Text.",
        &[("upright.jpg", source.clone())],
    );
    // The source really carries the metadata the output must lose.
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&source))
        .unwrap();
    assert!(
        exif.get_field(exif::Tag::GPSLatitudeRef, exif::In::PRIMARY)
            .is_some()
    );
    f.build();
    let html = f.html("news/portrait/index.html");
    let img = select(&html, ".article-figure picture img")[0].value();
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("600"), Some("800"))
    );
    let source_tag = select(&html, ".article-figure picture source")[0].value();
    let urls = srcset(img.attr("srcset").unwrap())
        .into_iter()
        .chain(srcset(source_tag.attr("srcset").unwrap()));
    for (url, w) in urls {
        let file = output_file(&f, "news/portrait", &url);
        assert_eq!(dimensions(&file), (w, w * 4 / 3), "{url} is upright");
        let bytes = fs::read(&file).unwrap();
        match exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&bytes)) {
            Err(exif::Error::NotFound(_)) => {}
            other => panic!("{url} keeps EXIF: {:?}", other.map(|e| e.fields().count())),
        }
        assert!(
            !bytes.windows(5).any(|w| w == b"Canon"),
            "{url} names the camera"
        );
    }
}

/// The `images:` line of `build --timings`: (used, decoded).
fn images_line(stderr: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("images: "))
        .unwrap_or_else(|| panic!("no images line in\n{stderr}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

#[test]
fn a_rebuild_decodes_no_unchanged_image_even_after_the_output_is_deleted() {
    let f = site_with_article(
        "cached",
        "image: a.jpg\nimage_alt: \"A\"\n",
        "![B](b.jpg)",
        &[
            ("a.jpg", jpeg(&photo(900, 600, 2), None)),
            ("b.jpg", jpeg(&photo(700, 500, 3), None)),
        ],
    );
    let first = f.run(&["build", "--timings"]);
    first.assert_success();
    assert_eq!(images_line(&first.stderr), (2, 2));
    let before = f.output("news/cached/index.html");

    let again = f.run(&["build", "--timings"]);
    again.assert_success();
    assert_eq!(images_line(&again.stderr), (2, 0), "nothing decoded");
    assert_eq!(f.output("news/cached/index.html"), before);

    fs::remove_dir_all(f.path("public")).unwrap();
    let clean = f.run(&["build", "--timings"]);
    clean.assert_success();
    assert_eq!(
        images_line(&clean.stderr),
        (2, 0),
        "the cache outlives the output"
    );
    assert_eq!(f.output("news/cached/index.html"), before);

    // One image changed: it alone is decoded, and its new URLs replace the old.
    fs::write(
        f.path("content/news/cached/b.jpg"),
        jpeg(&photo(700, 500, 4), None),
    )
    .unwrap();
    let changed = f.run(&["build", "--timings"]);
    changed.assert_success();
    assert_eq!(images_line(&changed.stderr), (2, 1));
    let after = f.output("news/cached/index.html");
    assert_ne!(after, before);
    let html = f.html("news/cached/index.html");
    for img in select(&html, "picture img") {
        for (url, _) in srcset(img.value().attr("srcset").unwrap()) {
            assert!(output_file(&f, "news/cached", &url).is_file(), "{url}");
        }
    }
    let variants = fs::read_dir(f.path("public/news/cached"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("b-")
        })
        .count();
    assert_eq!(
        variants, 4,
        "the old image's variants are gone: 480 and 700, twice"
    );
}

#[test]
fn an_image_that_cannot_be_decoded_fails_the_build_by_name_and_keeps_public() {
    let f = site_with_article(
        "broken",
        "image: cover.jpg\nimage_alt: \"A\"\n",
        "Text.",
        &[("cover.jpg", jpeg(&photo(500, 400, 5), None))],
    );
    f.build();
    let before = f.snapshot_public();
    fs::write(
        f.path("content/news/broken/cover.jpg"),
        b"<html>not a photo</html>",
    )
    .unwrap();
    let run = f.run(&["build"]);
    run.assert_failure();
    assert!(
        run.stderr.contains("content/news/broken/cover.jpg")
            && run.stderr.contains("cannot decode image"),
        "{}",
        run.stderr
    );
    assert_eq!(f.snapshot_public(), before, "public/ is as it was");
}

#[test]
fn check_warns_about_missing_alt_text_narrow_lead_images_and_large_files() {
    let f = site_with_article(
        "desk",
        "image: narrow.jpg\n",
        "Intro.\n\n![](inline.jpg)\n\n![A described photo](described.jpg)\n",
        &[
            ("narrow.jpg", jpeg(&photo(800, 500, 8), None)),
            ("inline.jpg", jpeg(&photo(1400, 900, 9), None)),
            ("described.jpg", jpeg(&photo(64, 48, 10), None)),
        ],
    );
    let config = fs::read_to_string(f.path("site.yaml")).unwrap();
    // inline.jpg is well over 0.05 MB; described.jpg is far under.
    f.write(
        "site.yaml",
        &format!("{config}images:\n  warn_over_mb: 0.05\n"),
    );
    let run = f.run(&["check"]);
    let file = "content/news/desk/index.md";
    let warning = |location: &str, message: &str| {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains(&format!("{file}:{location}")) && l.contains(message)),
            "no `{file}:{location} … {message}` in\n{}",
            run.stderr
        );
    };
    warning("5:8", "the lead image has no alt text");
    warning(
        "5:8",
        "the lead image is 800 px wide, narrower than 1200 px",
    );
    warning("9:5", "image inline.jpg has no alt text");
    warning("9:5", "image content/news/desk/inline.jpg is");
    assert!(
        !run.stderr.contains("described.jpg has no alt text"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("desk/described.jpg is"),
        "{}",
        run.stderr
    );
}
