//! The Tera theme in `templates/`: templates parsed once per build (every syntax
//! error reported with its file, line and column), filters registered, and the
//! list of assets under `templates/assets/` to copy to `/assets/`.

use std::path::{Path, PathBuf};

use tera::{ErrorKind, Kwargs, State, Tera, Value};

use super::error::TemplateError;

use crate::config::{Config, encode_path};
use crate::diag::{Diagnostic, Diagnostics};
use crate::routes::theme_asset_path;

/// The folder holding the theme, relative to the site root.
pub const THEME_DIR: &str = "templates";

/// Templates every theme must have.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "article.html",
    "list.html",
    "tags.html",
    "page.html",
    "404.html",
];

/// A loaded theme.
pub struct Theme {
    pub tera: Tera,
    /// (file on disk, site path) of every static asset.
    pub assets: Vec<(PathBuf, String)>,
    /// A hash of every template's name and text: pages change when it does.
    pub fingerprint: u64,
    /// The site-wide fragments: (name, template) for every
    /// `fragments/<name>.html`, rendered once per distinct input and shown
    /// to every page as `fragments.<name>` (docs/templates.md).
    pub fragments: Vec<(String, String)>,
    /// Problems that do not stop a build (links in the theme that were skipped).
    pub warnings: Vec<Diagnostic>,
}

/// The folder of a theme's site-wide fragments, under `templates/`.
pub const FRAGMENTS_DIR: &str = "fragments/";

/// The name a fragment template is known by on pages (`fragments/header.html`
/// → `header`), if it is one.
pub fn fragment_name(template: &str) -> Option<&str> {
    template
        .strip_prefix(FRAGMENTS_DIR)?
        .strip_suffix(".html")
        .filter(|name| !name.is_empty() && !name.contains('/'))
}

impl Theme {
    /// Loads every template under `root/templates`, collecting all errors.
    pub fn load(root: &Path, config: &Config) -> Result<Theme, Diagnostics> {
        let dir = root.join(THEME_DIR);
        let mut errors = Diagnostics::new();
        let mut sources: Vec<(String, String)> = Vec::new();
        let mut assets = Vec::new();
        if !dir.is_dir() {
            errors.push(
                Diagnostic::error("the theme folder `templates/` is missing").with_help(
                    "expected a templates/ folder at the site root (`monazite init` makes one)",
                ),
            );
            return Err(errors);
        }
        for entry in walkdir::WalkDir::new(&dir).min_depth(1).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    errors.push(
                        Diagnostic::error(format!("cannot read theme folder entry: {e}"))
                            .in_file(THEME_DIR),
                    );
                    continue;
                }
            };
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let name = rel.to_string_lossy().replace('\\', "/");
            if entry.file_type().is_symlink() {
                // The assets folder may itself be a link (a theme's assets
                // shared between sites); any other link is skipped, and said so.
                if name == "assets" && entry.path().is_dir() {
                    assets.extend(linked_assets(entry.path(), &mut errors));
                } else {
                    errors.push(crate::content::load::skipped_link(root, entry.path()));
                }
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            if let Some(asset) = name.strip_prefix("assets/") {
                assets.push((entry.path().to_path_buf(), theme_asset_path(asset)));
                continue;
            }
            if !is_template(&name) {
                continue;
            }
            match crate::content::load::read_source(root, entry.path()) {
                Ok(text) => sources.push((name, text)),
                Err(d) => errors.push(d),
            }
        }
        // Parse each template alone first, so every syntax error is reported.
        for (name, text) in &sources {
            if let Err(e) = Tera::new().add_raw_template(name, text)
                && matches!(e.kind(), ErrorKind::SyntaxError(_))
            {
                errors.push(TemplateError::from_tera(&e).in_source(text).into());
            }
        }
        for required in REQUIRED_TEMPLATES {
            if !sources.iter().any(|(n, _)| n == required) {
                errors.push(Diagnostic::error(format!("the theme has no `{required}`")).in_file(format!("{THEME_DIR}/{required}")).with_help("expected every page template of the theme: article.html, list.html, tags.html, page.html, 404.html"));
            }
        }
        if errors.has_errors() {
            return Err(errors);
        }
        let fingerprint = crate::hash::hash_one(&sources);
        let fragments = sources
            .iter()
            .filter_map(|(template, _)| {
                fragment_name(template).map(|name| (name.to_string(), template.clone()))
            })
            .collect();
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        register_filters(&mut tera, config);
        if let Err(e) = tera.add_raw_templates(sources) {
            errors.push(TemplateError::from_tera(&e).into());
            return Err(errors);
        }
        Ok(Theme {
            tera,
            assets,
            fingerprint,
            fragments,
            warnings: errors.into_sorted(),
        })
    }
}

/// The files of a theme assets folder that is a link, as (file on disk, site
/// path); links inside it are skipped with a warning, as anywhere else.
fn linked_assets(link: &Path, errors: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    let mut assets = Vec::new();
    for entry in walkdir::WalkDir::new(link).min_depth(1).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(link).unwrap_or(e.path());
                let rel = rel.to_string_lossy().replace('\\', "/");
                assets.push((e.path().to_path_buf(), theme_asset_path(&rel)));
            }
            Ok(e) if e.file_type().is_symlink() => {
                errors.push(crate::content::load::skipped_link(link, e.path()));
            }
            Ok(_) => {}
            Err(e) => errors.push(
                Diagnostic::error(format!("cannot read theme folder entry: {e}"))
                    .in_file(format!("{THEME_DIR}/assets")),
            ),
        }
    }
    assets
}

fn is_template(name: &str) -> bool {
    [".html", ".xml", ".txt", ".json"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Filters templates can use beyond Tera's own.
fn register_filters(tera: &mut Tera, config: &Config) {
    super::date_filter::register(tera, config);
    // `safe` as Tera's own, except that a string is marked rather than
    // copied: an article's whole body passes through it on every article page.
    tera.register_filter("safe", |value: &Value, _: Kwargs, _: &State| {
        if value.is_string() {
            value.clone().mark_safe()
        } else {
            Value::safe_string(&value.to_string())
        }
    });
    let base_path = config.base_path.clone();
    // `{{ "/about/" | url }}`: a site path as the browser requests it, base path included.
    tera.register_filter("url", move |path: &str, _: Kwargs, _: &State| {
        if path.contains("://") || path.starts_with("mailto:") || path.starts_with('#') {
            path.to_string()
        } else {
            format!("{}{}", base_path, encode_path(path.trim_start_matches('/')))
        }
    });
    let base_url = config.base_url.clone();
    // `{{ "/about/" | permalink }}`: the absolute URL.
    tera.register_filter("permalink", move |path: &str, _: Kwargs, _: &State| {
        if path.contains("://") {
            path.to_string()
        } else {
            format!("{}{}", base_url, encode_path(path.trim_start_matches('/')))
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_marks_strings_and_writes_other_values_as_text() {
        let mut tera = Tera::default();
        register_filters(&mut tera, &Config::fallback());
        tera.add_raw_template(
            "t.html",
            "{{ html | safe }}|{{ html }}|{{ n | safe }}|{{ list | safe }}",
        )
        .unwrap();
        let mut context = tera::Context::new();
        context.insert("html", "<b>Nd</b> &amp; Pr");
        context.insert("n", &3);
        context.insert("list", &["<i>"]);
        assert_eq!(
            tera.render("t.html", &context).unwrap(),
            "<b>Nd</b> &amp; Pr|&lt;b&gt;Nd&lt;/b&gt; &amp;amp; Pr|3|[\"<i>\"]"
        );
    }
}
