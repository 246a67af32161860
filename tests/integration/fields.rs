//! The fields a newsroom needs (issue 18): `extra:` for templates, the lead
//! image's caption and credit, and an article's own language, checked in the
//! pages, feeds (parsed with feed-rs, roxmltree and serde_json) and JSON-LD.
//!
//! The `fields` fixture lays over `minimal`: a Hindi folder article
//! (`sands-hindi`: an image with caption and credit, `lang: hi-in`, `extra:`),
//! an Arabic one (`arabic-brief`, right to left) and an author with `extra:`.

use roxmltree::Document;
use scraper::Html;
use serde_json::Value;

use crate::support::{Fixture, select, text_of};

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const DC_NS: &str = "http://purl.org/dc/elements/1.1/";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const HINDI: &str = "https://fixture.example.org/news/sands-hindi/";
const CAPTION: &str = "Dark bands of heavy minerals on the beach at Chhatrapur.";
const CREDIT: &str = "Drawing: Asha Rao / Fixture Times";

fn fields() -> Fixture {
    Fixture::new("minimal").overlay("fields")
}

/// A theme template with `marker` put before the first `needle`.
fn show_in_template(f: &Fixture, template: &str, needle: &str, marker: &str) {
    let path = format!("templates/{template}");
    let text = std::fs::read_to_string(f.path(&path)).unwrap();
    assert!(text.contains(needle), "{template} has no {needle}");
    f.write(
        &path,
        &text.replacen(needle, &format!("{marker}{needle}"), 1),
    );
}

/// The JSON-LD block of `type` on a page.
fn json_ld(html: &Html, ty: &str) -> Value {
    select(html, "script[type='application/ld+json']")
        .iter()
        .map(|s| serde_json::from_str::<Value>(&s.text().collect::<String>()).unwrap())
        .find(|v| v["@type"] == ty)
        .unwrap_or_else(|| panic!("no {ty} block"))
}

#[test]
fn extra_values_reach_templates_as_page_article_and_author_extra() {
    let f = fields();
    show_in_template(
        &f,
        "article.html",
        "<h1 class=\"article-title\">",
        "<p id=\"extra\">{{ page.extra.sponsor | default(value=\"\") }}|{{ article.extra.rank | default(value=\"\") }}|{% if article.extra.regions is defined %}{{ article.extra.regions | join(sep=\"+\") }}{% endif %}|{{ article.author.extra.desk | default(value=\"\") }}</p>",
    );
    let list = std::fs::read_to_string(f.path("templates/list.html")).unwrap();
    f.write(
        "templates/list.html",
        &list.replace(
            "{% block content %}",
            "{% block content %}{% if author is defined %}<p id=\"author-extra\">{{ author.extra.desk | default(value=\"none\") }}/{{ page.extra.languages | default(value=[]) | length }}</p>{% endif %}",
        ),
    );
    let run = f.build();
    assert!(
        !run.stderr.contains("extra"),
        "no warning names `extra`: {}",
        run.stderr
    );
    let page = f.html("news/sands-hindi/index.html");
    assert_eq!(
        text_of(&page, "#extra"),
        "Indian Rare Earths Ltd|3|Odisha+Kerala|Chennai bureau"
    );
    // An article without `extra:` has an empty map, not an error.
    let plain = f.html("news/magnet-prices/index.html");
    assert_eq!(text_of(&plain, "#extra"), "|||");
    let author = f.html("authors/asha/index.html");
    assert_eq!(text_of(&author, "#author-extra"), "Chennai bureau/3");
    let other = f.html("authors/li/index.html");
    assert_eq!(text_of(&other, "#author-extra"), "none/0");
}

#[test]
fn extra_is_no_unknown_key_for_check() {
    let f = fields();
    let run = f.run(&["check"]);
    assert!(
        !run.stdout.contains("`extra`") && !run.stderr.contains("`extra`"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn the_lead_image_shows_its_caption_and_credit_and_keeps_alt_for_alt() {
    let f = fields();
    f.build();
    let page = f.html("news/sands-hindi/index.html");
    let img = select(&page, "figure.article-figure img");
    assert_eq!(
        img[0].value().attr("alt"),
        Some("A drawing of dark sand on a beach")
    );
    assert_eq!(
        text_of(
            &page,
            "figure.article-figure figcaption .article-figure__caption"
        ),
        CAPTION
    );
    assert_eq!(
        text_of(
            &page,
            "figure.article-figure figcaption .article-figure__credit"
        ),
        CREDIT
    );
    // The alt text is never shown as a caption.
    let folder = f.html("news/folder-story/index.html");
    assert!(select(&folder, "figure.article-figure figcaption").is_empty());
}

#[test]
fn caption_and_credit_go_with_the_image_in_every_feed_and_in_json_ld() {
    let f = fields();
    f.build();
    for rel in ["atom.xml", "rss.xml"] {
        let text = f.output(rel);
        let feed = feed_rs::parser::parse(text.as_bytes()).unwrap();
        let entry = feed
            .entries
            .iter()
            .find(|e| e.links.iter().any(|l| l.href == HINDI))
            .unwrap_or_else(|| panic!("{rel} lists the Hindi article"));
        let media = entry
            .media
            .iter()
            .find(|m| !m.content.is_empty())
            .unwrap_or_else(|| panic!("{rel}: no media:content"));
        let url = media.content[0].url.as_ref().unwrap().to_string();
        assert_eq!(url, format!("{HINDI}cover.png"), "{rel}");
        assert_eq!(
            media.description.as_ref().unwrap().content,
            CAPTION,
            "{rel}"
        );
        assert_eq!(media.credits[0].entity, CREDIT, "{rel}");
        let content = entry.content.as_ref().and_then(|c| c.body.clone()).unwrap();
        let html = Html::parse_fragment(&content);
        assert_eq!(text_of(&html, "figure figcaption small"), CREDIT, "{rel}");
        assert!(text_of(&html, "figure figcaption").starts_with(CAPTION));
    }
    let json: Value = serde_json::from_str(&f.output("feed.json")).unwrap();
    let item = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["url"] == HINDI)
        .unwrap();
    assert_eq!(item["image"], format!("{HINDI}cover.png"));
    let content = Html::parse_fragment(item["content_html"].as_str().unwrap());
    assert_eq!(text_of(&content, "figure figcaption small"), CREDIT);

    let page = f.html("news/sands-hindi/index.html");
    let article = json_ld(&page, "NewsArticle");
    let image = &article["image"][0];
    assert_eq!(image["@type"], "ImageObject");
    // The JSON-LD lists the crops of the article's image, each described.
    assert_eq!(
        image["contentUrl"],
        "https://fixture.example.org/cards/news/sands-hindi.16x9.jpg"
    );
    assert_eq!(article["image"].as_array().unwrap().len(), 3);
    assert_eq!(image["caption"], CAPTION);
    assert_eq!(image["creditText"], CREDIT);
    // Without a caption or credit the image stays a plain URL.
    let folder = json_ld(&f.html("news/folder-story/index.html"), "NewsArticle");
    assert!(folder["image"][0].is_string(), "{folder}");
}

#[test]
fn an_articles_language_marks_its_content_feed_entries_and_json_ld() {
    let f = fields();
    f.build();
    let page = f.html("news/sands-hindi/index.html");
    let article = select(&page, "article.article");
    assert_eq!(article[0].value().attr("lang"), Some("hi-IN"));
    assert_eq!(article[0].value().attr("dir"), None);
    assert_eq!(select(&page, "html")[0].value().attr("lang"), Some("en"));
    assert_eq!(json_ld(&page, "NewsArticle")["inLanguage"], "hi-IN");
    let og: Vec<_> = select(&page, "meta[property='og:locale']");
    assert_eq!(og[0].value().attr("content"), Some("hi_IN"));

    let arabic = f.html("news/arabic-brief/index.html");
    let article = select(&arabic, "article.article");
    assert_eq!(article[0].value().attr("lang"), Some("ar"));
    assert_eq!(article[0].value().attr("dir"), Some("rtl"));
    // An article in the site's language carries no attribute of its own.
    let english = f.html("news/magnet-prices/index.html");
    let article = select(&english, "article.article");
    assert_eq!(article[0].value().attr("lang"), None);
    assert_eq!(json_ld(&english, "NewsArticle")["inLanguage"], "en");

    // Its headline and summary in lists carry it too; the byline does not.
    let home = f.html("index.html");
    let hindi_card = select(&home, ".card__title[lang='hi-IN']");
    assert_eq!(hindi_card.len(), 1);
    assert_eq!(select(&home, ".card__summary[lang='hi-IN']").len(), 1);
    let topic = f.html("tags/markets/index.html");
    let arabic_card = select(&topic, ".card__title[lang='ar']");
    assert_eq!(arabic_card[0].value().attr("dir"), Some("rtl"));
    assert!(select(&topic, ".card__byline[lang]").is_empty());
    let archive = f.html("news/index.html");
    let arabic_link = select(&archive, ".archive__list a[lang='ar']");
    assert_eq!(arabic_link[0].value().attr("dir"), Some("rtl"));

    let atom_text = f.output("atom.xml");
    let atom = Document::parse(&atom_text).unwrap();
    let entry_lang = |url: &str| {
        atom.descendants()
            .filter(|n| n.has_tag_name((ATOM_NS, "entry")))
            .find(|e| {
                e.children()
                    .any(|l| l.has_tag_name((ATOM_NS, "link")) && l.attribute("href") == Some(url))
            })
            .map(|e| e.attribute((XML_NS, "lang")).map(str::to_string))
            .expect("entry")
    };
    assert_eq!(entry_lang(HINDI).as_deref(), Some("hi-IN"));
    let english_url = "https://fixture.example.org/news/magnet-prices/";
    assert_eq!(entry_lang(english_url), None, "the feed's xml:lang applies");

    let rss_text = f.output("rss.xml");
    let rss = Document::parse(&rss_text).unwrap();
    let item = rss
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .find(|i| {
            i.children()
                .any(|c| c.has_tag_name("link") && c.text() == Some(HINDI))
        })
        .unwrap();
    let language = item
        .children()
        .find(|c| c.has_tag_name((DC_NS, "language")))
        .and_then(|c| c.text());
    assert_eq!(language, Some("hi-IN"));

    let json: Value = serde_json::from_str(&f.output("feed.json")).unwrap();
    let items = json["items"].as_array().unwrap();
    let language_of =
        |url: &str| items.iter().find(|i| i["url"] == url).unwrap()["language"].clone();
    assert_eq!(language_of(HINDI), "hi-IN");
    assert_eq!(language_of(english_url), Value::Null);
}

#[test]
fn a_lang_that_is_not_a_language_tag_is_refused_where_written() {
    let f = fields();
    let path = "content/news/arabic-brief.md";
    let text = std::fs::read_to_string(f.path(path)).unwrap();
    f.write(path, &text.replace("lang: ar", "lang: Arabic"));
    let before = f.snapshot_public();
    let run = f.run(&["build"]);
    run.assert_failure();
    assert!(
        run.stderr.contains("content/news/arabic-brief.md:6:7"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("`lang` is not a language tag: `Arabic`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("BCP 47"), "{}", run.stderr);
    assert_eq!(f.snapshot_public(), before, "nothing written");
}
