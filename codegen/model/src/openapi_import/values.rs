//! Small readers of JSON values shared by the schema readers: text, numbers, keywords, and the
//! spec's type text for a string's limits.

use serde_json::{Map, Value};

use crate::load;

/// `value[key]` as text.
pub(super) fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// `value[key]` as a whole number.
pub(super) fn number(value: &Value, key: &str) -> Option<u64> {
    value.get(key).and_then(Value::as_u64)
}

/// A scalar as the spec writes an example: text as it is, anything else as JSON.
pub(super) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// The schema's `type`, with `null` left out of a 3.1 type list; `Err` for a list of more
/// than one other type.
pub(super) fn schema_type(schema: &Value) -> Result<Option<&str>, String> {
    match schema.get("type") {
        None => Ok(None),
        Some(Value::String(ty)) => Ok(Some(ty)),
        Some(Value::Array(types)) => {
            let named: Vec<&str> = types
                .iter()
                .filter_map(Value::as_str)
                .filter(|ty| *ty != "null")
                .collect();
            match named.as_slice() {
                [] => Ok(None),
                [one] => Ok(Some(one)),
                _ => Err(format!(
                    "a value of several types ({}) has no spec type",
                    named.join(", ")
                )),
            }
        }
        Some(other) => Err(format!("`type` is `{other}`, not a type name")),
    }
}

/// The spec's type text for a string with these limits: `string[1,32]`, `string(64)`,
/// `string`. A minimum without a maximum has no notation; the caller notes it.
pub(super) fn string_type(min: Option<u64>, max: Option<u64>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("string[{min},{max}]"),
        (None, Some(max)) => format!("string({max})"),
        _ => "string".to_owned(),
    }
}

/// Inserts `key: value` when `value` is there.
pub(super) fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        map.insert(key.to_owned(), value);
    }
}

/// A copy of `value` without null members and empty lists: the spec leaves absent keys out.
pub(super) fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|items| !items.is_empty()))
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// A spec name (snake_case, a valid identifier) made of a document's name.
pub(super) fn spec_name(name: &str) -> String {
    let snake = crate::names::snake(name);
    let snake: String = snake
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    match snake.chars().next() {
        None => "unnamed".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("n_{snake}"),
        _ if crate::names::is_keyword(&snake) => format!("{snake}_"),
        _ => snake,
    }
}

/// Whether `path` may be written as a draft: relative, in a namespace directory, every segment a
/// spec name, not the shared directory, and in a `notifications/` directory exactly when it is a
/// notification, as the loader places files. A document naming another place gets a path made
/// of its API path instead, so a draft never lands outside `--out`.
pub(super) fn safe_spec_file(path: &str, notification: bool) -> bool {
    let Some(stem) = path.strip_suffix(".yaml") else {
        return false;
    };
    let segments: Vec<&str> = stem.split('/').collect();
    let named = segments.iter().all(|segment| {
        crate::names::is_identifier(segment)
            && segment
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    });
    named
        && segments.len() >= 2
        && !load::is_shared(path)
        && load::is_notification(path) == notification
}
