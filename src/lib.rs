//! monazite: a static site generator for a newsroom covering rare earths and
//! critical minerals.
//!
//! Data flows one way: [`config`] → [`markdown`] → [`content`] → [`bodies`] →
//! [`routes`] → [`render`] → [`outputs`] → [`verify`] → [`write`], orchestrated by
//! [`site`]; [`text`] (slugs) is a leaf any of them may use. Problems are
//! collected as [`diag::Diagnostic`]s and returned; the library never prints.
//! Beside the build: [`check`] (links, anchors and likely typos, nothing
//! written) and [`scaffold`] (the files of `monazite new` and `monazite init`).

#![warn(clippy::print_stdout, clippy::print_stderr)]
// A Diagnostic (path, position, message, help, snippet) is the error of most
// fallible steps; it travels the cold path only, so its size does not matter.
#![allow(clippy::result_large_err)]

pub mod bodies;
pub mod cards;
pub mod check;
pub mod config;
pub mod content;
pub mod deploy;
pub mod diag;
pub mod hash;
pub mod images;
pub mod markdown;
pub mod outputs;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod suggest;
pub mod text;
pub mod verify;
pub mod write;
pub mod yaml;

pub use diag::{Diagnostic, Diagnostics};
pub use site::{BuildOptions, BuildReport, Site, build};
