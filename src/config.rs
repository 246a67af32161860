//! `site.yaml` as written ([`RawConfig`]) and as the rest of monazite uses it
//! ([`Config`]): defaults filled in, the base URL split into origin and path.
//!
//! This module knows nothing of content or templates.

use std::collections::BTreeMap;
use std::path::Path;

use locale::DateFormats;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::UtcOffset;
use zone::{SiteZone, UnknownZone};

use crate::diag::{Diagnostic, Diagnostics};

pub mod cards;
mod deploy;
mod images;
mod items;
pub mod locale;
mod readers;
mod url;
pub mod zone;
pub use deploy::{CacheRule, Deploy, DeployProblem, RawDeploy, RawTarget, Target};
pub use images::{ImageSettings, RawImages};
pub use items::{item_field_position, item_position};
pub use readers::{Comments, Newsletter, Provider, RawComments, RawNewsletter, Switch};
pub use url::{BaseUrl, encode_path, refused_scheme, refused_url, split_base_url};

/// The configuration file's name at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// `site.yaml` exactly as the editor wrote it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// The site's time zone: an IANA name like `Asia/Kolkata`, or a UTC
    /// offset like `+05:30`; dates written without an offset are read in it.
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub default_author: Option<String>,
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
    #[serde(default = "default_archive_paginate_by")]
    pub archive_paginate_by: usize,
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// The publication's name in the Google News sitemap; defaults to `title`.
    #[serde(default)]
    pub publication_name: Option<String>,
    /// A site path to the logo, used in the header and structured data.
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub copyright: Option<String>,
    #[serde(default)]
    pub nav: Vec<Link>,
    #[serde(default)]
    pub footer_links: Vec<Link>,
    #[serde(default)]
    pub twitter: Option<String>,
    /// The subscribe form (`false` leaves it out).
    #[serde(default)]
    pub newsletter: Option<Switch<RawNewsletter>>,
    /// Readers' comments (`false` turns them off).
    #[serde(default)]
    pub comments: Option<Switch<RawComments>>,
    /// The colours of generated social cards (docs/configuration.md).
    #[serde(default)]
    pub cards: Option<cards::RawCards>,
    /// The image pipeline's widths, quality and limits (docs/images.md).
    #[serde(default)]
    pub images: Option<RawImages>,
    /// Free-form values handed to templates as `site.extra`.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_yaml::Value>,
    /// Where `monazite deploy` publishes (docs/configuration.md).
    #[serde(default)]
    pub deploy: Option<RawDeploy>,
}

/// A titled link in navigation or the footer.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// The validated configuration every later stage reads.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Always ends with `/`, e.g. `https://example.org/newsroom/`.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending with `/`.
    pub base_path: String,
    /// The host of `base_url`, with its port if it has one; none when
    /// `base_url` is invalid (and `check` goes on with the rest).
    #[serde(skip)]
    pub host: Option<String>,
    pub language: String,
    /// `timezone:` as written (a fixed offset or an IANA zone), else UTC.
    #[serde(skip)]
    pub timezone: SiteZone,
    /// Date formatters of `language`, made once per run and shared.
    #[serde(skip)]
    pub date_formats: Arc<DateFormats>,
    /// site.yaml names a time zone (`monazite new` otherwise dates articles
    /// in the machine's).
    #[serde(skip)]
    pub timezone_written: bool,
    pub default_author: Option<String>,
    pub paginate_by: usize,
    pub archive_paginate_by: usize,
    pub feed_limit: usize,
    pub publication_name: String,
    pub logo: Option<String>,
    /// As written, else `© YEAR TITLE`, the year set by [`Config::date_copyright`].
    pub copyright: String,
    /// Whether `copyright:` was written (else the default is dated by the build).
    #[serde(skip)]
    pub copyright_written: bool,
    pub nav: Vec<Link>,
    pub footer_links: Vec<Link>,
    pub twitter: Option<String>,
    /// The subscribe form; none when it is off or has nowhere to post.
    pub newsletter: Option<Newsletter>,
    pub comments: Comments,
    /// The colours of generated social cards.
    pub cards: cards::CardColours,
    #[serde(skip)]
    pub images: ImageSettings,
    pub extra: BTreeMap<String, serde_yaml::Value>,
    /// `monazite deploy`'s targets and cache rules; not seen by templates.
    #[serde(skip)]
    pub deploy: Deploy,
    /// Problems that do not stop a build (e.g. a subscribe form with no action).
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

impl Config {
    /// Defaults used to keep checking content when `site.yaml` itself is broken.
    pub fn fallback() -> Config {
        Config::parse("title: site\nbase_url: http://localhost/\n").expect("fallback config parses")
    }

    /// Reads and validates `site.yaml` under `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        let text =
            std::fs::read_to_string(&path).map_err(|e| {
                Diagnostics::from_iter([Diagnostic::error(format!(
                    "cannot read {CONFIG_FILE}: {e}"
                ))
                .in_file(CONFIG_FILE)
                .with_help("every site needs a site.yaml at its root (`monazite init` makes one)")])
            })?;
        Config::parse(&text)
    }

    /// Parses the text of `site.yaml`; errors name the file, line and column.
    pub fn parse(text: &str) -> Result<Config, Diagnostics> {
        let raw: RawConfig = crate::yaml::parse(text).map_err(|e| {
            let mut d = Diagnostic::error(format!("invalid {CONFIG_FILE}: {}", e.message))
                .in_file(CONFIG_FILE);
            if let Some(line) = e.line {
                d = d.at(line, e.column.unwrap_or(1), Some(text));
            }
            if let Some(help) = e.help {
                d = d.with_help(help);
            }
            Diagnostics::from_iter([d])
        })?;
        raw.validate(text)
    }

    /// Overrides the base URL (from `--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        let base = split_base_url(url).ok_or_else(|| {
            Diagnostic::error(format!("invalid --base-url `{url}`")).with_help(BASE_URL_HELP)
        })?;
        self.base_url = base.url;
        self.base_path = base.path;
        self.host = Some(base.host);
        Ok(())
    }

    /// Dates the default copyright line by the build's "now" (`--now`,
    /// `MONAZITE_NOW`, else the clock): its year in the site's timezone. A
    /// line written in site.yaml is kept as it is.
    pub fn date_copyright(&mut self, now: time::OffsetDateTime) {
        if self.copyright_written {
            return;
        }
        let year = self.timezone.to_zone(now).year();
        self.copyright = default_copyright(year, &self.title);
    }

    /// The absolute URL of a site path like `/news/x/` (percent-encoded:
    /// `/tags/稀土/` is `…/tags/%E7%A8%80%E5%9C%9F/`).
    pub fn permalink(&self, site_path: &str) -> String {
        format!(
            "{}{}",
            self.base_url,
            encode_path(site_path.trim_start_matches('/'))
        )
    }

    /// `https://example.org` for `https://example.org/newsroom/`.
    pub fn origin(&self) -> &str {
        &self.base_url[..self.base_url.len() - self.base_path.len()]
    }

    /// The URL of a site path as the browser should request it (base path
    /// included, percent-encoded as [`Config::permalink`]).
    pub fn url(&self, site_path: &str) -> String {
        format!(
            "{}{}",
            self.base_path,
            encode_path(site_path.trim_start_matches('/'))
        )
    }
}

const BASE_URL_HELP: &str = "expected an absolute http(s) URL such as https://news.example.org/ or https://example.org/newsroom/";

impl RawConfig {
    fn validate(self, text: &str) -> Result<Config, Diagnostics> {
        let mut errors = Diagnostics::new();
        let at_key = |key: &str, d: Diagnostic| match key_position(text, key) {
            Some((line, col)) => d.at(line, col, Some(text)),
            None => d,
        };
        let (base_url, base_path, host) = match split_base_url(&self.base_url) {
            Some(base) => (base.url, base.path, Some(base.host)),
            None => {
                errors.push(at_key(
                    "base_url",
                    Diagnostic::error(format!("invalid base_url `{}`", self.base_url))
                        .in_file(CONFIG_FILE)
                        .with_help(BASE_URL_HELP),
                ));
                (String::new(), "/".to_string(), None)
            }
        };
        let date_formats = DateFormats::for_language(&self.language).unwrap_or_else(|_| {
            errors.push(at_key(
                "language",
                Diagnostic::error(format!("invalid language `{}`", self.language))
                    .in_file(CONFIG_FILE)
                    .with_help("expected a BCP 47 language tag such as en, en-GB, hi, fr, de, es or zh (see docs/configuration.md)"),
            ));
            DateFormats::for_language("en").expect("English date formats")
        });
        let timezone = match self.timezone.as_deref() {
            None => SiteZone::default(),
            Some(tz) => SiteZone::parse(tz, parse_offset).unwrap_or_else(|unknown| {
                errors.push(at_key("timezone", unknown_zone(tz, unknown)));
                SiteZone::default()
            }),
        };
        for (key, value) in [
            ("paginate_by", self.paginate_by),
            ("archive_paginate_by", self.archive_paginate_by),
            ("feed_limit", self.feed_limit),
        ] {
            if value == 0 {
                errors.push(at_key(
                    key,
                    Diagnostic::error(format!("{key} must be at least 1"))
                        .in_file(CONFIG_FILE)
                        .with_help("expected a whole number greater than zero"),
                ));
            }
        }
        if self.title.trim().is_empty() {
            errors.push(at_key(
                "title",
                Diagnostic::error("title is empty")
                    .in_file(CONFIG_FILE)
                    .with_help("expected the site's name"),
            ));
        }
        for (key, links) in [("nav", &self.nav), ("footer_links", &self.footer_links)] {
            for (i, link) in links.iter().enumerate() {
                if let Some(scheme) = refused_scheme(&link.url) {
                    let d = refused_url(&format!("`{key}` link {}", i + 1), scheme)
                        .in_file(CONFIG_FILE);
                    errors.push(
                        match item_field_position(text, key, i, "url")
                            .or_else(|| key_position(text, key))
                        {
                            Some((line, column)) => d.at(line, column, Some(text)),
                            None => d,
                        },
                    );
                }
            }
        }
        if let Some(scheme) = self.logo.as_deref().and_then(refused_scheme) {
            errors.push(at_key(
                "logo",
                refused_url("`logo`", scheme).in_file(CONFIG_FILE),
            ));
        }
        let mut warnings = Vec::new();
        let (newsletter, comments) = readers_sections(
            self.newsletter,
            self.comments,
            text,
            &mut errors,
            &mut warnings,
        );
        let card_colours = cards::resolve(self.cards, text, &mut errors);
        let images = self.images.unwrap_or_default().validate(text, &mut errors);
        let deploy = deploy_section(self.deploy, text, &mut errors);
        if errors.has_errors() {
            return Err(errors);
        }
        // Until the build's "now" dates it (`date_copyright`), the clock's year.
        let year = time::OffsetDateTime::now_utc().year();
        Ok(Config {
            copyright_written: self.copyright.is_some(),
            timezone_written: self.timezone.is_some(),
            date_formats,
            copyright: self
                .copyright
                .unwrap_or_else(|| default_copyright(year, &self.title)),
            publication_name: self.publication_name.unwrap_or_else(|| self.title.clone()),
            title: self.title,
            description: self.description,
            base_url,
            base_path,
            host,
            language: self.language,
            timezone,
            default_author: self.default_author,
            paginate_by: self.paginate_by,
            archive_paginate_by: self.archive_paginate_by,
            feed_limit: self.feed_limit,
            logo: self.logo,
            nav: self.nav,
            footer_links: self.footer_links,
            twitter: self.twitter,
            newsletter,
            comments,
            cards: card_colours,
            images,
            extra: self.extra,
            deploy,
            warnings,
        })
    }
}

/// Resolves `deploy:`; each problem is reported at its key's line.
fn deploy_section(raw: Option<RawDeploy>, text: &str, errors: &mut Diagnostics) -> Deploy {
    match raw.unwrap_or_default().resolve() {
        Ok(deploy) => deploy,
        Err(problems) => {
            for problem in problems {
                let d = Diagnostic::error(problem.message)
                    .in_file(CONFIG_FILE)
                    .with_help(problem.help);
                let last = problem.key.rsplit('.').next().unwrap_or("deploy");
                errors.push(
                    match nested_key_position(text, "deploy", last)
                        .or_else(|| key_position(text, "deploy"))
                    {
                        Some((line, column)) => d.at(line, column, Some(text)),
                        None => d,
                    },
                );
            }
            Deploy::default()
        }
    }
}

/// Resolves `newsletter:` and `comments:`: presets applied, problems reported
/// at the section's line. No newsletter action is a warning: the form is left out.
fn readers_sections(
    newsletter: Option<Switch<RawNewsletter>>,
    comments: Option<Switch<RawComments>>,
    text: &str,
    errors: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) -> (Option<Newsletter>, Comments) {
    use readers::ReadersProblem;
    // At `section.key:`'s value when written, else at the `section:` line.
    let at_key = |section: &str, key: Option<&str>, d: Diagnostic| {
        let d = d.in_file(CONFIG_FILE);
        let nested = key.and_then(|k| nested_key_position(text, section, k));
        match nested.or_else(|| key_position(text, section).map(|(line, _)| (line, 1))) {
            Some((line, column)) => d.at(line, column, Some(text)),
            None => d,
        }
    };
    let resolved = match newsletter {
        Some(Switch::Off) => Ok(None),
        Some(Switch::On(raw)) => raw.resolve().map(Some),
        None => Err(ReadersProblem::NoAction),
    };
    let newsletter = match resolved {
        Ok(n) => n,
        Err(ReadersProblem::NoAction) => {
            warnings.push(at_key(
                "newsletter",
                None,
                Diagnostic::warning("no newsletter action: the subscribe form is left out")
                    .with_help("set `newsletter: {action: URL}` in site.yaml to your provider's subscribe URL (see docs/newsletter-and-comments.md), or `newsletter: false` to leave the form out without this warning"),
            ));
            None
        }
        Err(ReadersProblem::Invalid { key, message, help }) => {
            errors.push(at_key(
                "newsletter",
                Some(key),
                Diagnostic::error(message).with_help(help),
            ));
            None
        }
    };
    let comments = match comments {
        Some(Switch::Off) => Ok(Comments {
            enabled: false,
            endpoint: None,
        }),
        Some(Switch::On(raw)) => raw.resolve(),
        None => RawComments::default().resolve(),
    };
    let comments = comments.unwrap_or_else(|problem| {
        if let ReadersProblem::Invalid { key, message, help } = problem {
            errors.push(at_key(
                "comments",
                Some(key),
                Diagnostic::error(message).with_help(help),
            ));
        }
        Comments {
            enabled: false,
            endpoint: None,
        }
    });
    (newsletter, comments)
}

/// The error for a `timezone:` that is neither an offset nor a zone name.
fn unknown_zone(written: &str, unknown: UnknownZone) -> Diagnostic {
    if written.trim_start().starts_with(['+', '-']) {
        return Diagnostic::error(format!("invalid timezone `{written}`"))
            .in_file(CONFIG_FILE)
            .with_help("expected a UTC offset from -23:59 to +23:59 such as +05:30, -04:00 or Z (RFC 3339, which feeds and pages write dates in, has no offset of 24 hours or more), or an IANA time zone name such as Asia/Kolkata");
    }
    let guess = unknown
        .nearest
        .map(|name| format!("did you mean {name}? "))
        .unwrap_or_default();
    Diagnostic::error(format!("invalid timezone `{written}`"))
        .in_file(CONFIG_FILE)
        .with_help(format!("{guess}expected an IANA time zone name such as Asia/Kolkata or Europe/Berlin, or a UTC offset from -23:59 to +23:59 such as +05:30 or Z (see docs/configuration.md)"))
}

/// Parses `+05:30`, `-04:00`, `Z` or `UTC`: offsets RFC 3339 can write, so
/// at most 23:59 either side of UTC (`time` itself takes up to 25 hours).
pub fn parse_offset(text: &str) -> Option<UtcOffset> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return Some(UtcOffset::UTC);
    }
    let sign = match t.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = t[1..].split_once(':').unwrap_or((&t[1..], "0"));
    let h: i8 = h.parse().ok()?;
    let m: i8 = m.parse().ok()?;
    if !(0..=23).contains(&h) || !(0..=59).contains(&m) {
        return None;
    }
    UtcOffset::from_hms(sign * h, sign * m, 0).ok()
}

/// The 1-based line and column of the value of a top-level `key:` in YAML text.
pub fn key_position(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let rest = line.strip_prefix(key)?.trim_start();
        let rest = rest.strip_prefix(':')?;
        let value_col = line.len() - rest.trim_start().len() + 1;
        Some((i + 1, value_col))
    })
}

/// The 1-based line and column of the value of `key:` indented under a top-level
/// `section:` in YAML text.
pub fn nested_key_position(text: &str, section: &str, key: &str) -> Option<(usize, usize)> {
    let (start, _) = key_position(text, section)?;
    text.lines()
        .enumerate()
        .skip(start)
        .take_while(|(_, line)| line.trim().is_empty() || line.starts_with([' ', '\t', '#']))
        .find_map(|(i, line)| {
            let rest = line.trim_start().strip_prefix(key)?.strip_prefix(':')?;
            Some((i + 1, line.len() - rest.trim_start().len() + 1))
        })
}

/// Like [`key_position`], for a dotted `section.key` too: the value of `key:`
/// indented under the top-level `section:`, else `section:` itself.
pub fn dotted_key_position(text: &str, dotted: &str) -> Option<(usize, usize)> {
    match dotted.split_once('.') {
        Some((section, key)) => {
            nested_key_position(text, section, key).or_else(|| key_position(text, section))
        }
        None => key_position(text, dotted),
    }
}

/// The footer's copyright line when site.yaml gives none.
fn default_copyright(year: i32, title: &str) -> String {
    format!("© {year} {title}")
}

fn default_language() -> String {
    "en".into()
}
fn default_paginate_by() -> usize {
    10
}
fn default_archive_paginate_by() -> usize {
    50
}
fn default_feed_limit() -> usize {
    20
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_sub_path() {
        let c = Config::parse("title: T\nbase_url: https://example.org/newsroom\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/newsroom/");
        assert_eq!(c.base_path, "/newsroom/");
        assert_eq!(
            c.permalink("/news/a/"),
            "https://example.org/newsroom/news/a/"
        );
        assert_eq!(c.url("/news/a/"), "/newsroom/news/a/");
    }

    #[test]
    fn a_base_path_outside_ascii_is_percent_encoded() {
        let c = Config::parse("title: T\nbase_url: https://example.com/समाचार\n").unwrap();
        let path = "/%E0%A4%B8%E0%A4%AE%E0%A4%BE%E0%A4%9A%E0%A4%BE%E0%A4%B0/";
        assert_eq!(c.base_path, path);
        assert_eq!(c.base_url, format!("https://example.com{path}"));
        assert_eq!(
            c.url("/tags/稀土/"),
            format!("{path}tags/%E7%A8%80%E5%9C%9F/")
        );
        // Written encoded already, it is kept.
        let c = Config::parse(&format!("title: T\nbase_url: https://example.com{path}\n")).unwrap();
        assert_eq!(c.base_path, path);
    }

    #[test]
    fn bad_base_url_names_the_line() {
        let err = Config::parse("title: T\nbase_url: example.org\n").unwrap_err();
        let d = err.into_sorted().remove(0);
        assert_eq!(d.position.unwrap().line, 2);
        assert!(d.message.contains("base_url"));
    }

    #[test]
    fn yaml_error_has_position() {
        let err = Config::parse("title: [\nbase_url: x").unwrap_err();
        let d = err.into_sorted().remove(0);
        assert!(d.position.is_some());
    }

    #[test]
    fn nested_keys_are_found_under_their_section() {
        let text = "title: T\nnewsletter:\n  heading: x\n\n  action: nowhere\ncomments:\n  action: other\n";
        assert_eq!(
            nested_key_position(text, "newsletter", "action"),
            Some((5, 11))
        );
        assert_eq!(nested_key_position(text, "newsletter", "method"), None);
        assert_eq!(
            nested_key_position(text, "comments", "action"),
            Some((7, 11))
        );
        let err =
            Config::parse("title: T\nbase_url: https://x.org/\ncomments:\n  endpoint: not a url\n")
                .unwrap_err();
        let d = err.into_sorted().remove(0);
        assert_eq!(d.position.map(|p| (p.line, p.column)), Some((4, 13)));
        assert_eq!(
            dotted_key_position(text, "newsletter.action"),
            Some((5, 11))
        );
        assert_eq!(
            dotted_key_position(text, "newsletter.method"),
            Some((2, 12))
        );
        assert_eq!(dotted_key_position(text, "title"), Some((1, 8)));
    }

    #[test]
    fn the_default_copyright_is_dated_by_the_builds_now() {
        let mut c =
            Config::parse("title: T\nbase_url: https://x.org/\ntimezone: -05:00\n").unwrap();
        c.date_copyright(time::macros::datetime!(2031-01-01 03:00 UTC));
        assert_eq!(c.copyright, "© 2030 T", "still 2030 at UTC-5");
        let mut c =
            Config::parse("title: T\nbase_url: https://x.org/\ncopyright: © Ours\n").unwrap();
        c.date_copyright(time::macros::datetime!(2031-01-01 03:00 UTC));
        assert_eq!(c.copyright, "© Ours");
    }

    #[test]
    fn alias_fan_out_is_refused_at_its_key() {
        // 500,000 values written in 1 KB, under `extra:` (handed to templates whole).
        let text = format!(
            "title: T\nbase_url: https://x.org/\nextra:\n  a: &a [{}]\n  b: &b [{}]\n  c: [{}]\n",
            vec!["x"; 100].join(","),
            vec!["*a"; 100].join(","),
            vec!["*b"; 50].join(",")
        );
        let Err(err) = Config::parse(&text) else {
            panic!("`extra` expanding 500 times over was accepted");
        };
        let d = err.into_sorted().remove(0);
        assert!(d.message.contains("aliases"), "{d}");
        assert_eq!(d.position.map(|p| p.line), Some(3), "{d}");
    }

    #[test]
    fn a_duplicate_key_is_reported_where_it_is_repeated() {
        let err = Config::parse("title: T\nbase_url: https://x.org/\ntitle: U\n").unwrap_err();
        let d = err.into_sorted().remove(0);
        assert!(d.message.contains("duplicate field `title`"), "{d}");
        assert_eq!(d.position.map(|p| (p.line, p.column)), Some((3, 1)), "{d}");
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+05:30"), UtcOffset::from_hms(5, 30, 0).ok());
        assert_eq!(parse_offset("Z"), Some(UtcOffset::UTC));
        assert_eq!(parse_offset("-04:00"), UtcOffset::from_hms(-4, 0, 0).ok());
        assert_eq!(parse_offset("India"), None);
        assert_eq!(parse_offset("+23:59"), UtcOffset::from_hms(23, 59, 0).ok());
        assert_eq!(
            parse_offset("-23:59"),
            UtcOffset::from_hms(-23, -59, 0).ok()
        );
        for beyond in [
            "+24:00", "-24:00", "+25", "-25:00", "+05:60", "+-5:00", "+05:-30",
        ] {
            assert_eq!(parse_offset(beyond), None, "{beyond}");
        }
    }
}
