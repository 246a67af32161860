//! The site's logo as pixels for drawn cards: an SVG rasterized with resvg,
//! or a PNG or JPEG decoded, scaled to fit a square box. Done once per build.

use std::path::Path;

/// An RGBA picture with straight (not premultiplied) alpha.
#[derive(Debug, Clone)]
pub struct Rgba {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

/// The logo file at `path` scaled to fit `side`×`side`, or why it cannot be.
pub fn rasterize(path: &Path, side: u32) -> Result<Rgba, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the logo: {e}"))?;
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        svg(&bytes, side)
    } else {
        raster(&bytes, side)
    }
}

fn svg(bytes: &[u8], side: u32) -> Result<Rgba, String> {
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_data(bytes, &usvg::Options::default())
        .map_err(|e| format!("the logo is not an SVG monazite can read: {e}"))?;
    let size = tree.size();
    let scale =
        f32::from(u16::try_from(side).unwrap_or(u16::MAX)) / size.width().max(size.height());
    let width = ((size.width() * scale).round() as u32).max(1);
    let height = ((size.height() * scale).round() as u32).max(1);
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or("the logo has no size")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let pixels = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    Ok(Rgba {
        width,
        height,
        pixels,
    })
}

fn raster(bytes: &[u8], side: u32) -> Result<Rgba, String> {
    let image = image::load_from_memory(bytes)
        .map_err(|e| format!("the logo is not an image monazite can read: {e}"))?;
    let scaled = image.thumbnail(side, side).to_rgba8();
    Ok(Rgba {
        width: scaled.width(),
        height: scaled.height(),
        pixels: scaled.into_raw(),
    })
}
