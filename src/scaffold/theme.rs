//! The default theme, embedded in the binary at build time (see `build.rs`), so
//! that `monazite init` needs no copy of the repository.

include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

#[cfg(test)]
mod tests {
    use super::THEME_FILES;
    use crate::render::theme::REQUIRED_TEMPLATES;

    #[test]
    fn has_every_required_template_and_the_stylesheet() {
        let names: Vec<&str> = THEME_FILES.iter().map(|(name, _)| *name).collect();
        for required in REQUIRED_TEMPLATES {
            assert!(names.contains(required), "{required} is not embedded");
        }
        assert!(
            names
                .iter()
                .any(|n| n.starts_with("assets/") && n.ends_with(".css"))
        );
        assert!(
            names
                .iter()
                .all(|n| !n.contains('\\') && !n.starts_with('/'))
        );
    }
}
