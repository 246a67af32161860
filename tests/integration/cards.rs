//! Social cards (src/cards): the files exist at 1200×630 (decoded, not
//! trusted by name), the head names them with their size and alt text, the
//! JSON-LD lists crops of the shapes Google asks for, articles without an
//! image get a drawn card, the card cache spares a rebuild all work, and a
//! broken image fails the build with its file name and nothing published.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use image::{GenericImageView, Rgb, RgbImage};
use scraper::Html;
use serde_json::Value;

use crate::support::{Fixture, select};

const BASE: &str = "https://fixture.example.org/";

fn meta(html: &Html, attr: &str, name: &str) -> Vec<String> {
    select(html, &format!("meta[{attr}='{name}']"))
        .iter()
        .map(|m| m.value().attr("content").unwrap_or("").to_string())
        .collect()
}

fn news_article(html: &Html) -> Value {
    select(html, "script[type='application/ld+json']")
        .iter()
        .map(|s| serde_json::from_str::<Value>(&s.text().collect::<String>()).unwrap())
        .find(|v| v["@type"] == "NewsArticle")
        .expect("a NewsArticle")
}

/// The output file of an absolute URL of the fixture site, decoded.
fn decode_output(f: &Fixture, url: &str) -> image::DynamicImage {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not of the site"));
    let path = f.path("public").join(rel);
    let image =
        image::open(&path).unwrap_or_else(|e| panic!("cannot decode {}: {e}", path.display()));
    assert_eq!(
        image::ImageFormat::from_path(&path).unwrap(),
        image::ImageFormat::Jpeg
    );
    image
}

/// A photo for a fixture: a grey-blue gradient with a red square at its centre.
fn write_photo(f: &Fixture, rel: &str, width: u32, height: u32) {
    let (cx, cy) = (width / 2, height / 2);
    let photo = RgbImage::from_fn(width, height, |x, y| {
        if x.abs_diff(cx) < width / 20 && y.abs_diff(cy) < height / 20 {
            Rgb([220, 20, 20])
        } else {
            Rgb([(x * 120 / width) as u8, 90, (y * 200 / height) as u8])
        }
    });
    let path = f.path(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    photo.save(&path).unwrap();
}

fn photo_article(f: &Fixture, slug: &str, image: &str) {
    f.write(
        &format!("content/news/{slug}/index.md"),
        &format!(
            "---\ntitle: \"Photo story {slug}\"\ndate: 2025-08-02T08:00:00Z\nauthor: asha\nimage: {image}\nimage_alt: \"Ore on a conveyor\"\n---\nA story with a photo.\n"
        ),
    );
}

/// Spread of the luma of a region: zero for a flat fill.
fn spread(image: &image::DynamicImage, x: u32, y: u32, w: u32, h: u32) -> u8 {
    let luma = image.view(x, y, w, h).to_image();
    let values: Vec<u8> = luma.pixels().map(|p| p.0[1]).collect();
    values.iter().max().unwrap() - values.iter().min().unwrap()
}

#[test]
fn an_article_without_an_image_gets_a_drawn_card_named_in_its_head() {
    let f = Fixture::new("minimal");
    f.build();
    let html = f.html("news/magnet-prices/index.html");
    let card = format!("{BASE}cards/news/magnet-prices.jpg");
    assert_eq!(meta(&html, "property", "og:image"), [card.as_str()]);
    assert_eq!(meta(&html, "name", "twitter:image"), [card.as_str()]);
    assert_eq!(meta(&html, "property", "og:image:width"), ["1200"]);
    assert_eq!(meta(&html, "property", "og:image:height"), ["630"]);
    assert_eq!(
        meta(&html, "property", "og:image:alt"),
        ["Fixture Times: Magnet prices climb"]
    );
    assert_eq!(meta(&html, "name", "twitter:card"), ["summary_large_image"]);
    assert_eq!(news_article(&html)["image"], serde_json::json!([card]));

    let drawn = decode_output(&f, &card);
    assert_eq!(drawn.dimensions(), (1200, 630));
    // The headline is set in its box (ink on the ground), the foot is not blank.
    assert!(spread(&drawn, 80, 180, 900, 80) > 150, "no headline drawn");
    // Another headline, another card.
    let other = decode_output(&f, &format!("{BASE}cards/news/odisha-sands.jpg"));
    assert_ne!(drawn.to_rgb8().into_raw(), other.to_rgb8().into_raw());
}

#[test]
fn list_pages_share_the_site_card() {
    let f = Fixture::new("minimal");
    f.build();
    let card = format!("{BASE}cards/site.jpg");
    for page in [
        "index.html",
        "tags/index.html",
        "news/index.html",
        "about/index.html",
    ] {
        let html = f.html(page);
        assert_eq!(
            meta(&html, "property", "og:image"),
            [card.as_str()],
            "{page}"
        );
        assert_eq!(
            meta(&html, "property", "og:image:alt"),
            ["Fixture Times"],
            "{page}"
        );
    }
    assert_eq!(decode_output(&f, &card).dimensions(), (1200, 630));
}

#[test]
fn an_article_image_gives_a_cropped_card_and_three_crops_for_json_ld() {
    let f = Fixture::new("minimal");
    write_photo(&f, "content/news/photo-story/ore.jpg", 2400, 1500);
    photo_article(&f, "photo-story", "ore.jpg");
    f.build();
    let html = f.html("news/photo-story/index.html");
    let card = format!("{BASE}cards/news/photo-story.jpg");
    assert_eq!(meta(&html, "property", "og:image"), [card.as_str()]);
    assert_eq!(
        meta(&html, "property", "og:image:alt"),
        ["Ore on a conveyor"]
    );
    let cropped = decode_output(&f, &card).to_rgb8();
    assert_eq!(cropped.dimensions(), (1200, 630));
    // A centred crop: the red square of the photo's middle is the card's middle.
    let middle = cropped.get_pixel(600, 315).0;
    assert!(middle[0] > 180 && middle[1] < 80, "centre is {middle:?}");

    let images = news_article(&html)["image"].as_array().unwrap().clone();
    let sizes: Vec<(u32, u32)> = images
        .iter()
        .map(|url| decode_output(&f, url.as_str().unwrap()).dimensions())
        .collect();
    // 16:9, 4:3 and 1:1, each 1200 px wide: the 2400×1500 source allows it.
    assert_eq!(sizes, [(1200, 675), (1200, 900), (1200, 1200)]);
}

#[test]
fn a_small_image_is_not_upscaled_in_its_crops() {
    let f = Fixture::new("minimal");
    write_photo(&f, "content/news/small-photo/ore.png", 800, 500);
    photo_article(&f, "small-photo", "ore.png");
    f.build();
    let html = f.html("news/small-photo/index.html");
    let images = news_article(&html)["image"].as_array().unwrap().clone();
    let ratios = [16.0 / 9.0, 4.0 / 3.0, 1.0];
    for (url, ratio) in images.iter().zip(ratios) {
        let (w, h) = decode_output(&f, url.as_str().unwrap()).dimensions();
        assert!(
            w <= 800 && h <= 500,
            "{url}: {w}×{h} is larger than the source"
        );
        let aspect = f64::from(w) / f64::from(h);
        assert!((aspect - ratio).abs() < 0.01, "{url}: {w}×{h}");
    }
    // The social card has one size: a small source fills it.
    let card = format!("{BASE}cards/news/small-photo.jpg");
    assert_eq!(decode_output(&f, &card).dimensions(), (1200, 630));
}

/// The card cache of the fixture's `public/`, beside it.
const CARD_CACHE: &str = ".public.card-cache";

/// Every card in the cache, by name, with its inode and modification time.
fn cache_entries(f: &Fixture) -> BTreeMap<String, (u64, i64, i64)> {
    fs::read_dir(f.path(CARD_CACHE))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

#[test]
fn a_rebuild_with_nothing_changed_makes_no_card_and_reads_the_cache() {
    let f = Fixture::new("minimal");
    write_photo(&f, "content/news/photo-story/ore.jpg", 1600, 1000);
    photo_article(&f, "photo-story", "ore.jpg");
    f.build();
    let cached = cache_entries(&f);
    // The site card, a drawn card per other article, and a card and three crops.
    assert!(cached.len() >= 5, "{cached:?}");

    // The output's cards are the cache's files, linked: written once.
    let inode = |path: &std::path::Path| fs::metadata(path).unwrap().ino();
    let card_inode = inode(&f.path("public/cards/news/magnet-prices.jpg"));
    assert!(
        cached.values().any(|(ino, _, _)| *ino == card_inode),
        "the output's card is not a link to a cached card"
    );

    // Nothing changed, output kept: no cache file is written again.
    f.build();
    assert_eq!(cache_entries(&f), cached);

    // Output gone: every card comes from the cache, none is made again.
    let card = f.path("public/cards/news/magnet-prices.jpg");
    let key_file = cached
        .keys()
        .find(|name| fs::read(f.path(CARD_CACHE).join(name)).unwrap() == fs::read(&card).unwrap())
        .expect("the card is in the cache")
        .clone();
    let marked = image::RgbImage::from_pixel(1200, 630, Rgb([1, 2, 3]));
    marked.save(f.path(CARD_CACHE).join(&key_file)).unwrap();
    let marked_bytes = fs::read(f.path(CARD_CACHE).join(&key_file)).unwrap();
    fs::remove_dir_all(f.path("public")).unwrap();
    f.build();
    assert_eq!(
        fs::read(&card).unwrap(),
        marked_bytes,
        "the card was made, not read back"
    );
    assert_eq!(
        inode(&card),
        cached[&key_file].0,
        "linked from the cache, not copied"
    );
    let mut after = cache_entries(&f);
    after.remove(&key_file);
    let mut before = cached.clone();
    before.remove(&key_file);
    assert_eq!(after, before);

    // One headline changed: one new card, and the old one leaves the cache.
    let path = f.path("content/news/magnet-prices.md");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replace("Magnet prices climb", "Magnet prices fall"),
    )
    .unwrap();
    f.build();
    let changed = cache_entries(&f);
    let new: Vec<&String> = changed
        .keys()
        .filter(|k| !cached.contains_key(*k))
        .collect();
    let gone: Vec<&String> = cached
        .keys()
        .filter(|k| !changed.contains_key(*k))
        .collect();
    assert_eq!(
        (new.len(), gone.len()),
        (1, 1),
        "new {new:?}, gone {gone:?}"
    );
    assert_eq!(gone[0], &key_file);
}

#[test]
fn an_image_that_cannot_be_decoded_fails_the_build_and_publishes_nothing() {
    let f = Fixture::new("minimal");
    f.build();
    let before = f.snapshot_public();
    f.write("content/news/broken-photo/ore.jpg", "this is not a JPEG");
    photo_article(&f, "broken-photo", "ore.jpg");
    let run = f.run(&["build"]);
    run.assert_failure();
    assert!(
        run.stderr.contains("content/news/broken-photo/ore.jpg")
            && run.stderr.contains("cannot decode"),
        "{}",
        run.stderr
    );
    assert_eq!(f.snapshot_public(), before);
}

/// A missing image stops a build (readers would see it broken); a `--drafts`
/// preview build goes on, and the card is drawn in its place.
#[test]
fn a_missing_image_is_a_warning_and_the_card_is_drawn() {
    let f = Fixture::new("minimal");
    photo_article(&f, "lost-photo", "/assets/nowhere.jpg");
    let refused = f.run(&["build"]);
    assert!(!refused.status.success(), "{}", refused.stderr);
    assert!(refused.stderr.contains("nowhere.jpg does not exist"));
    let run = f.run(&["build", "--drafts"]);
    run.assert_success();
    assert!(
        run.stderr.contains("nowhere.jpg") && run.stderr.contains("drawn"),
        "{}",
        run.stderr
    );
    let card = format!("{BASE}cards/news/lost-photo.jpg");
    assert_eq!(decode_output(&f, &card).dimensions(), (1200, 630));
}

#[test]
fn card_colours_come_from_site_yaml_and_a_bad_one_is_an_error_at_its_line() {
    let f = Fixture::new("minimal");
    let site = fs::read_to_string(f.path("site.yaml")).unwrap();
    f.write(
        "site.yaml",
        &format!("{site}cards:\n  background: \"#0a3d62\"\n"),
    );
    f.build();
    let card = decode_output(&f, &format!("{BASE}cards/news/magnet-prices.jpg")).to_rgb8();
    let ground = card.get_pixel(1190, 400).0;
    let near = |a: u8, b: u8| a.abs_diff(b) <= 6;
    assert!(
        near(ground[0], 0x0a) && near(ground[1], 0x3d) && near(ground[2], 0x62),
        "{ground:?}"
    );

    f.write("site.yaml", &format!("{site}cards:\n  accent: \"amber\"\n"));
    let run = f.run(&["build"]);
    run.assert_failure();
    let line = site.lines().count() + 2;
    assert!(
        run.stderr.contains(&format!("site.yaml:{line}")) && run.stderr.contains("cards.accent"),
        "{}",
        run.stderr
    );
    assert!(
        Path::new(&f.path("public/cards/site.jpg")).exists(),
        "the last good build stays"
    );
}

#[test]
fn check_reports_an_image_that_cannot_be_decoded_and_writes_no_output() {
    let f = Fixture::new("minimal");
    f.write("content/news/broken-photo/ore.png", "not a PNG either");
    photo_article(&f, "broken-photo", "ore.png");
    let run = f.run(&["check"]);
    run.assert_failure();
    assert!(
        run.stderr.contains("content/news/broken-photo/ore.png")
            && run.stderr.contains("cannot decode"),
        "{}",
        run.stderr
    );
    assert!(!f.path("public").exists());
    assert!(!f.path(CARD_CACHE).exists(), "check wrote the card cache");
}

/// `check` makes every card (to report what would stop a build) but writes
/// neither the output nor the card cache; after a build, it reads the cache.
#[test]
fn check_writes_no_card_cache_and_leaves_the_builds_cache_as_it_is() {
    let f = Fixture::new("minimal");
    f.run(&["check"]).assert_success();
    assert!(!f.path("public").exists());
    assert!(!f.path(CARD_CACHE).exists(), "check wrote the card cache");
    f.build();
    let cached = cache_entries(&f);
    f.write(
        "content/news/a-new-story.md",
        "---\ntitle: \"A story written after the build\"\ndate: 2025-09-02T08:00:00Z\nauthor: asha\nsummary: \"New.\"\n---\nThe text.\n",
    );
    f.run(&["check"]).assert_success();
    assert_eq!(cache_entries(&f), cached, "check changed the card cache");
}

#[test]
fn image_focus_keeps_the_subject_in_the_crops_and_a_bad_one_is_an_error_at_its_line() {
    let f = Fixture::new("minimal");
    // Blue, with the subject (red) in the right quarter of a wide picture.
    let photo = RgbImage::from_fn(2400, 1000, |x, _| {
        if x > 1800 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 40, 200])
        }
    });
    let dir = f.path("content/news/focus-story");
    fs::create_dir_all(&dir).unwrap();
    photo.save(dir.join("wide.jpg")).unwrap();
    let front = "---\ntitle: \"A story with its subject at the edge\"\ndate: 2025-08-02T08:00:00Z\nauthor: asha\nimage: wide.jpg\nimage_alt: \"A red buoy\"\n";
    f.write(
        "content/news/focus-story/index.md",
        &format!("{front}image_focus: [0.9, 0.5]\n---\nBody.\n"),
    );
    f.build();
    let square = decode_output(&f, &format!("{BASE}cards/news/focus-story.1x1.jpg")).to_rgb8();
    let middle = square.get_pixel(square.width() / 2, 500).0;
    assert!(
        middle[0] > 180 && middle[2] < 80,
        "the square crop missed the subject: {middle:?}"
    );

    f.write(
        "content/news/focus-story/index.md",
        &format!("{front}image_focus: [1.5, 0.5]\n---\nBody.\n"),
    );
    let run = f.run(&["build"]);
    run.assert_failure();
    assert!(
        run.stderr.contains("content/news/focus-story/index.md:7")
            && run.stderr.contains("image_focus"),
        "{}",
        run.stderr
    );
}
