//! YAML read through serde_yaml, with work bounded by the text's size and
//! errors that point where the editor has to look.
//!
//! serde_yaml alone lets anchors and aliases (`&a`, `*a`) make a few kilobytes
//! stand for gigabytes of values, and `#[serde(flatten)]` keeps every key a
//! struct does not know as a whole value. Here a text that has both anchors and
//! aliases is first walked through serde_yaml, counting what its aliases expand
//! to, and refused past a budget proportional to its length; keys a struct does
//! not know are listed without building their values; and two common mistakes,
//! a repeated key and an unclosed quote, are reported where they are written
//! rather than where the parser noticed them.
//!
//! Positions are 1-based lines and columns (in characters) of the text given:
//! callers add their own line offsets. Knows nothing of files.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

/// Why a YAML text could not be read, and where (1-based, in that text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// What to write instead, for the mistakes recognized here; else the
    /// caller's own help applies.
    pub help: Option<String>,
}

/// Parses `text` into `T` with serde_yaml, within the expansion budget.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    check_expansion(text)?;
    serde_yaml::from_str(text).map_err(|e| refine(text, &e))
}

/// Parses `text` into the struct `T`, and lists the top-level keys `T` has no
/// field for, in the order written (each once). Their values are skipped, not
/// built. (A key `T` takes through a serde `alias` would be listed too: the
/// field list serde hands over holds the fields' own names.)
pub fn parse_noting_unknown<T: DeserializeOwned>(
    text: &str,
) -> Result<(T, Vec<String>), YamlError> {
    check_expansion(text)?;
    let mut unknown = Vec::new();
    let noting = NotingUnknown {
        inner: serde_yaml::Deserializer::from_str(text),
        unknown: &mut unknown,
    };
    let value = T::deserialize(noting).map_err(|e| refine(text, &e))?;
    let mut seen = std::collections::HashSet::new();
    unknown.retain(|key| seen.insert(key.clone()));
    Ok((value, unknown))
}

/// serde_yaml's message without its own " at line N column M" (positions are
/// reported separately) or the parser's context after it.
pub fn message(e: &serde_yaml::Error) -> String {
    let text = e.to_string();
    match text.find(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

// --- Expansion budget -------------------------------------------------------

/// The bound on what aliases may expand a text to: every value counts one and
/// every byte of a scalar one more, and the total may not pass this many times
/// the text's own length (plus [`EXPANSION_FLOOR`]). Text without aliases
/// counts at most about twice its length; a site that reuses a navigation list
/// through an alias stays far below; what goes past it only multiplies values.
pub const EXPANSION_FACTOR: usize = 16;
/// Added to the budget, so that short texts may still repeat a few values.
pub const EXPANSION_FLOOR: usize = 64 * 1024;

/// Refuses `text` when its aliases expand it past the budget. An alias needs an
/// anchor (`&name`) and a `*name`: text without both characters expands to
/// nothing more than it says, and is not walked. Otherwise the walk stops at
/// the budget, so it costs at most the budget, whatever the aliases say.
fn check_expansion(text: &str) -> Result<(), YamlError> {
    if !(text.contains('&') && text.contains('*')) {
        return Ok(());
    }
    let budget = Budget {
        // The bound: 64 KiB plus 16 times the text's length, in values and bytes.
        left: Cell::new(EXPANSION_FLOOR + EXPANSION_FACTOR * text.len()),
        exceeded: Cell::new(false),
        top_key: RefCell::new(None),
    };
    let walk = Expansion {
        budget: &budget,
        role: Role::Document,
    };
    match walk.deserialize(serde_yaml::Deserializer::from_str(text)) {
        Ok(()) => Ok(()),
        Err(e) if budget.exceeded.get() => {
            let key = budget.top_key.borrow().clone();
            // At the key being expanded, else where the budget ran out.
            let (line, column) = match key.as_deref().and_then(|k| top_level_key(text, k)) {
                Some((line, column)) => (Some(line), Some(column)),
                None => e
                    .location()
                    .map_or((None, None), |l| (Some(l.line()), Some(l.column()))),
            };
            let place = match &key {
                Some(key) => format!("`{key}` expands"),
                None => "this YAML expands".to_string(),
            };
            Err(YamlError {
                message: format!(
                    "{place} through aliases to more than {EXPANSION_FACTOR} times the text's own size"
                ),
                line,
                column,
                help: Some(
                    "an alias (`*name`) repeats the whole value its anchor (`&name`) marks, and aliases of aliases multiply it; write the values out, or repeat less"
                        .into(),
                ),
            })
        }
        // Any other error is the document's own (syntax, an unknown anchor, a
        // nesting limit): reported as it is, since a parse that went on past it
        // would not have been counted.
        Err(e) => Err(refine(text, &e)),
    }
}

/// What is left of a walk's budget, and the top-level key being walked.
struct Budget {
    left: Cell<usize>,
    exceeded: Cell<bool>,
    top_key: RefCell<Option<String>>,
}

/// Where a walked value is: the document, a top-level key, or below.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Document,
    TopKey,
    Nested,
}

/// Walks every value (following aliases) and spends the budget on it.
#[derive(Clone, Copy)]
struct Expansion<'b> {
    budget: &'b Budget,
    role: Role,
}

impl Expansion<'_> {
    fn spend<E: de::Error>(&self, weight: usize) -> Result<(), E> {
        let left = self.budget.left.get();
        if weight > left {
            self.budget.exceeded.set(true);
            self.budget.left.set(0);
            return Err(E::custom("aliases expand past the budget"));
        }
        self.budget.left.set(left - weight);
        Ok(())
    }

    fn nested(self) -> Self {
        Expansion {
            role: Role::Nested,
            ..self
        }
    }
}

impl<'de> DeserializeSeed<'de> for Expansion<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Expansion<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<(), E> {
        if self.role == Role::TopKey {
            *self.budget.top_key.borrow_mut() = Some(text.to_string());
        }
        self.spend(1 + text.len())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.spend(1)?;
        deserializer.deserialize_any(self.nested())
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.spend(1)?;
        deserializer.deserialize_any(self.nested())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend(1)?;
        while seq.next_element_seed(self.nested())?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend(1)?;
        let key = Expansion {
            role: match self.role {
                Role::Document => Role::TopKey,
                _ => Role::Nested,
            },
            ..self
        };
        loop {
            if self.role == Role::Document {
                // A key that is not text (`2025: …`) is named by no one.
                *self.budget.top_key.borrow_mut() = None;
            }
            if map.next_key_seed(key)?.is_none() {
                break;
            }
            map.next_value_seed(self.nested())?;
        }
        Ok(())
    }
    /// A tagged value (`!name value`): the tag, then the value.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        self.spend(1)?;
        let ((), variant) = data.variant_seed(self.nested())?;
        variant.newtype_variant_seed(self.nested())
    }
}

/// The 1-based (line, column) of a top-level `key:` (plain or quoted).
fn top_level_key(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .find_map(|(i, line)| key_at_start(line, key).then_some((i + 1, 1)))
}

/// Whether `line` (from its key on) starts with `key:`, the key plain or quoted.
fn key_at_start(line: &str, key: &str) -> bool {
    let rest = ['"', '\'']
        .iter()
        .find_map(|q| line.strip_prefix(*q)?.strip_prefix(key)?.strip_prefix(*q))
        .or_else(|| line.strip_prefix(key));
    rest.is_some_and(|r| {
        let r = r.trim_start_matches([' ', '\t']);
        r.starts_with(':') && (r.len() == 1 || r[1..].starts_with([' ', '\t', '\r', '\n']))
    })
}

// --- Unknown keys -------------------------------------------------------------

/// A deserializer that hands a struct's visitor a mapping whose keys are noted
/// when the struct has no field for them. The struct then skips their values
/// as it skips any unknown key (serde's `IgnoredAny`: no value is built, no
/// alias followed).
struct NotingUnknown<'u, D> {
    inner: D,
    unknown: &'u mut Vec<String>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for NotingUnknown<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let noting = Noting {
            inner: visitor,
            fields,
            unknown: self.unknown,
        };
        self.inner.deserialize_struct(name, fields, noting)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// The struct's visitor, given a [`NotingMap`] in place of the mapping.
struct Noting<'u, V> {
    inner: V,
    fields: &'static [&'static str],
    unknown: &'u mut Vec<String>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Noting<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.inner.expecting(f)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(NotingMap {
            inner: map,
            fields: self.fields,
            unknown: self.unknown,
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(seq)
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }
}

struct NotingMap<'u, A> {
    inner: A,
    fields: &'static [&'static str],
    unknown: &'u mut Vec<String>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for NotingMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.inner.next_key_seed(NotingKey {
            inner: seed,
            fields: self.fields,
            unknown: self.unknown,
        })
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.inner.next_value_seed(seed)
    }
    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// The struct's key seed, reading the key through [`KeyName`].
struct NotingKey<'u, K> {
    inner: K,
    fields: &'static [&'static str],
    unknown: &'u mut Vec<String>,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for NotingKey<'_, K> {
    type Value = K::Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<K::Value, D::Error> {
        self.inner.deserialize(KeyName {
            inner: deserializer,
            fields: self.fields,
            unknown: self.unknown,
        })
    }
}

/// A key's deserializer that shows the key's text to [`KeyVisitor`] on its way
/// to the struct's own field visitor.
struct KeyName<'u, D> {
    inner: D,
    fields: &'static [&'static str],
    unknown: &'u mut Vec<String>,
}

impl<'u, D> KeyName<'u, D> {
    fn visitor<V>(self, inner: V) -> (D, KeyVisitor<'u, V>) {
        let visitor = KeyVisitor {
            inner,
            fields: self.fields,
            unknown: self.unknown,
        };
        (self.inner, visitor)
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyName<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let (inner, visitor) = self.visitor(visitor);
        inner.deserialize_any(visitor)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let (inner, visitor) = self.visitor(visitor);
        inner.deserialize_identifier(visitor)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let (inner, visitor) = self.visitor(visitor);
        inner.deserialize_str(visitor)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let (inner, visitor) = self.visitor(visitor);
        inner.deserialize_string(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum ignored_any
    }
}

/// Notes a key the struct has no field for, then passes it on unchanged.
struct KeyVisitor<'u, V> {
    inner: V,
    fields: &'static [&'static str],
    unknown: &'u mut Vec<String>,
}

impl<V> KeyVisitor<'_, V> {
    fn note(&mut self, key: &str) {
        if !self.fields.contains(&key) {
            self.unknown.push(key.to_string());
        }
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.inner.expecting(f)
    }
    fn visit_str<E: de::Error>(mut self, key: &str) -> Result<V::Value, E> {
        self.note(key);
        self.inner.visit_str(key)
    }
    fn visit_borrowed_str<E: de::Error>(mut self, key: &'de str) -> Result<V::Value, E> {
        self.note(key);
        self.inner.visit_borrowed_str(key)
    }
    fn visit_string<E: de::Error>(mut self, key: String) -> Result<V::Value, E> {
        self.note(&key);
        self.inner.visit_string(key)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        self.inner.visit_bool(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.inner.visit_i64(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.inner.visit_u64(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.inner.visit_f64(v)
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        self.inner.visit_bytes(v)
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }
}

// --- Error positions ----------------------------------------------------------

/// serde_yaml's error as a [`YamlError`], moved to where the mistake is written
/// when it is a repeated key or an unclosed quote.
fn refine(text: &str, e: &serde_yaml::Error) -> YamlError {
    let location = e.location();
    let mut error = YamlError {
        message: message(e),
        line: location.as_ref().map(|l| l.line()),
        column: location.as_ref().map(|l| l.column()),
        help: None,
    };
    let quote_names = |quote: char| match quote {
        '"' => ("double", "single", '\''),
        _ => ("single", "double", '"'),
    };
    if let Some((line, column, quote)) = unclosed_quote(text, &e.to_string()) {
        let (name, other_name, other) = quote_names(quote);
        error.message = format!("this {name} quote (`{quote}`) is never closed");
        error.line = Some(line);
        error.column = Some(column);
        error.help = Some(format!(
            "expected a closing {name} quote (`{quote}`) after the value it opens; to put a `{quote}` inside a value, write the value between {other_name} quotes (`{other}`)"
        ));
    } else if let Some((line, column, quote)) = error.line.and_then(|l| quote_left_open(text, l)) {
        let (name, other_name, other) = quote_names(quote);
        error.message = format!(
            "this {name} quote (`{quote}`) is not closed on its line, so the value runs on to the next `{quote}`, where the YAML stops making sense ({})",
            error.message
        );
        error.line = Some(line);
        error.column = Some(column);
        error.help = Some(format!(
            "expected a closing {name} quote (`{quote}`) at the end of this value; to put a `{quote}` inside a value, write the value between {other_name} quotes (`{other}`)"
        ));
    } else if let (Some(key), Some(line), Some(column)) =
        (duplicate_key(&error.message), error.line, error.column)
        && let Some((line, column)) = repeated_key(text, &key, line, column)
    {
        error.line = Some(line);
        error.column = Some(column);
        error.help = Some(format!(
            "expected each key once in a mapping; `{key}` is already given above, so keep one of the two"
        ));
    }
    if error.line.is_none() {
        place_unplaced(text, &mut error);
    }
    // The parser may point just past a last line without a line break.
    let last_line = text.lines().count().max(1);
    if error.line.is_some_and(|line| line > last_line) {
        error.line = Some(last_line);
        error.column = Some(text.lines().last().map_or(1, |l| l.chars().count() + 1));
    }
    error
}

/// Gives a position to the errors serde_yaml reports without one: a second
/// document (at the line that starts it), an alias repeated past serde_yaml's
/// own limit (at the first alias), anything else at the last line.
fn place_unplaced(text: &str, error: &mut YamlError) {
    let line_where =
        |found: &dyn Fn(&str) -> bool| text.lines().position(found).map(|index| index + 1);
    if error.message.contains("more than one document") {
        let second = line_where(&|l: &str| {
            let l = l.trim_end();
            l == "---" || l.starts_with("--- ") || l == "..." || l.starts_with('%')
        });
        error.line = second.or(Some(1));
        error.column = Some(1);
        error.help = Some(
            "expected one YAML document: a `---`, `...` or `%` line inside it starts another; remove that line".into(),
        );
    } else if error.message.contains("repetition limit") {
        let alias = text.lines().enumerate().find_map(|(index, l)| {
            let at = l.find('*')?;
            let next = l[at + 1..].chars().next()?;
            (next.is_alphanumeric() || next == '_' || next == '-').then_some((index + 1, at + 1))
        });
        let (line, column) = alias.unwrap_or((1, 1));
        error.line = Some(line);
        error.column = Some(column);
        error.help = Some(
            "aliases (`*name`) here repeat values more often than YAML reading allows; write the values out, or use fewer aliases of aliases".into(),
        );
    } else {
        let last = text.lines().count().max(1);
        error.line = Some(last);
        error.column = Some(1);
    }
}

/// The key of serde's "duplicate field `x`" or serde_yaml's
/// "duplicate entry with key \"x\"".
fn duplicate_key(message: &str) -> Option<Cow<'_, str>> {
    // serde_yaml puts the path of a nested mapping first: `source: duplicate …`.
    let message = &message[message.find("duplicate ")?..];
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        return Some(Cow::Borrowed(rest.strip_suffix('`')?));
    }
    let quoted = message.strip_prefix("duplicate entry with key ")?;
    serde_json::from_str::<String>(quoted).ok().map(Cow::Owned)
}

/// Where `key:` is written a second time in the block mapping whose first key
/// is at (`line`, `column`): the lines after it at the same indentation, up to
/// the first line indented less. `None` for a flow mapping (`{a: 1, a: 2}`).
fn repeated_key(text: &str, key: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let indent = column.checked_sub(1)?;
    let mut lines = text.lines().enumerate().skip(line.checked_sub(1)?);
    let (_, first) = lines.next()?;
    // The mapping's first key, after any `- ` of a list item.
    let first_key: String = first.chars().skip(indent).collect();
    let mut seen = key_at_start(&first_key, key);
    for (i, text_line) in lines {
        let content = text_line.trim_start_matches(' ');
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        let here = text_line.len() - content.len();
        if here < indent {
            break;
        }
        if here == indent && key_at_start(content, key) {
            if seen {
                return Some((i + 1, indent + 1));
            }
            seen = true;
        }
    }
    None
}

/// The position and character of a quote the parser reached the end of the text
/// inside of: libyaml says "while scanning a quoted scalar at line L column C".
fn unclosed_quote(text: &str, full_message: &str) -> Option<(usize, usize, char)> {
    let rest = full_message
        .split("while scanning a quoted scalar at line ")
        .nth(1)?;
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let (line, column): (usize, usize) = (line.parse().ok()?, column.parse().ok()?);
    let quote = text
        .lines()
        .nth(line.checked_sub(1)?)?
        .chars()
        .nth(column.checked_sub(1)?)?;
    matches!(quote, '"' | '\'').then_some((line, column, quote))
}

/// A quote that opens a value on a line above `error_line` and is not closed
/// on its own line, with no quote of its kind on the lines between: the value
/// it opens ran on to the line where the parser gave up. (A value quoted over
/// several lines on purpose closes on a later line, and so is not taken.)
fn quote_left_open(text: &str, error_line: usize) -> Option<(usize, usize, char)> {
    let above: Vec<&str> = text.lines().take(error_line.saturating_sub(1)).collect();
    ['"', '\'']
        .into_iter()
        .filter_map(|quote| {
            let (index, line) = above
                .iter()
                .enumerate()
                .rev()
                .find(|(_, line)| line.contains(quote))?;
            let column = opens_unclosed(line, quote)?;
            Some((index + 1, column, quote))
        })
        .max_by_key(|(line, _, _)| *line)
}

/// The 1-based column of a `quote` that starts a value on `line` (after
/// `key:`, `- `, `[`, `,` or `{`) and is not closed on the line.
fn opens_unclosed(line: &str, quote: char) -> Option<usize> {
    let at = line.find(quote)?;
    let before = line[..at].trim_end();
    let starts_value = before.is_empty() || before.ends_with([':', '-', '[', ',', '{']);
    let mut rest = line[at + quote.len_utf8()..].chars().peekable();
    while let Some(c) = rest.next() {
        match c {
            '\\' if quote == '"' => {
                rest.next();
            }
            '\'' if quote == '\'' && rest.peek() == Some(&'\'') => {
                rest.next();
            }
            c if c == quote => return None,
            _ => {}
        }
    }
    starts_value.then(|| line[..at].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IgnoredAny;
    use std::collections::BTreeMap;

    #[derive(Debug, serde::Deserialize)]
    struct Known {
        title: Option<String>,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn unknown_keys_are_listed_once_in_order_and_not_built() {
        // 200 levels of nesting: building that value stops at serde_yaml's
        // recursion limit; skipping it does not.
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let text = format!("title: a\nzeta: 1\nnotes: {deep}\ntags: [x]\nzeta: 2\n");
        let (known, unknown) = parse_noting_unknown::<Known>(&text).unwrap();
        assert_eq!(known.title.as_deref(), Some("a"));
        assert_eq!(known.tags, ["x"]);
        assert_eq!(unknown, ["zeta", "notes"]);
        assert!(parse::<BTreeMap<String, serde_yaml::Value>>(&text).is_err());
    }

    #[test]
    fn aliases_within_the_budget_are_read() {
        let text = "nav: &nav [a, b]\nfooter: *nav\nnote: \"R&D, 5 * 3\"\n";
        let map: BTreeMap<String, serde_yaml::Value> = parse(text).unwrap();
        assert_eq!(map["footer"], map["nav"]);
    }

    #[test]
    fn the_budget_is_proportional_to_the_text() {
        // `b` holds 10,000 values; `c` repeats it 30 times (300,000 values,
        // from 700 bytes: over the budget), or twice (under it).
        let fan_out = |m: usize| {
            format!(
                "a: &a [{}]\nb: &b [{}]\nc: [{}]\n",
                vec!["x"; 100].join(","),
                vec!["*a"; 100].join(","),
                vec!["*b"; m].join(",")
            )
        };
        let big = parse::<BTreeMap<String, IgnoredAny>>(&fan_out(30)).unwrap_err();
        assert_eq!((big.line, big.column), (Some(3), Some(1)), "{big:?}");
        assert!(big.message.starts_with("`c` expands"), "{big:?}");
        parse::<BTreeMap<String, IgnoredAny>>(&fan_out(2)).unwrap();
    }

    #[test]
    fn other_errors_found_while_counting_are_the_documents_own() {
        let err = parse::<BTreeMap<String, String>>("a: &a x\nb: *nope\n").unwrap_err();
        assert!(err.message.contains("unknown anchor"), "{err:?}");
    }

    #[test]
    fn a_quote_left_open_is_found_above_where_the_parser_gave_up() {
        let text = "title: \"Exports resume\ndate: 2025-09-01\nsummary: \"Short.\"\n";
        let err = parse::<BTreeMap<String, String>>(text).unwrap_err();
        assert_eq!((err.line, err.column), (Some(1), Some(8)), "{err:?}");
        assert!(err.message.starts_with("this double quote"), "{err:?}");
        let text = "- id: c1\n  text: 'It''s open\n  author: 'A'\n";
        let err = parse::<Vec<BTreeMap<String, String>>>(text).unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(9)), "{err:?}");
        // A value quoted over two lines on purpose is not blamed.
        let text = "summary: \"Two\n  lines\"\ndate: [\n";
        let err = parse::<BTreeMap<String, String>>(text).unwrap_err();
        assert!(!err.message.contains("quote"), "{err:?}");
        assert_eq!(opens_unclosed("a: \"x \\\" y", '"'), Some(4));
        assert_eq!(opens_unclosed("a: \"x\" y", '"'), None);
        assert_eq!(opens_unclosed("a: it's", '\''), None);
    }

    #[test]
    fn repeated_keys_in_nested_and_listed_mappings() {
        let text = "- id: c1\n  author: A\n  # note\n  nested:\n    author: x\n  author: B\n";
        assert_eq!(repeated_key(text, "author", 1, 3), Some((6, 3)));
        let text = "source:\n  name: A\n\n  \"name\": B\nname: C\n";
        assert_eq!(repeated_key(text, "name", 2, 3), Some((4, 3)));
        assert_eq!(repeated_key("a: {b: 1, b: 2}\n", "b", 1, 4), None);
        assert_eq!(
            duplicate_key("duplicate entry with key \"a b\"").as_deref(),
            Some("a b")
        );
        assert!(key_at_start("title:", "title"));
        assert!(!key_at_start("titles: x", "title"));
        assert!(!key_at_start("title:x", "title"));
    }
}
