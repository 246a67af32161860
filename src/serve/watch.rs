//! Watches what a build reads (`content/`, `templates/`, `site.yaml`) and hands
//! over batches of changed paths once the file system has been quiet for a
//! moment, so an editor's multi-step save is one change, not five.
//!
//! Knows nothing of what a change means: that is [`super::plan`]'s job.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::config::CONFIG_FILE;
use crate::content::library::STATIC_DIR;
use crate::render::theme::THEME_DIR;

/// How long a path must be quiet before its change is handed over. Editors
/// finish a save (write a temporary file, rename it over the old one) within a
/// few milliseconds; a longer wait only delays the preview.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// How often the debouncer looks for quiet paths.
const TICK: Duration = Duration::from_millis(4);

/// What the watcher reports.
#[derive(Debug)]
pub enum WatchEvent {
    /// Paths (absolute) that changed, created or disappeared.
    Changed(Vec<PathBuf>),
    /// The watcher could not follow some change (the message says why).
    Failed(String),
}

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// Starts watching the site at `root`, calling `report` from the watcher's thread.
pub fn watch(
    root: &Path,
    report: impl Fn(WatchEvent) + Send + 'static,
) -> Result<Watcher, notify::Error> {
    let config_file = root.join(CONFIG_FILE);
    let mut debouncer = new_debouncer(DEBOUNCE, Some(TICK), move |result: DebounceEventResult| {
        match result {
            Ok(events) => {
                let mut paths: Vec<PathBuf> = Vec::new();
                for event in events {
                    if matches!(event.kind, EventKind::Access(_)) {
                        continue;
                    }
                    for path in &event.paths {
                        if !paths.contains(path) {
                            paths.push(path.clone());
                        }
                    }
                }
                // The root itself is watched only for site.yaml.
                paths.retain(|p| p.parent() != config_file.parent() || *p == config_file);
                if !paths.is_empty() {
                    report(WatchEvent::Changed(paths));
                }
            }
            Err(errors) => {
                for e in errors {
                    report(WatchEvent::Failed(e.to_string()));
                }
            }
        }
    })?;
    // site.yaml is watched through its folder: editors replace the file on save,
    // which would end a watch on the file itself.
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    for dir in ["content", THEME_DIR, STATIC_DIR] {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(Watcher {
        _debouncer: debouncer,
    })
}
