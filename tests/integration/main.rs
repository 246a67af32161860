//! Integration tests: the real `monazite` binary on small fixture sites.
//! One module per feature; see tests/fixtures/README.md for how to add a case.

mod support;

mod browser;
mod build_output;
mod check;
mod cli;
mod corpus;
mod deploy;
mod errors;
mod feeds;
mod fragments;
mod golden;
mod init;
mod layers;
mod new;
mod output_safety;
mod properties;
mod readers;
mod readers_browser;
mod search;
mod serve;
mod serve_clients;
mod values;
mod workflows;
