//! Site-wide fragments (`templates/fragments/*.html`): rendered once per
//! distinct input, shown on every page, marked for the page they are on.

use crate::support::{Fixture, select, text_of};

#[test]
fn the_header_marks_the_current_section_and_the_home_page() {
    let site = Fixture::new("minimal");
    site.write(
        "site.yaml",
        &std::fs::read_to_string(site.path("site.yaml"))
            .unwrap()
            .replace(
                "nav:\n  - title: \"News\"\n    url: \"/news/\"\n",
                "nav:\n  - title: \"Home\"\n    url: \"/\"\n  - title: \"News\"\n    url: \"/news/\"\n  - title: \"About\"\n    url: \"/about/\"\n",
            ),
    );
    site.build().assert_success();
    let marks = |rel: &str| -> Vec<String> {
        let html = site.html(rel);
        let mut marks: Vec<String> = select(&html, ".site-nav a")
            .iter()
            .map(|a| {
                let v = a.value();
                let mark = match (v.attr("aria-current"), v.attr("class")) {
                    (Some(_), _) => "current",
                    (None, Some(c)) if c.contains("is-section") => "section",
                    _ => "-",
                };
                format!("{}:{mark}", a.text().collect::<String>())
            })
            .collect();
        let wordmark = select(&html, "a.wordmark")[0]
            .value()
            .attr("aria-current")
            .is_some();
        marks.push(format!("wordmark:{wordmark}"));
        marks
    };
    assert_eq!(
        marks("index.html"),
        ["Home:current", "News:-", "About:-", "wordmark:true"]
    );
    assert_eq!(
        marks("news/index.html"),
        ["Home:-", "News:current", "About:-", "wordmark:false"]
    );
    assert_eq!(
        marks("news/odisha-sands/index.html"),
        ["Home:-", "News:section", "About:-", "wordmark:false"],
        "an article is in the News section; every page is under `/` but Home is not a section"
    );
    assert_eq!(
        marks("about/index.html"),
        ["Home:-", "News:-", "About:current", "wordmark:false"]
    );
}

#[test]
fn every_page_has_the_sidebar_and_footer_and_the_newest_article_is_not_its_own_recent_news() {
    let site = Fixture::new("minimal");
    site.build().assert_success();
    for rel in [
        "index.html",
        "news/index.html",
        "news/odisha-sands/index.html",
        "tags/index.html",
        "about/index.html",
        "404.html",
    ] {
        let html = site.html(rel);
        assert_eq!(select(&html, "aside.sidebar").len(), 1, "{rel}");
        assert_eq!(select(&html, "footer.site-footer").len(), 1, "{rel}");
        assert_eq!(select(&html, "form.subscribe-form").len(), 1, "{rel}");
    }
    // The tags page lists no articles: its Recent news is the newest five.
    let home = site.html("tags/index.html");
    let recent = text_of(&home, ".recent-news__list");
    let newest = select(&home, ".recent-news__list a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    let newest_page = site.html(&format!("{}index.html", newest.trim_start_matches('/')));
    let own = text_of(&newest_page, ".recent-news__list");
    assert_ne!(recent, own, "the newest article's sidebar leaves it out");
    assert!(
        select(&newest_page, ".recent-news__list a")
            .iter()
            .all(|a| a.value().attr("href") != Some(newest.as_str())),
        "{own}"
    );
    // The subscribe form leaves itself out of the page it leads to.
    let subscribed = site.html("subscribed/index.html");
    assert!(select(&subscribed, "form.subscribe-form").is_empty());
}

#[test]
fn a_theme_fragment_sees_the_place_and_recent_news_and_is_shown_as_html() {
    let site = Fixture::new("minimal");
    site.write(
        "templates/fragments/banner.html",
        "<p class=\"banner\">{{ place.kind }} · {{ recent_news | length }} · <b>{{ site.title }}</b></p>\n",
    );
    let base = std::fs::read_to_string(site.path("templates/base.html")).unwrap();
    site.write(
        "templates/base.html",
        &base.replace(
            "<main id=\"main\" tabindex=\"-1\">",
            "<main id=\"main\" tabindex=\"-1\">{{ fragments.banner }}",
        ),
    );
    site.build().assert_success();
    assert_eq!(
        text_of(&site.html("index.html"), "p.banner"),
        "home · 1 · Fixture Times",
        "Recent news leaves out the home page's own two articles"
    );
    assert_eq!(
        text_of(&site.html("tags/index.html"), "p.banner b"),
        "Fixture Times",
        "a fragment is HTML, not escaped text"
    );
    assert!(
        text_of(&site.html("news/odisha-sands/index.html"), "p.banner").starts_with("article · ")
    );
}

#[test]
fn a_fragment_that_reads_a_page_value_is_an_error_pointing_at_it() {
    let site = Fixture::new("minimal");
    site.write(
        "templates/fragments/banner.html",
        "<p>\n  {{ page.title }}\n</p>\n",
    );
    let run = site.run(&["build"]);
    run.assert_failure();
    assert!(
        run.stderr.contains("fragments/banner.html:2:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`page` is not defined") && run.stderr.contains("place"),
        "names the missing value and what a fragment has: {}",
        run.stderr
    );
    assert!(
        !site.path("public").exists(),
        "a failed build writes nothing"
    );
}
