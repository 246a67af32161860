//! Integration tests: the real `monazite` binary on small fixture sites.
//! One module per feature; see tests/fixtures/README.md for how to add a case.

mod support;

mod aliases;
mod build_output;
mod cards;
mod check;
mod cli;
mod corpus;
mod dates;
mod deploy;
mod errors;
mod feeds;
mod fields;
mod fragments;
mod golden;
mod images;
mod init;
mod layers;
mod new;
mod output_safety;
mod properties;
mod publish;
mod readers;
mod search;
mod serve;
mod serve_clients;
mod serve_clock;
mod static_files;
mod values;
mod workflows;
