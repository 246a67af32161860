//! The command line itself: `--version`, complete help, shell completions.

use std::process::Command;

fn monazite(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_monazite"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const COMMANDS: &[&str] = &["build", "new", "check", "init", "completions"];

#[test]
fn version() {
    let (ok, stdout, _) = monazite(&["--version"]);
    assert!(ok);
    assert_eq!(
        stdout.trim(),
        format!("monazite {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_lists_every_command() {
    let (ok, stdout, _) = monazite(&["--help"]);
    assert!(ok);
    let commands: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for command in COMMANDS {
        assert!(
            commands.contains(command),
            "{command} missing from:\n{stdout}"
        );
    }
    for option in ["--root", "--quiet", "--verbose", "--version"] {
        assert!(stdout.contains(option), "{option} missing from:\n{stdout}");
    }
}

#[test]
fn each_command_has_help_with_its_options() {
    for (command, options) in [
        (
            "build",
            &["--drafts", "--base-url", "--output", "--now"][..],
        ),
        (
            "new",
            &["<HEADLINE>", "--author", "--tags", "--folder", "--slug"],
        ),
        ("check", &["--external", "--pedantic", "--now"]),
        ("init", &["[DIR]", "--force"]),
        ("completions", &["<SHELL>", "bash", "zsh", "fish"]),
    ] {
        let (ok, stdout, _) = monazite(&[command, "--help"]);
        assert!(ok, "{command} --help failed");
        for option in options.iter().chain(&["--root"]) {
            assert!(
                stdout.contains(option),
                "`{command} --help` lacks {option}:\n{stdout}"
            );
        }
    }
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _monazite"),
        ("zsh", "#compdef monazite"),
        ("fish", "complete -c monazite"),
    ] {
        let (ok, stdout, stderr) = monazite(&["completions", shell]);
        assert!(ok, "{stderr}");
        assert!(stdout.contains(marker), "{shell}: no `{marker}`");
        for command in COMMANDS {
            assert!(
                stdout.contains(command),
                "{shell} completion lacks {command}"
            );
        }
    }
    let (ok, _, stderr) = monazite(&["completions", "cmd.exe"]);
    assert!(!ok);
    assert!(stderr.contains("bash"), "lists the shells: {stderr}");
}

#[test]
fn bash_completion_script_is_valid_bash() {
    let (_, script, _) = monazite(&["completions", "bash"]);
    let Ok(output) = Command::new("bash")
        .args(["-n", "/dev/stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(script.as_bytes())?;
            child.wait_with_output()
        })
    else {
        panic!("bash is needed to check the completion script");
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn help_of_help_and_help_of_a_command() {
    let (ok, stdout, stderr) = monazite(&["help", "--help"]);
    assert!(ok, "`help --help` failed: {stderr}");
    assert!(stdout.contains("Usage: monazite help"), "{stdout}");
    let (ok, stdout, _) = monazite(&["help", "build"]);
    assert!(ok);
    assert!(
        stdout.contains("Usage: monazite build") && stdout.contains("--drafts"),
        "{stdout}"
    );
    let (ok, _, stderr) = monazite(&["help", "biuld"]);
    assert!(!ok);
    assert!(
        stderr.contains("no command `biuld`") && stderr.contains("build, serve"),
        "{stderr}"
    );
}

/// Every count line says `1 draft`, `1 page`, `1 error`: never `1 drafts`.
#[test]
fn counts_agree_in_number() {
    let fixture = crate::support::Fixture::new("minimal");
    std::fs::remove_file(fixture.path("content/news/future-story.md")).unwrap();
    let run = fixture.build();
    assert!(
        run.stdout
            .contains("; 1 draft or scheduled article left out (use --drafts)"),
        "{}",
        run.stdout
    );
    fixture.write(
        "content/news/odisha-sands.md",
        "---\ntitle: x\ndate: 2025-13-01\nauthor: asha\n---\nText.\n",
    );
    let run = fixture.run(&["build"]);
    assert!(
        run.stderr.contains("build failed: 1 error\n"),
        "{}",
        run.stderr
    );
    let run = fixture.run(&["check"]);
    assert!(
        run.stderr.contains("check: 1 error, 0 warnings"),
        "{}",
        run.stderr
    );
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let (ok, stdout, _) = monazite(&["init", site.to_str().unwrap()]);
    assert!(ok);
    assert!(stdout.contains(" files)"), "{stdout}");
    for wrong in [
        "1 drafts",
        "1 pages",
        "1 files",
        "1 errors",
        "1 warnings",
        "1 articles",
    ] {
        assert!(!stdout.contains(wrong), "{stdout}");
    }
}
