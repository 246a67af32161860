//! Images in an article's rendered body: found (`<img src alt title>` as the
//! Markdown renderer writes them) and replaced by their processed
//! `<picture>`. Image files beside a folder article are written `![alt](photo.jpg)`.

use std::collections::HashMap;

use super::Picture;

/// One `<img>` tag of a body: where it is, and its attributes as written
/// (still escaped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImgTag<'a> {
    pub start: usize,
    pub end: usize,
    pub src: &'a str,
    pub alt: &'a str,
    pub title: Option<&'a str>,
}

/// Every `<img>` tag in `html`, in order.
pub fn img_tags(html: &str) -> Vec<ImgTag<'_>> {
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(found) = html[from..].find("<img ") {
        let start = from + found;
        let Some(close) = html[start..].find('>') else {
            break;
        };
        let end = start + close + 1;
        let inside = &html[start + "<img ".len()..end - 1];
        tags.push(ImgTag {
            start,
            end,
            src: attribute(inside, "src").unwrap_or(""),
            alt: attribute(inside, "alt").unwrap_or(""),
            title: attribute(inside, "title"),
        });
        from = end;
    }
    tags
}

/// The value of `name="…"` among a tag's attributes.
fn attribute<'a>(inside: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = inside;
    loop {
        rest = rest.trim_start();
        let eq = rest.find("=\"")?;
        let key = &rest[..eq];
        let value_start = eq + 2;
        let value_end = value_start + rest[value_start..].find('"')?;
        if key == name {
            return Some(&rest[value_start..value_end]);
        }
        rest = &rest[value_end + 1..];
    }
}

/// `html` with each image whose `src` is in `pictures` (as written) shown
/// as its `<picture>`; other images are left as they are.
pub fn rewrite(html: &str, pictures: &HashMap<String, Picture>) -> String {
    if pictures.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + pictures.len() * 512);
    let mut at = 0;
    for tag in img_tags(html) {
        let Some(picture) = pictures.get(tag.src) else {
            continue;
        };
        out.push_str(&html[at..tag.start]);
        out.push_str(&picture.html(tag.alt, tag.title));
        at = tag.end;
    }
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_attributes_pulldown_cmark_writes() {
        let html = r#"<p>a <img src="mine.jpg" alt="Open pit &amp; mill" title="Mine" /> b <img src="x.png" alt="" /></p>"#;
        let tags = img_tags(html);
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].src, "mine.jpg");
        assert_eq!(tags[0].alt, "Open pit &amp; mill");
        assert_eq!(tags[0].title, Some("Mine"));
        assert_eq!(
            (tags[1].src, tags[1].alt, tags[1].title),
            ("x.png", "", None)
        );
    }

    #[test]
    fn only_images_with_a_picture_are_replaced() {
        let picture = Picture {
            src: "a-10w.jpg".into(),
            srcset: "a-10w.jpg 10w".into(),
            webp_srcset: "a-10w.webp 10w".into(),
            fallback_type: "image/jpeg".into(),
            sizes: "100vw".into(),
            width: 10,
            height: 5,
        };
        let pictures = HashMap::from([("a.jpg".to_string(), picture)]);
        let html = r#"<p><img src="a.jpg" alt="A" /><img src="https://x.org/b.jpg" alt="B" /></p>"#;
        let out = rewrite(html, &pictures);
        assert!(out.starts_with("<p><picture><source type=\"image/webp\""));
        assert!(out.contains(r#"<img src="https://x.org/b.jpg" alt="B" /></p>"#));
    }
}
