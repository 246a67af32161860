//! The benchmark's corpus generator (`examples/gen_corpus`): the same seed gives
//! the same bytes, and what it writes is a newsroom the real binary builds
//! cleanly, using every front-matter field.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::support::{Fixture, repo_root, select, text_of};

// The generator's code, compiled into this test binary (examples cannot be linked to).
#[allow(dead_code)]
#[path = "../../examples/gen_corpus/corpus/mod.rs"]
mod gen_corpus;

use gen_corpus::hugo::HugoDirs;
use gen_corpus::images::ImageSpec;
use gen_corpus::{Plan, Spec};

/// Writes a corpus of `articles` articles into `site`, and its Hugo twin into `hugo`.
fn generate(site: &Path, hugo: &Path, articles: usize, seed: u64) -> gen_corpus::Summary {
    generate_with(site, hugo, articles, seed, ImageSpec::NONE)
}

/// [`generate`] with images.
fn generate_with(
    site: &Path,
    hugo: &Path,
    articles: usize,
    seed: u64,
    images: ImageSpec,
) -> gen_corpus::Summary {
    let templates = repo_root().join("templates");
    let assets = templates.join("assets");
    let theme = repo_root().join("bench/hugo-theme");
    let hugo = HugoDirs {
        site: hugo,
        theme: &theme,
        assets: &assets,
    };
    gen_corpus::generate(
        Spec {
            articles,
            seed,
            images,
        },
        site,
        &templates,
        Some(&hugo),
    )
    .expect("generate corpus")
}

/// Every file under `dir` with its bytes, sorted by path.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk corpus"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn same_seed_writes_the_same_bytes_and_another_seed_does_not() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    for (dir, seed) in [(&a, 7), (&b, 7), (&c, 8)] {
        generate(&dir.path().join("site"), &dir.path().join("hugo"), 40, seed);
    }
    for part in ["site", "hugo"] {
        let first = tree(&a.path().join(part));
        assert!(first.len() > 40, "{part}: only {} files", first.len());
        let again = tree(&b.path().join(part));
        let names = |t: &[(String, Vec<u8>)]| t.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(&first), names(&again), "{part}: file names differ");
        for ((name, x), (_, y)) in first.iter().zip(&again) {
            assert!(
                x == y,
                "{part}/{name} differs between two runs with one seed"
            );
        }
        let news = |t: &[(String, Vec<u8>)]| -> Vec<Vec<u8>> {
            t.iter()
                .filter(|f| {
                    f.0.contains("news/") && f.0.ends_with(".md") && !f.0.ends_with("_index.md")
                })
                .map(|f| f.1.clone())
                .collect()
        };
        let other = tree(&c.path().join(part));
        assert_ne!(
            news(&first),
            news(&other),
            "{part}: seed 8 wrote the articles of seed 7"
        );
    }
}

#[test]
fn generated_corpus_builds_cleanly_with_every_front_matter_field() {
    let f = Fixture {
        dir: tempfile::tempdir().unwrap(),
    };
    let hugo = tempfile::tempdir().unwrap();
    let summary = generate(f.root(), hugo.path(), 30, 1);
    let site = f.root();
    let plan = Plan::new(Spec {
        articles: 30,
        seed: 1,
        images: ImageSpec::NONE,
    });
    assert_eq!(summary.articles, 30);

    // Articles are about 10 KB of Markdown each, and together use every field.
    let average = summary.article_bytes / 30;
    assert!(
        (8_000..14_000).contains(&average),
        "average article {average} bytes"
    );
    let all_markdown: String = walkdir::WalkDir::new(site.join("content/news"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| fs::read_to_string(e.path()).unwrap())
        .collect();
    for field in [
        "\ntitle: ",
        "\ndate: ",
        "\nupdated: ",
        "\nauthor: ",
        "\nsummary: ",
        "\nhighlights:\n",
        "\nsource:\n  name: ",
        "\n  url: ",
        "\n  date: ",
        "\nrelated:\n  - /news/",
        "\n  - title: ",
        "\ntags: [",
        "\nimage: ",
        "\nimage_alt: ",
        "\ndraft: true",
        "\nslug: ",
    ] {
        assert!(
            all_markdown.contains(field),
            "no article has `{}`",
            field.trim()
        );
    }
    for construct in [
        "\n## ",
        "\n- **",
        "\n|---|",
        "[^1]",
        "\n[^1]: ",
        "](/news/",
        "](https://",
    ] {
        assert!(
            all_markdown.contains(construct),
            "no article body has `{construct}`"
        );
    }

    let run = f.build();
    assert!(
        run.stderr.trim().is_empty(),
        "warnings or errors:\n{}",
        run.stderr
    );
    let public = site.join("public");

    // Every published article is built at its slug, drafts are not.
    for a in &plan.articles {
        let page = public.join(format!("news/{}/index.html", a.slug));
        assert_eq!(page.is_file(), !a.draft, "{} (draft: {})", a.slug, a.draft);
    }
    let folder = plan
        .articles
        .iter()
        .find(|a| a.folder)
        .expect("a folder article");
    assert!(
        public
            .join(format!("news/{}/cover.svg", folder.slug))
            .is_file()
    );
    let published = plan.articles.iter().filter(|a| !a.draft).count();
    assert!(
        public
            .join(format!("page/{}/index.html", published.div_ceil(10)))
            .is_file()
    );

    // An article page shows what its front matter and body hold.
    let custom = plan
        .articles
        .iter()
        .find(|a| a.custom_slug)
        .expect("an article with `slug:`");
    let html = scraper::Html::parse_document(
        &fs::read_to_string(public.join(format!("news/{}/index.html", custom.slug))).unwrap(),
    );
    assert_eq!(text_of(&html, "h1"), custom.title);
    assert!((3..=5).contains(&select(&html, ".highlights li").len()));
    assert!(text_of(&html, ".source-line").starts_with("Source: "));
    assert!(select(&html, ".article-body h2").len() >= 4);
    assert_eq!(select(&html, ".article-body table").len(), 1);
    assert_eq!(select(&html, ".article-body .footnote-definition").len(), 1);
    let titles: BTreeSet<&str> = plan.articles.iter().map(|a| a.title.as_str()).collect();
    for link in select(&html, ".related a:not(.external)") {
        let title = link.text().collect::<String>();
        assert!(
            titles.contains(title.trim()),
            "related link `{title}` is no article's title"
        );
    }
    assert!(!select(&html, ".tags a[rel=tag]").is_empty());
}

/// Every `.jpg` under `dir`, by path relative to it.
fn jpegs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    tree(dir)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".jpg"))
        .collect()
}

#[test]
fn the_text_corpus_has_no_raster_images() {
    let dir = tempfile::tempdir().unwrap();
    generate(&dir.path().join("site"), &dir.path().join("hugo"), 40, 3);
    assert!(jpegs(&dir.path().join("site")).is_empty());
    assert!(jpegs(&dir.path().join("hugo")).is_empty());
}

#[test]
fn images_on_give_a_share_of_articles_lead_and_inline_jpegs_from_the_seed() {
    let images = ImageSpec {
        lead_percent: 50,
        inline_percent: 25,
        width: 320,
        height: 200,
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for dir in [&a, &b] {
        generate_with(
            &dir.path().join("site"),
            &dir.path().join("hugo"),
            40,
            5,
            images,
        );
    }
    let site = a.path().join("site");
    let files = jpegs(&site);
    assert_eq!(
        files,
        jpegs(&b.path().join("site")),
        "same seed, same images"
    );
    assert_eq!(
        jpegs(&a.path().join("hugo")).len(),
        files.len(),
        "Hugo's twin has them too"
    );
    let leads: Vec<&String> = files
        .iter()
        .map(|(r, _)| r)
        .filter(|r| r.ends_with("/lead.jpg"))
        .collect();
    let figures = files
        .iter()
        .filter(|(r, _)| r.ends_with("/figure.jpg"))
        .count();
    assert!(
        (10..=30).contains(&leads.len()),
        "{} lead images of 40",
        leads.len()
    );
    assert!((3..=20).contains(&figures), "{figures} figures of 40");
    for (rel, bytes) in &files {
        let decoded = image::load_from_memory(bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!((decoded.width(), decoded.height()), (320, 200), "{rel}");
    }

    // The newsroom builds, and an article with a lead image shows it and has
    // a card cut from it.
    let f = Fixture {
        dir: tempfile::tempdir().unwrap(),
    };
    crate::support::copy_dir(&site, f.root());
    f.build();
    let folder = leads[0]
        .trim_start_matches("content/news/")
        .trim_end_matches("/lead.jpg");
    let html = f.output(&format!("news/{folder}/index.html"));
    // The lead image is processed: a `<picture>` of its resized versions.
    assert!(
        html.contains("<picture>") && html.contains("/lead-320w-"),
        "no lead image on news/{folder}/"
    );
    assert!(
        f.path(&format!("public/cards/news/{folder}.16x9.jpg"))
            .is_file()
    );
    let with_figure = files
        .iter()
        .find(|(r, _)| r.ends_with("/figure.jpg"))
        .map(|(r, _)| {
            r.trim_start_matches("content/news/")
                .trim_end_matches("/figure.jpg")
        })
        .unwrap();
    let html = f.html(&format!("news/{with_figure}/index.html"));
    assert!(
        !select(&html, "picture img[src^='figure-320w-']").is_empty(),
        "no figure on news/{with_figure}/"
    );
}
