//! Fingerprints of what a page is made from, so that a rebuild can skip pages
//! whose output cannot have changed.
//!
//! A page's fingerprint hashes everything its template can see: the page's own
//! context values (collected in a [`PageContext`] instead of a Tera `Context`,
//! so they can be hashed) and a site-wide seed (the theme's sources, the
//! site-wide template values, render options and monazite's version). Hashing
//! the values themselves, not a hand-picked list of inputs, means a new field
//! in a view can never be forgotten: if a template could show it, it is hashed.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io;

use serde::Serialize;
use tera::value::ValueKind;
use tera::{Context, Value};

use crate::hash::StableHasher;

/// One hash of two (an article's body hash and its images' hash).
pub fn combine(a: u64, b: u64) -> u64 {
    use std::hash::Hasher;
    let mut hasher = new_hasher();
    hasher.write_u64(a);
    hasher.write_u64(b);
    hasher.finish()
}

/// The hasher every part of a fingerprint is made with: the build's one
/// hasher for what is kept between builds ([`crate::hash`]).
pub fn new_hasher() -> StableHasher {
    StableHasher::new()
}

/// A page's template values, hashable before they become a Tera context.
#[derive(Debug, Default, Clone)]
pub struct PageContext {
    /// Each value with its content hash when the caller already knows it
    /// (values shared by many pages, such as article cards, are hashed once).
    values: BTreeMap<&'static str, (Value, Option<u64>)>,
}

impl PageContext {
    pub fn new() -> PageContext {
        PageContext::default()
    }

    /// Adds (or replaces) a value, serialized the way Tera would.
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.values
            .insert(key, (Value::from_serializable(value), None));
    }

    /// Adds (or replaces) a value already in Tera's form.
    pub fn insert_value(&mut self, key: &'static str, value: Value) {
        self.values.insert(key, (value, None));
    }

    /// Adds (or replaces) a value whose content hash is already known: `hash`
    /// must be [`value_hash`] of `value`, [`list_hash`] of its items', or
    /// another hash that changes whenever the value does and is made the same
    /// way every time for this key (such as `ArticleView::to_hashed_value`'s).
    pub fn insert_hashed(&mut self, key: &'static str, value: Value, hash: u64) {
        self.values.insert(key, (value, Some(hash)));
    }

    /// The value under `key`, if there is one.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.values.get(key).map(|(value, _)| value)
    }

    /// The content hash of the value under `key` (the known one, if given).
    pub fn hash_of(&self, key: &str) -> Option<u64> {
        let (value, known) = self.values.get(key)?;
        Some(known.unwrap_or_else(|| value_hash(value)))
    }

    /// The fingerprint of these values rendered with `template` under `seed`.
    pub fn fingerprint(&self, seed: u64, template: &str) -> u64 {
        let mut hasher = new_hasher();
        seed.hash(&mut hasher);
        template.hash(&mut hasher);
        for (key, (value, known)) in &self.values {
            key.hash(&mut hasher);
            match known {
                Some(hash) => hasher.write_u64(*hash),
                None => hasher.write_u64(value_hash(value)),
            }
        }
        hasher.finish()
    }

    pub fn into_context(self) -> Context {
        let mut context = Context::new();
        for (key, (value, _)) in self.values {
            context.insert_value(key, value);
        }
        context
    }
}

/// The content hash of one template value (see [`hash_value`]).
pub fn value_hash(value: &Value) -> u64 {
    let mut hasher = new_hasher();
    hash_value(&mut hasher, value);
    hasher.finish()
}

/// The content hash of an array value from its items' [`value_hash`]es. Not
/// equal to [`value_hash`] of the array: a key must always be hashed one way.
pub fn list_hash(item_hashes: impl ExactSizeIterator<Item = u64>) -> u64 {
    let mut hasher = new_hasher();
    ValueKind::Array.hash(&mut hasher);
    item_hashes.len().hash(&mut hasher);
    for hash in item_hashes {
        hasher.write_u64(hash);
    }
    hasher.finish()
}

/// Feeds a template value to `hasher`: its kind, then its contents (strings as
/// their bytes, maps in their insertion order, which Tera keeps), so that two
/// values hash alike only when they render alike. Safe (unescaped) strings are
/// told apart from normal ones.
pub fn hash_value(hasher: &mut impl Hasher, value: &Value) {
    value.kind().hash(hasher);
    match value.kind() {
        ValueKind::String => {
            value.is_safe().hash(hasher);
            value.as_str().unwrap_or_default().hash(hasher);
        }
        ValueKind::Bool => value.as_bool().hash(hasher),
        ValueKind::Array => {
            let items = value.as_array().unwrap_or_default();
            items.len().hash(hasher);
            for item in items {
                hash_value(hasher, item);
            }
        }
        ValueKind::Map => {
            if let Some(map) = value.as_map() {
                map.len().hash(hasher);
                for (key, item) in map {
                    key.hash(hasher);
                    hash_value(hasher, item);
                }
            }
        }
        ValueKind::Bytes => value.as_bytes().hash(hasher),
        ValueKind::Undefined | ValueKind::None => {}
        // Numbers (and kinds Tera may add): their printed form is what
        // templates show, fed to the hasher as it is printed.
        _ => {
            use std::fmt::Write;
            let _ = write!(PrintHasher(hasher), "{value}");
        }
    }
}

/// Feeds printed text to a hasher without building a string.
struct PrintHasher<'h, H: Hasher>(&'h mut H);

impl<H: Hasher> std::fmt::Write for PrintHasher<'_, H> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.write(text.as_bytes());
        Ok(())
    }
}

/// Feeds the JSON form of `value` to `hasher` without building the JSON text.
pub fn hash_serialized<T: Serialize + ?Sized>(hasher: &mut impl Hasher, value: &T) {
    struct HashWriter<'h, H: Hasher>(&'h mut H);
    impl<H: Hasher> io::Write for HashWriter<'_, H> {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    // Serializing plain data to a writer that cannot fail does not fail.
    let _ = serde_json::to_writer(HashWriter(hasher), value);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str) -> PageContext {
        let mut p = PageContext::new();
        p.insert(
            "page",
            &serde_json::json!({"title": title, "tags": ["india"]}),
        );
        p.insert("heading", "Latest news");
        p
    }

    #[test]
    fn same_values_same_fingerprint() {
        assert_eq!(
            page("A").fingerprint(1, "list.html"),
            page("A").fingerprint(1, "list.html")
        );
    }

    #[test]
    fn any_difference_changes_it() {
        let base = page("A").fingerprint(1, "list.html");
        assert_ne!(base, page("B").fingerprint(1, "list.html"), "a value");
        assert_ne!(
            base,
            page("A").fingerprint(2, "list.html"),
            "the site-wide seed"
        );
        assert_ne!(
            base,
            page("A").fingerprint(1, "article.html"),
            "the template"
        );
        let mut more = page("A");
        more.insert("extra", &true);
        assert_ne!(base, more.fingerprint(1, "list.html"), "a new value");
    }

    #[test]
    fn lists_hashed_from_their_items_hashes_change_with_any_item() {
        let items: Vec<Value> = ["a", "b", "c"].iter().map(|t| Value::from(*t)).collect();
        let page = |items: &[Value]| {
            let hashes = items.iter().map(value_hash).collect::<Vec<_>>();
            let mut p = PageContext::new();
            p.insert_hashed(
                "articles",
                Value::from(items.to_vec()),
                list_hash(hashes.into_iter()),
            );
            p.fingerprint(1, "list.html")
        };
        assert_eq!(page(&items), page(&items));
        let mut changed = items.clone();
        changed[2] = Value::from("d");
        assert_ne!(page(&items), page(&changed), "an item");
        assert_ne!(page(&items), page(&items[..2]), "one item fewer");
    }

    #[test]
    fn safe_and_escaped_strings_differ() {
        let mut escaped = PageContext::new();
        escaped.insert_value("content", Value::from("<b>x</b>"));
        let mut safe = PageContext::new();
        safe.insert_value("content", Value::safe_string("<b>x</b>"));
        assert_ne!(
            escaped.fingerprint(1, "page.html"),
            safe.fingerprint(1, "page.html")
        );
    }

    #[test]
    fn becomes_a_context_with_every_value() {
        let context = page("A").into_context();
        assert!(context.contains_key("page") && context.contains_key("heading"));
    }
}
