#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the browser tests need when it
# is missing (Debian's chromium, axe-core from npm; see .ci/install-deps), then
# `cargo test`. Extra arguments go to cargo test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps
cargo test "$@"
