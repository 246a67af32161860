//! Readers: the subscribe form (once per page, honeypot, consent, left out with a
//! warning when it has nowhere to post), the /subscribed/ page, and approved
//! comments (threaded, counted, sanitized, with their form, and switchable off).
//! Browser behaviour is in the `chromium` test target (`readers`).

use scraper::Html;

use crate::support::{Fixture, normalize, select, text_of};

const ARTICLE: &str = "news/odisha-sands/index.html";

fn readers_site() -> Fixture {
    let f = Fixture::new("minimal").overlay("readers");
    f.build();
    f
}

/// Every HTML page of the build, as (path under public/, parsed document).
fn all_pages(f: &Fixture) -> Vec<(String, Html)> {
    let public = f.path("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&public)
                .unwrap()
                .display()
                .to_string();
            let html = Html::parse_document(&std::fs::read_to_string(e.path()).unwrap());
            (rel, html)
        })
        .collect()
}

/// The inner HTML of the one element matching `css`.
fn inner_html(html: &Html, css: &str) -> String {
    let found = select(html, css);
    assert_eq!(found.len(), 1, "expected exactly one `{css}`");
    found[0].inner_html()
}

/// Replaces `from` with `to` in a fixture file, checking that it was there.
fn edit(f: &Fixture, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(f.path(rel)).unwrap();
    assert!(text.contains(from), "{rel} lacks `{from}`");
    f.write(rel, &text.replacen(from, to, 1));
}

#[test]
fn subscribe_form_appears_once_per_page_with_its_parts() {
    let f = readers_site();
    let pages = all_pages(&f);
    assert!(pages.len() > 10, "{} pages", pages.len());
    for (path, html) in &pages {
        let forms = select(html, "form.subscribe-form").len();
        let expected = usize::from(path != "subscribed/index.html");
        assert_eq!(forms, expected, "{path}: {forms} subscribe forms");
        assert_eq!(
            select(html, "script[src='/assets/readers.js'][defer]").len(),
            1,
            "{path}: readers.js"
        );
    }
    let html = f.html(ARTICLE);
    let form = select(&html, "form.subscribe-form")[0];
    assert_eq!(
        form.value().attr("action"),
        Some("https://newsletter.example.org/subscribe")
    );
    assert_eq!(form.value().attr("method"), Some("post"));
    // A generic endpoint on another host than the site: the ordinary post (the
    // browser tests build it on the site's own origin, where it is sent in place).
    assert_eq!(form.value().attr("data-subscribe"), Some("post"));
    assert!(text_of(&html, ".subscribe h2").contains("Straight into your inbox"));
    assert_eq!(
        text_of(&html, ".subscribe-blurb"),
        "The week's news, every Friday."
    );
    // A labelled email field.
    let email = select(&html, "form.subscribe-form input[type=email]");
    assert_eq!(email.len(), 1);
    let email = email[0].value();
    assert_eq!(email.attr("name"), Some("email"));
    assert!(email.attr("required").is_some());
    assert_eq!(email.attr("autocomplete"), Some("email"));
    let id = email.attr("id").unwrap();
    assert_eq!(
        text_of(&html, &format!("form.subscribe-form label[for='{id}']")),
        "Email address"
    );
    assert_eq!(
        select(
            &html,
            "form.subscribe-form input[type=hidden][name=list][value=weekly]"
        )
        .len(),
        1
    );
    // The honeypot: off-screen, out of the tab order, hidden from screen readers.
    let honeypot = select(
        &html,
        "form.subscribe-form .subscribe-hp[aria-hidden=true] input[type=text][tabindex='-1']",
    );
    assert_eq!(honeypot.len(), 1);
    assert_eq!(honeypot[0].value().attr("name"), Some("website_url"));
    assert_eq!(honeypot[0].value().attr("autocomplete"), Some("off"));
    let css = f.output("assets/style.css");
    let hp_rule = &css[css.find(".subscribe-hp {").expect("honeypot CSS")..];
    let hp_rule = &hp_rule[..hp_rule.find('}').unwrap()];
    assert!(hp_rule.contains("left: -10000px"), "{hp_rule}");
    assert!(!hp_rule.contains("display: none"), "{hp_rule}");
    // Button, consent line with the privacy link, an empty live status.
    assert_eq!(
        text_of(&html, "form.subscribe-form button[type=submit]"),
        "Subscribe"
    );
    assert!(text_of(&html, ".subscribe-consent").contains("only to send the newsletter"));
    assert_eq!(
        select(&html, ".subscribe-consent a[href='/about/']").len(),
        1
    );
    assert_eq!(
        select(&html, ".subscribe-status[role=status][aria-live=polite]").len(),
        1
    );
    assert!(f.output("assets/readers.js").contains("data-subscribe"));
}

#[test]
fn provider_presets_set_the_fields_the_provider_expects() {
    let f = Fixture::new("minimal").overlay("readers");
    edit(
        &f,
        "site.yaml",
        "  provider: generic\n  action: \"https://newsletter.example.org/subscribe\"",
        "  provider: mailchimp\n  action: \"https://example.us1.list-manage.com/subscribe/post?u=abc123&id=def456\"",
    );
    f.build();
    let html = f.html("index.html");
    let form = select(&html, "form.subscribe-form")[0];
    assert_eq!(form.value().attr("data-subscribe"), Some("post"));
    assert_eq!(
        select(&html, "form.subscribe-form input[type=email][name=EMAIL]").len(),
        1
    );
    assert_eq!(
        select(&html, ".subscribe-hp input[name=b_abc123_def456]").len(),
        1,
        "Mailchimp's own honeypot name"
    );
}

#[test]
fn no_newsletter_action_leaves_the_form_out_with_a_warning() {
    let f = Fixture::new("minimal").overlay("readers");
    edit(
        &f,
        "site.yaml",
        "  action: \"https://newsletter.example.org/subscribe\"\n",
        "",
    );
    let run = f.build();
    assert!(
        run.stderr
            .contains("site.yaml:7:1: warning: no newsletter action"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("1 warning"), "{}", run.stdout);
    for (path, html) in all_pages(&f) {
        assert!(
            select(&html, ".subscribe, form.subscribe-form").is_empty(),
            "{path}"
        );
        // The script stays only where the comment form needs it.
        let has_comment_form = !select(&html, "form.comment-form").is_empty();
        assert_eq!(
            select(&html, "script[src$='readers.js']").len(),
            usize::from(has_comment_form),
            "{path}"
        );
    }
    assert!(!f.path("public/subscribed").exists());

    // `newsletter: false` turns the form off without a warning.
    let f = Fixture::new("minimal").overlay("readers");
    let yaml = std::fs::read_to_string(f.path("site.yaml")).unwrap();
    let start = yaml.find("newsletter:").unwrap();
    let end = yaml.find("comments:").unwrap();
    f.write(
        "site.yaml",
        &format!("{}newsletter: false\n{}", &yaml[..start], &yaml[end..]),
    );
    let run = f.build();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(select(&f.html("index.html"), ".subscribe").is_empty());
}

#[test]
fn subscribed_page_confirms_and_links_home() {
    let f = readers_site();
    let html = f.html("subscribed/index.html");
    assert_eq!(text_of(&html, "main h1"), "Thanks for subscribing");
    assert!(text_of(&html, "main").contains("Check your inbox"));
    assert_eq!(
        select(&html, "main a[href='/']").len(),
        1,
        "a link back home"
    );
    assert_eq!(
        select(&html, "meta[name=robots][content=noindex]").len(),
        1,
        "kept out of search engines"
    );
    assert_eq!(
        select(&html, "link[rel=stylesheet][href='/assets/style.css']").len(),
        1,
        "the theme's layout"
    );
}

#[test]
fn comments_render_as_a_counted_thread() {
    let f = readers_site();
    let html = f.html(ARTICLE);
    assert_eq!(text_of(&html, "#comments-heading"), "4 comments");
    let top: Vec<&str> = select(&html, "#comments > ol.comment-list > li.comment")
        .iter()
        .map(|li| li.value().attr("id").unwrap())
        .collect();
    assert_eq!(top, ["comment-c1", "comment-c4"], "top level, oldest first");
    assert_eq!(
        select(&html, "#comment-c1 > ol > #comment-c2 > ol > #comment-c3").len(),
        1,
        "replies nest under the comment they answer"
    );
    assert_eq!(
        text_of(&html, "#comment-c2 > article .comment__reply-to"),
        "in reply to Ravi Menon"
    );
    assert_eq!(
        text_of(&html, "#comment-c1 > article .comment__author"),
        "Ravi Menon"
    );
    let date = select(&html, "#comment-c1 > article time")[0];
    assert_eq!(
        date.value().attr("datetime"),
        Some("2025-10-17T12:00:00+05:30")
    );
    assert!(normalize(&date.text().collect::<String>()).contains("October 17, 2025"));
    assert!(
        inner_html(&html, "#comment-c1 > article .comment__text").contains("<em>processing</em>")
    );

    // A folder article's comments live in its folder.
    let folder = f.html("news/folder-story/index.html");
    assert_eq!(text_of(&folder, "#comments-heading"), "1 comment");
    assert_eq!(select(&folder, "#comment-first").len(), 1);
}

#[test]
fn comment_text_and_names_are_sanitized() {
    let f = readers_site();
    let html = f.html(ARTICLE);
    // No element anywhere on the page carries a handler or a javascript: URL.
    for element in select(&html, "*") {
        for (name, value) in element.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "handler `{name}` on <{}>",
                element.value().name()
            );
            assert!(
                !value.trim_start().to_lowercase().starts_with("javascript:"),
                "{name}={value}"
            );
        }
    }
    // JSON-LD blocks are data, not scripts that run.
    let scripts: Vec<_> = select(&html, "script:not([type='application/ld+json'])")
        .iter()
        .map(|s| s.value().attr("src").unwrap_or("inline").to_string())
        .collect();
    assert_eq!(
        scripts,
        ["/assets/readers.js"],
        "only the theme's own script"
    );
    assert!(select(&html, "img[src='/pwned.png']").is_empty());
    let section = inner_html(&html, "#comments");
    assert!(!section.contains("<script"), "{section}");
    assert!(!section.contains("<img"), "{section}");
    assert!(select(&html, "#comments b").is_empty(), "{section}");
    // The hostile text is shown, as text.
    let c4 = text_of(&html, "#comment-c4 > article .comment__text");
    assert!(c4.contains("<script>window.__pwned = 1</script>"), "{c4}");
    assert!(c4.contains("<img src=\"/pwned.png\""), "{c4}");
    assert_eq!(
        text_of(&html, "#comment-c4 > article .comment__author"),
        "Eve <b>Bold</b>"
    );
    // Links keep only safe schemes and are marked as user content.
    let links = select(&html, "#comments .comment__text a");
    assert!(!links.is_empty());
    for a in &links {
        if let Some(href) = a.value().attr("href") {
            assert!(href.starts_with("https://"), "{href}");
            assert_eq!(a.value().attr("rel"), Some("nofollow ugc"), "{href}");
        }
    }
    assert_eq!(
        select(
            &html,
            "#comment-c2 a[href^='https://www.usgs.gov/'][rel='nofollow ugc']"
        )
        .len(),
        1
    );
}

#[test]
fn comment_form_posts_to_the_endpoint_with_required_fields_marked() {
    let f = readers_site();
    let html = f.html(ARTICLE);
    let form = select(&html, "#comments form.comment-form");
    assert_eq!(form.len(), 1);
    assert_eq!(
        form[0].value().attr("action"),
        Some("https://comments.example.org/v3/entry/fixture")
    );
    assert_eq!(form[0].value().attr("method"), Some("post"));
    for (css, label) in [
        ("input[type=text][name='fields[name]']", "Name"),
        ("input[type=email][name='fields[email]']", "Email"),
        ("textarea[name='fields[comment]']", "Comment"),
    ] {
        let field = select(&html, &format!("form.comment-form {css}"));
        assert_eq!(field.len(), 1, "{css}");
        assert!(
            field[0].value().attr("required").is_some(),
            "{css} is required"
        );
        let id = field[0].value().attr("id").unwrap();
        let label_css = format!("form.comment-form label[for='{id}']");
        assert!(text_of(&html, &label_css).starts_with(label), "{label_css}");
        assert_eq!(
            select(&html, &format!("{label_css} .required")).len(),
            1,
            "{label} is marked required"
        );
    }
    assert!(text_of(&html, ".comment-form__note").contains("Fields marked * are required"));
    let email = select(&html, "form.comment-form input[name='fields[email]']")[0];
    let note_id = email.value().attr("aria-describedby").unwrap();
    assert!(
        text_of(&html, &format!("#{note_id}"))
            .to_lowercase()
            .contains("never published")
    );
    assert_eq!(
        select(
            &html,
            "form.comment-form input[type=hidden][name='options[slug]'][value='odisha-sands']"
        )
        .len(),
        1
    );
    assert_eq!(
        select(&html, "form.comment-form input[type=hidden][name='options[redirect]'][value='https://fixture.example.org/news/odisha-sands/#comment-received']").len(),
        1
    );
    assert_eq!(select(&html, "#comment-received").len(), 1);
    // Replies: each comment's Reply button is hidden until readers.js shows it.
    let replies = select(&html, "#comments button.comment__reply[hidden]");
    assert_eq!(replies.len(), 4);
    let reply = replies[0].value();
    assert_eq!(reply.attr("data-reply-to"), Some("c1"));
    assert_eq!(reply.attr("data-reply-author"), Some("Ravi Menon"));
    assert_eq!(
        select(
            &html,
            "form.comment-form input[type=hidden][name='fields[reply_to]'][value='']"
        )
        .len(),
        1
    );
    // An article with no approved comments still offers the form.
    let other = f.html("news/magnet-prices/index.html");
    assert_eq!(text_of(&other, "#comments-heading"), "Comments");
    assert_eq!(select(&other, "form.comment-form").len(), 1);
}

#[test]
fn comments_can_be_turned_off() {
    // In one article's front matter.
    let f = Fixture::new("minimal").overlay("readers");
    edit(
        &f,
        "content/news/odisha-sands.md",
        "author: asha\n",
        "author: asha\ncomments: false\n",
    );
    f.build();
    assert!(select(&f.html(ARTICLE), "#comments, .comment").is_empty());
    assert_eq!(
        select(
            &f.html("news/magnet-prices/index.html"),
            "form.comment-form"
        )
        .len(),
        1,
        "other articles keep theirs"
    );

    // For the whole site.
    let f = Fixture::new("minimal").overlay("readers");
    edit(
        &f,
        "site.yaml",
        "comments:\n  endpoint: \"https://comments.example.org/v3/entry/fixture\"\n",
        "comments: false\n",
    );
    f.build();
    for (path, html) in all_pages(&f) {
        assert!(
            select(&html, "#comments, .comment, form.comment-form").is_empty(),
            "{path}"
        );
    }

    // Without an endpoint, approved comments show but the form is left out.
    let f = Fixture::new("minimal").overlay("readers");
    edit(
        &f,
        "site.yaml",
        "  endpoint: \"https://comments.example.org/v3/entry/fixture\"\n",
        "  enabled: true\n",
    );
    f.build();
    let html = f.html(ARTICLE);
    assert_eq!(text_of(&html, "#comments-heading"), "4 comments");
    assert!(select(&html, "form.comment-form").is_empty());
    assert!(
        select(&f.html("news/magnet-prices/index.html"), "#comments").is_empty(),
        "no comments and no form: no section"
    );
}

#[test]
fn malformed_comment_files_name_file_line_and_column() {
    let f = Fixture::new("minimal");
    f.build();
    let before = f.snapshot_public();
    let f = f.overlay("errors/malformed-comments");
    let run = f.run(&["build"]);
    run.assert_failure();
    let stderr = &run.stderr;
    let yaml_error = stderr
        .lines()
        .find(|l| l.contains("content/news/odisha-sands.comments.yaml:"))
        .unwrap_or_else(|| panic!("{stderr}"));
    let parts: Vec<&str> = yaml_error.split(':').collect();
    let line: usize = parts[1].parse().unwrap();
    assert!((4..=5).contains(&line), "{yaml_error}");
    assert!(parts[2].parse::<usize>().is_ok(), "{yaml_error}");
    assert!(yaml_error.contains("invalid comments file"), "{yaml_error}");
    assert!(stderr.contains("expected a list of comments"), "{stderr}");
    assert!(
        stderr.contains("content/news/magnet-prices.comments.yaml:8:13: error: `reply_to: c7` is not the id of an earlier comment"),
        "{stderr}"
    );
    assert!(stderr.contains("8 |   reply_to: c7"), "{stderr}");
    assert!(stderr.contains("build failed: 2 errors"), "{stderr}");
    assert_eq!(
        f.snapshot_public(),
        before,
        "public/ changed after a failed build"
    );
}

#[test]
fn a_comments_file_without_its_article_is_a_warning() {
    let f = Fixture::new("minimal").overlay("readers");
    f.write(
        "content/news/no-such-story.comments.yaml",
        "- {id: a, author: A, date: 2025-01-01, text: hi}\n",
    );
    let run = f.build();
    assert!(
        run.stderr.contains(
            "content/news/no-such-story.comments.yaml: warning: comments file without an article"
        ),
        "{}",
        run.stderr
    );
}
