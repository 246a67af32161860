//! Printing diagnostics and summaries the way a compiler does.

use std::io::{IsTerminal, Write};
use std::path::Path;

use monazite::diag::{Diagnostic, Diagnostics, Severity};

use super::GlobalArgs;

/// Prints diagnostics to stderr, paths relative to where the command was run.
pub fn print_diagnostics(global: &GlobalArgs, diagnostics: Diagnostics) {
    let stderr = std::io::stderr();
    let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = stderr.lock();
    for mut d in diagnostics.into_sorted() {
        if global.quiet && d.severity != Severity::Error {
            continue;
        }
        if let Some(p) = &d.path {
            d.path = Some(rooted(&global.root, p));
        }
        let _ = writeln!(out, "{}", paint(&d, color));
    }
}

/// `n` and what it counts, agreeing in number: `1 draft`, `2 drafts`, `1,204 pages`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// Prints the error count line that ends a failed run.
pub fn print_failure(what: &str, errors: usize, warnings: usize) {
    let mut line = format!("{what} failed: {}", count(errors, "error", "errors"));
    if warnings > 0 {
        line.push_str(&format!(", {}", count(warnings, "warning", "warnings")));
    }
    eprintln!("{line}");
}

/// `path` as seen from where the command was run (under `--root` when one was given).
pub fn rooted(root: &Path, path: &Path) -> std::path::PathBuf {
    if root == Path::new(".") || path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    }
}

fn paint(d: &Diagnostic, color: bool) -> String {
    let text = d.to_string();
    if !color {
        return text;
    }
    let (word, code) = match d.severity {
        Severity::Error => ("error:", "1;31"),
        Severity::Warning => ("warning:", "1;33"),
        Severity::Note => ("note:", "1;36"),
    };
    text.replacen(word, &format!("\x1b[{code}m{word}\x1b[0m"), 1)
}

/// `1204` → `1,204`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
