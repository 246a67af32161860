//! The same newsroom as a Hugo site, for the benchmark's comparison: the same
//! articles, bodies, authors, tags and pages, with `bench/hugo-theme/` as its
//! layouts and monazite's theme assets as its static files.
//!
//! Differences forced by Hugo's model: authors are terms of an `authors`
//! taxonomy (`content/authors/<key>/_index.md`), static pages sit at the
//! content root with `url: /<slug>/`, every article states its `slug`, and
//! internal related links name the content file (`page: /news/<stem>`) so the
//! theme can look their titles up with `site.GetPage`.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use super::site::{
    BASE_URL, NEWSLETTER_ACTION, PAGES, SITE_TITLE, author_bio, copy_dir, page_body,
};
use super::words::{AUTHORS, TAGS};
use super::yaml::quote;
use super::{ArticlePlan, ArticleText, Plan, article_images, lead_image_name};

/// Where the Hugo site goes and what it is made of.
pub struct HugoDirs<'a> {
    pub site: &'a Path,
    /// `bench/hugo-theme/`: copied to the site's `layouts/`.
    pub theme: &'a Path,
    /// monazite's `templates/assets/`: copied to `static/assets/`.
    pub assets: &'a Path,
}

/// Writes the configuration, authors, pages, layouts and static files.
pub fn write_fixed(plan: &Plan, dirs: &HugoDirs<'_>) -> io::Result<()> {
    let dir = dirs.site;
    fs::create_dir_all(dir.join("content/news"))?;
    fs::write(dir.join("hugo.toml"), hugo_toml(plan))?;
    fs::write(
        dir.join("content/news/_index.md"),
        "---\ntitle: \"News archive\"\n---\n",
    )?;
    fs::create_dir_all(dir.join("content/tags"))?;
    fs::write(
        dir.join("content/tags/_index.md"),
        "---\ntitle: \"Topics\"\n---\n",
    )?;
    for (i, author) in AUTHORS.iter().enumerate() {
        let file = dir.join(format!("content/authors/{}/_index.md", author.key));
        fs::create_dir_all(file.parent().expect("author folder"))?;
        fs::write(
            file,
            format!(
                "---\ntitle: {}\nrole: {}\nbio: {}\n---\n{}\n",
                quote(author.name),
                quote(author.role),
                quote(&author_bio(i)),
                author_bio(i)
            ),
        )?;
    }
    for (i, (slug, title, summary)) in PAGES.iter().enumerate() {
        fs::write(
            dir.join(format!("content/{slug}.md")),
            format!(
                "---\ntitle: {}\nsummary: {}\nurl: /{slug}/\n---\n{summary}\n\n{}\n",
                quote(title),
                quote(summary),
                page_body(plan, i)
            ),
        )?;
    }
    copy_dir(dirs.theme, &dir.join("layouts"))?;
    copy_dir(dirs.assets, &dir.join("static/assets"))
}

/// Writes article `index` in Hugo's form.
pub fn write_article(plan: &Plan, dir: &Path, index: usize, text: &ArticleText) -> io::Result<()> {
    let a = &plan.articles[index];
    let mut fm = String::with_capacity(2048);
    let _ = writeln!(
        fm,
        "---\ntitle: {}\ndate: {}\nslug: {}",
        quote(&a.title),
        a.date,
        a.slug
    );
    if let Some(updated) = text.updated {
        let _ = writeln!(fm, "updated: {updated}");
    }
    let author = AUTHORS[a.author].key;
    let _ = writeln!(fm, "author: {author}\nauthors: [{author}]");
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
            let _ = writeln!(fm, "  - page: {}", content_path(&plan.articles[r]));
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
    fs::write(&file, &fm)
}

/// The path `site.GetPage` knows an article by: its content file without `.md`.
fn content_path(a: &ArticlePlan) -> String {
    let stem = a.file.trim_end_matches(".md").trim_end_matches("/index");
    format!("/news/{stem}")
}

fn hugo_toml(plan: &Plan) -> String {
    format!(
        "# A synthetic newsroom made by `cargo run --release --example gen_corpus -- --hugo-out`:\n\
# {} articles, seed {}; the Hugo twin of the monazite corpus, for benchmarks.\n\
baseURL = \"{BASE_URL}\"\n\
title = {}\n\
locale = \"en\"\n\
timeZone = \"Asia/Kolkata\"\n\
enableRobotsTXT = false\n\n\
[pagination]\n\
pagerSize = 10\n\
# No redirect page at every list's page/1/: monazite writes none.\n\
disableAliases = true\n\
\n\
[taxonomies]\n\
tag = \"tags\"\n\
author = \"authors\"\n\
\n\
# Like monazite: site-wide feeds, no feed per section, topic or author.\n\
[outputs]\n\
home = [\"html\", \"rss\"]\n\
section = [\"html\"]\n\
taxonomy = [\"html\"]\n\
term = [\"html\"]\n\
\n\
[services.rss]\n\
limit = 20\n\
\n\
[markup.goldmark.renderer]\n\
unsafe = true\n\
\n\
[params]\n\
newsletter_action = \"{NEWSLETTER_ACTION}\"\n",
        plan.spec.articles,
        plan.spec.seed,
        quote(SITE_TITLE),
    )
}
