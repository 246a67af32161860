//! The corpus as a monazite site: `site.yaml`, `content/authors/`,
//! `content/pages/`, `content/news/` and a copy of the theme in `templates/`.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use super::prose;
use super::rng::Rng;
use super::words::{AUTHORS, TAGS};
use super::yaml::quote;
use super::{AUTHOR_STREAM, ArticleText, PAGE_STREAM, Plan, article_images, lead_image_name};

pub const SITE_TITLE: &str = "Monazite Bench News";
pub const BASE_URL: &str = "https://bench.example.org/";
pub const NEWSLETTER_ACTION: &str = "https://newsletter.example.org/subscribe/bench";

/// The static pages: slug, title, summary.
pub const PAGES: &[(&str, &str, &str)] = &[
    (
        "about",
        "About",
        "Monazite Bench News is a synthetic newsroom for measuring builds.",
    ),
    (
        "contact",
        "Contact",
        "How to reach the desk, send a tip or ask for a correction.",
    ),
    (
        "privacy",
        "Privacy",
        "What we collect when you read or subscribe, and why.",
    ),
    (
        "corrections",
        "Corrections",
        "How we correct mistakes, and where corrections appear.",
    ),
];

/// Writes everything but the articles: configuration, authors, pages, theme.
pub fn write_fixed(plan: &Plan, dir: &Path, templates: &Path) -> io::Result<()> {
    fs::create_dir_all(dir.join("content/news"))?;
    fs::write(dir.join("site.yaml"), site_yaml(plan))?;
    for (i, author) in AUTHORS.iter().enumerate() {
        let file = dir.join(format!("content/authors/{}.md", author.key));
        fs::create_dir_all(file.parent().expect("authors folder"))?;
        fs::write(file, author_markdown(plan, i))?;
    }
    for (i, (slug, title, summary)) in PAGES.iter().enumerate() {
        let file = dir.join(format!("content/pages/{slug}.md"));
        fs::create_dir_all(file.parent().expect("pages folder"))?;
        let text = format!(
            "---\ntitle: {}\nsummary: {}\n---\n{}\n\n{}\n",
            quote(title),
            quote(summary),
            summary,
            page_body(plan, i)
        );
        fs::write(file, text)?;
    }
    copy_dir(templates, &dir.join("templates"))
}

/// Writes article `index` (and its cover image if it is a folder article).
pub fn write_article(plan: &Plan, dir: &Path, index: usize, text: &ArticleText) -> io::Result<u64> {
    let a = &plan.articles[index];
    let mut fm = String::with_capacity(2048);
    let _ = writeln!(fm, "---\ntitle: {}\ndate: {}", quote(&a.title), a.date);
    if let Some(updated) = text.updated {
        let _ = writeln!(fm, "updated: {updated}");
    }
    let _ = writeln!(fm, "author: {}", AUTHORS[a.author].key);
    if let Some(summary) = &text.summary {
        let _ = writeln!(fm, "summary: {}", quote(summary));
    }
    fm.push_str("highlights:\n");
    for h in &text.highlights {
        let _ = writeln!(fm, "  - {}", quote(h));
    }
    let _ = writeln!(
        fm,
        "source:\n  name: {}\n  url: {}\n  date: {}",
        quote(text.source.name),
        text.source.url,
        text.source.date
    );
    if !text.related.is_empty() || text.related_external.is_some() {
        fm.push_str("related:\n");
        for &r in &text.related {
            let _ = writeln!(fm, "  - /news/{}/", plan.articles[r].slug);
        }
        if let Some((title, url)) = &text.related_external {
            let _ = writeln!(fm, "  - title: {}\n    url: {url}", quote(title));
        }
    }
    let tags: Vec<&str> = a.tags.iter().map(|&t| TAGS[t]).collect();
    let _ = writeln!(fm, "tags: [{}]", tags.join(", "));
    if let (Some(alt), Some(image)) = (&text.image_alt, lead_image_name(a)) {
        let _ = writeln!(fm, "image: {image}\nimage_alt: {}", quote(alt));
    }
    if a.draft {
        fm.push_str("draft: true\n");
    } else if a.custom_slug {
        fm.push_str("draft: false\n");
    }
    if a.custom_slug {
        let _ = writeln!(fm, "slug: {}", a.slug);
    }
    fm.push_str("---\n");
    fm.push_str(&text.body);
    let file = dir.join("content/news").join(&a.file);
    if a.folder {
        fs::create_dir_all(file.parent().expect("article folder"))?;
        for (name, bytes) in article_images(plan, index) {
            fs::write(file.with_file_name(name), bytes)?;
        }
    }
    fs::write(&file, &fm)?;
    Ok(fm.len() as u64)
}

fn site_yaml(plan: &Plan) -> String {
    format!(
        "# A synthetic newsroom made by `cargo run --release --example gen_corpus`:\n\
# {} articles, seed {}. Regenerate rather than edit.\n\
title: {}\n\
description: \"Synthetic rare earths and critical minerals news, for benchmarks.\"\n\
base_url: \"{BASE_URL}\"\n\
language: \"en\"\n\
timezone: \"+05:30\"\n\
default_author: {}\n\
paginate_by: 10\n\
archive_paginate_by: 50\n\
feed_limit: 20\n\
publication_name: {}\n\
logo: \"/assets/logo.svg\"\n\
copyright: \"© 2026 Monazite Bench News\"\n\
nav:\n  - title: \"News\"\n    url: \"/news/\"\n  - title: \"Topics\"\n    url: \"/tags/\"\n  - title: \"About\"\n    url: \"/about/\"\n\
footer_links:\n  - title: \"About\"\n    url: \"/about/\"\n  - title: \"Contact\"\n    url: \"/contact/\"\n  - title: \"Privacy\"\n    url: \"/privacy/\"\n  - title: \"Corrections\"\n    url: \"/corrections/\"\n\
newsletter:\n  action: \"{NEWSLETTER_ACTION}\"\n  method: \"post\"\n  email_field: \"email\"\n  hidden_fields:\n    list: \"bench\"\n  heading: \"Straight into your inbox\"\n  blurb: \"The week's rare earth and critical minerals news, every Friday morning.\"\n  button: \"Subscribe\"\n",
        plan.spec.articles,
        plan.spec.seed,
        quote(SITE_TITLE),
        AUTHORS[0].key,
        quote(SITE_TITLE),
    )
}

fn author_markdown(plan: &Plan, i: usize) -> String {
    let a = &AUTHORS[i];
    let mut rng = Rng::for_item(plan.spec.seed, AUTHOR_STREAM, i as u64);
    format!(
        "---\nname: {}\nrole: {}\nbio: {}\nlinks:\n  - title: \"Email\"\n    url: \"mailto:{}@example.org\"\n  - title: \"Mastodon\"\n    url: \"https://example.org/@{}\"\n---\n{} is Monazite Bench News's {}, based in {}. {}\n\n{}\n",
        quote(a.name),
        quote(a.role),
        quote(&author_bio(i)),
        a.key,
        a.key,
        a.name,
        a.role.to_lowercase(),
        a.city,
        prose::paragraph(&mut rng, 3, 3),
        prose::paragraph(&mut rng, 4, 4),
    )
}

/// The one-sentence bio shown in author boxes.
pub fn author_bio(i: usize) -> String {
    let a = &AUTHORS[i];
    format!(
        "{} is the {} of Monazite Bench News, based in {}.",
        a.name,
        a.role.to_lowercase(),
        a.city
    )
}

/// The body of a static page after its summary line.
pub fn page_body(plan: &Plan, page: usize) -> String {
    let mut rng = Rng::for_item(plan.spec.seed, PAGE_STREAM, page as u64);
    format!(
        "## How we work\n\n{}\n\n## Contact\n\nWrite to [the desk](mailto:desk@example.org) or read [our latest news](/news/).\n",
        prose::paragraph(&mut rng, 5, 5)
    )
}

/// Copies a folder tree (the theme) into `to`.
pub fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    let mut entries: Vec<fs::DirEntry> = fs::read_dir(from)?.collect::<io::Result<_>>()?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
