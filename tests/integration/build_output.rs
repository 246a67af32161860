//! A good build: every page of the contract, in the right place, with every
//! part of the article page anatomy.

use crate::support::{Fixture, normalize, select, text_of};

#[test]
fn writes_every_kind_of_page() {
    let f = Fixture::new("minimal");
    let run = f.build();
    assert!(run.stdout.starts_with("built "), "{}", run.stdout);
    for file in [
        "index.html",
        "page/2/index.html",
        "news/index.html",
        "news/odisha-sands/index.html",
        "news/magnet-prices/index.html",
        "news/folder-story/index.html",
        "news/folder-story/cover.svg",
        "tags/index.html",
        "tags/india/index.html",
        "tags/mining/index.html",
        "authors/asha/index.html",
        "authors/li/index.html",
        "about/index.html",
        "404.html",
        "assets/style.css",
    ] {
        assert!(f.path("public").join(file).is_file(), "missing {file}");
    }
    assert!(
        !f.path("public/news/draft-story").exists(),
        "draft built without --drafts"
    );
    assert!(
        !f.path("public/news/future-story").exists(),
        "future article built"
    );
}

#[test]
fn headings_keep_clear_of_the_pages_own_ids() {
    let site = Fixture::new("minimal").overlay("heading-ids");
    site.build();
    let html = site.html("news/heading-ids/index.html");
    // Each of the theme's ids, and the comment's anchor, is on one element: its own.
    for (id, element) in [
        ("main", "main"),
        ("comments", "section"),
        ("comment-c1", "li"),
        ("subscribe-email", "input"),
    ] {
        let found = select(&html, &format!("[id=\"{id}\"]"));
        assert_eq!(found.len(), 1, "`{id}` is on {} elements", found.len());
        assert_eq!(found[0].value().name(), element, "`{id}`");
    }
    let headings: Vec<&str> = select(&html, ".article-body h2")
        .iter()
        .filter_map(|h| h.value().id())
        .collect();
    assert_eq!(
        headings,
        [
            "main-2",
            "comments-2",
            "comment-c1-2",
            "subscribe-email-2",
            "main-3"
        ]
    );
    let toc: Vec<&str> = select(&html, ".toc a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        toc.contains(&"#main-2") && toc.contains(&"#main-3"),
        "{toc:?}"
    );
}

#[test]
fn drafts_flag_includes_drafts_and_scheduled() {
    let f = Fixture::new("minimal");
    f.run(&["build", "--drafts"]).assert_success();
    assert!(f.path("public/news/draft-story/index.html").is_file());
    let html = f.html("news/future-story/index.html");
    assert!(normalize(&html.root_element().text().collect::<String>()).contains("Scheduled"));
}

#[test]
fn article_page_has_every_part_of_the_anatomy() {
    let f = Fixture::new("minimal");
    f.build();
    let html = f.html("news/odisha-sands/index.html");
    // 1. header with site name, navigation, search box
    assert!(text_of(&html, "header .site-name, header .wordmark").contains("Fixture Times"));
    assert!(!select(&html, "header nav a[href='/news/']").is_empty());
    assert!(!select(&html, "header form[role=search] input[type=search][name=q]").is_empty());
    // 2. headline, dateline, byline; front matter text is escaped
    assert_eq!(
        text_of(&html, "h1"),
        "Odisha’s sands & the <rare> earths",
        "headlines get the typographic apostrophe of bodies"
    );
    let times = select(&html, ".dateline time");
    assert_eq!(
        times[0].value().attr("datetime"),
        Some("2025-10-17T09:30:00+05:30")
    );
    assert!(
        normalize(&times[0].text().collect::<String>())
            .contains("October 17, 2025 at 9:30 AM UTC+05:30")
    );
    assert_eq!(
        times[1].value().attr("datetime"),
        Some("2025-10-18T00:00:00+05:30")
    );
    assert!(!select(&html, ".byline a[href='/authors/asha/']").is_empty());
    // 3. highlights box
    let highlights = select(&html, ".highlights li");
    assert_eq!(highlights.len(), 3);
    assert!(text_of(&html, ".highlights h2").contains("Highlights"));
    // 4. body with ## sections and unique ids
    assert_eq!(select(&html, ".article-body h2#why-sands-matter").len(), 1);
    assert_eq!(
        select(&html, ".article-body h2#why-sands-matter-2").len(),
        1
    );
    // 5. external links open in a new tab and say so
    let usgs = select(&html, ".article-body a[href='https://www.usgs.gov/']");
    assert_eq!(usgs[0].value().attr("target"), Some("_blank"));
    assert_eq!(usgs[0].value().attr("rel"), Some("noopener noreferrer"));
    assert!(normalize(&usgs[0].text().collect::<String>()).contains("(opens in a new tab)"));
    let internal = select(
        &html,
        ".article-body a[href='/news/magnet-prices/#what-changed']",
    );
    assert_eq!(internal[0].value().attr("target"), None);
    // 6. source line
    let source = text_of(&html, ".source-line");
    assert!(source.starts_with("Source: The Economic Times"), "{source}");
    assert!(source.contains("October 16, 2025"), "{source}");
    assert_eq!(
        select(&html, ".source-line a")[0].value().attr("href"),
        Some("https://example.com/story")
    );
    // 7. related links (internal title resolved) and tags
    let related = text_of(&html, ".related ul");
    assert!(
        related.contains("Magnet prices climb") && related.contains("IREL annual report"),
        "{related}"
    );
    assert!(!select(&html, ".tags a[href='/tags/india/']").is_empty());
    // 8. author box
    let author_box = text_of(&html, ".author-box");
    assert!(
        author_box.contains("Asha Rao") && author_box.contains("Asha covers mining & refining"),
        "{author_box}"
    );
    // 10. sidebar: search, recent news (others only), subscribe form
    let sidebar = select(&html, "aside.sidebar, .sidebar");
    assert!(!sidebar.is_empty());
    let recent: Vec<String> = select(&html, ".recent-news li a")
        .iter()
        .map(|a| normalize(&a.text().collect::<String>()))
        .collect();
    assert!(
        recent.contains(&"Magnet prices climb".to_string()),
        "{recent:?}"
    );
    assert!(
        !recent.iter().any(|t| t.contains("Odisha")),
        "current article in Recent news: {recent:?}"
    );
    // 11. subscribe form, exactly once, posting to site.yaml's action
    let forms = select(
        &html,
        "form[action='https://newsletter.example.org/subscribe']",
    );
    assert_eq!(forms.len(), 1, "subscribe form must appear exactly once");
    assert_eq!(select(&html, ".subscribe").len(), 1);
    assert!(text_of(&html, ".subscribe h2").contains("Straight into your inbox"));
    assert!(!select(&html, ".subscribe input[type=email][required]").is_empty());
    // 12. footer with copyright and no leaked template fragments
    let footer = text_of(&html, "footer.site-footer");
    assert!(footer.contains("©"), "{footer}");
    let page_text = html.root_element().text().collect::<String>();
    for leak in ["<!--", "{{", "{%", "wp:"] {
        assert!(
            !page_text.contains(leak),
            "leaked `{leak}` into visible text"
        );
    }
}

#[test]
fn recent_news_is_the_latest_five() {
    let f = Fixture::new("minimal");
    f.build();
    let html = f.html("about/index.html");
    let recent: Vec<String> = select(&html, ".recent-news li a")
        .iter()
        .map(|a| normalize(&a.text().collect::<String>()))
        .collect();
    assert_eq!(recent.len(), 3, "three published articles: {recent:?}");
    assert!(recent[0].starts_with("Odisha"), "newest first: {recent:?}");
}

#[test]
fn lists_paginate_and_link_pages() {
    let f = Fixture::new("minimal");
    f.build();
    let home = f.html("index.html");
    assert_eq!(select(&home, "main article, main .card").len().min(2), 2);
    assert!(!select(&home, "nav[aria-label=Pagination] a[href='/page/2/']").is_empty());
    let page2 = f.html("page/2/index.html");
    assert!(
        normalize(&page2.root_element().text().collect::<String>())
            .contains("A story with its own image")
    );
    let tag = f.html("tags/india/index.html");
    let titles = normalize(&select(&tag, "main")[0].text().collect::<String>());
    assert!(titles.contains("Odisha") && titles.contains("Magnet prices climb"));
    let author = f.html("authors/asha/index.html");
    let text = normalize(&author.root_element().text().collect::<String>());
    assert!(
        text.contains("Asha has reported on beach sands since 2015."),
        "author bio body"
    );
}

#[test]
fn folder_article_image_sits_beside_it() {
    let f = Fixture::new("minimal");
    f.build();
    let html = f.html("news/folder-story/index.html");
    let img = select(&html, "main img[src='/news/folder-story/cover.svg']");
    assert_eq!(img.len(), 1);
    assert_eq!(img[0].value().attr("alt"), Some("A drawing of sand"));
}

#[test]
fn rebuild_removes_deleted_articles_and_keeps_unchanged_files() {
    let f = Fixture::new("minimal");
    f.build();
    std::fs::remove_file(f.path("content/news/magnet-prices.md")).unwrap();
    // The story that links to it links there no more.
    let linking = f.path("content/news/odisha-sands.md");
    let text = std::fs::read_to_string(&linking).unwrap();
    let text = text.replace("  - /news/magnet-prices/\n", "").replace(
        "[our prices story](/news/magnet-prices/#what-changed)",
        "our prices story",
    );
    std::fs::write(&linking, text).unwrap();
    let run = f.build();
    assert!(
        !f.path("public/news/magnet-prices").exists(),
        "stale article left behind"
    );
    assert!(
        !f.path("public/tags/markets").exists(),
        "stale tag page left behind"
    );
    assert!(run.stdout.contains("changed"), "{}", run.stdout);
}

#[test]
fn output_and_base_url_flags() {
    let f = Fixture::new("minimal");
    let out = f.path("elsewhere");
    f.run(&[
        "build",
        "--output",
        out.to_str().unwrap(),
        "--base-url",
        "https://example.org/newsroom/",
    ])
    .assert_success();
    let text = std::fs::read_to_string(out.join("news/odisha-sands/index.html")).unwrap();
    let html = scraper::Html::parse_document(&text);
    assert!(
        !select(
            &html,
            "link[rel=canonical][href='https://example.org/newsroom/news/odisha-sands/']"
        )
        .is_empty()
    );
    assert!(
        !select(
            &html,
            "a[href='/newsroom/news/magnet-prices/#what-changed']"
        )
        .is_empty(),
        "body links move under the sub-path"
    );
    assert!(
        !select(
            &html,
            "link[rel=stylesheet][href='/newsroom/assets/style.css']"
        )
        .is_empty()
    );
    assert!(!f.path("public").exists());
}

/// Rebuilds keep pages whose inputs did not change without rendering them, but
/// never at the price of a stale or missing page.
mod rebuild {
    use crate::support::{Fixture, text_of};

    #[test]
    fn an_unchanged_rebuild_changes_nothing() {
        let f = Fixture::new("minimal");
        f.build();
        let before = f.snapshot_public();
        let first = f.build();
        let pages: usize = first.stdout["built ".len()..]
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let run = f.build();
        // Every page was kept without rendering: its inputs hash the same from run to run.
        let expected = format!(", 0 changed, {pages} pages unchanged and not rendered again)");
        assert!(run.stdout.contains(&expected), "{}", run.stdout);
        assert_eq!(f.snapshot_public(), before);
        assert!(
            f.path("public/.monazite-manifest").is_file(),
            "the manifest sits inside public/, swapped in with the site"
        );
    }

    #[test]
    fn a_template_change_reaches_every_page() {
        let f = Fixture::new("minimal");
        f.build();
        let base = std::fs::read_to_string(f.path("templates/base.html")).unwrap();
        f.write(
            "templates/base.html",
            &base.replace("</body>", "<p id=\"stamp\">v2</p></body>"),
        );
        f.build();
        for page in [
            "index.html",
            "news/odisha-sands/index.html",
            "tags/india/index.html",
            "about/index.html",
            "404.html",
        ] {
            assert_eq!(text_of(&f.html(page), "#stamp"), "v2", "{page} is stale");
        }
    }

    #[test]
    fn a_site_yaml_change_reaches_every_page() {
        let f = Fixture::new("minimal");
        f.build();
        let config = std::fs::read_to_string(f.path("site.yaml")).unwrap();
        f.write(
            "site.yaml",
            &config.replace("Fixture Times", "Fixture Herald"),
        );
        f.build();
        for page in ["news/magnet-prices/index.html", "authors/li/index.html"] {
            assert!(f.output(page).contains("Fixture Herald"), "{page} is stale");
            assert!(!f.output(page).contains("Fixture Times"), "{page} is stale");
        }
    }

    #[test]
    fn an_edited_body_is_rendered_again_and_the_others_come_from_the_cache() {
        let f = Fixture::new("minimal");
        f.build();
        let cache = f.path(".public.markdown-cache");
        assert!(cache.is_file(), "the cache sits beside public/");
        let before = f.snapshot_public();
        let path = "content/news/magnet-prices.md";
        let text = std::fs::read_to_string(f.path(path)).unwrap();
        f.write(path, &format!("{text}\nA new **closing** line.\n"));
        f.build();
        let page = f.output("news/magnet-prices/index.html");
        assert!(
            page.contains("A new <strong>closing</strong> line."),
            "the edited body is rendered again"
        );
        let other = "news/odisha-sands/index.html";
        let unchanged = before.iter().find(|(file, _)| file == other).unwrap();
        assert_eq!(f.output(other).as_bytes(), unchanged.1.as_slice());

        // Edited back, the first rendering is read from the cache: same page.
        f.write(path, &text);
        f.build();
        let original = before
            .iter()
            .find(|(file, _)| file == "news/magnet-prices/index.html")
            .unwrap();
        assert_eq!(
            f.output("news/magnet-prices/index.html").as_bytes(),
            original.1.as_slice()
        );

        // A damaged cache only means rendering again.
        std::fs::write(&cache, b"not a cache").unwrap();
        std::fs::remove_dir_all(f.path("public")).unwrap();
        f.build();
        assert_eq!(f.snapshot_public(), before);
    }

    #[test]
    fn an_edited_title_reaches_the_lists_and_sidebars_that_show_it() {
        let f = Fixture::new("minimal");
        f.build();
        let path = "content/news/magnet-prices.md";
        let text = std::fs::read_to_string(f.path(path)).unwrap();
        f.write(
            path,
            &text.replace("Magnet prices climb", "Magnet prices soar"),
        );
        f.build();
        for page in [
            "news/magnet-prices/index.html",
            "news/odisha-sands/index.html",
            "tags/markets/index.html",
            "authors/li/index.html",
            "news/index.html",
        ] {
            assert!(
                f.output(page).contains("Magnet prices soar"),
                "{page} is stale"
            );
        }
    }

    #[test]
    fn a_deleted_or_edited_output_file_is_restored() {
        let f = Fixture::new("minimal");
        f.build();
        let article = f.output("news/odisha-sands/index.html");
        std::fs::remove_file(f.path("public/news/magnet-prices/index.html")).unwrap();
        f.write("public/news/odisha-sands/index.html", "vandalised");
        let run = f.build();
        assert!(run.stdout.contains(", 2 changed, "), "{}", run.stdout);
        assert_eq!(f.output("news/odisha-sands/index.html"), article);
        assert!(f.path("public/news/magnet-prices/index.html").is_file());
    }

    #[test]
    fn a_corrupt_manifest_only_means_more_rendering() {
        let f = Fixture::new("minimal");
        f.build();
        let before = f.snapshot_public();
        f.write("public/.monazite-manifest", "not a manifest\n\u{0}\n");
        f.build();
        assert_eq!(f.snapshot_public(), before);
    }
}

#[test]
fn timings_flag_reports_each_stage_on_stderr() {
    let f = Fixture::new("minimal");
    let run = f.run(&["build", "--timings"]);
    run.assert_success();
    assert!(run.stdout.starts_with("built "), "{}", run.stdout);
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("timings: "))
        .unwrap_or_else(|| panic!("no timings line in stderr:\n{}", run.stderr));
    let seconds: Vec<f64> = line
        .split(", ")
        .map(|part| {
            let number = part.trim_end_matches(" s").rsplit(' ').next().unwrap();
            number
                .parse()
                .unwrap_or_else(|_| panic!("`{part}` in `{line}`"))
        })
        .collect();
    assert_eq!(
        seconds.len(),
        6,
        "load, images, render, link check, commit, total: {line}"
    );
    let sum: f64 = seconds[..5].iter().sum();
    assert!(
        (sum - seconds[5]).abs() < 0.003,
        "stages do not add up: {line}"
    );
    assert!(
        !f.run(&["build"]).stderr.contains("timings"),
        "timings printed unasked"
    );
    if cfg!(target_os = "linux") {
        let memory = run
            .stderr
            .lines()
            .find(|l| l.starts_with("memory: peak "))
            .unwrap_or_else(|| panic!("no memory line in stderr:\n{}", run.stderr));
        let megabytes: Vec<f64> = memory
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(megabytes.len(), 2, "{memory}");
        assert!(
            megabytes[0] > 0.0 && megabytes[0] <= megabytes[1],
            "peaks only grow: {memory}"
        );
    }
}

/// Past a memory budget, article bodies wait in a temporary file between
/// loading and rendering: the site must come out byte for byte the same.
#[test]
fn bodies_kept_out_of_memory_make_the_same_site() {
    let build_with_budget = |f: &Fixture, megabytes: &str| {
        f.command(&["build"])
            .env("MONAZITE_BODY_MEMORY_MB", megabytes)
            .output()
            .unwrap()
    };
    let succeeded = |run: &std::process::Output| {
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        )
    };
    let held = Fixture::new("minimal");
    held.build();
    let filed = Fixture::new("minimal");
    succeeded(&build_with_budget(&filed, "0"));
    let held = held.snapshot_public();
    assert!(
        held.iter().any(|(f, _)| f.starts_with("news/")),
        "articles built"
    );
    assert_eq!(held, filed.snapshot_public());
    // Again from the Markdown cache: the bodies are read where the cache has them.
    std::fs::remove_dir_all(filed.path("public")).unwrap();
    succeeded(&build_with_budget(&filed, "0"));
    assert_eq!(held, filed.snapshot_public());

    let run = build_with_budget(&Fixture::new("minimal"), "lots");
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("MONAZITE_BODY_MEMORY_MB") && stderr.contains("megabytes"),
        "{stderr}"
    );
}

mod search_index_reuse {
    use crate::support::Fixture;

    fn index_files(f: &Fixture) -> Vec<(String, Vec<u8>)> {
        f.snapshot_public()
            .into_iter()
            .filter(|(p, _)| p.starts_with("search/") && p != "search/index.html")
            .collect()
    }

    #[test]
    fn the_index_is_kept_when_unchanged_and_remade_when_an_article_changes() {
        let f = Fixture::new("minimal");
        f.build();
        let first = index_files(&f);
        assert!(!first.is_empty());
        // Unchanged: the same files, kept (the manifest records them).
        f.build();
        assert_eq!(index_files(&f), first);
        let manifest = std::fs::read_to_string(f.path("public/.monazite-manifest")).unwrap();
        assert!(
            manifest.lines().filter(|l| l.contains(" search/")).count() > first.len() - 1,
            "{manifest}"
        );
        // A new word in a body must reach the index.
        let path = "content/news/magnet-prices.md";
        let text = std::fs::read_to_string(f.path(path)).unwrap();
        f.write(path, &format!("{text}\nA word only here: xenotime.\n"));
        f.build();
        assert_ne!(index_files(&f), first, "the index was not remade");
        // A deleted index file is restored.
        let (victim, bytes) = index_files(&f).into_iter().next().unwrap();
        std::fs::remove_file(f.path("public").join(&victim)).unwrap();
        f.build();
        assert_eq!(
            std::fs::read(f.path("public").join(&victim)).unwrap(),
            bytes
        );
    }
}

/// Long builds show a page counter on a terminal, and nothing when piped.
mod progress {
    use std::process::Command;

    use crate::support::Fixture;

    #[test]
    fn a_counter_on_a_terminal_and_silence_otherwise() {
        let f = Fixture::new("minimal");
        let piped = f.build();
        assert!(
            !piped.stderr.contains("rendering"),
            "counter on a pipe: {}",
            piped.stderr
        );
        // `script` (util-linux) runs the build on a pseudo-terminal.
        let command = format!(
            "MONAZITE_NOW=2025-10-18T12:00:00Z {} build --root {}",
            env!("CARGO_BIN_EXE_monazite"),
            f.root().display()
        );
        let out = Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .output()
            .expect("util-linux `script` runs the build on a pseudo-terminal");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
        assert!(
            text.contains("rendering") && text.contains(" pages"),
            "no counter on a terminal: {text:?}"
        );
        assert!(text.contains("built "), "{text:?}");
        let quiet = Command::new("script")
            .args(["-qec", &format!("{command} --quiet"), "/dev/null"])
            .output()
            .unwrap();
        assert!(!String::from_utf8_lossy(&quiet.stdout).contains("rendering"));
    }
}
