//! A deterministic synthetic newsroom for benchmarks and tests: the same
//! article count and seed always give the same bytes.
//!
//! [`Plan::new`] decides every article's headline, slug, date, author and tags
//! (small, kept in memory); each article's text is then made from its own
//! random stream and written at once, so a 100,000-article corpus never sits in
//! memory. [`site`] writes a monazite site and [`hugo`] the same newsroom as a
//! Hugo site, for comparisons.

pub mod dates;
pub mod hugo;
pub mod images;
pub mod prose;
pub mod rng;
pub mod site;
pub mod words;
pub mod yaml;

use std::collections::HashSet;
use std::io;
use std::path::Path;

use dates::Stamp;
use prose::LinkTarget;
use rng::Rng;
use words::{AUTHORS, OUTLETS, TAGS};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub articles: usize,
    pub seed: u64,
    /// Raster images for some articles; [`images::ImageSpec::NONE`] for the text benchmark.
    pub images: images::ImageSpec,
}

/// Random streams, one per purpose, so changing one part leaves the others alone.
const PLAN_STREAM: u64 = 1;
const TEXT_STREAM: u64 = 2;
pub const AUTHOR_STREAM: u64 = 3;
pub const PAGE_STREAM: u64 = 4;

/// The first and last day articles are dated (days since 1970-01-01):
/// 2015-10-01 and 2025-09-30, ten years that end before any build's "now"
/// (the tests fix it at 2025-10-18), so no article is left out as scheduled.
const FIRST_DAY: i64 = 16_709;
const LAST_DAY: i64 = 20_361;

/// One article's identity, decided before any text is written.
#[derive(Debug, Clone)]
pub struct ArticlePlan {
    pub title: String,
    /// The slug in its URL, `/news/<slug>/`.
    pub slug: String,
    /// Path under `content/news/`: `<stem>.md` or `<slug>/index.md`.
    pub file: String,
    /// Front matter sets `slug:` because the file name differs from it.
    pub custom_slug: bool,
    /// A folder article, with a cover image beside its `index.md`.
    pub folder: bool,
    /// A JPEG lead image (`lead.jpg`) beside it, in place of the SVG cover.
    pub lead_image: bool,
    /// A JPEG figure (`figure.jpg`) beside it, shown in the body.
    pub inline_image: bool,
    pub draft: bool,
    pub date: Stamp,
    pub author: usize,
    pub tags: Vec<usize>,
}

/// Every article of the corpus, in generation order.
pub struct Plan {
    pub spec: Spec,
    pub articles: Vec<ArticlePlan>,
}

impl Plan {
    pub fn new(spec: Spec) -> Plan {
        let mut rng = Rng::for_item(spec.seed, PLAN_STREAM, 0);
        let mut slugs: HashSet<String> = HashSet::with_capacity(spec.articles);
        let articles = (0..spec.articles)
            .map(|i| {
                let title = prose::headline(&mut rng);
                let slug = unique_slug(&title, &mut slugs);
                let day = rng.between(FIRST_DAY as usize, LAST_DAY as usize) as i64;
                let date = Stamp::random(&mut rng, day);
                // Index rules (not chance) so that even a 30-article corpus has one of each.
                let (lead_image, inline_image) = images::choose(&spec.images, spec.seed, i);
                // Images sit beside their article, so an article with one is a folder.
                let folder = i % 97 == 5 || lead_image || inline_image;
                let custom_slug = !folder && i % 89 == 7;
                let draft = i % 211 == 11;
                let file = if folder {
                    format!("{slug}/index.md")
                } else if custom_slug {
                    format!("{}-story-{i}.md", date.day_text())
                } else {
                    format!("{slug}.md")
                };
                let mut tags: Vec<usize> = Vec::new();
                let wanted = rng.between(2, 4);
                while tags.len() < wanted {
                    let t = rng.skewed(TAGS.len());
                    if !tags.contains(&t) {
                        tags.push(t);
                    }
                }
                ArticlePlan {
                    title,
                    slug,
                    file,
                    custom_slug,
                    folder,
                    lead_image,
                    inline_image,
                    draft,
                    date,
                    author: rng.skewed(AUTHORS.len()),
                    tags,
                }
            })
            .collect();
        Plan { spec, articles }
    }

    /// Published articles, which other articles may link to.
    pub fn link_targets(&self) -> Vec<LinkTarget<'_>> {
        self.articles
            .iter()
            .filter(|a| !a.draft)
            .map(|a| LinkTarget {
                title: &a.title,
                path: format!("/news/{}/", a.slug),
            })
            .collect()
    }
}

/// An article's front matter values and body, shared by both site formats.
pub struct ArticleText {
    pub updated: Option<Stamp>,
    pub summary: Option<String>,
    pub highlights: Vec<String>,
    pub source: Source,
    /// Indices of other articles in the plan.
    pub related: Vec<usize>,
    pub related_external: Option<(String, String)>,
    pub image_alt: Option<String>,
    pub body: String,
}

/// Where an article's story came from.
pub struct Source {
    pub name: &'static str,
    pub url: String,
    pub date: Stamp,
}

/// Makes the text of article `index` from its own random stream.
pub fn article_text(plan: &Plan, targets: &[LinkTarget<'_>], index: usize) -> ArticleText {
    let a = &plan.articles[index];
    let mut rng = Rng::for_item(plan.spec.seed, TEXT_STREAM, index as u64);
    let updated = rng
        .chance(20)
        .then(|| a.date.later_by_days(rng.between(1, 10) as i64));
    let summary = rng.chance(85).then(|| prose::summary(&mut rng));
    let highlights = prose::highlights(&mut rng);
    let outlet = rng.pick(OUTLETS);
    let source = Source {
        name: outlet,
        url: format!("https://example.com/{}/{}", prose::slug_of(outlet), a.slug),
        date: a.date.later_by_days(-(rng.below(2) as i64)).date_only(),
    };
    let mut related = Vec::new();
    if plan.articles.len() > 1 {
        for _ in 0..rng.between(1, 3) {
            let other = rng.below(plan.articles.len());
            if other != index && !plan.articles[other].draft && !related.contains(&other) {
                related.push(other);
            }
        }
    }
    let related_external = rng.chance(70).then(|| {
        let outlet = rng.pick(OUTLETS);
        (
            format!("{outlet}: {}", prose::headline(&mut rng)),
            format!(
                "https://example.com/{}/report-{}",
                prose::slug_of(outlet),
                rng.below(1_000_000)
            ),
        )
    });
    let image_alt = a.folder.then(|| {
        format!(
            "{} at a processing site",
            prose::capitalize(rng.pick(words::MINERALS))
        )
    });
    let target_bytes = 7_800 + rng.below(2_000);
    let mut body = prose::body(&mut rng, targets, target_bytes);
    if a.inline_image {
        // After the lead paragraphs, as a photo desk places a figure.
        let at = body.find("\n\n## ").map_or(body.len(), |i| i + 2);
        body.insert_str(
            at,
            &format!(
                "![A chart of {} output](figure.jpg)\n\n",
                a.title.to_lowercase()
            ),
        );
    }
    ArticleText {
        updated,
        summary,
        highlights,
        source,
        related,
        related_external,
        image_alt,
        body,
    }
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub articles: usize,
    pub drafts: usize,
    /// Bytes of article Markdown (front matter and body) in the monazite site.
    pub article_bytes: u64,
}

/// Writes the monazite site into `site_dir` with `templates` as its theme,
/// and, if asked, the same newsroom as a Hugo site.
pub fn generate(
    spec: Spec,
    site_dir: &Path,
    templates: &Path,
    hugo_dirs: Option<&hugo::HugoDirs<'_>>,
) -> io::Result<Summary> {
    let plan = Plan::new(spec);
    site::write_fixed(&plan, site_dir, templates)?;
    if let Some(dirs) = hugo_dirs {
        hugo::write_fixed(&plan, dirs)?;
    }
    let targets = plan.link_targets();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Each article has its own random stream, so the split across threads does not change the bytes.
    let per_thread: Vec<io::Result<u64>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let (plan, targets) = (&plan, &targets);
                scope.spawn(move || -> io::Result<u64> {
                    let mut bytes = 0;
                    for i in (t..plan.articles.len()).step_by(threads) {
                        let text = article_text(plan, targets, i);
                        bytes += site::write_article(plan, site_dir, i, &text)?;
                        if let Some(dirs) = hugo_dirs {
                            hugo::write_article(plan, dirs.site, i, &text)?;
                        }
                    }
                    Ok(bytes)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("generator thread panicked"))
            .collect()
    });
    let mut summary = Summary {
        articles: plan.articles.len(),
        drafts: plan.articles.iter().filter(|a| a.draft).count(),
        article_bytes: 0,
    };
    for bytes in per_thread {
        summary.article_bytes += bytes?;
    }
    Ok(summary)
}

/// The images written beside a folder article: (file name, bytes).
pub fn article_images(plan: &Plan, index: usize) -> Vec<(&'static str, Vec<u8>)> {
    let a = &plan.articles[index];
    let spec = plan.spec.images;
    let seed = plan.spec.seed;
    let mut files = Vec::new();
    if a.lead_image {
        files.push((
            "lead.jpg",
            images::jpeg(seed, index, 0, spec.width, spec.height),
        ));
    } else if a.folder {
        files.push((
            "cover.svg",
            cover_svg(&a.title, index * 37 % 360).into_bytes(),
        ));
    }
    if a.inline_image {
        files.push((
            "figure.jpg",
            images::jpeg(seed, index, 1, spec.width, spec.height),
        ));
    }
    files
}

/// The `image:` of an article's front matter, if it has one.
pub fn lead_image_name(a: &ArticlePlan) -> Option<&'static str> {
    if a.lead_image {
        Some("lead.jpg")
    } else if a.folder {
        Some("cover.svg")
    } else {
        None
    }
}

/// A small SVG cover image for folder articles.
pub fn cover_svg(title: &str, hue: usize) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\" viewBox=\"0 0 1200 630\">\
<rect width=\"1200\" height=\"630\" fill=\"hsl({hue},35%,35%)\"/>\
<circle cx=\"960\" cy=\"180\" r=\"140\" fill=\"hsl({hue},45%,60%)\"/>\
<text x=\"60\" y=\"560\" font-family=\"sans-serif\" font-size=\"40\" fill=\"#fff\">{}</text></svg>\n",
        yaml::xml_escape(title)
    )
}

fn unique_slug(title: &str, taken: &mut HashSet<String>) -> String {
    let words: Vec<&str> = title.split_whitespace().take(9).collect();
    let base = prose::slug_of(&words.join(" "));
    let mut slug = base.clone();
    let mut n = 2;
    while !taken.insert(slug.clone()) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    slug
}
