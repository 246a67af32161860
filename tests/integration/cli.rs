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
        ("check", &["--external", "--now"]),
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
