//! Feeds, sitemaps, robots.txt and head metadata, read back with real parsers:
//! feed-rs for the feeds, roxmltree for the XML, serde_json for JSON-LD.
//!
//! The `minimal` fixture builds at 2025-10-18T12:00:00Z; its published articles
//! are odisha-sands (2025-10-17, updated 2025-10-18), folder-story (2025-08-01)
//! and magnet-prices (2025-09-01); draft-story and future-story are left out.

use std::collections::BTreeSet;

use feed_rs::model::{Entry, Feed, FeedType};
use roxmltree::{Document, Node};
use scraper::Html;

use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::support::{Fixture, select};

const BASE: &str = "https://fixture.example.org/";
const PUBLISHED: [&str; 3] = ["odisha-sands", "magnet-prices", "folder-story"];
/// The title `feeds/special-title` writes, as every page, feed and head shows it:
/// with the typographic quotes and apostrophes of bodies.
const SPECIAL_TITLE: &str = "Ré: “Neodymium” & <Praseodymium> — China’s 稀土 </script>";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// The fixture's own site.yaml, to append keys to.
fn site_yaml(f: &Fixture) -> String {
    std::fs::read_to_string(f.path("site.yaml")).unwrap()
}

fn article_url(slug: &str) -> String {
    format!("{BASE}news/{slug}/")
}

/// Parses an output file with feed-rs, keeping content as written (no sanitizing).
fn parse_feed(f: &Fixture, rel: &str) -> Feed {
    let text = f.output(rel);
    feed_rs::parser::Builder::new()
        .sanitize_content(false)
        .build()
        .parse(text.as_bytes())
        .unwrap_or_else(|e| panic!("{rel} does not parse as a feed: {e}\n{text}"))
}

fn entry_link(entry: &Entry) -> &str {
    &entry.links.first().expect("entry has a link").href
}

fn slugs(feed: &Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| {
            entry_link(e)
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// Every entry has an id, an absolute link, a title, dates, an author, a summary and content.
fn assert_complete_entries(feed: &Feed, rel: &str) {
    for e in &feed.entries {
        let link = entry_link(e);
        assert!(link.starts_with(BASE), "{rel}: link {link}");
        assert_eq!(e.id, link, "{rel}: id is the permalink");
        assert!(e.title.as_ref().is_some_and(|t| !t.content.is_empty()));
        assert!(e.published.is_some(), "{rel}: {link} has no published date");
        assert!(!e.authors.is_empty(), "{rel}: {link} has no author");
        assert!(e.summary.is_some(), "{rel}: {link} has no summary");
        let body = e.content.as_ref().and_then(|c| c.body.as_deref());
        assert!(
            body.is_some_and(|b| b.contains("<p>")),
            "{rel}: {link} has no content"
        );
        if feed.feed_type != FeedType::RSS2 {
            // RSS has no updated time of its own; it is checked as dcterms:modified.
            assert!(e.updated.is_some(), "{rel}: {link} has no updated date");
        }
    }
}

fn xml_children<'a, 'i>(node: Node<'a, 'i>, ns: &str, name: &str) -> Vec<Node<'a, 'i>> {
    node.children()
        .filter(|c| {
            let tag = c.tag_name();
            tag.name() == name && tag.namespace().unwrap_or("") == ns
        })
        .collect()
}

fn xml_text<'a>(node: Node<'a, '_>, ns: &str, name: &str) -> &'a str {
    let found = xml_children(node, ns, name);
    assert_eq!(
        found.len(),
        1,
        "expected one {name} in {:?}",
        node.tag_name()
    );
    found[0].text().unwrap_or("")
}

/// An RFC 3339 date-time with an explicit offset (or `Z`).
fn assert_rfc3339(text: &str) -> OffsetDateTime {
    OffsetDateTime::parse(text, &Rfc3339).unwrap_or_else(|e| panic!("`{text}`: {e}"))
}

/// Every JSON-LD block of a page, parsed.
fn json_ld(html: &Html) -> Vec<Value> {
    select(html, "script[type='application/ld+json']")
        .iter()
        .map(|s| {
            let text: String = s.text().collect();
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad JSON-LD {e}: {text}"))
        })
        .collect()
}

fn of_type<'a>(blocks: &'a [Value], ty: &str) -> &'a Value {
    let found: Vec<&Value> = blocks.iter().filter(|b| b["@type"] == ty).collect();
    assert_eq!(found.len(), 1, "expected one {ty} in {blocks:?}");
    found[0]
}

fn meta(html: &Html, attr: &str, name: &str) -> Vec<String> {
    select(html, &format!("meta[{attr}='{name}']"))
        .iter()
        .map(|m| m.value().attr("content").unwrap_or("").to_string())
        .collect()
}

#[test]
fn site_feeds_parse_and_every_entry_is_complete() {
    let f = Fixture::new("minimal");
    f.build();
    for (rel, kind) in [
        ("atom.xml", FeedType::Atom),
        ("rss.xml", FeedType::RSS2),
        ("feed.json", FeedType::JSON),
    ] {
        let feed = parse_feed(&f, rel);
        assert_eq!(feed.feed_type, kind, "{rel}");
        assert_eq!(slugs(&feed), PUBLISHED, "{rel}: newest first, no drafts");
        assert_complete_entries(&feed, rel);
        let odisha = &feed.entries[0];
        // 2025-10-17T09:30:00+05:30, whatever the format writes.
        assert_eq!(
            odisha.published.unwrap().timestamp(),
            assert_rfc3339("2025-10-17T09:30:00+05:30").unix_timestamp(),
            "{rel}"
        );
        assert_eq!(odisha.authors[0].name, "Asha Rao", "{rel}");
        let tags: Vec<&str> = odisha.categories.iter().map(|c| c.term.as_str()).collect();
        assert_eq!(tags, ["india", "mining"], "{rel}");
        let title = odisha.title.as_ref().unwrap();
        assert_eq!(title.content, "Odisha’s sands & the <rare> earths", "{rel}");
    }
    let rss = f.output("rss.xml");
    let doc = Document::parse(&rss).unwrap();
    let item = doc
        .descendants()
        .find(|n| n.has_tag_name("item"))
        .expect("an item");
    assert_eq!(
        xml_text(item, "http://purl.org/dc/terms/", "modified"),
        "2025-10-18T00:00:00+05:30"
    );
    assert_eq!(
        xml_text(item, "", "pubDate"),
        "Fri, 17 Oct 2025 09:30:00 +0530"
    );
    assert_eq!(
        xml_text(item, "", "description"),
        "Monazite-bearing sands are back in the spotlight."
    );
}

#[test]
fn atom_feed_has_what_rfc_4287_requires() {
    let f = Fixture::new("minimal");
    f.build();
    let text = f.output("atom.xml");
    let doc = Document::parse(&text).unwrap();
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM_NS, "feed")));
    // atom:feed: exactly one id, title, updated; an author; a self link.
    assert_eq!(xml_text(feed, ATOM_NS, "id"), format!("{BASE}atom.xml"));
    assert_eq!(xml_text(feed, ATOM_NS, "title"), "Fixture Times");
    assert_rfc3339(xml_text(feed, ATOM_NS, "updated"));
    assert!(!xml_children(feed, ATOM_NS, "author").is_empty());
    let links = xml_children(feed, ATOM_NS, "link");
    assert!(links.iter().any(|l| l.attribute("rel") == Some("self")
        && l.attribute("href") == Some(&format!("{BASE}atom.xml"))));
    let entries = xml_children(feed, ATOM_NS, "entry");
    assert_eq!(entries.len(), 3);
    let mut ids = BTreeSet::new();
    for entry in entries {
        // atom:entry: one id (unique), title, updated; author name; alternate link;
        // html content; a summary.
        assert!(ids.insert(xml_text(entry, ATOM_NS, "id").to_string()));
        assert!(!xml_text(entry, ATOM_NS, "title").is_empty());
        let updated = assert_rfc3339(xml_text(entry, ATOM_NS, "updated"));
        let published = assert_rfc3339(xml_text(entry, ATOM_NS, "published"));
        assert!(published <= updated);
        let author = &xml_children(entry, ATOM_NS, "author")[0];
        assert!(!xml_text(*author, ATOM_NS, "name").is_empty());
        assert!(xml_text(*author, ATOM_NS, "uri").starts_with(&format!("{BASE}authors/")));
        let alternate = xml_children(entry, ATOM_NS, "link");
        assert_eq!(alternate[0].attribute("rel"), Some("alternate"));
        let content = &xml_children(entry, ATOM_NS, "content")[0];
        assert_eq!(content.attribute("type"), Some("html"));
        assert!(!xml_text(entry, ATOM_NS, "summary").is_empty());
    }
}

#[test]
fn json_feed_is_version_1_1() {
    let f = Fixture::new("minimal");
    f.build();
    let feed: Value = serde_json::from_str(&f.output("feed.json")).unwrap();
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed["feed_url"], format!("{BASE}feed.json"));
    assert_eq!(feed["home_page_url"], BASE);
    let items = feed["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    let odisha = &items[0];
    assert_eq!(odisha["date_published"], "2025-10-17T09:30:00+05:30");
    assert_eq!(odisha["date_modified"], "2025-10-18T00:00:00+05:30");
    assert_eq!(odisha["authors"][0]["url"], format!("{BASE}authors/asha/"));
    assert_eq!(odisha["tags"], serde_json::json!(["india", "mining"]));
}

#[test]
fn feed_limit_caps_every_feed() {
    let f = Fixture::new("minimal");
    let config = site_yaml(&f) + "feed_limit: 2\n";
    f.write("site.yaml", &config);
    f.build();
    for rel in ["atom.xml", "rss.xml", "feed.json", "tags/mining/atom.xml"] {
        let feed = parse_feed(&f, rel);
        assert_eq!(feed.entries.len(), 2, "{rel}");
    }
    assert_eq!(
        slugs(&parse_feed(&f, "atom.xml")),
        ["odisha-sands", "magnet-prices"]
    );
}

#[test]
fn tag_and_author_feeds_hold_their_articles_and_are_announced() {
    let f = Fixture::new("minimal");
    f.build();
    let india = parse_feed(&f, "tags/india/atom.xml");
    assert_eq!(slugs(&india), ["odisha-sands", "magnet-prices"]);
    assert_complete_entries(&india, "tags/india/atom.xml");
    let asha = parse_feed(&f, "authors/asha/atom.xml");
    assert_eq!(slugs(&asha), ["odisha-sands", "folder-story"]);
    assert_complete_entries(&asha, "authors/asha/atom.xml");

    for (page, feed) in [
        ("tags/india/index.html", "tags/india/atom.xml"),
        ("authors/asha/index.html", "authors/asha/atom.xml"),
    ] {
        let html = f.html(page);
        let css = format!("link[rel=alternate][type='application/atom+xml'][href='{BASE}{feed}']");
        assert_eq!(select(&html, &css).len(), 1, "{page} announces {feed}");
    }
}

#[test]
fn every_page_announces_the_feeds_and_its_canonical_url() {
    let f = Fixture::new("minimal");
    f.build();
    let public = f.path("public");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let rel = entry.path().strip_prefix(&public).unwrap();
        let html = Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        for (mime, feed) in [
            ("application/atom+xml", "atom.xml"),
            ("application/rss+xml", "rss.xml"),
            ("application/feed+json", "feed.json"),
        ] {
            let css = format!("head link[rel=alternate][type='{mime}'][href='{BASE}{feed}']");
            assert_eq!(
                select(&html, &css).len(),
                1,
                "{} lacks {feed}",
                rel.display()
            );
        }
        let canonical = select(&html, "head link[rel=canonical]");
        assert_eq!(canonical.len(), 1, "{}", rel.display());
        let href = canonical[0].value().attr("href").unwrap();
        assert_eq!(
            meta(&html, "property", "og:url"),
            [href],
            "{}",
            rel.display()
        );
        assert!(href.starts_with(BASE), "{}", rel.display());
    }
    assert!(pages > 10, "only {pages} pages");
}

#[test]
fn awkward_title_survives_every_format() {
    let f = Fixture::new("minimal").overlay("feeds/special-title");
    f.build();
    for rel in [
        "atom.xml",
        "rss.xml",
        "feed.json",
        "tags/rare-earths-magnets/atom.xml",
        "authors/li/atom.xml",
    ] {
        let feed = parse_feed(&f, rel);
        let entry = &feed.entries[0];
        assert_eq!(
            entry.title.as_ref().unwrap().content,
            SPECIAL_TITLE,
            "{rel}"
        );
        let summary = &entry.summary.as_ref().unwrap().content;
        assert_eq!(
            summary, "Quotes \"here\" & <angle> brackets — 稀土.",
            "{rel}"
        );
        let terms: Vec<&str> = entry.categories.iter().map(|c| c.term.as_str()).collect();
        assert_eq!(terms, ["markets", "Rare earths & magnets"], "{rel}");
    }
    let tag_feed = parse_feed(&f, "tags/rare-earths-magnets/atom.xml");
    assert_eq!(
        tag_feed.title.unwrap().content,
        "Rare earths & magnets — Fixture Times"
    );

    let news = f.output("news-sitemap.xml");
    let doc = Document::parse(&news).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((NEWS_NS, "title")))
        .filter_map(|n| n.text())
        .collect();
    assert!(titles.contains(&SPECIAL_TITLE), "{titles:?}");

    let page = f.output("news/special-title/index.html");
    let html = Html::parse_document(&page);
    assert_eq!(meta(&html, "property", "og:title"), [SPECIAL_TITLE]);
    assert_eq!(meta(&html, "name", "twitter:title"), [SPECIAL_TITLE]);
    let blocks = json_ld(&html);
    assert_eq!(of_type(&blocks, "NewsArticle")["headline"], SPECIAL_TITLE);
    // Nothing in the title closed the JSON-LD script early.
    // Inline scripts are exactly the JSON-LD blocks (the theme's own scripts have `src`).
    let inline = select(&html, "script:not([src])").len();
    assert_eq!(inline, blocks.len(), "an extra <script> appeared");
    let external = select(&html, "script[src]").len();
    assert_eq!(page.matches("</script>").count(), blocks.len() + external);
}

#[test]
fn feed_content_is_the_whole_article_with_absolute_urls() {
    let f = Fixture::new("minimal").overlay("feeds/special-title");
    f.build();
    let feed = parse_feed(&f, "atom.xml");
    let content = |slug: &str| -> String {
        let url = article_url(slug);
        let entry = feed.entries.iter().find(|e| e.id == url).unwrap();
        entry.content.as_ref().unwrap().body.clone().unwrap()
    };
    let special = content("special-title");
    assert!(
        special.contains(&format!("href=\"{BASE}news/odisha-sands/\"")),
        "{special}"
    );
    // Footnote links point into the article page, not the feed.
    assert!(
        special.contains(&format!("href=\"{BASE}news/special-title/#")),
        "{special}"
    );
    let folder = content("folder-story");
    assert!(
        folder.contains(&format!("src=\"{BASE}news/folder-story/cover.svg\"")),
        "{folder}"
    );
    let odisha = content("odisha-sands");
    assert!(odisha.contains("<h2>Highlights</h2>"), "{odisha}");
    assert!(odisha.contains("India holds large monazite reserves."));
    assert!(
        odisha.contains("href=\"https://example.com/story\""),
        "source line"
    );
    assert!(!odisha.contains("opens in a new tab"), "{odisha}");
    for body in [special, folder, odisha] {
        for relative in ["href=\"/", "src=\"/", "href=\"#", "src=\"cover"] {
            assert!(
                !body.contains(relative),
                "relative URL `{relative}` in {body}"
            );
        }
    }
}

#[test]
fn sitemap_lists_every_public_page_with_lastmod() {
    let f = Fixture::new("minimal");
    f.build();
    let text = f.output("sitemap.xml");
    let doc = Document::parse(&text).unwrap();
    let urlset = doc.root_element();
    assert!(urlset.has_tag_name((SITEMAP_NS, "urlset")));
    let mut urls = Vec::new();
    for url in xml_children(urlset, SITEMAP_NS, "url") {
        let loc = xml_text(url, SITEMAP_NS, "loc").to_string();
        let lastmod = xml_children(url, SITEMAP_NS, "lastmod")
            .first()
            .and_then(|n| n.text())
            .map(str::to_string);
        urls.push((loc, lastmod));
    }
    let lastmod_of = |loc: &str| -> Option<String> {
        let found = urls.iter().find(|(l, _)| l == loc);
        found
            .unwrap_or_else(|| panic!("{loc} not in sitemap"))
            .1
            .clone()
    };
    assert_eq!(
        lastmod_of(&article_url("odisha-sands")).as_deref(),
        Some("2025-10-18T00:00:00+05:30")
    );
    assert_eq!(
        lastmod_of(&article_url("folder-story")).as_deref(),
        Some("2025-08-01T08:00:00Z")
    );
    // Lists change when their newest article does.
    for list in [
        "",
        "news/",
        "tags/",
        "tags/india/",
        "authors/asha/",
        "page/2/",
    ] {
        assert_eq!(
            lastmod_of(&format!("{BASE}{list}")).as_deref(),
            Some("2025-10-18T00:00:00+05:30"),
            "{list}"
        );
    }
    assert_eq!(lastmod_of(&format!("{BASE}about/")), None);
    for (loc, lastmod) in &urls {
        assert!(loc.starts_with(BASE), "{loc}");
        if let Some(at) = lastmod {
            assert_rfc3339(at);
        }
    }
    // Every page written is listed, except the noindex ones: 404 and the
    // subscribe confirmation.
    let written = html_pages(&f);
    let listed: BTreeSet<String> = urls.iter().map(|(l, _)| l.clone()).collect();
    let expected: BTreeSet<String> = written
        .iter()
        .filter(|p| {
            !["404.html", "subscribed/index.html", "search/index.html"].contains(&p.as_str())
        })
        .map(|p| format!("{BASE}{}", p.trim_end_matches("index.html")))
        .collect();
    assert_eq!(listed, expected);
    assert_eq!(listed.len(), urls.len(), "a URL is listed twice");
}

/// Output HTML files relative to public/, e.g. `news/x/index.html`.
fn html_pages(f: &Fixture) -> Vec<String> {
    let public = f.path("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(&public)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

#[test]
fn news_sitemap_holds_only_the_last_two_days() {
    let f = Fixture::new("minimal");
    f.build();
    let text = f.output("news-sitemap.xml");
    let doc = Document::parse(&text).unwrap();
    let urlset = doc.root_element();
    assert!(urlset.has_tag_name((SITEMAP_NS, "urlset")));
    let urls = xml_children(urlset, SITEMAP_NS, "url");
    let locs: Vec<&str> = urls
        .iter()
        .map(|u| xml_text(*u, SITEMAP_NS, "loc"))
        .collect();
    // odisha-sands (2025-10-17) is within two days of 2025-10-18T12:00Z;
    // magnet-prices (2025-09-01) and folder-story (2025-08-01) are not.
    assert_eq!(locs, [article_url("odisha-sands")]);
    let news = xml_children(urls[0], NEWS_NS, "news")[0];
    let publication = xml_children(news, NEWS_NS, "publication")[0];
    assert_eq!(xml_text(publication, NEWS_NS, "name"), "Fixture Times");
    assert_eq!(xml_text(publication, NEWS_NS, "language"), "en");
    assert_eq!(
        xml_text(news, NEWS_NS, "publication_date"),
        "2025-10-17T09:30:00+05:30"
    );
    assert_eq!(
        xml_text(news, NEWS_NS, "title"),
        "Odisha’s sands & the <rare> earths"
    );

    // Two days later, nothing is recent: an empty urlset is not valid against
    // the sitemap schema, so there is no news sitemap (values.rs tests more).
    let later = f.run(&["build", "--now", "2025-10-19T04:01:00Z"]);
    later.assert_success();
    assert!(!f.path("public/news-sitemap.xml").exists());
}

#[test]
fn drafts_never_reach_feeds_or_sitemaps() {
    let f = Fixture::new("minimal");
    // A draft dated inside the news window, so only the draft rule keeps it out.
    f.write(
        "content/news/fresh-draft.md",
        "---\ntitle: Fresh draft\ndate: 2025-10-18T09:00:00Z\nauthor: asha\ntags: [india]\ndraft: true\n---\nNot yet.\n",
    );
    f.run(&["build", "--drafts"]).assert_success();
    assert!(f.path("public/news/fresh-draft/index.html").is_file());
    let unwanted = ["fresh-draft", "draft-story", "future-story"];
    for rel in [
        "atom.xml",
        "rss.xml",
        "feed.json",
        "tags/india/atom.xml",
        "authors/asha/atom.xml",
        "authors/li/atom.xml",
        "sitemap.xml",
        "news-sitemap.xml",
    ] {
        let text = f.output(rel);
        for slug in unwanted {
            assert!(!text.contains(&format!("/news/{slug}/")), "{slug} in {rel}");
        }
        assert!(!text.contains("404.html"), "404 in {rel}");
    }
}

#[test]
fn robots_txt_names_the_sitemaps() {
    let f = Fixture::new("minimal");
    f.build();
    let robots = f.output("robots.txt");
    let sitemaps: Vec<&str> = robots
        .lines()
        .filter_map(|l| l.strip_prefix("Sitemap: "))
        .collect();
    assert_eq!(
        sitemaps,
        [
            format!("{BASE}sitemap.xml"),
            format!("{BASE}news-sitemap.xml")
        ]
    );
    assert!(robots.contains("User-agent: *"));
}

#[test]
fn article_head_has_social_cards_and_news_article_json_ld() {
    let f = Fixture::new("minimal");
    f.write(
        "site.yaml",
        &(site_yaml(&f) + "logo: /assets/logo.svg\ntwitter: fixturetimes\n"),
    );
    f.build();
    let html = f.html("news/odisha-sands/index.html");
    let url = article_url("odisha-sands");
    assert_eq!(meta(&html, "property", "og:type"), ["article"]);
    assert_eq!(meta(&html, "property", "og:url"), [url.as_str()]);
    assert_eq!(
        meta(&html, "property", "og:description"),
        ["Monazite-bearing sands are back in the spotlight."]
    );
    // No image of its own: the card drawn for it (tests/integration/cards.rs).
    assert_eq!(
        meta(&html, "property", "og:image"),
        [format!("{BASE}cards/news/odisha-sands.jpg")]
    );
    assert_eq!(
        meta(&html, "property", "article:published_time"),
        ["2025-10-17T09:30:00+05:30"]
    );
    assert_eq!(
        meta(&html, "property", "article:author"),
        [format!("{BASE}authors/asha/")]
    );
    assert_eq!(meta(&html, "property", "article:tag"), ["india", "mining"]);
    assert_eq!(meta(&html, "name", "twitter:card"), ["summary_large_image"]);
    assert_eq!(meta(&html, "name", "twitter:site"), ["@fixturetimes"]);
    assert_eq!(
        meta(&html, "name", "description"),
        ["Monazite-bearing sands are back in the spotlight."]
    );

    let blocks = json_ld(&html);
    let article = of_type(&blocks, "NewsArticle");
    assert_eq!(article["@context"], "https://schema.org");
    assert_eq!(article["headline"], "Odisha’s sands & the <rare> earths");
    assert_eq!(
        article["description"],
        "Monazite-bearing sands are back in the spotlight."
    );
    assert_eq!(article["datePublished"], "2025-10-17T09:30:00+05:30");
    assert_eq!(article["dateModified"], "2025-10-18T00:00:00+05:30");
    let author = &article["author"][0];
    assert_eq!(author["@type"], "Person");
    assert_eq!(author["name"], "Asha Rao");
    assert_eq!(author["url"], format!("{BASE}authors/asha/"));
    let publisher = &article["publisher"];
    assert_eq!(publisher["@type"], "Organization");
    assert_eq!(publisher["name"], "Fixture Times");
    assert_eq!(publisher["logo"]["url"], format!("{BASE}assets/logo.svg"));
    assert_eq!(
        article["image"],
        serde_json::json!([format!("{BASE}cards/news/odisha-sands.jpg")])
    );
    assert_eq!(article["mainEntityOfPage"]["@id"], url);
    assert_eq!(article["keywords"], serde_json::json!(["india", "mining"]));
    let source = &article["isBasedOn"];
    assert_eq!(source["name"], "The Economic Times");
    assert_eq!(source["url"], "https://example.com/story");

    let trail = of_type(&blocks, "BreadcrumbList");
    let items = trail["itemListElement"].as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "Fixture Times",
            "News",
            "Odisha’s sands & the <rare> earths"
        ]
    );
    assert_eq!(items[2]["item"], url);
    assert_eq!(items[2]["position"], 3);

    // An SVG image is not cropped: the article's card is drawn.
    let folder = f.html("news/folder-story/index.html");
    let image = format!("{BASE}cards/news/folder-story.jpg");
    assert_eq!(meta(&folder, "property", "og:image"), [image.as_str()]);
    assert_eq!(
        meta(&folder, "name", "twitter:card"),
        ["summary_large_image"]
    );
    assert_eq!(of_type(&json_ld(&folder), "NewsArticle")["image"][0], image);
    assert!(
        of_type(&json_ld(&folder), "NewsArticle")
            .get("isBasedOn")
            .is_none()
    );
}

#[test]
fn author_and_home_pages_have_person_and_website() {
    let f = Fixture::new("minimal");
    f.build();
    let author = json_ld(&f.html("authors/asha/index.html"));
    let person = of_type(&author, "Person");
    assert_eq!(person["name"], "Asha Rao");
    assert_eq!(person["url"], format!("{BASE}authors/asha/"));
    assert_eq!(person["jobTitle"], "India correspondent");
    assert_eq!(
        person["description"],
        "Asha covers mining & refining from Chennai."
    );

    let home = json_ld(&f.html("index.html"));
    let site = of_type(&home, "WebSite");
    assert_eq!(site["name"], "Fixture Times");
    assert_eq!(site["url"], BASE);
    assert!(json_ld(&f.html("page/2/index.html")).is_empty());
    assert!(json_ld(&f.html("about/index.html")).is_empty());
}

#[test]
fn a_site_under_a_sub_path_gets_absolute_urls_under_it() {
    let f = Fixture::new("minimal");
    f.run(&["build", "--base-url", "https://example.org/newsroom/"])
        .assert_success();
    let base = "https://example.org/newsroom/";
    let feed = parse_feed(&f, "atom.xml");
    for entry in &feed.entries {
        assert!(
            entry.id.starts_with(&format!("{base}news/")),
            "{}",
            entry.id
        );
        let body = entry.content.as_ref().unwrap().body.as_deref().unwrap();
        for (i, _) in body
            .match_indices("href=\"")
            .chain(body.match_indices("src=\""))
        {
            let url = &body[i..];
            let url = &url[url.find('"').unwrap() + 1..];
            if !url.starts_with("https://www.usgs.gov") && !url.starts_with("https://example.com") {
                assert!(url.starts_with(base), "{url}");
            }
        }
    }
    let asha = feed
        .entries
        .iter()
        .find(|e| e.id.contains("odisha-sands"))
        .unwrap();
    let body = asha.content.as_ref().unwrap().body.as_deref().unwrap();
    assert!(body.contains(&format!("href=\"{base}news/magnet-prices/#what-changed\"")));
    let folder = feed
        .entries
        .iter()
        .find(|e| e.id.contains("folder-story"))
        .unwrap();
    let body = folder.content.as_ref().unwrap().body.as_deref().unwrap();
    assert!(body.contains(&format!("src=\"{base}news/folder-story/cover.svg\"")));

    let json: Value = serde_json::from_str(&f.output("feed.json")).unwrap();
    assert_eq!(json["feed_url"], format!("{base}feed.json"));

    let sitemap = f.output("sitemap.xml");
    let doc = Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP_NS, "loc")))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&base));
    assert!(locs.iter().all(|l| l.starts_with(base)), "{locs:?}");
    assert!(
        f.output("robots.txt")
            .contains(&format!("Sitemap: {base}sitemap.xml"))
    );

    let html = f.html("news/odisha-sands/index.html");
    assert_eq!(
        meta(&html, "property", "og:url"),
        [format!("{base}news/odisha-sands/")]
    );
    let css = format!("link[rel=alternate][type='application/rss+xml'][href='{base}rss.xml']");
    assert_eq!(select(&html, &css).len(), 1);
    let article = of_type(&json_ld(&html), "NewsArticle").clone();
    assert_eq!(article["author"][0]["url"], format!("{base}authors/asha/"));
    assert_eq!(article["publisher"]["url"], base);
}
