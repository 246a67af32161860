//! The output folder under wrong arguments, hostile manifests, links, failures
//! and kills: a build never deletes what it did not write, and public/ is at
//! every instant the whole old site or the whole new one.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::support::{Fixture, copy_dir, files_under as tree};

/// Files a build of `public/` left beside it other than its lock and cache.
fn leftovers(f: &Fixture) -> Vec<String> {
    fs::read_dir(f.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".public.staging-") || n.starts_with(".public.old-"))
        .collect()
}

mod refusals {
    use super::*;

    #[test]
    fn sources_the_site_root_and_the_file_system_root_are_refused_and_left_alone() {
        let f = Fixture::new("minimal");
        let content = tree(&f.path("content"));
        let cases: [(&str, &str); 5] = [
            ("content", "it is the site's content/ folder"),
            ("templates", "it is the site's templates/ folder"),
            (".", "it is the site's root folder"),
            (
                "content/news/out",
                "it is inside the site's content/ folder",
            ),
            ("/", "it holds the site's root folder"),
        ];
        for (output, expected) in cases {
            let run = f
                .command(&["build", "--output", output])
                .current_dir(f.root())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&run.stderr);
            assert!(!run.status.success(), "--output {output} was accepted");
            assert!(
                stderr.contains(&format!("refusing to build into {output}: {expected}")),
                "--output {output}:\n{stderr}"
            );
            assert!(stderr.contains("nothing was written"), "{stderr}");
        }
        assert_eq!(tree(&f.path("content")), content, "content/ untouched");
        assert!(f.path("site.yaml").is_file() && f.path("templates/base.html").is_file());
    }

    #[test]
    fn a_folder_of_files_monazite_did_not_write_needs_force() {
        let f = Fixture::new("minimal");
        f.write("docs/CNAME", "news.example.org\n");
        f.write("docs/notes.txt", "the desk's notes\n");
        let docs = f.path("docs");
        let run = f.run(&["build", "--output", docs.to_str().unwrap()]);
        run.assert_failure();
        assert!(
            run.stderr.contains("it holds 2 files that monazite did not write (CNAME, notes.txt) and no monazite manifest"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("--force"), "{}", run.stderr);
        assert_eq!(fs::read_dir(&docs).unwrap().count(), 2, "docs/ as it was");

        // With --force the folder is taken over: what the build does not make goes.
        let run = f.run(&["build", "--output", docs.to_str().unwrap(), "--force"]);
        run.assert_success();
        assert!(docs.join("index.html").is_file());
        assert!(!docs.join("CNAME").exists());
    }

    #[test]
    fn a_file_added_to_the_output_by_hand_is_kept_by_later_builds() {
        let f = Fixture::new("minimal");
        f.build();
        f.write("public/CNAME", "news.example.org\n");
        f.write(
            "public/.well-known/security.txt",
            "Contact: desk@example.org\n",
        );
        f.write(
            "content/news/magnet-prices.md",
            &fs::read_to_string(f.path("content/news/magnet-prices.md"))
                .unwrap()
                .replace("\n---\n", "\n---\nOne more line of news.\n\n"),
        );
        let run = f.build();
        assert!(!run.stdout.contains(" 0 changed"), "{}", run.stdout);
        assert_eq!(f.output("CNAME"), "news.example.org\n");
        assert!(f.output(".well-known/security.txt").starts_with("Contact:"));
    }

    #[test]
    fn a_file_of_the_build_that_someone_else_wrote_is_not_replaced() {
        let f = Fixture::new("minimal");
        f.build();
        // Not in the manifest, at a place the build now fills.
        fs::remove_dir_all(f.path("public/news/magnet-prices")).unwrap();
        let page = f.path("public/news/magnet-prices/index.html");
        f.write("public/news/magnet-prices/index.html", "someone's own page");
        let manifest = f.output(".monazite-manifest");
        let without: String = manifest
            .lines()
            .filter(|l| !l.ends_with(" news/magnet-prices/index.html"))
            .map(|l| format!("{l}\n"))
            .collect();
        f.write("public/.monazite-manifest", &without);
        let run = f.run(&["build"]);
        run.assert_failure();
        assert!(
            run.stderr.contains("was not written by monazite"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
        assert_eq!(fs::read_to_string(page).unwrap(), "someone's own page");
        assert!(leftovers(&f).is_empty());
    }
}

#[test]
fn manifest_entries_outside_the_output_are_ignored_with_a_warning() {
    let f = Fixture::new("minimal");
    f.build();
    let outside = f.path("victim.txt");
    fs::write(&outside, "keep me").unwrap();
    let mut manifest = f.output(".monazite-manifest");
    for entry in [
        "../site.yaml".to_string(),
        "../content/news/magnet-prices.md".to_string(),
        "news/../../victim.txt".to_string(),
        outside.display().to_string(),
    ] {
        manifest.push_str(&format!("0000000000000000 7 {entry}\n"));
    }
    f.write("public/.monazite-manifest", &manifest);
    let run = f.build();
    assert!(f.path("site.yaml").is_file());
    assert!(f.path("content/news/magnet-prices.md").is_file());
    assert_eq!(fs::read_to_string(&outside).unwrap(), "keep me");
    assert!(
        run.stderr.contains(
            "ignored the manifest entry `../site.yaml`: it is not a path inside the output folder"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("ignored the manifest entry").count(), 4);
}

#[test]
fn links_are_named_when_skipped_and_a_linked_assets_folder_is_published() {
    use std::os::unix::fs::symlink;
    let f = Fixture::new("minimal");
    f.build();
    let assets_before = tree(&f.path("public/assets"));
    assert!(!assets_before.is_empty());
    // The theme's assets move elsewhere, and templates/assets becomes a link.
    let shared = f.path("shared-assets");
    copy_dir(&f.path("templates/assets"), &shared);
    fs::remove_dir_all(f.path("templates/assets")).unwrap();
    symlink(&shared, f.path("templates/assets")).unwrap();
    // An article that is a link, and a folder article that is a link.
    f.write(
        "elsewhere/linked.md",
        &fs::read_to_string(f.path("content/news/magnet-prices.md")).unwrap(),
    );
    symlink(
        f.path("elsewhere/linked.md"),
        f.path("content/news/linked.md"),
    )
    .unwrap();
    symlink(f.path("elsewhere"), f.path("content/news/linked-folder")).unwrap();
    let run = f.build();
    assert_eq!(
        tree(&f.path("public/assets")),
        assets_before,
        "assets still published"
    );
    for link in ["content/news/linked.md", "content/news/linked-folder"] {
        assert!(
            run.stderr.contains(link) && run.stderr.contains("skipped a symbolic link"),
            "{link} not named:\n{}",
            run.stderr
        );
    }
    assert!(!f.path("public/news/linked").exists());
}

#[test]
fn a_file_beside_a_folder_article_cannot_land_on_its_page() {
    let f = Fixture::new("minimal");
    f.build();
    let before = f.snapshot_public();
    f.write(
        "content/news/second-folder/index.md",
        "---\ntitle: A folder story\ndate: 2025-10-10\nauthor: li\n---\nBody text of the story.\n",
    );
    f.write(
        "content/news/second-folder/index.html",
        "<p>an old export</p>",
    );
    let run = f.run(&["build"]);
    run.assert_failure();
    assert!(
        run.stderr.contains("content/news/second-folder/index.html")
            && run
                .stderr
                .contains("would be written over the page /news/second-folder/"),
        "{}",
        run.stderr
    );
    assert_eq!(f.snapshot_public(), before);
}

/// A site built once (the old site, A) with its sources then changed, and
/// the trees of the old and the new site (B) as whole builds make them.
struct Swap {
    fixture: Fixture,
    /// Each trial starts with the old site also kept beside public/ as the
    /// previous site (hard links, as a build leaves it), not with nothing.
    with_previous: std::cell::Cell<bool>,
    old: BTreeMap<String, Vec<u8>>,
    new: BTreeMap<String, Vec<u8>>,
}

/// Changes the sources: an article edited, one removed, one added.
fn change_sources(f: &Fixture) {
    let path = f.path("content/news/magnet-prices.md");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replace("Magnet prices climb", "Magnet prices climb again"),
    )
    .unwrap();
    fs::remove_file(f.path("content/news/odisha-sands.md")).unwrap();
    f.write(
        "content/news/a-new-refinery/index.md",
        "---\ntitle: A new refinery opens\ndate: 2025-10-17\nauthor: li\ntags: [refining]\n---\nThe refinery separates neodymium and praseodymium.\n",
    );
}

impl Swap {
    fn new() -> Swap {
        let expected = Fixture::new("minimal");
        expected.build();
        change_sources(&expected);
        expected.build();
        let new = tree(&expected.path("public"));
        let fixture = Fixture::new("minimal");
        fixture.build();
        let old = tree(&fixture.path("public"));
        change_sources(&fixture);
        copy_dir(&fixture.path("public"), &fixture.path("old-site"));
        assert_ne!(old, new);
        Swap {
            fixture,
            with_previous: std::cell::Cell::new(false),
            old,
            new,
        }
    }

    /// Puts the old site back in public/, and beside it the previous site
    /// (`with_previous`) or nothing.
    fn restore(&self) {
        let f = &self.fixture;
        fs::remove_dir_all(f.path("public")).unwrap();
        copy_dir(&f.path("old-site"), &f.path("public"));
        assert_eq!(tree(&f.path("public")), self.old);
        let previous = f.path(".public.previous");
        let _ = fs::remove_dir_all(&previous);
        if self.with_previous.get() {
            for entry in walkdir::WalkDir::new(f.path("public")).min_depth(1) {
                let entry = entry.unwrap();
                let to = previous.join(entry.path().strip_prefix(f.path("public")).unwrap());
                if entry.file_type().is_dir() {
                    fs::create_dir_all(&to).unwrap();
                } else {
                    fs::create_dir_all(to.parent().unwrap()).unwrap();
                    fs::hard_link(entry.path(), &to).unwrap();
                }
            }
        }
    }

    /// public/ is the whole old site or the whole new one; says which.
    fn whole(&self, when: &str) -> &'static str {
        let now = tree(&self.fixture.path("public"));
        if now == self.old {
            "old"
        } else if now == self.new {
            "new"
        } else {
            let mixed: Vec<&String> = now
                .keys()
                .filter(|k| self.old.get(*k) != now.get(*k) && self.new.get(*k) != now.get(*k))
                .take(5)
                .collect();
            panic!("{when}: public/ is neither the old site nor the new one ({mixed:?} …)");
        }
    }

    /// A normal build after the trial makes the new site and leaves nothing behind.
    fn recovers(&self, when: &str) {
        self.fixture.build();
        assert_eq!(self.whole(when), "new", "{when}: the next build");
        assert!(
            leftovers(&self.fixture).is_empty(),
            "{when}: {:?}",
            leftovers(&self.fixture)
        );
    }

    /// How many file operations the commit of the changed sources makes.
    fn commit_steps(&self) -> usize {
        self.restore();
        let run = self
            .fixture
            .command(&["build"])
            .env("MONAZITE_FAULT_COUNT", "1")
            .output()
            .unwrap();
        assert!(run.status.success());
        let stderr = String::from_utf8_lossy(&run.stderr);
        let steps = stderr
            .lines()
            .find_map(|l| l.strip_prefix("commit steps: "))
            .unwrap_or_else(|| {
                panic!("no step count: the fault hooks need a debug build\n{stderr}")
            });
        steps.parse().unwrap()
    }
}

#[test]
fn a_failure_at_any_step_of_the_commit_leaves_the_old_site_or_the_new_one_and_says_which() {
    let swap = Swap::new();
    for with_previous in [false, true] {
        swap.with_previous.set(with_previous);
        let steps = swap.commit_steps();
        assert!(steps > 3, "{steps} steps");
        let kinds = ["eio", "enospc", "eacces"];
        for step in 1..=steps {
            swap.restore();
            let kind = kinds[step % kinds.len()];
            let run = swap
                .fixture
                .command(&["build"])
                .env("MONAZITE_FAULT_AT", step.to_string())
                .env("MONAZITE_FAULT_KIND", kind)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&run.stderr);
            let when =
                format!("{kind} at step {step} of {steps}, previous site kept: {with_previous}");
            match swap.whole(&when) {
                "old" => {
                    assert!(!run.status.success(), "{when}: success with the old site");
                    assert!(stderr.contains("nothing was written: "), "{when}: {stderr}");
                    assert!(leftovers(&swap.fixture).is_empty(), "{when}: staging left");
                }
                _ => {
                    // Only keeping the old site comes after the swap: a warning.
                    assert!(
                        run.status.success(),
                        "{when}: failure with the new site: {stderr}"
                    );
                    assert!(
                        stderr.contains("the previous one could not be moved"),
                        "{when}: {stderr}"
                    );
                    assert_eq!(step, steps, "{when}: only the last step is after the swap");
                }
            }
            swap.recovers(&when);
        }
    }
}

#[test]
fn a_build_killed_at_any_step_of_the_commit_leaves_a_whole_site_and_the_next_build_cleans_up() {
    let swap = Swap::new();
    for with_previous in [false, true] {
        swap.with_previous.set(with_previous);
        let steps = swap.commit_steps();
        let mut seen = Vec::new();
        for step in 1..=steps {
            swap.restore();
            let mut child = swap
                .fixture
                .command(&["build"])
                .env("MONAZITE_PAUSE_AT", step.to_string())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut stderr = BufReader::new(child.stderr.take().unwrap());
            let mut line = String::new();
            loop {
                line.clear();
                assert!(
                    stderr.read_line(&mut line).unwrap() > 0,
                    "step {step}: the build ended unpaused"
                );
                if line.starts_with("paused at ") {
                    break;
                }
            }
            child.kill().unwrap();
            child.wait().unwrap();
            let when = format!(
                "killed before step {step} of {steps} ({}), previous site kept: {with_previous}",
                line.trim()
            );
            seen.push(swap.whole(&when));
            swap.recovers(&when);
        }
        assert!(seen.contains(&"old") && seen.contains(&"new"), "{seen:?}");
    }
}

#[test]
fn a_build_killed_at_random_moments_leaves_a_whole_site() {
    let swap = Swap::new();
    // A site large enough that the commit takes a while.
    for i in 0..300 {
        swap.fixture.write(
            &format!("content/news/bulk-{i}.md"),
            &format!("---\ntitle: Bulk story {i}\ndate: 2025-09-01\nauthor: li\n---\nText of story {i}.\n"),
        );
    }
    swap.fixture.build();
    let old = tree(&swap.fixture.path("public"));
    fs::remove_dir_all(swap.fixture.path("old-site")).unwrap();
    copy_dir(&swap.fixture.path("public"), &swap.fixture.path("old-site"));
    let edit = swap.fixture.path("content/news/bulk-7.md");
    let text = fs::read_to_string(&edit).unwrap();
    fs::write(&edit, text.replace("Bulk story 7", "Bulk story seven")).unwrap();
    let timed = std::time::Instant::now();
    swap.fixture.build();
    let full = timed.elapsed();
    let new = tree(&swap.fixture.path("public"));
    let swap = Swap { old, new, ..swap };
    // Moments spread over the whole build, commit included; a simple
    // sequence stands in for randomness, so a failure can be replayed.
    for trial in 1..=12u32 {
        swap.restore();
        let mut child = swap
            .fixture
            .command(&["build"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full * (trial * 7 % 12) / 10);
        let _ = child.kill();
        child.wait().unwrap();
        let when = format!("trial {trial}");
        swap.whole(&when);
        swap.recovers(&when);
    }
}
