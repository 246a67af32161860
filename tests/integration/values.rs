//! Values that parse as YAML but must be refused (or warned about), and outputs
//! that must stay correct whatever the values: dates every output can write,
//! URLs with a script scheme, tags, empty fields, feeds' absolute links, the
//! news sitemap, the copyright year and non-ASCII base paths.
//!
//! Each case edits a copy of the `minimal` fixture in place; line and column
//! numbers in the assertions point into the text the test writes.

use std::path::Path;

use crate::support::Fixture;

/// Every way an output writes a date, with the date left empty.
const EMPTY_DATES: &[&str] = &[
    "datetime=\"\"",
    "_time\" content=\"\"",
    "\"datePublished\":\"\"",
    "\"dateModified\":\"\"",
    "\"date_published\":\"\"",
    "\"date_modified\":\"\"",
    "<published></published>",
    "<updated></updated>",
    "<pubDate></pubDate>",
    "<lastBuildDate></lastBuildDate>",
    "<dcterms:modified></dcterms:modified>",
    "<lastmod></lastmod>",
    "<news:publication_date></news:publication_date>",
];

/// Every output file under `public/` that holds an empty date, with the form found.
fn empty_dates(public: &Path) -> Vec<String> {
    let mut found = Vec::new();
    if !public.exists() {
        return found;
    }
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        // Binary files (images, the gzipped search index) hold no written dates.
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let compact = text.replace("\": \"", "\":\"");
        for form in EMPTY_DATES {
            if compact.contains(form) {
                found.push(format!("{}: {form}", entry.path().display()));
            }
        }
    }
    found
}

/// Replaces the line starting with `key:` in the fixture file `rel`.
fn set_line(f: &Fixture, rel: &str, key: &str, line: &str) {
    let text = std::fs::read_to_string(f.path(rel)).unwrap();
    let prefix = format!("{key}:");
    assert!(
        text.lines().any(|l| l.starts_with(&prefix)),
        "{rel} has no `{key}:` line"
    );
    let edited: Vec<&str> = text
        .lines()
        .map(|l| if l.starts_with(&prefix) { line } else { l })
        .collect();
    f.write(rel, &(edited.join("\n") + "\n"));
}

const ODISHA: &str = "content/news/odisha-sands.md";
const PRICES: &str = "content/news/magnet-prices.md";

#[test]
fn dates_no_output_can_write_are_refused_and_no_output_holds_an_empty_date() {
    // (file, key, line written, the error expected at file:line:col)
    let refused = [
        (
            "site.yaml",
            "timezone",
            "timezone: \"+24:00\"",
            "site.yaml:5:11: error: invalid timezone `+24:00`",
        ),
        (
            "site.yaml",
            "timezone",
            "timezone: \"-25:00\"",
            "site.yaml:5:11: error: invalid timezone `-25:00`",
        ),
        (
            PRICES,
            "date",
            "date: \"-0001-06-01\"",
            "content/news/magnet-prices.md:3:7: error: `date` is not a date",
        ),
        (
            PRICES,
            "date",
            "date: 1850-06-01",
            "content/news/magnet-prices.md:3:7: error: `date` is in the year 1850",
        ),
        (
            ODISHA,
            "updated",
            "updated: 0999-01-01",
            "content/news/odisha-sands.md:4:10: error: `updated` is in the year 999",
        ),
        (
            "content/news/magnet-prices.comments.yaml",
            "  date",
            "  date: \"-0001-01-01\"",
            "content/news/magnet-prices.comments.yaml:3:9: error:",
        ),
        (
            ODISHA,
            "  date",
            "  date: \"-0040-03-15\"",
            "content/news/odisha-sands.md:14:9: error: `source.date` is not a date",
        ),
    ];
    for (rel, key, line, expected) in refused {
        let f = Fixture::new("minimal");
        f.write(
            "content/news/magnet-prices.comments.yaml",
            "- id: c1\n  author: Ravi\n  date: 2025-09-02\n  text: A comment.\n",
        );
        set_line(&f, rel, key, line);
        let run = f.run(&["build", "--drafts"]);
        let written = empty_dates(&f.path("public"));
        assert!(
            written.is_empty(),
            "`{line}` gave empty dates: {written:#?}"
        );
        run.assert_failure();
        assert!(
            run.stderr.contains(expected),
            "`{line}`: stderr lacks `{expected}`:\n{}",
            run.stderr
        );
    }

    // The edges of what is accepted: the widest offsets, the first year a
    // feed can date an article, the last year RFC 3339 can write, a source
    // from year 1; every output writes each of them.
    let f = Fixture::new("minimal");
    f.write(
        "content/news/magnet-prices.comments.yaml",
        "- id: c1\n  author: Ravi\n  date: 0000-01-01\n  text: A comment.\n",
    );
    set_line(&f, "site.yaml", "timezone", "timezone: \"-23:59\"");
    set_line(&f, PRICES, "date", "date: 1900-01-01");
    set_line(
        &f,
        "content/news/future-story.md",
        "date",
        "date: 9999-12-31T23:59:59+23:59",
    );
    set_line(&f, ODISHA, "  date", "  date: 0001-01-01");
    f.run(&["build", "--drafts"]).assert_success();
    let written = empty_dates(&f.path("public"));
    assert!(written.is_empty(), "{written:#?}");
    assert!(
        f.output("news/magnet-prices/index.html")
            .contains("datetime=\"1900-01-01T00:00:00-23:59\"")
    );
    assert!(
        f.output("rss.xml")
            .contains("Mon, 01 Jan 1900 00:00:00 -2359")
    );

    // A build "now" before every article: the feeds, with no entry, are
    // dated by it, in a year RSS cannot write.
    let f = Fixture::new("minimal");
    f.run(&["build", "--now", "1850-01-01T00:00:00Z"])
        .assert_success();
    let written = empty_dates(&f.path("public"));
    assert!(written.is_empty(), "{written:#?}");
}

/// The build fails and says each of `expected` (`file:line:col: error: …`).
fn refused(f: &Fixture, expected: &[&str]) {
    let run = f.run(&["build"]);
    run.assert_failure();
    for text in expected {
        assert!(
            run.stderr.contains(text),
            "stderr lacks `{text}`:\n{}",
            run.stderr
        );
    }
    assert_eq!(
        run.stderr.matches(": error: ").count(),
        expected.len(),
        "{}",
        run.stderr
    );
}

#[test]
fn script_urls_are_refused_in_every_url_field() {
    let f = Fixture::new("minimal");
    f.write(
        "site.yaml",
        r#"title: "Fixture Times"
base_url: "https://fixture.example.org/"
logo: " JaVaScRiPt:alert(1)"
newsletter:
  action: "https://newsletter.example.org/subscribe"
  privacy_url: "vbscript:msgbox(1)"
nav:
  - title: "News"
    url: "/news/"
  - title: "Bad"
    url: "java\tscript:alert(1)"
footer_links:
  - {title: "About", url: "/about/"}
  - {title: "Data", url: "data:text/html,<script>alert(1)</script>"}
comments:
  endpoint: "\x01javascript:alert(1)"
"#,
    );
    f.write(
        "content/authors/li.md",
        "---\nname: \"Li Wen\"\nphoto: \"DATA:image/svg+xml,<svg onload=alert(1)>\"\nlinks:\n  - title: Site\n    url: https://li.example.org/\n  - {title: Mail, url: \"javascript:location='mailto:li@example.org'\"}\n---\nLi Wen follows magnet prices.\n",
    );
    set_line(&f, ODISHA, "  url", "  url: \"  javascript:alert(1)\"");
    set_line(
        &f,
        PRICES,
        "tags",
        "tags: [markets]\nimage: \"data:image/png;base64,AAAA\"\nrelated: [/news/odisha-sands/, \"VBScript:msgbox(1)\", {title: T, url: \"javascript:x\"}]",
    );
    refused(
        &f,
        &[
            "site.yaml:3:7: error: `logo` is a `javascript:` URL",
            "site.yaml:6:16: error: `newsletter.privacy_url` is a `vbscript:` URL",
            "site.yaml:11:10: error: `nav` link 2 is a `javascript:` URL",
            "site.yaml:14:26: error: `footer_links` link 2 is a `data:` URL",
            "site.yaml:16:13: error: `comments.endpoint` is a `javascript:` URL",
            "content/authors/li.md:3:8: error: `photo` is a `data:` URL",
            "content/authors/li.md:7:24: error: `links` entry 2 is a `javascript:` URL",
            "content/news/odisha-sands.md:13:8: error: `source.url` is a `javascript:` URL",
            "content/news/magnet-prices.md:8:8: error: `image` is a `data:` URL",
            "content/news/magnet-prices.md:9:32: error: `related` entry 2 is a `vbscript:` URL",
            "content/news/magnet-prices.md:9:70: error: `related` entry 3 is a `javascript:` URL",
        ],
    );
    // `check` refuses them too, and so does a newsletter action.
    f.run(&["check"]).assert_failure();
    let mut site = std::fs::read_to_string(f.path("site.yaml")).unwrap();
    site = site.replace(
        "https://newsletter.example.org/subscribe",
        " javascript:subscribe()",
    );
    f.write("site.yaml", &site);
    let run = f.run(&["build"]);
    assert!(
        run.stderr
            .contains("site.yaml:5:11: error: `newsletter.action` is a `javascript:` URL"),
        "{}",
        run.stderr
    );
}

#[test]
fn null_and_empty_tags_related_entries_and_source_names_are_errors() {
    let f = Fixture::new("minimal");
    set_line(
        &f,
        PRICES,
        "tags",
        "tags: [markets, null, \"\", \"  \", ~, \"🧲\"]\nrelated:\n  - /news/odisha-sands/\n  -\n  - \"\"\n  - {title: \"\", url: /news/folder-story/}\n  - title: Report\n    url: \"\"",
    );
    set_line(&f, ODISHA, "  name", "  name: \"  \"");
    set_line(
        &f,
        "content/news/folder-story/index.md",
        "tags",
        "tags:\n  - mining\n  - null\nsource:\n  name: ~\n  url: https://example.com/",
    );
    refused(
        &f,
        &[
            "content/news/magnet-prices.md:7:17: error: tag 2 is empty",
            "content/news/magnet-prices.md:7:23: error: tag 3 is empty",
            "content/news/magnet-prices.md:7:27: error: tag 4 is empty",
            "content/news/magnet-prices.md:7:33: error: tag 5 is empty",
            "content/news/magnet-prices.md:7:36: error: tag `🧲` has no letters or digits",
            "content/news/magnet-prices.md:10:3: error: `related` entry 2 is empty",
            "content/news/magnet-prices.md:11:5: error: `related` entry 3 is empty",
            "content/news/magnet-prices.md:12:13: error: `related` entry 4 has an empty title",
            "content/news/magnet-prices.md:14:10: error: `related` entry 5 has an empty url",
            "content/news/odisha-sands.md:12:9: error: `source.name` is empty",
            "content/news/folder-story/index.md:9:5: error: tag 2 is empty",
            "content/news/folder-story/index.md:11:9: error: `source.name` is empty",
        ],
    );
}

#[test]
fn an_update_before_the_publication_date_is_a_warning() {
    let f = Fixture::new("minimal");
    set_line(&f, ODISHA, "updated", "updated: 2025-10-01");
    let run = f.build();
    assert!(
        run.stderr.contains(
            "content/news/odisha-sands.md:4:10: warning: `updated` (2025-10-01) is before `date` (2025-10-17T09:30:00+05:30)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches(": warning: ").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn tags_in_other_scripts_have_one_address_everywhere() {
    use monazite::outputs::search::files::{MANIFEST, read_manifest};
    use monazite::outputs::search::query::{self, IndexSource};

    struct Dir<'a>(&'a Path);
    impl IndexSource for Dir<'_> {
        fn read(&mut self, name: &str) -> Option<Vec<u8>> {
            std::fs::read(self.0.join(name)).ok()
        }
    }

    let f = Fixture::new("minimal");
    set_line(
        &f,
        PRICES,
        "tags",
        "tags: [markets, 稀土, \"レアアース\", \"Редкие земли\", \"稀土 Magnets\"]",
    );
    f.build();
    // Each tag's page is written under its slug: readable letters of its own
    // script (Cyrillic, which has a romanization, in Latin letters).
    let slugs = [
        ("稀土", "%E7%A8%80%E5%9C%9F"),
        (
            "レアアース",
            "%E3%83%AC%E3%82%A2%E3%82%A2%E3%83%BC%E3%82%B9",
        ),
        ("redkie-zemli", "redkie-zemli"),
        ("稀土-magnets", "%E7%A8%80%E5%9C%9F-magnets"),
    ];
    for (slug, encoded) in slugs {
        assert!(
            f.path(&format!("public/tags/{slug}/index.html")).is_file(),
            "no page for {slug}"
        );
        assert!(f.path(&format!("public/tags/{slug}/atom.xml")).is_file());
        let path = format!("/tags/{encoded}/");
        let url = format!("https://fixture.example.org{path}");
        // Links to it from the article, the topics page and the feeds and
        // sitemap, all percent-encoded the same way.
        let article = f.output("news/magnet-prices/index.html");
        assert!(
            article.contains(&format!("href=\"{path}\"")),
            "{slug} in the article"
        );
        let topics = f.output("tags/index.html");
        assert!(
            topics.contains(&format!("href=\"{path}\"")),
            "{slug} on /tags/"
        );
        let sitemap = f.output("sitemap.xml");
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "{slug} in the sitemap"
        );
        let feed = f.output(&format!("tags/{slug}/atom.xml"));
        assert!(
            feed.contains(&format!("href=\"{url}\"")),
            "{slug}'s feed page link"
        );
        assert!(
            feed.contains(&format!("href=\"{url}atom.xml\"")),
            "{slug}'s feed self link"
        );
        let page = f.output(&format!("tags/{slug}/index.html"));
        assert!(
            page.contains(&format!("<link rel=\"canonical\" href=\"{url}\"")),
            "{slug} canonical"
        );
    }
    // Nothing links to a tag's address unencoded.
    for rel in [
        "news/magnet-prices/index.html",
        "tags/index.html",
        "sitemap.xml",
        "atom.xml",
    ] {
        assert!(!f.output(rel).contains("/tags/稀土"), "{rel}");
    }
    // The search index keeps the slug, which its script encodes the same way
    // (`encodeURIComponent`), and filters by it.
    let search = f.path("public/search");
    let manifest = read_manifest(&std::fs::read(search.join(MANIFEST)).unwrap()).unwrap();
    assert!(
        manifest
            .tags
            .iter()
            .any(|(name, slug)| name == "稀土" && slug == "稀土")
    );
    let (hits, _) = query::search(&manifest, &mut Dir(&search), "prices", Some("稀土")).unwrap();
    assert_eq!(hits.len(), 1);
    // Two spellings of one tag are one tag.
    set_line(&f, ODISHA, "tags", "tags: [india, \"稀土\"]");
    f.build();
    let page = f.html("tags/稀土/index.html");
    assert_eq!(crate::support::select(&page, "article.card").len(), 2);
}

#[test]
fn feeds_make_links_absolute_in_attributes_only() {
    let f = Fixture::new("minimal");
    f.write(
        "content/news/html-howto.md",
        "---\ntitle: How to embed a chart\ndate: 2025-10-18T10:00:00Z\nauthor: li\n---\nWrite `<img src='/x.png'>` in the page, as [this page](/news/magnet-prices/) does:\n\n```html\n<a href='/charts/'><img src='/chart.png'></a>\n```\n",
    );
    f.build();
    let atom = f.output("atom.xml");
    let json = f.output("feed.json");
    let rss = f.output("rss.xml");
    for (name, text) in [("atom.xml", &atom), ("rss.xml", &rss), ("feed.json", &json)] {
        // The code as written, escaped once for the page and once for the feed.
        for sample in ["src='/x.png'", "href='/charts/'", "src='/chart.png'"] {
            assert!(text.contains(sample), "{name} lacks {sample}");
        }
        assert!(
            !text.contains("src='https://"),
            "{name} rewrote a code sample"
        );
        assert!(
            !text.contains("href='https://"),
            "{name} rewrote a code sample"
        );
    }
    // The real link in the same article is made absolute.
    assert!(atom.contains("href=\"https://fixture.example.org/news/magnet-prices/\""));
}

#[test]
fn without_a_recent_article_there_is_no_news_sitemap() {
    let f = Fixture::new("minimal");
    let sitemaps = |f: &Fixture| -> Vec<String> {
        f.output("robots.txt")
            .lines()
            .filter_map(|l| l.strip_prefix("Sitemap: "))
            .map(str::to_string)
            .collect()
    };
    f.build();
    assert!(f.path("public/news-sitemap.xml").is_file());
    assert_eq!(sitemaps(&f).len(), 2);
    // Two days on, no article is recent: an empty `urlset` is not valid
    // against the sitemap schema (it needs a `url`), so the file is left out,
    // and the earlier build's one removed.
    f.run(&["build", "--now", "2025-10-20T12:00:00Z"])
        .assert_success();
    assert!(!f.path("public/news-sitemap.xml").exists());
    assert_eq!(
        sitemaps(&f),
        ["https://fixture.example.org/sitemap.xml"],
        "robots.txt names only the sitemap that exists"
    );
    // A new article brings it back.
    f.write(
        "content/news/fresh.md",
        "---\ntitle: Fresh\ndate: 2025-10-20T09:00:00Z\nauthor: li\n---\nNew.\n",
    );
    f.run(&["build", "--now", "2025-10-20T12:00:00Z"])
        .assert_success();
    assert!(f.output("news-sitemap.xml").contains("/news/fresh/"));
    assert_eq!(sitemaps(&f).len(), 2);
}

#[test]
fn the_default_copyright_year_is_the_builds_now() {
    let f = Fixture::new("minimal");
    let copyright =
        |f: &Fixture| crate::support::text_of(&f.html("index.html"), ".site-footer__copyright");
    // MONAZITE_NOW is 2025-10-18 for every test run.
    f.build();
    assert_eq!(copyright(&f), "© 2025 Fixture Times");
    f.run(&["build", "--now", "2031-06-01T00:00:00Z"])
        .assert_success();
    assert_eq!(copyright(&f), "© 2031 Fixture Times");
    // The year where the newsroom is (site.yaml's timezone is +05:30).
    f.run(&["build", "--now", "2031-12-31T20:00:00Z"])
        .assert_success();
    assert_eq!(copyright(&f), "© 2032 Fixture Times");
    // A copyright line given in site.yaml is kept as written.
    f.write(
        "site.yaml",
        &(std::fs::read_to_string(f.path("site.yaml")).unwrap()
            + "copyright: \"© 2020–2031 The Fixture Times\"\n"),
    );
    f.build();
    assert_eq!(copyright(&f), "© 2020–2031 The Fixture Times");
}

#[test]
fn a_base_path_outside_ascii_is_percent_encoded_in_every_address() {
    const BASE: &str =
        "https://example.com/%E0%A4%B8%E0%A4%AE%E0%A4%BE%E0%A4%9A%E0%A4%BE%E0%A4%B0/";
    const PATH: &str = "/%E0%A4%B8%E0%A4%AE%E0%A4%BE%E0%A4%9A%E0%A4%BE%E0%A4%B0/";
    let f = Fixture::new("minimal");
    set_line(
        &f,
        "site.yaml",
        "base_url",
        "base_url: \"https://example.com/समाचार/\"",
    );
    f.build();
    let sitemap = f.output("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .collect();
    assert!(locs.len() > 5);
    for loc in &locs {
        assert!(loc.starts_with(BASE), "{loc}");
    }
    assert!(
        f.output("news-sitemap.xml")
            .contains(&format!("<loc>{BASE}news/odisha-sands/</loc>"))
    );
    assert!(
        f.output("robots.txt")
            .contains(&format!("Sitemap: {BASE}sitemap.xml"))
    );
    for feed in ["atom.xml", "rss.xml", "feed.json", "tags/india/atom.xml"] {
        let text = f.output(feed);
        assert!(
            !text.contains("समाचार"),
            "{feed} holds the base path unencoded"
        );
        assert!(
            text.contains(&format!("{BASE}news/odisha-sands/")),
            "{feed}"
        );
    }
    // Links in entries' content, made absolute from the rebased Markdown link.
    assert!(
        f.output("atom.xml")
            .contains(&format!("href=\"{BASE}news/magnet-prices/#what-changed\""))
    );
    // Pages link with the encoded base path too, and are written as before.
    let page = f.output("news/odisha-sands/index.html");
    assert!(
        !page.contains("समाचार"),
        "a page holds the base path unencoded"
    );
    assert!(page.contains(&format!("href=\"{PATH}news/magnet-prices/#what-changed\"")));
    assert!(page.contains(&format!(
        "<link rel=\"canonical\" href=\"{BASE}news/odisha-sands/\""
    )));
    // The same from --base-url.
    set_line(
        &f,
        "site.yaml",
        "base_url",
        "base_url: \"https://fixture.example.org/\"",
    );
    f.run(&["build", "--base-url", "https://example.com/समाचार"])
        .assert_success();
    assert!(
        f.output("sitemap.xml")
            .contains(&format!("<loc>{BASE}</loc>"))
    );
}
