//! Whole sites built from generated front matter, bodies and comments: the
//! build returns, and no file it writes shows an empty date or lets
//! front-matter or comment text out unescaped (an element or attribute from
//! the text in a page, a feed that is not well-formed XML).

use std::path::{Path, PathBuf};

use monazite::content::dates;
use monazite::{BuildOptions, build};
use proptest::prelude::*;
use scraper::{Html, Selector};
use time::{OffsetDateTime, UtcOffset};

use super::comments::{CommentSpec, comment_spec, comments_file};
use super::front_matter::{ArticleSpec, Layout, SourceSpec, article_spec};
use super::generate::{Style, double_quoted, hostile_text, markdown_body, valid_date};
use super::{config, within_hang_guard};
use crate::support::{copy_dir, normalize, repo_root};

/// Everything generated for one site.
#[derive(Debug, Clone)]
struct SiteSpec {
    article: ArticleSpec,
    body: String,
    /// The author's name, role and bio.
    author: (String, String, String),
    comments: Vec<CommentSpec>,
    page_title: String,
    /// Build "now" an hour after the article (inside the news sitemap's
    /// window), else on a fixed day.
    now_after_article: bool,
}

fn site_spec() -> impl Strategy<Value = SiteSpec> {
    (
        // An article's own dates run from 1900 (earlier ones are refused, with
        // their position: an RSS feed cannot write them); a source's from year 1.
        article_spec().prop_map(|mut a| {
            a.date = from_1900(&a.date);
            a.updated = a.updated.as_deref().map(from_1900);
            a
        }),
        // `\<` escapes nothing inside a raw HTML block, where an author's
        // HTML is meant to go through: the body shows the marker only as
        // entities, which stay text in a block or out of it.
        markdown_body(false).prop_map(|body| body.replace("\\<mz-x>", "&lt;mz-x>")),
        (hostile_text(), hostile_text(), hostile_text()),
        proptest::collection::vec(comment_spec(valid_date().boxed()), 0..4),
        hostile_text(),
        any::<bool>(),
    )
        .prop_map(
            |(article, body, author, comments, page_title, now_after_article)| SiteSpec {
                article,
                body,
                author,
                comments,
                page_title,
                now_after_article,
            },
        )
}

/// The site's timezone (tests/fixtures/readers/site.yaml).
fn site_offset() -> UtcOffset {
    UtcOffset::from_hms(5, 30, 0).unwrap()
}

const OTHER_ARTICLE: &str = "---\ntitle: \"An ordinary story\"\ndate: 2025-10-01\nauthor: asha\ntags: [markets]\n---\nPlain words.\n";

/// Writes the site for `spec` under `root`: the readers fixture's
/// configuration (comments on), the repository's theme, the generated
/// article with its comments, its author, an about page, and one ordinary
/// article so that each shows up in the other's sidebar.
fn write_site(root: &Path, spec: &SiteSpec) {
    let fixtures = repo_root().join("tests/fixtures");
    copy_dir(&repo_root().join("templates"), &root.join("templates"));
    std::fs::copy(fixtures.join("readers/site.yaml"), root.join("site.yaml")).unwrap();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    // A published article must have a body (an empty one is an error).
    let body = if spec.body.trim().is_empty() {
        "Plain words.\n"
    } else {
        &spec.body
    };
    write("content/news/story.md", &spec.article.file("asha", body));
    if !spec.comments.is_empty() {
        write(
            "content/news/story.comments.yaml",
            &comments_file(&spec.comments, spec.article.layout.crlf),
        );
    }
    write("content/news/ordinary.md", OTHER_ARTICLE);
    let (name, role, bio) = &spec.author;
    write(
        "content/authors/asha.md",
        &format!(
            "---\nname: {}\nrole: {}\nbio: {}\n---\nReports from Chennai.\n",
            double_quoted(name),
            double_quoted(role),
            double_quoted(bio)
        ),
    );
    write(
        "content/pages/about.md",
        &format!(
            "---\ntitle: {}\nsummary: {}\n---\nAbout us.\n",
            double_quoted(&spec.page_title),
            double_quoted(&spec.page_title)
        ),
    );
}

fn build_now(spec: &SiteSpec) -> OffsetDateTime {
    let fixed = OffsetDateTime::from_unix_timestamp(1_760_788_800).unwrap(); // 2025-10-18T12:00Z
    if !spec.now_after_article {
        return fixed;
    }
    dates::parse(
        &spec.article.date,
        &monazite::config::zone::SiteZone::Offset(site_offset()),
    )
    .and_then(|m| m.at.checked_add(time::Duration::HOUR))
    .unwrap_or(fixed)
}

/// Builds `spec` into `<dir>/public` through the library, drafts and
/// scheduled articles included (so that any date can be shown).
fn build_site(dir: &Path, spec: &SiteSpec) -> Result<PathBuf, String> {
    let root = dir.join("site");
    write_site(&root, spec);
    let output = dir.join("public");
    let mut options = BuildOptions::new(&root);
    options.output = Some(output.clone());
    options.drafts = true;
    options.now = build_now(spec);
    options.markdown_cache = false;
    within_hang_guard("build", move || build(&options))
        .map(|_| output)
        .map_err(|failure| {
            failure
                .errors
                .into_sorted()
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        })
}

/// Elements and attributes that only unescaped generated text can make.
const INJECTED: &str = "mz-x, mz-y, [mz-a], [mz-b]";

/// Element names of dates in feeds and sitemaps.
const XML_DATES: &[&str] = &[
    "updated",
    "published",
    "pubDate",
    "lastBuildDate",
    "lastmod",
    "publication_date",
    "date",
    "modified",
];

/// What is checked in every output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// No generated text made an element or attribute; XML, JSON-LD and JSON
    /// files parse.
    Escaping,
    /// No date is empty.
    Dates,
}

fn check_html(rel: &str, text: &str, check: Check) -> Result<(), TestCaseError> {
    let page = Html::parse_document(text);
    let select = |css: &str| Selector::parse(css).unwrap();
    if check == Check::Escaping {
        if let Some(found) = page.select(&select(INJECTED)).next() {
            return Err(TestCaseError::fail(format!(
                "{rel}: generated text made an element: {}",
                found.html()
            )));
        }
        for script in page.select(&select("script[type=\"application/ld+json\"]")) {
            let json: String = script.text().collect();
            serde_json::from_str::<serde_json::Value>(&json).map_err(|e| {
                TestCaseError::fail(format!("{rel}: JSON-LD does not parse ({e}): {json}"))
            })?;
        }
        return Ok(());
    }
    for element in page.select(&select("[datetime]")) {
        let value = element.value().attr("datetime").unwrap_or_default();
        prop_assert!(
            !value.trim().is_empty(),
            "{rel}: empty date in {}",
            element.html()
        );
    }
    for element in page.select(&select("time")) {
        let shown: String = element.text().collect();
        prop_assert!(
            !shown.trim().is_empty(),
            "{rel}: empty date in {}",
            element.html()
        );
    }
    for element in page.select(&select("meta[property$=\"_time\"]")) {
        let value = element.value().attr("content").unwrap_or_default();
        prop_assert!(
            !value.trim().is_empty(),
            "{rel}: empty date in {}",
            element.html()
        );
    }
    for script in page.select(&select("script[type=\"application/ld+json\"]")) {
        let json: String = script.text().collect();
        if let Ok(value) = serde_json::from_str(&json) {
            check_json_dates(rel, &value)?;
        }
    }
    Ok(())
}

/// Every key that names a date (`datePublished`, `date_modified`…) holds text.
fn check_json_dates(rel: &str, value: &serde_json::Value) -> Result<(), TestCaseError> {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                if key.to_ascii_lowercase().starts_with("date") {
                    let text = inner.as_str().unwrap_or_default();
                    prop_assert!(
                        !text.trim().is_empty(),
                        "{rel}: empty date `{key}`: {inner}"
                    );
                }
                check_json_dates(rel, inner)?;
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                check_json_dates(rel, item)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn check_xml(rel: &str, text: &str, check: Check) -> Result<(), TestCaseError> {
    let document = match roxmltree::Document::parse(text) {
        Ok(document) => document,
        Err(e) if check == Check::Escaping => {
            return Err(TestCaseError::fail(format!(
                "{rel} is not well-formed XML: {e}"
            )));
        }
        Err(_) => return Ok(()),
    };
    for node in document.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        prop_assert!(
            !name.starts_with("mz-"),
            "{rel}: generated text made <{name}>"
        );
        if check == Check::Dates && XML_DATES.contains(&name) {
            let shown = node.text().unwrap_or_default();
            prop_assert!(!shown.trim().is_empty(), "{rel}: empty <{name}>");
        }
    }
    Ok(())
}

/// Every file of the output, checked by kind.
fn check_output(output: &Path, check: Check) -> Result<usize, TestCaseError> {
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(output) {
        let entry = entry.unwrap();
        let path = entry.path();
        let rel = path.strip_prefix(output).unwrap().display().to_string();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !["html", "xml", "json"].contains(&extension) {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        match extension {
            "html" => check_html(&rel, &text, check)?,
            "xml" => check_xml(&rel, &text, check)?,
            _ => {
                let value: serde_json::Value = serde_json::from_str(&text)
                    .map_err(|e| TestCaseError::fail(format!("{rel} is not JSON: {e}")))?;
                if check == Check::Dates {
                    check_json_dates(&rel, &value)?;
                }
            }
        }
        checked += 1;
    }
    Ok(checked)
}

/// The article page shows the front matter's text as written.
fn check_article(output: &Path, spec: &SiteSpec) -> Result<(), TestCaseError> {
    let text = std::fs::read_to_string(output.join("news/story/index.html")).unwrap();
    let page = Html::parse_document(&text);
    let shown = |css: &str| -> Vec<String> {
        page.select(&Selector::parse(css).unwrap())
            .map(|e| normalize(&e.text().collect::<String>()))
            .collect()
    };
    // Headlines are set with typographic punctuation, as bodies are.
    prop_assert_eq!(
        shown("h1.article-title")
            .iter()
            .map(|t| plain_punctuation(t))
            .collect::<Vec<_>>(),
        vec![plain_punctuation(&normalize(&spec.article.title.0))]
    );
    let highlights: Vec<String> = spec
        .article
        .highlights
        .iter()
        .map(|(h, _)| plain_punctuation(&normalize(h)))
        .collect();
    let shown_highlights: Vec<String> = shown(".highlights li")
        .iter()
        .map(|h| plain_punctuation(h))
        .collect();
    prop_assert_eq!(shown_highlights, highlights);
    Ok(())
}

/// `text` with typographic quotes, dashes and ellipses written back as the
/// ASCII they are made from (and the ASCII left as it is).
fn plain_punctuation(text: &str) -> String {
    text.replace(['‘', '’'], "'")
        .replace(['“', '”'], "\"")
        .replace('—', "---")
        .replace('–', "--")
        .replace('…', "...")
}

/// Builds the site, or fails the case with the build's errors.
fn built(dir: &Path, spec: &SiteSpec) -> Result<PathBuf, TestCaseError> {
    build_site(dir, spec)
        .map_err(|errors| TestCaseError::fail(format!("the build failed:\n{errors}")))
}

proptest! {
    #![proptest_config(config(16))]

    /// Front-matter and comment text never reaches a page, feed or sitemap
    /// unescaped, and the article page shows it as written.
    #[test]
    fn built_sites_escape_every_text(spec in site_spec()) {
        let dir = tempfile::tempdir().unwrap();
        let output = built(dir.path(), &spec)?;
        let checked = check_output(&output, Check::Escaping)?;
        prop_assert!(checked > 10, "only {checked} files to check");
        check_article(&output, &spec)?;
    }

    /// Every date a site shows has text, whatever the year and offset the
    /// front matter and comments give.
    #[test]
    fn built_sites_show_every_date(spec in site_spec()) {
        let dir = tempfile::tempdir().unwrap();
        let output = built(dir.path(), &spec)?;
        check_output(&output, Check::Dates)?;
    }
}

/// Links that run script when followed, written as editors might paste them.
const SCRIPT_URLS: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
];

/// A site whose article's source and related links run script.
fn site_with_script_links() -> impl Strategy<Value = SiteSpec> {
    (
        site_spec(),
        proptest::sample::select(SCRIPT_URLS),
        proptest::sample::select(SCRIPT_URLS),
    )
        .prop_map(|(mut spec, source_url, related_url)| {
            let name = ("Source".to_string(), Style::Double);
            spec.article.source = Some(SourceSpec {
                name,
                url: Some(source_url.to_string()),
                date: None,
            });
            spec.article
                .related
                .push(("Related".to_string(), related_url.to_string()));
            spec
        })
}

/// Whether a link would run script: its scheme, as a browser reads it
/// (leading spaces and controls dropped, tabs and line breaks removed, any
/// case), is `javascript`, `vbscript` or `data`.
fn runs_script(url: &str) -> bool {
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// Found by `front_matter_links_never_run_script`: a `source.url` of
/// `javascript:` is linked as it is.
#[test]
fn a_script_source_link_is_not_linked() {
    let mut spec = SiteSpec::plain("2025-10-17");
    spec.article.source = Some(SourceSpec {
        name: ("A".to_string(), Style::Double),
        url: Some("javascript:alert(1)".to_string()),
        date: None,
    });
    let dir = tempfile::tempdir().unwrap();
    let output = match build_site(dir.path(), &spec) {
        Ok(output) => output,
        // Refusing the link, with an error at its line, is a fix too.
        Err(errors) => {
            assert!(errors.contains("story.md:"), "{errors}");
            return;
        }
    };
    check_script_links(&output).unwrap();
}

/// No `href`, `src` or `action` in any page runs script.
fn check_script_links(output: &Path) -> Result<(), TestCaseError> {
    let selector = Selector::parse("[href], [src], [action]").unwrap();
    for entry in walkdir::WalkDir::new(output) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        for element in page.select(&selector) {
            for attribute in ["href", "src", "action"] {
                if let Some(url) = element.value().attr(attribute) {
                    prop_assert!(
                        !runs_script(url),
                        "{}: a link runs script: {}",
                        entry.path().strip_prefix(output).unwrap().display(),
                        element.html()
                    );
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(16))]

    /// A link from front matter that would run script is refused or not
    /// linked; it never reaches a page as a link.
    #[test]
    fn front_matter_links_never_run_script(spec in site_with_script_links()) {
        let dir = tempfile::tempdir().unwrap();
        let output = match build_site(dir.path(), &spec) {
            Ok(output) => output,
            Err(errors) => {
                prop_assert!(errors.contains("story.md:"), "refused without pointing at the article:\n{errors}");
                return Ok(());
            }
        };
        check_script_links(&output)?;
    }
}

impl SiteSpec {
    /// The smallest site: one-letter texts, no comments, the article on `date`.
    fn plain(date: &str) -> SiteSpec {
        let a = || "A".to_string();
        SiteSpec {
            article: ArticleSpec {
                title: (a(), Style::Double),
                summary: None,
                highlights: Vec::new(),
                source: None,
                related: Vec::new(),
                tags: Vec::new(),
                image_alt: None,
                date: date.to_string(),
                updated: None,
                layout: Layout::default(),
            },
            body: String::new(),
            author: (a(), a(), a()),
            comments: Vec::new(),
            page_title: a(),
            now_after_article: false,
        }
    }
}

/// A generated date moved into the years an article may have: one before
/// 1900 gets 1900 added to its year, keeping its day, time and offset.
fn from_1900(date: &str) -> String {
    match date.get(..4).and_then(|y| y.parse::<i32>().ok()) {
        Some(year) if year < 1900 => {
            let year = year + 1900;
            // 29 February stays a real day only in a leap year.
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let rest = &date[4..];
            let rest = if !leap && rest.starts_with("-02-29") {
                rest.replacen("-02-29", "-02-28", 1)
            } else {
                rest.to_string()
            };
            format!("{year:04}{rest}")
        }
        _ => date.to_string(),
    }
}

/// Found by `built_sites_show_every_date`: RSS dates are written in RFC 2822
/// form, which cannot write a year before 1900, and the refusal became an
/// empty `<pubDate>`. Such a date is now refused where it is written.
#[test]
fn an_article_dated_before_1900_is_refused_where_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let error = build_site(dir.path(), &SiteSpec::plain("0001-01-01")).unwrap_err();
    assert!(error.contains("content/news/story.md:3:7:"), "{error}");
    assert!(
        error.contains("expected a year from 1900 to 9999"),
        "{error}"
    );
}
