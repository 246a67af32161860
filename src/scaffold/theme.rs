//! The default theme, embedded in the binary at build time (see `build.rs`), so
//! that `monazite init` needs no copy of the repository.

include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

#[cfg(test)]
mod tests {
    use super::THEME_FILES;
    use crate::render::theme::REQUIRED_TEMPLATES;

    #[test]
    fn headings_keep_clear_of_every_id_in_the_theme() {
        use crate::markdown::RESERVED_IDS;
        let mut literal = Vec::new();
        for (name, bytes) in THEME_FILES.iter().filter(|(n, _)| n.ends_with(".html")) {
            let text = std::str::from_utf8(bytes).unwrap();
            for value in text.split(" id=\"").skip(1) {
                let id = &value[..value.find('"').unwrap()];
                if id.contains("{{") {
                    // Families made from data: an article's comment anchors
                    // (kept by the loader) and the archive's month headings
                    // (on list pages, which show no article body).
                    assert!(
                        id.starts_with("comment-{{") || id.starts_with("month-{{"),
                        "{name}: `{id}` is a new kind of id headings must keep clear of"
                    );
                } else {
                    assert!(RESERVED_IDS.contains(&id), "{name}: `{id}` is not reserved");
                    literal.push(id);
                }
            }
        }
        for id in RESERVED_IDS
            .iter()
            .filter(|id| !id.starts_with("monazite-"))
        {
            assert!(
                literal.contains(id),
                "`{id}` is reserved but not in the theme"
            );
        }
    }

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
