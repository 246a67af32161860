//! Atom 1.0 (RFC 4287): the site's `/atom.xml` and every tag's and author's feed.

use super::{Feed, FeedEntry};
use crate::content::dates::rfc3339;
use crate::outputs::xml::XmlWriter;
use crate::routes::FeedFormat;

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// Media RSS (<https://www.rssboard.org/media-rss>), read by Atom and RSS
/// readers alike: the lead image with its caption and credit.
pub(super) const MEDIA_NS: &str = "http://search.yahoo.com/mrss/";

/// An entry's lead image as `media:content`, its caption as
/// `media:description` and its credit as `media:credit`.
pub(super) fn write_media(w: &mut XmlWriter, e: &FeedEntry) {
    let Some(image) = &e.image else { return };
    let attrs = [("url", image.as_str()), ("medium", "image")];
    if e.image_caption.is_none() && e.image_credit.is_none() {
        w.empty("media:content", &attrs);
        return;
    }
    w.open("media:content", &attrs);
    if let Some(caption) = &e.image_caption {
        w.text("media:description", &[("type", "plain")], caption);
    }
    if let Some(credit) = &e.image_credit {
        w.text("media:credit", &[], credit);
    }
    w.close("media:content");
}

pub fn write(feed: &Feed<'_>) -> String {
    let mut w = XmlWriter::with_capacity(feed.expected_xml_bytes());
    w.open(
        "feed",
        &[
            ("xmlns", ATOM_NS),
            ("xmlns:media", MEDIA_NS),
            ("xml:lang", &feed.language),
        ],
    );
    w.text("id", &[], &feed.self_url);
    w.text("title", &[("type", "text")], &feed.title);
    if !feed.description.is_empty() {
        w.text("subtitle", &[("type", "text")], &feed.description);
    }
    w.empty(
        "link",
        &[
            ("rel", "self"),
            ("type", FeedFormat::Atom.media_type()),
            ("href", &feed.self_url),
        ],
    );
    w.empty(
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", &feed.page_url),
        ],
    );
    w.text("updated", &[], &rfc3339(feed.updated));
    // A feed-level author keeps an empty feed valid; entries name their own.
    w.open("author", &[]);
    w.text("name", &[], &feed.publisher);
    w.close("author");
    w.text(
        "generator",
        &[("version", env!("CARGO_PKG_VERSION"))],
        "monazite",
    );
    if let Some(logo) = &feed.logo {
        w.text("icon", &[], logo);
        w.text("logo", &[], logo);
    }
    for entry in &feed.entries {
        write_entry(&mut w, entry);
    }
    w.close("feed");
    w.finish()
}

fn write_entry(w: &mut XmlWriter, e: &FeedEntry) {
    match &e.lang {
        Some(lang) => w.open("entry", &[("xml:lang", lang)]),
        None => w.open("entry", &[]),
    }
    w.text("id", &[], &e.id);
    w.text("title", &[("type", "text")], &e.title);
    w.empty(
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", &e.url),
        ],
    );
    w.text("published", &[], &rfc3339(e.published));
    w.text("updated", &[], &rfc3339(e.updated));
    w.open("author", &[]);
    w.text("name", &[], &e.author_name);
    w.text("uri", &[], &e.author_url);
    w.close("author");
    for tag in &e.tags {
        w.empty("category", &[("term", tag)]);
    }
    w.text("summary", &[("type", "text")], &e.summary);
    write_media(w, e);
    w.escaped_text("content", &[("type", "html")], &e.content_xml);
    w.close("entry");
}
