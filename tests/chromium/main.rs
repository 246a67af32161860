//! Browser tests: the real `monazite` binary's sites in a real headless
//! Chromium (Debian's `chromium`, installed by `.ci/install-deps`), driven over
//! the DevTools protocol. A target of their own, so that `cargo test --test
//! integration` runs without a browser and `cargo test --test chromium` runs
//! only these. They share the fixtures and helpers of the integration tests.

#[path = "../integration/support/mod.rs"]
mod support;

mod images;
mod pages;
mod readers;
mod search;
mod serve;
