//! Integration tests: the real `monazite` binary on small fixture sites.
//! One module per feature; see tests/fixtures/README.md for how to add a case.

mod support;

mod browser;
mod build_output;
mod errors;
mod search;
