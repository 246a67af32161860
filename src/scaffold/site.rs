//! `monazite init`: a new site that builds at once — `site.yaml` with every key
//! explained, one author, one example article, an about page and the default theme.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use time::{OffsetDateTime, UtcOffset};

use super::theme::THEME_FILES;
use super::{front_matter_date, write_file};
use crate::diag::Diagnostic;

/// What `monazite init` was asked to do.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub dir: PathBuf,
    /// Write into a folder that is not empty (replacing files of the same names).
    pub force: bool,
    /// The example article's date.
    pub now: OffsetDateTime,
    /// The editor's UTC offset: the site's `timezone` and the article's date.
    pub offset: UtcOffset,
}

/// Writes a new site into `options.dir`; returns the files written, relative to it.
pub fn init_site(options: &InitOptions) -> Result<Vec<PathBuf>, Diagnostic> {
    let dir = &options.dir;
    if dir.exists() && !dir.is_dir() {
        return Err(
            Diagnostic::error(format!("{} exists and is not a folder", dir.display()))
                .with_help("expected the path of a new or empty folder for the site"),
        );
    }
    if !options.force && is_non_empty(dir)? {
        return Err(
            Diagnostic::error(format!("{} is not empty", dir.display())).with_help(
                "monazite init makes a site in a new or empty folder; pass --force to write into this one anyway (files with the same names are replaced)",
            ),
        );
    }
    let files = site_files(options.now, options.offset);
    let mut written = Vec::with_capacity(files.len());
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        write_file(&path, &bytes, options.force)
            .map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", path.display())))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

fn is_non_empty(dir: &Path) -> Result<bool, Diagnostic> {
    if !dir.exists() {
        return Ok(false);
    }
    let mut entries = std::fs::read_dir(dir)
        .map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", dir.display())))?;
    Ok(entries.next().is_some())
}

/// The key of the example author.
pub const EXAMPLE_AUTHOR: &str = "editor";

/// Every file of a new site: (path relative to the site, bytes).
pub fn site_files(now: OffsetDateTime, offset: UtcOffset) -> Vec<(String, Cow<'static, [u8]>)> {
    let date = front_matter_date(now, offset);
    let mut files: Vec<(String, Cow<'static, [u8]>)> = vec![
        (
            "site.yaml".into(),
            Cow::Owned(site_yaml(offset).into_bytes()),
        ),
        (
            ".gitignore".into(),
            Cow::Borrowed(b"/public/\n/.public.*\n"),
        ),
        (
            format!("content/authors/{EXAMPLE_AUTHOR}.md"),
            Cow::Borrowed(EXAMPLE_AUTHOR_TEXT.as_bytes()),
        ),
        (
            "content/news/welcome-to-your-newsroom.md".into(),
            Cow::Owned(example_article(&date).into_bytes()),
        ),
        (
            "content/pages/about.md".into(),
            Cow::Borrowed(ABOUT_PAGE.as_bytes()),
        ),
        (
            super::workflows::PUBLISH_WORKFLOW.into(),
            Cow::Owned(super::workflows::publish_workflow().into_bytes()),
        ),
    ];
    files.extend(
        THEME_FILES
            .iter()
            .map(|(name, bytes)| (format!("templates/{name}"), Cow::Borrowed(*bytes))),
    );
    files
}

/// `+05:30`, `-04:00` or `Z`.
fn offset_text(offset: UtcOffset) -> String {
    if offset == UtcOffset::UTC {
        return "Z".into();
    }
    let (h, m, _) = offset.as_hms();
    let sign = if offset.is_negative() { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
}

/// `site.yaml` for a new site, every key present or commented out, and explained.
pub fn site_yaml(offset: UtcOffset) -> String {
    SITE_YAML
        .replace("{timezone}", &offset_text(offset))
        .replace("{author}", EXAMPLE_AUTHOR)
}

const SITE_YAML: &str = r##"# site.yaml: the settings of your newsroom.
# Lines starting with # are comments. To use a setting that is commented out,
# delete the "# " in front of it. monazite's docs/configuration.md describes every key.

# The site's name: in the header, in page titles and in feeds. Required.
title: "My Newsroom"

# One or two sentences about the site, for the home page and search engines.
description: "Independent reporting on the subjects we cover."

# The address readers will use, with https:// (required). The site may live
# under a sub-path, e.g. https://example.org/newsroom/.
# `monazite build --base-url URL` overrides it, e.g. for a staging host.
base_url: "https://news.example.org/"

# The language of the pages and of their dates, as a code: en (October 17,
# 2025), en-GB or en-IN (17 October 2025), hi, fr, de, es, zh, …
language: "en"

# The newsroom's time zone: an IANA name such as Asia/Kolkata or
# Europe/Berlin (daylight saving followed, dates shown as "IST", "CEST"), or
# a UTC offset such as +05:30 or Z. Front-matter dates written without an
# offset are read in it, and `monazite new` dates articles in it.
timezone: "{timezone}"

# The author `monazite new` uses when you do not pass --author:
# a file name (without .md) in content/authors/.
default_author: {author}

# How many articles each page of the home, topic and author lists shows.
paginate_by: 10

# How many articles each page of the archive (/news/) shows.
archive_paginate_by: 50

# How many of the latest articles the feeds (Atom, RSS, JSON Feed) hold.
feed_limit: 20

# The publication's name in the Google News sitemap (default: title).
# publication_name: "My Newsroom"

# The site path of a logo shown beside the name in the header,
# e.g. a file you put in templates/assets/.
# logo: "/assets/logo.svg"

# The copyright line in the footer (default: "© <this year> <title>").
# copyright: "© 2026 My Newsroom"

# The links in the header's navigation: site paths or full addresses.
nav:
  - title: "News"
    url: "/news/"
  - title: "Topics"
    url: "/tags/"
  - title: "About"
    url: "/about/"

# The links in the footer.
footer_links:
  - title: "About"
    url: "/about/"

# The site's handle on Twitter/X, for link previews.
# twitter: "@mynewsroom"

# The subscribe form in the sidebar: off until you have a newsletter service.
# To show it, replace `newsletter: false` with the settings below, uncommented,
# and `action` set to the address your service gives you (see
# docs/newsletter-and-comments.md).
newsletter: false
# newsletter:
#   provider: "buttondown"                    # buttondown, mailchimp, kit or generic: sets the fields each expects
#   action: "https://example.com/subscribe"   # where the form is sent
#   method: "post"                            # post (the default) or get
#   email_field: "email"                      # the email field's name the service expects
#   honeypot_field: "website"                 # an off-screen field bots fill and people do not
#   hidden_fields:                            # other fields the service needs
#     list: "weekly"
#   in_place: true                            # submit without leaving the page, where the service allows it
#   heading: "Straight into your inbox"
#   blurb: "The week's news, every Friday."
#   button: "Subscribe"
#   consent: "We send one email a week. Unsubscribe at any time."
#   privacy_url: "/privacy/"                  # linked from the consent line

# Readers' comments: approved comments are YAML files beside their article
# (content/news/<slug>.comments.yaml). The form is shown only with an endpoint.
# comments:
#   enabled: true                             # false turns comments off site-wide
#   endpoint: "https://comments.example.org/v3/entry/mysite"   # a Staticman-style service

# Social cards: the picture a shared link shows. An article with a JPEG or PNG
# image gets a crop of it; others get a card drawn with the logo, the site's
# name and the headline, in these colours (hex, quoted).
# cards:
#   background: "#1d1b18"
#   accent: "#c2630a"                         # the bar along the top and the rule
#   text: "#ffffff"                           # the headline and the site's name
# Photographs beside a folder article are resized into WebP and JPEG versions
# (docs/images.md). Every key is optional; these are the defaults.
# images:
#   widths: [480, 800, 1200, 1600]            # px; never wider than the source
#   quality: 80                               # WebP and JPEG, 1-100
#   sizes: "(min-width: 42rem) 40rem, 100vw"  # how wide the theme shows them
#   warn_over_mb: 5                           # `check` warns about larger files
#   min_lead_width: 1200                      # `check` warns about narrower lead images
# Where `monazite deploy` publishes public/: S3-compatible storage (AWS S3,
# Cloudflare R2, Backblaze B2, Google Cloud Storage, MinIO). Credentials come
# from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or ~/.aws/credentials,
# never from this file. See docs/configuration.md.
# deploy:
#   targets:
#     live:
#       bucket: "my-newsroom-site"
#       region: "eu-central-1"
#       endpoint: "https://ACCOUNT.r2.cloudflarestorage.com"   # leave out for AWS S3
#       prefix: ""                              # a folder in the bucket
#   cache_control:                              # before the defaults; the first match wins
#     - files: "assets/**"
#       value: "public, max-age=86400"

# Your own values for your own templates, available to them as site.extra.
# extra:
#   tagline: "News that matters"
"##;

const EXAMPLE_AUTHOR_TEXT: &str = r#"---
name: "Your Name"                 # as readers see it in bylines
role: "Editor"                    # shown under the name
bio: "One or two sentences about you, for the author box under each article."
links:                            # shown on your author page
  - title: "Email"
    url: "mailto:editor@example.org"
# photo: "/assets/editor.jpg"     # a picture: a site path or a full address
---
A longer biography for your author page. Rename this file to your own key (for
example `content/authors/asha.md`) and use that key as `author:` in your articles.
"#;

const ABOUT_PAGE: &str = r#"---
title: "About"
summary: "Who we are and what we cover."
---
Tell readers who you are, what you cover and how to reach you. This page is
`content/pages/about.md`; every file in `content/pages/` becomes a page at
`/<file name>/`.
"#;

fn example_article(date: &str) -> String {
    format!(
        r#"---
title: "Welcome to your newsroom"
date: {date}
author: {EXAMPLE_AUTHOR}
summary: "This example article shows what an article can hold. Replace it with your first story."
highlights:
  - "Every article is a Markdown file in content/news/."
  - "The command monazite new starts an article with every field laid out."
  - "The command monazite check finds broken links and typos before your readers do."
source:
  name: "The monazite README"
related:
  - title: "About this site"
    url: /about/
tags: [newsroom]
draft: false
---
This is your site's first article. It lives in
`content/news/welcome-to-your-newsroom.md`: open it in any text editor to see how
it is made, then replace it with your first story.

## Writing

Start a new article with `monazite new "Your headline"`. Write the story in
Markdown below the front matter: paragraphs, `##` headings, lists and
[links to your own pages](/about/). Links to other sites open in a new tab.

## Checking and publishing

Run `monazite check` to find problems, then `monazite build` to make the site in
`public/`. Upload that folder to any static host. See [Writing](#writing) for
how to start.
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, RawConfig};

    /// The names of a struct's fields, as serde sees them.
    fn field_names<T: for<'de> serde::Deserialize<'de>>() -> Vec<&'static str> {
        struct Fields(Vec<&'static str>);
        #[derive(Debug)]
        struct Done;
        impl std::fmt::Display for Done {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("done")
            }
        }
        impl std::error::Error for Done {}
        impl serde::de::Error for Done {
            fn custom<M: std::fmt::Display>(_: M) -> Self {
                Done
            }
        }
        impl<'de> serde::Deserializer<'de> for &mut Fields {
            type Error = Done;
            fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Done> {
                Err(Done)
            }
            fn deserialize_struct<V: serde::de::Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Done> {
                self.0.extend(fields);
                Err(Done)
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
                bytes byte_buf option unit unit_struct newtype_struct seq tuple
                tuple_struct map enum identifier ignored_any
            }
        }
        let mut fields = Fields(Vec::new());
        let _ = T::deserialize(&mut fields);
        fields.0
    }

    #[test]
    fn site_yaml_builds_a_config_and_explains_every_key() {
        let ist = UtcOffset::from_hms(5, 30, 0).unwrap();
        let text = site_yaml(ist);
        let config = Config::parse(&text).unwrap();
        assert_eq!(config.timezone, crate::config::zone::SiteZone::Offset(ist));
        assert_eq!(config.default_author.as_deref(), Some(EXAMPLE_AUTHOR));
        let keys = field_names::<RawConfig>();
        assert!(keys.len() > 10, "{keys:?}");
        for key in keys {
            assert!(
                text.lines()
                    .any(|l| l.trim_start_matches("# ").starts_with(&format!("{key}:"))),
                "site.yaml of `monazite init` does not mention `{key}`"
            );
        }
        let newsletter = text
            .lines()
            .filter(|l| l.starts_with("#   "))
            .map(|l| l.trim_start_matches("#   ").trim_start())
            .collect::<Vec<_>>()
            .join("\n");
        for key in field_names::<crate::config::RawNewsletter>()
            .into_iter()
            .chain(field_names::<crate::config::RawComments>())
        {
            assert!(
                newsletter.contains(&format!("{key}:")),
                "newsletter key `{key}` is not explained"
            );
        }
    }

    #[test]
    fn commented_settings_are_valid_when_uncommented() {
        // A commented-out setting is `# key: …` or, nested, `#   …`; other comments explain.
        let is_setting = |rest: &str| {
            rest.starts_with("  ")
                || rest.split_once(':').is_some_and(|(key, _)| {
                    !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                })
        };
        let text = site_yaml(UtcOffset::UTC)
            .lines()
            // The example replaces the setting that turns the form off.
            .filter(|l| *l != "newsletter: false")
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if is_setting(rest) => rest,
                _ if l.starts_with('#') => "",
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let config = Config::parse(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        assert!(config.newsletter.is_some());
        assert_eq!(config.twitter.as_deref(), Some("@mynewsroom"));
    }

    #[test]
    fn offsets_written_like_the_front_matter() {
        assert_eq!(offset_text(UtcOffset::UTC), "Z");
        assert_eq!(
            offset_text(UtcOffset::from_hms(5, 30, 0).unwrap()),
            "+05:30"
        );
        assert_eq!(
            offset_text(UtcOffset::from_hms(-3, -30, 0).unwrap()),
            "-03:30"
        );
    }

    #[test]
    fn files_include_the_theme_and_content() {
        let files = site_files(OffsetDateTime::UNIX_EPOCH, UtcOffset::UTC);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        for name in [
            "site.yaml",
            "content/authors/editor.md",
            "content/news/welcome-to-your-newsroom.md",
            "content/pages/about.md",
            "templates/article.html",
        ] {
            assert!(names.contains(&name), "{name} missing from {names:?}");
        }
    }
}
