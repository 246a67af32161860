//! A processed image as the page shows it: the values of a responsive
//! `<picture>` (a WebP `<source>` and an `<img>` with the fallback), for
//! templates ([`Picture`]) and for images in article bodies ([`Picture::html`]).
//!
//! `width` and `height` are the image's own, so the browser reserves its
//! box before it loads (no layout shift); `srcset` lists every width, and
//! `sizes` says how wide the image shows, so a phone fetches a small file.

use serde::Serialize;

use super::{Format, Processed};

/// What a template needs to show one processed image.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Picture {
    /// The widest fallback variant, for browsers that read no `srcset`.
    pub src: String,
    /// The fallback variants, `URL 480w, URL 800w, …`.
    pub srcset: String,
    /// The WebP variants, the same widths.
    pub webp_srcset: String,
    /// The fallback's MIME type (`image/jpeg` or `image/png`).
    pub fallback_type: String,
    pub sizes: String,
    /// The widest variant's width and height: the image's aspect ratio.
    pub width: u32,
    pub height: u32,
}

/// The output file of the `width`-wide variant of a source whose output
/// file is `{base}.{ext}` (`news/x/photo`): `news/x/photo-800w-1a2b3c4d.webp`.
/// The key's first digits keep two sources of one name apart and make a
/// changed image a new URL (safe to cache forever).
pub fn variant_file(base: &str, key: u64, width: u32, format: Format) -> String {
    format!("{base}-{width}w-{:08x}.{}", key >> 32, format.extension())
}

impl Picture {
    /// The picture of `processed`, whose variants are published under
    /// `url_base` (the URL of the source's output file without its
    /// extension; relative for a body image, absolute for a lead image).
    pub fn new(processed: &Processed, url_base: &str, sizes: &str) -> Picture {
        let srcset = |format: Format| {
            processed
                .of_format(format)
                .map(|v| {
                    let url = variant_file(url_base, processed.key, v.width, format);
                    format!("{} {}w", url, v.width)
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let widest = processed
            .of_format(processed.fallback)
            .last()
            .map_or((processed.width, processed.height), |v| (v.width, v.height));
        Picture {
            src: variant_file(url_base, processed.key, widest.0, processed.fallback),
            srcset: srcset(processed.fallback),
            webp_srcset: srcset(Format::WebP),
            fallback_type: processed.fallback.mime().to_string(),
            sizes: sizes.to_string(),
            width: widest.0,
            height: widest.1,
        }
    }

    /// The `<picture>` of an image in an article body (below the fold:
    /// loaded lazily, decoded off the main thread). `alt` and `title` are
    /// already escaped, as the Markdown renderer wrote them.
    pub fn html(&self, alt: &str, title: Option<&str>) -> String {
        let title = title.map(|t| format!(" title=\"{t}\"")).unwrap_or_default();
        format!(
            "<picture><source type=\"image/webp\" srcset=\"{webp}\" sizes=\"{sizes}\">\
             <img src=\"{src}\" srcset=\"{srcset}\" sizes=\"{sizes}\" width=\"{w}\" height=\"{h}\" \
             alt=\"{alt}\"{title} loading=\"lazy\" decoding=\"async\"></picture>",
            webp = escape(&self.webp_srcset),
            sizes = escape(&self.sizes),
            src = escape(&self.src),
            srcset = escape(&self.srcset),
            w = self.width,
            h = self.height,
        )
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a string");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::Variant;

    fn processed() -> Processed {
        let variant = |format, width, height| Variant {
            format,
            width,
            height,
            file: Default::default(),
            bytes: 1,
        };
        Processed {
            key: 0x1234_5678_9abc_def0,
            width: 1000,
            height: 500,
            fallback: Format::Jpeg,
            variants: vec![
                variant(Format::WebP, 480, 240),
                variant(Format::Jpeg, 480, 240),
                variant(Format::WebP, 1000, 500),
                variant(Format::Jpeg, 1000, 500),
            ],
        }
    }

    #[test]
    fn srcsets_list_every_width_and_src_is_the_widest_fallback() {
        let p = Picture::new(&processed(), "/news/x/photo", "100vw");
        assert_eq!(
            p.srcset,
            "/news/x/photo-480w-12345678.jpg 480w, /news/x/photo-1000w-12345678.jpg 1000w"
        );
        assert!(p.webp_srcset.ends_with("photo-1000w-12345678.webp 1000w"));
        assert_eq!(p.src, "/news/x/photo-1000w-12345678.jpg");
        assert_eq!((p.width, p.height), (1000, 500));
    }

    #[test]
    fn body_markup_is_lazy_with_its_size_and_alt() {
        let html = Picture::new(&processed(), "photo", "100vw").html("A mine &amp; mill", None);
        assert!(html.contains("width=\"1000\" height=\"500\""));
        assert!(html.contains("alt=\"A mine &amp; mill\""));
        assert!(html.contains("loading=\"lazy\" decoding=\"async\""));
    }
}
