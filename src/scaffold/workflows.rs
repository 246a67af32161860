//! The publishing files `monazite init` writes beside a new site: a GitHub
//! Actions workflow that installs a released monazite binary (no Rust
//! needed), builds the site and publishes it to GitHub Pages, with commented
//! examples for Netlify, Cloudflare Pages and `monazite deploy`.

/// The GitHub repository whose releases hold monazite's binaries
/// (`.github/workflows/release.yml` puts them there).
///
/// NOT DECIDED YET: the project's public repository has no address so far.
/// This is the one place to set it; the workflow `init` writes takes it from
/// here, and the README's install line names the same placeholder.
pub const RELEASE_REPOSITORY: &str = "OWNER/monazite";

/// The workflow's path in a new site.
pub const PUBLISH_WORKFLOW: &str = ".github/workflows/publish.yml";

/// The workflow for a site made by this version of monazite.
pub fn publish_workflow() -> String {
    PUBLISH_TEMPLATE
        .replace("{version}", env!("CARGO_PKG_VERSION"))
        .replace("{repository}", RELEASE_REPOSITORY)
}

const PUBLISH_TEMPLATE: &str = r##"# Builds the site with a released monazite binary and publishes it to GitHub
# Pages on every push to main (and every 15 minutes, so that scheduled
# articles appear on time). In the repository's settings, under Pages, set
# "Source" to "GitHub Actions". No Rust toolchain is needed.
name: publish

on:
  push:
    branches: [main]
  schedule:
    - cron: "*/15 * * * *"
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

env:
  # The monazite release this site was made with; raise it to upgrade.
  MONAZITE_VERSION: "{version}"
  # Where monazite's releases are published.
  MONAZITE_REPOSITORY: "{repository}"

jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - name: Install monazite
        run: |
          name="monazite-v${MONAZITE_VERSION}-x86_64-unknown-linux-musl"
          base="https://github.com/${MONAZITE_REPOSITORY}/releases/download/v${MONAZITE_VERSION}"
          curl -fsSLO "$base/$name.tar.gz"
          curl -fsSL "$base/SHA256SUMS" | grep " $name.tar.gz\$" | sha256sum --check
          tar xzf "$name.tar.gz"
          sudo install "$name/monazite" /usr/local/bin/monazite
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build
        run: monazite build --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-24.04
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4

# Publishing elsewhere: replace the `deploy` job above with one of these, and
# drop `--base-url …` from the Build step (site.yaml's base_url is used).
#
# Netlify (secrets NETLIFY_AUTH_TOKEN and NETLIFY_SITE_ID):
#
#  netlify:
#    needs: build
#    runs-on: ubuntu-24.04
#    steps:
#      - uses: actions/download-artifact@v4
#        with:
#          name: github-pages
#      - run: mkdir public && tar xf artifact.tar -C public
#      - run: npx --yes netlify-cli deploy --prod --dir public --no-build
#        env:
#          NETLIFY_AUTH_TOKEN: ${{ secrets.NETLIFY_AUTH_TOKEN }}
#          NETLIFY_SITE_ID: ${{ secrets.NETLIFY_SITE_ID }}
#
# Cloudflare Pages (secrets CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID;
# the project is made once in the Cloudflare dashboard):
#
#  cloudflare:
#    needs: build
#    runs-on: ubuntu-24.04
#    steps:
#      - uses: actions/download-artifact@v4
#        with:
#          name: github-pages
#      - run: mkdir public && tar xf artifact.tar -C public
#      - run: npx --yes wrangler pages deploy public --project-name my-newsroom
#        env:
#          CLOUDFLARE_API_TOKEN: ${{ secrets.CLOUDFLARE_API_TOKEN }}
#          CLOUDFLARE_ACCOUNT_ID: ${{ secrets.CLOUDFLARE_ACCOUNT_ID }}
#
# S3-compatible storage (AWS S3, Cloudflare R2, Backblaze B2, MinIO) with
# `monazite deploy`, after a `deploy:` target in site.yaml (secrets
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); add as a step of `build`:
#
#      - run: monazite deploy --yes
#        env:
#          AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}
#          AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_installs_this_version_from_the_release_repository() {
        let workflow = publish_workflow();
        assert!(workflow.contains(&format!(
            "MONAZITE_VERSION: \"{}\"",
            env!("CARGO_PKG_VERSION")
        )));
        assert!(workflow.contains(&format!("MONAZITE_REPOSITORY: \"{RELEASE_REPOSITORY}\"")));
        assert!(
            !workflow.contains("cargo"),
            "a site made by init has no Cargo.toml"
        );
        let parsed: serde_yaml::Value = serde_yaml::from_str(&workflow).unwrap();
        assert!(parsed["jobs"]["build"]["steps"].is_sequence());
    }
}
