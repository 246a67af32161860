//! Old addresses of articles (`aliases:`): a small page at each one that sends
//! browsers and crawlers on to the article, and `_redirects`, the rules file
//! Netlify and Cloudflare Pages read to answer the same addresses with a 301.
//!
//! A redirect page refreshes at once to the article, names it as canonical,
//! asks search engines not to index it, and links to it for readers whose
//! browser does not follow the refresh. Neither the pages nor `_redirects` are
//! listed in sitemaps or the search index: they are not pages of the site.

use pulldown_cmark_escape::{escape_href, escape_html};

use super::{OutputFile, SiteModel};
use crate::render::views::article_lang;
use crate::routes::{AliasRoute, REDIRECTS_PATH, article_path, file_of_path};

/// The redirect page of every alias, and `_redirects` when there is one.
pub fn redirects(site: &SiteModel<'_>) -> Vec<OutputFile> {
    let aliases = site.routes.aliases();
    if aliases.is_empty() {
        return Vec::new();
    }
    let mut files: Vec<OutputFile> = aliases
        .iter()
        .map(|alias| OutputFile {
            file: alias.file.clone(),
            bytes: redirect_page(site, alias).into_bytes(),
        })
        .collect();
    files.push(OutputFile {
        file: file_of_path(REDIRECTS_PATH),
        bytes: rules(site, &aliases).into_bytes(),
    });
    files
}

/// `/old/path/ /news/x/ 301`, one line per alias, both paths under the
/// site's base path (as the host sees them).
fn rules(site: &SiteModel<'_>, aliases: &[AliasRoute]) -> String {
    let mut text = String::from(
        "# Made by monazite from the articles' `aliases:`: old addresses, each\n# moved for good (301) to its article.\n",
    );
    for alias in aliases {
        let article = &site.library.articles[alias.article];
        let to = site.config.url(&article_path(&article.slug));
        text.push_str(&format!("{} {to} 301\n", site.config.url(&alias.path)));
    }
    text
}

/// The page at an alias: refresh, canonical link, `noindex`, a visible link.
fn redirect_page(site: &SiteModel<'_>, alias: &AliasRoute) -> String {
    let article = &site.library.articles[alias.article];
    let target = site.config.permalink(&article_path(&article.slug));
    let mut href = String::new();
    escape_href(&mut href, &target).ok();
    let mut title = String::new();
    escape_html(&mut title, &article.title).ok();
    let mut lang = String::new();
    escape_html(&mut lang, article_lang(site.config, article)).ok();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{href}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n\
         <p>This article has moved: <a href=\"{href}\">{title}</a></p>\n</body>\n</html>\n"
    )
}
