//! What a photo desk wants to hear before publishing: images without alt
//! text (a lead image with no `image_alt:`, a body image written `![](…)`),
//! lead images too narrow to fill a wide screen or a social card, and source
//! files too large to keep in the repository (settings under `images:` in
//! site.yaml). Nothing here stops a build.

use std::path::Path;

use crate::content::model::Article;
use crate::diag::{Diagnostic, Diagnostics};
use crate::images::{self, body, plan};
use crate::site::Site;
use crate::verify::locate;

/// Adds every image finding about `site` to `found`.
pub fn check(site: &Site, found: &mut Diagnostics) {
    let statics = plan::StaticImages::of(&site.root, &site.library, &site.config);
    for article in &site.library.articles {
        let Some(dir) = site
            .root
            .join(&article.file.path)
            .parent()
            .map(Path::to_path_buf)
        else {
            continue;
        };
        lead_image(site, &dir, &statics, article, found);
        body_images(site, &dir, &statics, article, found);
    }
}

fn lead_image(
    site: &Site,
    dir: &Path,
    statics: &plan::StaticImages,
    article: &Article,
    found: &mut Diagnostics,
) {
    let Some(image) = &article.image else { return };
    let file = &article.file;
    let at = locate::front_matter_value(file, "image", image);
    if article
        .image_alt
        .as_deref()
        .is_none_or(|a| a.trim().is_empty())
    {
        found.push(locate::at(
            Diagnostic::warning("the lead image has no alt text")
                .with_help("add `image_alt:` saying what the image shows, for readers who cannot see it (screen readers, images turned off)"),
            &file.path,
            &file.text,
            at,
        ));
    }
    let Some((path, _)) = plan::source_file(dir, article, statics, image) else {
        return;
    };
    let settings = &site.config.images;
    if let Ok((width, _)) = images::shown_size(&path)
        && width < settings.min_lead_width
    {
        found.push(locate::at(
            Diagnostic::warning(format!(
                "the lead image is {width} px wide, narrower than {} px",
                settings.min_lead_width
            ))
            .with_help("a lead image fills wide screens and social cards: use a version at least that wide (images.min_lead_width in site.yaml sets the limit)"),
            &file.path,
            &file.text,
            at,
        ));
    }
    too_large(site, &path, &file.path, &file.text, at, found);
}

fn body_images(
    site: &Site,
    dir: &Path,
    statics: &plan::StaticImages,
    article: &Article,
    found: &mut Diagnostics,
) {
    let file = &article.file;
    let html = site.library.body_html(article);
    for tag in body::img_tags(&html) {
        let url = plan::unescape(tag.src);
        let at = article
            .body
            .links
            .iter()
            .find(|l| l.is_image && l.url == url)
            .map(|l| locate::body_link(file, l.offset, &url));
        if tag.alt.trim().is_empty() {
            found.push(locate::at(
                Diagnostic::warning(format!("image {url} has no alt text"))
                    .with_help("write what the image shows between the brackets, ![like this](photo.jpg), for readers who cannot see it"),
                &file.path,
                &file.text,
                at,
            ));
        }
        if let Some((path, _)) = plan::source_file(dir, article, statics, &url) {
            too_large(site, &path, &file.path, &file.text, at, found);
        }
    }
}

fn too_large(
    site: &Site,
    image: &Path,
    in_file: &Path,
    text: &str,
    at: Option<locate::LineCol>,
    found: &mut Diagnostics,
) {
    let limit = site.config.images.warn_over_bytes;
    let Ok(size) = std::fs::metadata(image).map(|m| m.len()) else {
        return;
    };
    if size <= limit {
        return;
    }
    let mb = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    let name = image.strip_prefix(&site.root).unwrap_or(image).display();
    found.push(locate::at(
        Diagnostic::warning(format!(
            "image {name} is {:.1} MB, over {:.1} MB",
            mb(size),
            mb(limit)
        ))
        .with_help("the build publishes small versions, but the source weighs on the repository and every build: export it at most 4000 px wide at quality 85–90 (images.warn_over_mb in site.yaml sets the limit)"),
        in_file,
        text,
        at,
    ));
}
