//! Bad input: each case gets a clear error naming the file, line and column and
//! what was expected; the build exits non-zero and leaves public/ as it was.

use crate::support::Fixture;

/// Builds `minimal`, lays the case over it, builds again and checks that the
/// second build fails, says each of `expected`, and leaves public/ untouched.
fn fails_cleanly(case: &str, expected: &[&str]) -> String {
    let fixture = Fixture::new("minimal");
    fixture.build();
    let before = fixture.snapshot_public();
    assert!(!before.is_empty());
    let fixture = fixture.overlay(&format!("errors/{case}"));
    let run = fixture.run(&["build"]);
    run.assert_failure();
    for text in expected {
        assert!(
            run.stderr.contains(text),
            "stderr lacks `{text}`:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(
        fixture.snapshot_public(),
        before,
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(fixture.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
    run.stderr.clone()
}

#[test]
fn malformed_yaml_names_file_line_and_column() {
    let stderr = fails_cleanly(
        "malformed-yaml",
        &[
            "content/news/bad-yaml.md:",
            "invalid front matter",
            "expected `key: value` lines",
        ],
    );
    let line = stderr.lines().find(|l| l.contains("bad-yaml.md:")).unwrap();
    let position: Vec<&str> = line.split(':').collect();
    let line_no: usize = position[1].parse().unwrap();
    assert!(
        (5..=6).contains(&line_no),
        "points at the tags line or the end of the block: {line}"
    );
    assert!(position[2].parse::<usize>().is_ok(), "has a column: {line}");
}

#[test]
fn missing_title() {
    fails_cleanly(
        "missing-title",
        &[
            "content/news/no-title.md:1:1: error: missing required field `title`",
            "expected a headline",
        ],
    );
}

#[test]
fn empty_title() {
    fails_cleanly(
        "empty-title",
        &["content/news/empty-title.md:2:8: error: `title` is empty"],
    );
}

#[test]
fn missing_date() {
    fails_cleanly(
        "missing-date",
        &[
            "content/news/no-date.md:1:1: error: missing required field `date`",
            "expected a date like 2025-10-17",
        ],
    );
}

#[test]
fn date_in_no_accepted_form() {
    fails_cleanly(
        "bad-date",
        &[
            "content/news/bad-date.md:3:7: error: `date` is not a date: `17/10/2025`",
            "RFC 3339",
        ],
    );
}

#[test]
fn a_misspelt_author_gets_the_nearest_key_and_how_to_add_one() {
    let fixture = Fixture::new("minimal");
    fixture.write(
        "content/news/typo-author.md",
        "---\ntitle: \"Typo\"\ndate: 2025-10-01\nauthor: ashaa\n---\nText.\n",
    );
    let run = fixture.run(&["build"]);
    run.assert_failure();
    assert!(
        run.stderr
            .contains("content/news/typo-author.md:4:9: error: unknown author `ashaa`")
            && run.stderr.contains(
                "did you mean `asha`? Or to add this author, create content/authors/ashaa.md"
            ),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_author_lists_the_known_ones() {
    fails_cleanly(
        "unknown-author",
        &[
            "content/news/unknown-author.md:4:9: error: unknown author `nobody`",
            "the authors of this site are `asha`, `li`; or to add this author, create content/authors/nobody.md with a `name:` line in its front matter",
        ],
    );
}

#[test]
fn two_articles_with_one_slug() {
    fails_cleanly(
        "duplicate-slug",
        &["content/news/copy-of-prices.md:5:7: error: two articles have the slug `magnet-prices`"],
    );
}

#[test]
fn slug_that_would_leave_the_output_folder() {
    fails_cleanly(
        "path-traversal",
        &["content/news/escape.md:5:7: error: slug `../../etc` would leave the output folder"],
    );
}

#[test]
fn file_that_is_not_utf8() {
    fails_cleanly(
        "not-utf8",
        &[
            "content/news/latin1.md:6:4: error: file is not valid UTF-8",
            "re-save the file with UTF-8",
        ],
    );
}

#[test]
fn unclosed_front_matter() {
    fails_cleanly(
        "unclosed",
        &[
            "content/news/unclosed.md:1:1: error: front matter opened on line 1 is never closed",
            "closing `---`",
        ],
    );
}

#[test]
fn alias_fan_out_is_refused_at_its_key() {
    // 821 bytes that aliases expand to half a million values: refused, at once.
    fails_cleanly(
        "alias-fan-out",
        &[
            "content/news/fan-out.md:7:1: error: invalid front matter: `most` expands through aliases to more than 16 times",
            "help: an alias (`*name`) repeats the whole value",
        ],
    );
}

#[test]
fn duplicate_key_is_reported_where_it_is_repeated() {
    fails_cleanly(
        "duplicate-key",
        &[
            "content/news/duplicate-key.md:6:1: error: invalid front matter: duplicate field `title`",
            "`title` is already given above",
        ],
    );
}

#[test]
fn unclosed_quote_is_reported_where_it_opens() {
    fails_cleanly(
        "unclosed-quote",
        &[
            "content/news/unclosed-quote.md:2:8: error: invalid front matter: this double quote (`\"`) is never closed",
            "expected a closing double quote (`\"`) after the value it opens",
        ],
    );
}

#[test]
fn comment_nested_too_deep_is_refused_with_its_id() {
    fails_cleanly(
        "hostile-comment",
        &[
            "content/news/magnet-prices.comments.yaml:8:9: error: comment `c2` nests quotes, lists or emphasis 201 levels deep (at most 16)",
        ],
    );
}

#[test]
fn template_syntax_error_names_template_and_line() {
    fails_cleanly(
        "template-syntax",
        &["templates/page.html:4:7: error: template syntax error"],
    );
}

#[test]
fn template_with_undefined_variable() {
    fails_cleanly(
        "template-undefined",
        &[
            "templates/page.html:4:12: error: template error: Field `subtitle` is not defined",
            "while rendering /about/",
        ],
    );
}

#[test]
fn a_misspelt_variable_suggests_the_nearest_defined_name() {
    let stderr = fails_cleanly(
        "template-misspelt",
        &[
            "templates/page.html:3:13: error: template error: Field `titel` is not defined",
            "did you mean `page.title`?",
            "templates/article.html:3:8: error: template error: Variable `artcle` is not defined",
            "did you mean `article`?",
        ],
    );
    assert_eq!(
        stderr.matches("docs/templates.md").count(),
        2,
        "each help names the page that lists what templates see:\n{stderr}"
    );
}

#[test]
fn an_unclosed_block_points_where_it_opened() {
    fails_cleanly(
        "template-unclosed",
        &[
            // Closed by the end of an outer block…
            "templates/page.html:4:3: error: template syntax error: `{% if %}` is never closed: expected `{% endif %}` before line 6 column 4",
            "  {% if page.description %}",
            // …or by the end of the file.
            "templates/404.html:3:1: error: template syntax error: `{% for %}` is never closed: expected `{% endfor %}` before the end of the template",
        ],
    );
}

#[test]
fn bad_site_yaml_reports_every_key() {
    fails_cleanly(
        "bad-config",
        &[
            "site.yaml:2:11: error: invalid base_url `fixture.example.org`",
            "site.yaml:3:11: error: invalid timezone `India`",
        ],
    );
}

#[test]
fn one_run_reports_every_error() {
    let stderr = fails_cleanly(
        "many",
        &[
            "content/news/one.md:2:8",
            "content/news/two.md:3:7",
            "content/news/three.md:4:9",
            "build failed: 3 errors",
        ],
    );
    assert_eq!(stderr.matches(": error: ").count(), 3, "{stderr}");
}

#[test]
fn failed_first_build_creates_no_output() {
    let fixture = Fixture::new("minimal").overlay("errors/bad-date");
    fixture.run(&["build"]).assert_failure();
    assert!(!fixture.path("public").exists());
}
