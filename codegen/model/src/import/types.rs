//! The type column as pages write it, read into the spec's type notation. Newer pages write
//! arrays with their items (`array[object]`, `array[string(32)]`); the spec writes `array` and
//! says what the items are apart.

use crate::doc_type::{self, Kind};

/// A type column, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageType {
    /// The spec's type (`string(32)`, `integer`, `array`).
    pub(crate) ty: String,
    /// The base type.
    pub(crate) kind: Kind,
    /// The smallest and largest length, for a string.
    pub(crate) min: Option<u64>,
    /// The largest length, for a string.
    pub(crate) max: Option<u64>,
    /// For an array: the items' type, or `None` when they are objects or unsaid.
    pub(crate) items: Option<String>,
    /// For an array: whether the page says its items are objects.
    pub(crate) of_objects: bool,
}

/// Whether a word looks like a type column (letters, then limits in brackets), so that a
/// table row is recognised even when its type turns out to be one the spec does not know.
pub(crate) fn looks_like_type(word: &str) -> bool {
    let base_end = word
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(word.len());
    let (base, rest) = word.split_at(base_end);
    base.starts_with(|c: char| c.is_ascii_alphabetic())
        && (rest.is_empty()
            || (rest.starts_with(['[', '(', '<']) && rest.ends_with([']', ')', '>'])))
}

/// Reads a type column; the error says what the spec cannot take.
pub(crate) fn read(written: &str) -> Result<PageType, String> {
    let text: String = written.chars().filter(|c| !c.is_whitespace()).collect();
    let lower = text.to_ascii_lowercase();
    if let Some(inner) = array_items(&lower) {
        return array_of(inner);
    }
    let parsed = doc_type::parse(&lower)
        .map_err(|problem| format!("the type `{written}` does not read: {problem}"))?;
    Ok(PageType {
        ty: lower,
        kind: parsed.kind,
        min: parsed.min,
        max: parsed.max,
        items: None,
        of_objects: false,
    })
}

/// The inside of `array[...]`, `array<...>` or `...[]`.
fn array_items(lower: &str) -> Option<&str> {
    if let Some(rest) = lower.strip_prefix("array") {
        rest.strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
            .or_else(|| rest.strip_prefix('<').and_then(|r| r.strip_suffix('>')))
    } else {
        lower.strip_suffix("[]")
    }
}

fn array_of(inner: &str) -> Result<PageType, String> {
    let array = |items: Option<String>, of_objects| PageType {
        ty: "array".to_owned(),
        kind: Kind::Array,
        min: None,
        max: None,
        items,
        of_objects,
    };
    if inner == "object" {
        return Ok(array(None, true));
    }
    let item = read(inner)?;
    match item.kind {
        Kind::Object | Kind::Array => Err(format!(
            "an array of `{inner}`: the spec writes arrays of objects or of scalars"
        )),
        _ => Ok(array(Some(item.ty), false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notation_of_the_seeds_and_newer_pages() {
        assert_eq!(read("string[1,64]").unwrap().max, Some(64));
        assert_eq!(read("string(32)").unwrap().ty, "string(32)");
        assert_eq!(read("integer").unwrap().kind, Kind::Integer);
        let objects = read("array[object]").unwrap();
        assert!(objects.of_objects && objects.ty == "array" && objects.items.is_none());
        let strings = read("array[string(32)]").unwrap();
        assert_eq!(strings.items.as_deref(), Some("string(32)"));
        assert_eq!(read("String").unwrap().ty, "string");
        assert!(read("array[array[object]]").is_err());
        assert!(read("float").is_err());
    }

    #[test]
    fn what_looks_like_a_type() {
        assert!(looks_like_type("string[1,32]"));
        assert!(looks_like_type("int"));
        assert!(looks_like_type("float"));
        assert!(!looks_like_type("query"[..0].as_ref()));
        assert!(!looks_like_type("分账"));
        assert!(!looks_like_type("string[1,32]x"));
    }
}
