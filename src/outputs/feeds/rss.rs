//! RSS 2.0: the site's `/rss.xml`. The summary goes in `<description>` and the
//! whole article in `content:encoded`, which newsletter tools and most readers
//! prefer; `dc:creator` names the author (RSS's own `<author>` wants an email
//! address) and `dcterms:modified` gives the time of the last update.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc2822;

use super::{Feed, FeedEntry};
use crate::content::dates::rfc3339;
use crate::outputs::xml::XmlWriter;
use crate::routes::FeedFormat;

pub fn write(feed: &Feed<'_>) -> String {
    let mut w = XmlWriter::with_capacity(feed.expected_xml_bytes());
    w.open(
        "rss",
        &[
            ("version", "2.0"),
            ("xmlns:atom", "http://www.w3.org/2005/Atom"),
            ("xmlns:content", "http://purl.org/rss/1.0/modules/content/"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:media", super::atom::MEDIA_NS),
        ],
    );
    w.open("channel", &[]);
    w.text("title", &[], &feed.title);
    w.text("link", &[], &feed.page_url);
    // RSS requires a description; the title stands in when the site has none.
    let description = if feed.description.is_empty() {
        &feed.title
    } else {
        &feed.description
    };
    w.text("description", &[], description);
    w.text("language", &[], &feed.language);
    if let Some(date) = rfc2822(feed.updated) {
        w.text("lastBuildDate", &[], &date);
    }
    w.text(
        "generator",
        &[],
        &format!("monazite {}", env!("CARGO_PKG_VERSION")),
    );
    w.empty(
        "atom:link",
        &[
            ("href", &feed.self_url),
            ("rel", "self"),
            ("type", FeedFormat::Rss.media_type()),
        ],
    );
    for entry in &feed.entries {
        write_item(&mut w, entry);
    }
    w.close("channel");
    w.close("rss");
    w.finish()
}

fn write_item(w: &mut XmlWriter, e: &FeedEntry) {
    w.open("item", &[]);
    w.text("title", &[], &e.title);
    w.text("link", &[], &e.url);
    w.text("guid", &[("isPermaLink", "true")], &e.id);
    if let Some(date) = rfc2822(e.published) {
        w.text("pubDate", &[], &date);
    }
    w.text("dcterms:modified", &[], &rfc3339(e.updated));
    w.text("dc:creator", &[], &e.author_name);
    // RSS gives a language per channel only; Dublin Core's per item.
    if let Some(lang) = &e.lang {
        w.text("dc:language", &[], lang);
    }
    for tag in &e.tags {
        w.text("category", &[], tag);
    }
    w.text("description", &[], &e.summary);
    w.escaped_text("content:encoded", &[], &e.content_xml);
    super::atom::write_media(w, e);
    w.close("item");
}

/// `Fri, 17 Oct 2025 09:30:00 +0530`: RSS's date form, keeping the offset.
/// None before 1900, which the form cannot write: articles are never dated
/// so (`content::values`), but a feed of none is dated by the build's "now",
/// and an element left out is better than an empty date (both are optional).
fn rfc2822(at: OffsetDateTime) -> Option<String> {
    at.format(&Rfc2822).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn dates_keep_their_offset() {
        assert_eq!(
            rfc2822(datetime!(2025-10-17 09:30 +05:30)).as_deref(),
            Some("Fri, 17 Oct 2025 09:30:00 +0530")
        );
    }

    #[test]
    fn a_feed_dated_before_1900_has_no_empty_date() {
        let feed = Feed {
            title: "T".into(),
            description: String::new(),
            page_url: "https://example.org/".into(),
            self_url: "https://example.org/rss.xml".into(),
            language: "en".into(),
            updated: datetime!(1850-01-01 00:00 UTC),
            publisher: "T".into(),
            logo: None,
            entries: Vec::new(),
        };
        let xml = write(&feed);
        assert!(!xml.contains("lastBuildDate"), "{xml}");
        let feed = Feed {
            updated: datetime!(1900-01-01 00:00 UTC),
            ..feed
        };
        assert!(
            write(&feed).contains("<lastBuildDate>Mon, 01 Jan 1900 00:00:00 +0000</lastBuildDate>")
        );
    }
}
