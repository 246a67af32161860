//! `monazite deploy` against a real S3-compatible server (moto, signatures
//! enforced; `support::s3`): what goes up, in which order, with which
//! headers, what is left alone and what is deleted, and the errors.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use crate::support::s3::S3Server;
use crate::support::{Fixture, Run, files_under};

const BUCKET: &str = "news-site";

/// The minimal site with a `deploy:` target `live` at the server.
fn site(server: &S3Server, extra: &str) -> Fixture {
    let fixture = Fixture::new("minimal");
    let config = std::fs::read_to_string(fixture.path("site.yaml")).unwrap();
    fixture.write(
        "site.yaml",
        &format!(
            "{config}deploy:\n  targets:\n    live:\n      bucket: {BUCKET}\n      endpoint: {}\n      region: us-east-1\n{extra}",
            server.endpoint
        ),
    );
    fixture.build();
    fixture
}

/// `monazite deploy ARGS` with the server's credentials and nothing else of
/// the machine's AWS set-up (HOME is the fixture).
fn deploy(fixture: &Fixture, server: &S3Server, args: &[&str]) -> Run {
    let mut command = deploy_command(fixture, args);
    command
        .env("AWS_ACCESS_KEY_ID", &server.key_id)
        .env("AWS_SECRET_ACCESS_KEY", &server.secret);
    run(command)
}

fn deploy_command(fixture: &Fixture, args: &[&str]) -> Command {
    let mut command = fixture.command(&[&["deploy"], args].concat());
    for var in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_CONFIG_FILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
    ] {
        command.env_remove(var);
    }
    command.env("HOME", fixture.root());
    command
}

fn run(mut command: Command) -> Run {
    let output = command.output().unwrap();
    Run {
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The site's files as deployed (monazite's own bookkeeping left out).
fn site_files(fixture: &Fixture) -> BTreeMap<String, Vec<u8>> {
    files_under(&fixture.path("public"))
        .into_iter()
        .filter(|(name, _)| !name.starts_with(".monazite"))
        .collect()
}

/// The files a `--verbose` deploy says it uploaded, in order.
fn uploaded(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("uploaded "))
        .map(str::to_string)
        .collect()
}

fn md5(bytes: &[u8]) -> String {
    monazite::deploy::md5_hex(bytes)
}

/// The bucket holds exactly the site's files, byte for byte (by MD5 ETag).
fn assert_bucket_is(server: &mut S3Server, fixture: &Fixture, prefix: &str) {
    let objects = server.list(BUCKET);
    let expected: BTreeMap<String, String> = site_files(fixture)
        .into_iter()
        .map(|(name, bytes)| (format!("{prefix}{name}"), format!("\"{}\"", md5(&bytes))))
        .collect();
    let found: BTreeMap<String, String> = objects
        .into_iter()
        .filter(|(k, _)| !k.ends_with(".monazite-deploy.json"))
        .map(|(k, o)| (k, o.etag))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn a_first_deploy_uploads_every_file_then_a_second_uploads_nothing() {
    let mut server = S3Server::start(&[BUCKET]);
    let fixture = site(&server, "");
    let first = deploy(&fixture, &server, &["--yes", "--verbose"]);
    first.assert_success();
    let files = site_files(&fixture);
    assert_eq!(uploaded(&first).len(), files.len(), "{}", first.stdout);
    assert_bucket_is(&mut server, &fixture, "");
    assert!(server.list(BUCKET).contains_key(".monazite-deploy.json"));

    let before = server.list(BUCKET);
    let second = deploy(&fixture, &server, &["--yes", "--verbose"]);
    second.assert_success();
    assert_eq!(uploaded(&second), Vec::<String>::new(), "{}", second.stdout);
    assert!(second.stdout.contains("0 uploaded"), "{}", second.stdout);
    // One listing and one read of the manifest: no request per object.
    assert!(second.stdout.contains("; 2 requests"), "{}", second.stdout);
    assert_eq!(server.list(BUCKET), before);
}

#[test]
fn objects_carry_their_content_type_cache_control_and_hash() {
    let mut server = S3Server::start(&[BUCKET]);
    let fixture = site(
        &server,
        "  cache_control:\n    - files: \"*.jpg\"\n      value: \"public, max-age=86400\"\n",
    );
    deploy(&fixture, &server, &["--yes"]).assert_success();
    let files = site_files(&fixture);

    let home = server.head(BUCKET, "index.html");
    assert_eq!(home["content_type"], "text/html; charset=utf-8");
    assert_eq!(home["cache_control"], "public, max-age=60");
    assert_eq!(home["metadata"]["monazite-md5"], md5(&files["index.html"]));
    assert_eq!(server.get(BUCKET, "index.html"), files["index.html"]);

    let atom = server.head(BUCKET, "atom.xml");
    assert_eq!(atom["content_type"], "application/atom+xml; charset=utf-8");
    assert_eq!(atom["cache_control"], "public, max-age=60");

    let css = files.keys().find(|f| f.ends_with(".css")).unwrap();
    assert_eq!(
        server.head(BUCKET, css)["content_type"],
        "text/css; charset=utf-8"
    );

    // The search index's gzipped parts stay gzip bytes, with no
    // Content-Encoding (the script inflates them), and hashed names are kept for good.
    let part = files
        .keys()
        .find(|f| f.starts_with("search/d.") && f.ends_with(".gz"))
        .expect("a search document file");
    let head = server.head(BUCKET, part);
    assert_eq!(head["content_type"], "application/gzip");
    assert!(head["content_encoding"].is_null(), "{head}");
    assert_eq!(head["cache_control"], "public, max-age=31536000, immutable");
    assert_eq!(&server.get(BUCKET, part)[..2], [0x1f, 0x8b]);

    // A rule of site.yaml comes before the defaults.
    if let Some(jpg) = files.keys().find(|f| f.ends_with(".jpg")) {
        assert_eq!(
            server.head(BUCKET, jpg)["cache_control"],
            "public, max-age=86400"
        );
    }
}

#[test]
fn uploads_go_assets_then_articles_then_lists_then_home_and_feeds() {
    let server = S3Server::start(&[BUCKET]);
    let fixture = site(&server, "");
    let run = deploy(&fixture, &server, &["--yes", "--verbose", "--jobs", "1"]);
    run.assert_success();
    let order = uploaded(&run);
    let at = |file: &str| {
        order
            .iter()
            .position(|f| f == file)
            .unwrap_or_else(|| panic!("{file} not uploaded"))
    };
    let css = order.iter().position(|f| f.ends_with(".css")).unwrap();
    let article = at("news/magnet-prices/index.html");
    let archive = at("news/index.html");
    let home = at("index.html");
    assert!(
        css < article && article < archive && archive < home,
        "{order:?}"
    );
    assert!(
        archive < at("atom.xml") && archive < at("sitemap.xml"),
        "{order:?}"
    );
}

#[test]
fn editing_one_article_uploads_only_the_files_whose_bytes_changed() {
    let mut server = S3Server::start(&[BUCKET]);
    let fixture = site(&server, "");
    deploy(&fixture, &server, &["--yes"]).assert_success();
    let before = site_files(&fixture);

    let path = fixture.path("content/news/magnet-prices.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{text}\nA sentence added by the night editor.\n"),
    )
    .unwrap();
    fixture.build();
    let after = site_files(&fixture);
    let changed: BTreeSet<String> = after
        .iter()
        .filter(|(name, bytes)| before.get(*name) != Some(bytes))
        .map(|(name, _)| name.clone())
        .collect();
    assert!(changed.contains("news/magnet-prices/index.html"));
    assert!(changed.len() < after.len() / 2, "{changed:?}");

    let run = deploy(&fixture, &server, &["--yes", "--verbose"]);
    run.assert_success();
    let sent: BTreeSet<String> = uploaded(&run).into_iter().collect();
    assert_eq!(sent, changed);
    assert_bucket_is(&mut server, &fixture, "");
}

#[test]
fn a_deleted_article_is_deleted_from_the_bucket_within_max_deletes() {
    let mut server = S3Server::start(&[BUCKET]);
    let fixture = site(&server, "");
    deploy(&fixture, &server, &["--yes"]).assert_success();
    std::fs::remove_file(fixture.path("content/news/odisha-sands.md")).unwrap();
    fixture.build();
    let before = server.list(BUCKET);
    assert!(before.contains_key("news/odisha-sands/index.html"));

    let refused = deploy(&fixture, &server, &["--yes", "--max-deletes", "0"]);
    refused.assert_failure();
    assert!(
        refused.stderr.contains("more than --max-deletes 0"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        server.list(BUCKET),
        before,
        "a refused deploy changes nothing"
    );

    let run = deploy(&fixture, &server, &["--yes", "--verbose"]);
    run.assert_success();
    assert!(
        run.stdout.contains("- news/odisha-sands/index.html"),
        "{}",
        run.stdout
    );
    assert!(
        !server
            .list(BUCKET)
            .contains_key("news/odisha-sands/index.html")
    );
    assert_bucket_is(&mut server, &fixture, "");
}

#[test]
fn a_killed_deploy_converges_when_run_again() {
    let mut server = S3Server::start(&[BUCKET]);
    let fixture = site(&server, "");
    deploy(&fixture, &server, &["--yes"]).assert_success();
    for name in ["magnet-prices", "odisha-sands"] {
        let path = fixture.path(&format!("content/news/{name}.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\nUpdated at noon.\n")).unwrap();
    }
    fixture.build();

    let mut killed = deploy_command(&fixture, &["--yes", "--jobs", "1"]);
    killed
        .env("AWS_ACCESS_KEY_ID", &server.key_id)
        .env("AWS_SECRET_ACCESS_KEY", &server.secret)
        .env("MONAZITE_FAULT_DEPLOY_AFTER", "2");
    let killed = run(killed);
    assert_eq!(killed.status.code(), Some(137), "{}", killed.stderr);

    let rerun = deploy(&fixture, &server, &["--yes", "--verbose"]);
    rerun.assert_success();
    assert!(!uploaded(&rerun).is_empty());
    assert_bucket_is(&mut server, &fixture, "");
    let settled = deploy(&fixture, &server, &["--yes", "--verbose"]);
    assert_eq!(
        uploaded(&settled),
        Vec::<String>::new(),
        "{}",
        settled.stdout
    );
}

#[test]
fn a_prefix_puts_the_site_in_a_folder_of_the_bucket() {
    let mut server = S3Server::start(&[BUCKET]);
    let fixture = site(&server, "      prefix: www/\n");
    deploy(&fixture, &server, &["--yes"]).assert_success();
    assert_bucket_is(&mut server, &fixture, "www/");
}

#[test]
fn dry_run_prints_the_plan_and_changes_nothing() {
    let mut server = S3Server::start(&[BUCKET]);
    let fixture = site(&server, "");
    let run = deploy(&fixture, &server, &["--dry-run"]);
    run.assert_success();
    assert!(
        run.stdout.contains("+ news/magnet-prices/index.html (new)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("dry run: nothing was changed"),
        "{}",
        run.stdout
    );
    assert!(server.list(BUCKET).is_empty());
}

#[test]
fn without_yes_and_without_a_terminal_it_refuses() {
    let mut server = S3Server::start(&[BUCKET]);
    let fixture = site(&server, "");
    let run = deploy(&fixture, &server, &[]);
    run.assert_failure();
    assert!(run.stderr.contains("without --yes"), "{}", run.stderr);
    assert!(server.list(BUCKET).is_empty());
}

#[test]
fn wrong_credentials_and_a_missing_bucket_are_named() {
    let server = S3Server::start(&[BUCKET]);
    let fixture = site(&server, "");

    let mut bad_secret = deploy_command(&fixture, &["--yes"]);
    bad_secret
        .env("AWS_ACCESS_KEY_ID", &server.key_id)
        .env("AWS_SECRET_ACCESS_KEY", "not-the-secret");
    let bad_secret = run(bad_secret);
    bad_secret.assert_failure();
    assert!(
        bad_secret.stderr.contains("deploy target `live`"),
        "{}",
        bad_secret.stderr
    );
    assert!(
        bad_secret
            .stderr
            .contains("secret access key does not match"),
        "{}",
        bad_secret.stderr
    );

    let mut bad_key = deploy_command(&fixture, &["--yes"]);
    bad_key
        .env("AWS_ACCESS_KEY_ID", "AKIANOBODYATALL00000")
        .env("AWS_SECRET_ACCESS_KEY", &server.secret);
    let bad_key = run(bad_key);
    bad_key.assert_failure();
    assert!(
        bad_key.stderr.contains("access key ID is not known"),
        "{}",
        bad_key.stderr
    );

    let config = std::fs::read_to_string(fixture.path("site.yaml")).unwrap();
    fixture.write(
        "site.yaml",
        &config.replace(&format!("bucket: {BUCKET}"), "bucket: no-such-bucket"),
    );
    let missing = deploy(&fixture, &server, &["--yes"]);
    missing.assert_failure();
    assert!(
        missing.stderr.contains("the bucket does not exist"),
        "{}",
        missing.stderr
    );
    assert!(missing.stderr.contains("`live`"), "{}", missing.stderr);
}

#[test]
fn with_no_credentials_it_says_where_it_looked() {
    let server = S3Server::start(&[BUCKET]);
    let fixture = site(&server, "");
    let run = run(deploy_command(&fixture, &["--yes"]));
    run.assert_failure();
    assert!(
        run.stderr
            .contains("no credentials for deploy target `live`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("AWS_ACCESS_KEY_ID"), "{}", run.stderr);
    assert!(
        run.stderr.contains(".aws/credentials (no such file)"),
        "{}",
        run.stderr
    );
}

#[test]
fn credentials_come_from_a_profile_of_the_shared_file() {
    let mut server = S3Server::start(&[BUCKET]);
    let fixture = site(&server, "      profile: newsroom\n");
    fixture.write(
        ".aws/credentials",
        &format!(
            "[newsroom]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
            server.key_id, server.secret
        ),
    );
    run(deploy_command(&fixture, &["--yes"])).assert_success();
    assert!(server.list(BUCKET).contains_key("index.html"));
}
