//! Which social-card files a page has, and their addresses: pure functions of
//! the configuration and the article, so the head of a page can name its
//! card before (or without) the card being made.

use crate::config::Config;
use crate::content::model::Article;
use crate::routes;

use super::{CARD_HEIGHT, CARD_WIDTH};

/// The crops of an article's image that its JSON-LD lists, as Google asks
/// (16:9, 4:3 and 1:1), with the name each file carries.
pub const CROPS: [(u32, u32, &str); 3] = [(16, 9, "16x9"), (4, 3, "4x3"), (1, 1, "1x1")];

/// Crops are made this wide when the source allows, never wider than it.
pub const CROP_MAX_WIDTH: u32 = 1200;

pub use crate::routes::{SITE_CARD_PATH, card_path, crop_path};

/// One social-card image as the `<head>` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardImage {
    /// Absolute URL.
    pub url: String,
    pub width: u32,
    pub height: u32,
    /// What the picture shows, for `og:image:alt`.
    pub alt: String,
}

/// An article's social card and the images its JSON-LD lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleImages {
    pub card: CardImage,
    /// Absolute URLs for `NewsArticle.image`: the three crops of the
    /// article's image, or the drawn card when it has none to crop.
    pub structured: Vec<String>,
    /// The structured images are crops of the article's own image (so its
    /// caption and credit describe them), not the drawn card.
    pub cropped: bool,
}

/// How an article's card is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardSource<'a> {
    /// Cropped from the article's image: its site path (`/news/x/cover.jpg`).
    Photo(&'a str),
    /// Drawn: logo, site name and headline.
    Drawn,
}

/// The card's source: the article's image when it is a raster file of the
/// site's own (JPEG or PNG), else a drawn card.
pub fn card_source(article: &Article) -> CardSource<'_> {
    match article.image.as_deref() {
        Some(image) if !image.contains("://") && is_raster(image) => CardSource::Photo(image),
        _ => CardSource::Drawn,
    }
}

/// The site path of a photo card's source image.
pub fn photo_site_path(article: &Article) -> Option<String> {
    match card_source(article) {
        CardSource::Photo(_) => routes::article_image_path(article),
        CardSource::Drawn => None,
    }
}

fn is_raster(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.split(['?', '#']).next().unwrap_or("");
    [".jpg", ".jpeg", ".png"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// An article's card and JSON-LD images.
pub fn article_images(config: &Config, article: &Article) -> ArticleImages {
    let card_url = config.permalink(&card_path(&article.slug));
    let cropped = matches!(card_source(article), CardSource::Photo(_));
    let (alt, structured) = match card_source(article) {
        CardSource::Photo(_) => (
            article
                .image_alt
                .clone()
                .unwrap_or_else(|| article.title.clone()),
            CROPS
                .iter()
                .map(|(_, _, name)| config.permalink(&crop_path(&article.slug, name)))
                .collect(),
        ),
        CardSource::Drawn => (
            format!("{}: {}", config.title, article.title),
            vec![card_url.clone()],
        ),
    };
    ArticleImages {
        card: CardImage {
            url: card_url,
            width: CARD_WIDTH,
            height: CARD_HEIGHT,
            alt,
        },
        structured,
        cropped,
    }
}

/// The site's card: logo, name and description.
pub fn site_card(config: &Config) -> CardImage {
    CardImage {
        url: config.permalink(SITE_CARD_PATH),
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        alt: config.title.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raster_images_of_the_site_are_cropped_others_drawn() {
        assert!(is_raster("cover.JPG"));
        assert!(is_raster("/assets/map.png?v=2"));
        assert!(!is_raster("logo.svg"));
        assert!(!is_raster("cover.webp"));
    }

    #[test]
    fn crop_files_sit_beside_the_card() {
        assert_eq!(card_path("a-b"), "/cards/news/a-b.jpg");
        assert_eq!(crop_path("a-b", "16x9"), "/cards/news/a-b.16x9.jpg");
    }
}
