//! The library's layers, checked: data flows one way, so a module may use
//! the modules below it and never one above it (ARCHITECTURE.md). The check
//! reads every file under `src/` for `crate::<module>` paths (in `use` lines
//! and written inline) and compares the two modules' places in [`LAYERS`].
//! A file's unit tests (from its `#[cfg(test)]` module on, at the end of the
//! file) are left out: they may load a whole site to test one layer.

use std::fs;
use std::path::Path;

use crate::support::repo_root;

/// The library's top-level modules, lowest first. Modules on one line are
/// one layer: they may not use each other either.
const LAYERS: &[&[&str]] = &[
    &["diag", "text", "hash", "suggest"],
    &["yaml"],
    &["config"],
    &["markdown"],
    &["content"],
    &["bodies"],
    &["routes"],
    &["images"],
    &["cards"],
    &["render"],
    &["outputs"],
    &["verify"],
    &["write"],
    &["site"],
    // Beside the build, each on its own: they use the build, not each other.
    &["check", "serve", "scaffold", "deploy"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level module a source file belongs to (`src/render/meta.rs` → `render`).
fn module_of(file: &Path, src: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (!matches!(name.as_str(), "lib" | "main" | "cli")).then_some(name)
}

/// Every `crate::<name>` a source text names, with its line.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push((index + 1, name.clone()));
            }
            // `use crate::{a, b}`: each name in the braces.
            if let Some(braced) = after.strip_prefix('{') {
                let inside = braced.split('}').next().unwrap_or("");
                for part in inside.split(',') {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        found.push((index + 1, name));
                    }
                }
            }
            rest = after;
        }
    }
    found
}

#[test]
fn no_module_uses_one_above_it() {
    let src = repo_root().join("src");
    let mut wrong = Vec::new();
    let mut unplaced = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let Some(module) = module_of(entry.path(), &src) else {
            continue;
        };
        let Some(own) = layer_of(&module) else {
            unplaced.push(module);
            continue;
        };
        let text = fs::read_to_string(entry.path()).unwrap();
        for (line, used) in crate_paths(&text) {
            if used == module {
                continue;
            }
            match layer_of(&used) {
                Some(layer) if layer < own => {}
                Some(_) => wrong.push(format!(
                    "{}:{line}: `{module}` uses `{used}`, which is not below it",
                    entry.path().strip_prefix(repo_root()).unwrap().display()
                )),
                None => unplaced.push(used),
            }
        }
    }
    unplaced.sort();
    unplaced.dedup();
    assert!(
        unplaced.is_empty(),
        "modules with no place in LAYERS: {unplaced:?}"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_check_sees_uses_in_braces_and_inline_but_not_in_comments_or_tests() {
    let text = "use crate::{config::Config, diag};\nlet x = crate::render::page(); // crate::site\n#[cfg(test)]\nuse crate::site;\n";
    let found: Vec<(usize, String)> = crate_paths(text);
    let names: Vec<(usize, &str)> = found.iter().map(|(l, n)| (*l, n.as_str())).collect();
    assert_eq!(names, [(1, "config"), (1, "diag"), (2, "render")]);
}
