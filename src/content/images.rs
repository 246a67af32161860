//! The pixel size of an article's image, read from the file's first bytes
//! (never decoded), so that pages give `width` and `height` and the browser
//! keeps the image's room before it loads (no layout shift). Raster formats
//! are read by the `imagesize` crate; SVG from its root element's `width`
//! and `height`, else its `viewBox`. An image that cannot be found or read
//! has no size: `check` reports missing images, and pages show the image
//! without the attributes.

use std::io::Read;
use std::path::{Path, PathBuf};

/// An image's intrinsic size in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct ImageSize {
    pub width: u32,
    pub height: u32,
}

/// How much of an SVG file is read to find its root element (a root element
/// starts within the first lines of any SVG an editor or a tool writes).
const SVG_HEAD: u64 = 8 * 1024;

/// The file an article's `image:` names, where one is on disk: beside a
/// folder article (`cover.jpg`), in the theme's assets (`/assets/x.png`),
/// or in the site's `static/` folder (`/images/x.png`). Full URLs have none.
pub fn image_file(root: &Path, article_file: &Path, image: &str, folder: bool) -> Option<PathBuf> {
    if image.contains("://") {
        return None;
    }
    let image = image.split(['?', '#']).next().unwrap_or(image);
    if let Some(site_path) = image.strip_prefix('/') {
        if let Some(asset) = site_path.strip_prefix("assets/") {
            return Some(root.join("templates/assets").join(asset));
        }
        return Some(root.join("static").join(site_path));
    }
    let folder_of_article = article_file.parent().filter(|_| folder)?;
    Some(folder_of_article.join(image.trim_start_matches("./")))
}

/// The size of the image in `file`, from its header; `None` when the file is
/// missing, unreadable or of no known format.
pub fn read_size(file: &Path) -> Option<ImageSize> {
    let is_svg = file
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("svg"));
    if is_svg {
        let mut head = Vec::new();
        std::fs::File::open(file)
            .ok()?
            .take(SVG_HEAD)
            .read_to_end(&mut head)
            .ok()?;
        return svg_size(&String::from_utf8_lossy(&head));
    }
    let size = imagesize::size(file).ok()?;
    Some(ImageSize {
        width: u32::try_from(size.width).ok()?,
        height: u32::try_from(size.height).ok()?,
    })
}

/// The size an SVG's root element gives: `width` and `height` in pixels
/// (bare numbers or `px`), else the width and height of its `viewBox`.
pub fn svg_size(text: &str) -> Option<ImageSize> {
    let start = text.find("<svg")?;
    let end = start + text[start..].find('>')?;
    let tag = &text[start..end];
    let pixels = |name: &str| {
        let value = attribute(tag, name)?;
        let number = value.trim().trim_end_matches("px");
        positive(number.parse::<f64>().ok()?)
    };
    if let (Some(width), Some(height)) = (pixels("width"), pixels("height")) {
        return Some(ImageSize { width, height });
    }
    let view_box: Vec<f64> = attribute(tag, "viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match view_box[..] {
        [_, _, w, h] => Some(ImageSize {
            width: positive(w)?,
            height: positive(h)?,
        }),
        _ => None,
    }
}

/// The value of attribute `name` in a start tag's text (`name="v"` or `name='v'`).
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + name.len()..].trim_start();
        rest = &rest[at + name.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let value = &value[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

/// A size in whole pixels, rounded, when it is at least one.
fn positive(value: f64) -> Option<u32> {
    (value.is_finite() && value >= 0.5 && value < f64::from(u32::MAX)).then(|| value.round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_size_comes_from_width_and_height_else_the_view_box() {
        let both = r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="1200" height="630px">"#;
        assert_eq!(
            svg_size(both),
            Some(ImageSize {
                width: 1200,
                height: 630
            })
        );
        let view_box =
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox='0,0 40.4 30' stroke-width="2">"#;
        assert_eq!(
            svg_size(view_box),
            Some(ImageSize {
                width: 40,
                height: 30
            })
        );
        let relative = r#"<svg width="100%" height="100%" viewBox="0 0 16 9">"#;
        assert_eq!(
            svg_size(relative),
            Some(ImageSize {
                width: 16,
                height: 9
            })
        );
        assert_eq!(svg_size(r#"<svg width="100%">"#), None);
        assert_eq!(svg_size("not an image"), None);
    }

    #[test]
    fn an_image_is_looked_for_beside_a_folder_article_in_assets_or_static() {
        let root = Path::new("/site");
        let index = root.join("content/news/x/index.md");
        let single = root.join("content/news/y.md");
        assert_eq!(
            image_file(root, &index, "./cover.jpg", true),
            Some(root.join("content/news/x/cover.jpg"))
        );
        assert_eq!(image_file(root, &single, "cover.jpg", false), None);
        assert_eq!(
            image_file(root, &single, "/assets/a.png?v=2", false),
            Some(root.join("templates/assets/a.png"))
        );
        assert_eq!(
            image_file(root, &single, "/images/b.webp", false),
            Some(root.join("static/images/b.webp"))
        );
        assert_eq!(
            image_file(root, &single, "https://example.org/c.jpg", false),
            None
        );
    }

    #[test]
    fn a_png_size_is_read_from_its_header() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.png");
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(360u32.to_be_bytes());
        png.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        std::fs::write(&file, png).unwrap();
        assert_eq!(
            read_size(&file),
            Some(ImageSize {
                width: 640,
                height: 360
            })
        );
        assert_eq!(read_size(&dir.path().join("missing.png")), None);
    }
}
