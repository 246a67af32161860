//! Social cards: the picture a shared link shows on Facebook, LinkedIn, X
//! and in messaging apps, and the crops of an article's image that its
//! `NewsArticle` JSON-LD lists for Google.
//!
//! Every article gets a 1200×630 JPEG (`/cards/news/<slug>.jpg`): a crop of
//! its lead image when it has a local raster one, else a card drawn here with
//! the site's logo and name and the headline. Articles with an image also get
//! 16:9, 4:3 and 1:1 crops; list pages share the site's card.
//!
//! This module knows the card files' places and how to make them; it knows
//! nothing of templates or of where files are written: `site` hands it a
//! [`CardSink`]. Making is the slow part of a build with many articles, so a
//! card is made once per set of inputs and kept in the card cache beside
//! the output (`.public.card-cache/` for `public/`, `cache.rs`), from which
//! the output's file is hard-linked, glyphs are rasterized once per build (`font.rs`), and the
//! parts of a drawn card that never change are drawn once (`drawn.rs`).

mod cache;
mod canvas;
mod crop;
mod drawn;
mod encode;
mod font;
mod layout;
mod logo;
mod make;
mod photo;
mod plan;
mod rows;

pub use cache::CardCache;
pub use make::{CardInputs, CardSink, MadeCards, make_cards};
pub use plan::{ArticleImages, CardImage, article_images, site_card};

/// Width and height of a social card, as OpenGraph and X recommend.
pub const CARD_WIDTH: u32 = 1200;
pub const CARD_HEIGHT: u32 = 630;
