//! Reading the document: its size, encoding, syntax and nesting checked before anything looks
//! inside, its version told apart, and `$ref`s followed inside it only.

use std::collections::HashSet;

use serde_json::Value;

use super::report::{ErrorKind, OpenApiError, Problem, ProblemKind};

/// The largest document read, in bytes (our own export is about 0.6 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 8 << 20;

/// The deepest nesting of mappings and lists read (our export needs 11).
pub const MAX_DEPTH: usize = 64;

/// How many `$ref`s a chain may pass through before it is refused.
const MAX_REF_HOPS: usize = 32;

/// The flavour of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `swagger: "2.0"`: `definitions`, body and formData parameters, `consumes`.
    Swagger2,
    /// `openapi: 3.0.x`: `components`, `requestBody`, `nullable`.
    OpenApi30,
    /// `openapi: 3.1.x`: type lists for null, `webhooks`.
    OpenApi31,
}

/// A parsed document.
pub(super) struct Document {
    pub root: Value,
    pub dialect: Dialect,
    /// The text, for the line a note points at.
    text: String,
}

impl Document {
    /// Reads `bytes` as JSON (when it starts with `{`) or YAML.
    pub fn parse(bytes: &[u8]) -> Result<Self, OpenApiError> {
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(OpenApiError::new(
                ErrorKind::TooLarge,
                format!(
                    "the document has {} bytes, past the limit of {MAX_DOCUMENT_BYTES}",
                    bytes.len()
                ),
            ));
        }
        let text = std::str::from_utf8(bytes).map_err(|error| {
            let place = crate::yaml::Position::after(&bytes[..error.valid_up_to()]);
            OpenApiError::new(ErrorKind::Encoding, "not UTF-8: save the document as UTF-8")
                .at_position(place.line, place.column)
        })?;
        let root = parse_text(text)?;
        check_depth(&root)?;
        let dialect = dialect(&root)?;
        Ok(Self {
            root,
            dialect,
            text: text.to_owned(),
        })
    }

    /// The value at a JSON pointer (`/paths/~1v3~1x/get`).
    pub fn at(&self, pointer: &str) -> Option<&Value> {
        self.root.pointer(pointer)
    }

    /// The first line (from 1) of the text that holds `needle`, or 1: where a note points.
    pub fn line_of(&self, needle: &str) -> usize {
        self.text
            .lines()
            .position(|line| line.contains(needle))
            .map_or(1, |index| index + 1)
    }

    /// The component schemas: `#/components/schemas` or, in Swagger 2.0, `#/definitions`.
    pub fn schemas_pointer(&self) -> &'static str {
        match self.dialect {
            Dialect::Swagger2 => "/definitions",
            _ => "/components/schemas",
        }
    }

    /// Follows `value`'s `$ref` chain (standing at `pointer`) to a value that is not a
    /// reference: the value, its pointer, and the component schema name the chain's first
    /// reference names, if it names one.
    pub fn follow<'a>(&'a self, value: &'a Value, pointer: &str) -> Result<Resolved<'a>, Problem> {
        let mut current = value;
        let mut at = pointer.to_owned();
        let mut seen = HashSet::new();
        let mut component = None;
        while let Some(reference) = current.get("$ref") {
            let Some(reference) = reference.as_str() else {
                return Err(problem(
                    &at,
                    ProblemKind::DanglingRef,
                    "`$ref` is not a string",
                ));
            };
            let Some(target) = reference.strip_prefix('#') else {
                return Err(problem(
                    &at,
                    ProblemKind::ExternalRef,
                    format!(
                        "`{reference}` points outside the document; external references are never fetched: inline the schema"
                    ),
                ));
            };
            if !seen.insert(target.to_owned()) || seen.len() > MAX_REF_HOPS {
                return Err(problem(
                    &at,
                    ProblemKind::RefCycle,
                    format!("the `$ref` chain through `{reference}` comes back to itself"),
                ));
            }
            if component.is_none() {
                component = self.component_name(target);
            }
            current = self.at(target).ok_or_else(|| {
                problem(
                    &at,
                    ProblemKind::DanglingRef,
                    format!("`{reference}` names nothing in the document"),
                )
            })?;
            at = target.to_owned();
        }
        Ok(Resolved {
            value: current,
            pointer: at,
            component,
        })
    }

    /// The component a pointer names, when it names one schema of the components.
    fn component_name(&self, target: &str) -> Option<String> {
        let rest = target
            .strip_prefix(self.schemas_pointer())?
            .strip_prefix('/')?;
        (!rest.contains('/')).then(|| unescape(rest))
    }
}

/// A followed reference.
pub(super) struct Resolved<'a> {
    pub value: &'a Value,
    pub pointer: String,
    pub component: Option<String>,
}

/// A problem at a pointer.
pub(super) fn problem(pointer: &str, kind: ProblemKind, message: impl Into<String>) -> Problem {
    Problem {
        pointer: pointer.to_owned(),
        kind,
        message: message.into(),
    }
}

/// One segment of a JSON pointer, escaped (`/` as `~1`, `~` as `~0`).
pub(super) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// `pointer` + `/segment`, escaped.
pub(super) fn join(pointer: &str, segment: &str) -> String {
    format!("{pointer}/{}", escape(segment))
}

fn parse_text(text: &str) -> Result<Value, OpenApiError> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|error| {
            OpenApiError::new(ErrorKind::Syntax, format!("not JSON: {error}"))
                .at_position(error.line(), error.column())
        })
    } else {
        // The root mapping is one level more than `check_depth` counts.
        if let Some(place) = crate::yaml::first_too_deep(text, MAX_DEPTH + 1) {
            return Err(too_deep_error().at_position(place.line, place.column));
        }
        serde_yaml::from_str(text).map_err(|error| {
            let located = error.location();
            let mut error = OpenApiError::new(ErrorKind::Syntax, format!("not YAML: {error}"));
            if let Some(place) = located {
                error = error.at_position(place.line(), place.column());
            }
            error
        })
    }
}

fn too_deep_error() -> OpenApiError {
    OpenApiError::new(
        ErrorKind::TooDeep,
        format!("nested more than {MAX_DEPTH} levels deep; no API description needs that"),
    )
}

/// Refuses nesting past [`MAX_DEPTH`], naming the first place that passes it. Iterative, so a
/// deep value cannot exhaust the stack here.
fn check_depth(root: &Value) -> Result<(), OpenApiError> {
    let mut stack = vec![(root, 0usize, String::new())];
    while let Some((value, depth, pointer)) = stack.pop() {
        if depth > MAX_DEPTH {
            return Err(too_deep_error().at_pointer(pointer));
        }
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    stack.push((child, depth + 1, join(&pointer, key)));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    stack.push((child, depth + 1, format!("{pointer}/{index}")));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn dialect(root: &Value) -> Result<Dialect, OpenApiError> {
    let Some(map) = root.as_object() else {
        return Err(OpenApiError::new(
            ErrorKind::NotOpenApi,
            "the document is not a mapping: an OpenAPI document starts with `openapi:` (or `swagger:`)",
        ));
    };
    let version = |key: &str| {
        map.get(key).map(|value| match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        })
    };
    let (key, found) = match (version("openapi"), version("swagger")) {
        (Some(v), _) if v.starts_with("3.1") => return Ok(Dialect::OpenApi31),
        (Some(v), _) if v.starts_with("3.0") => return Ok(Dialect::OpenApi30),
        (_, Some(v)) if v == "2.0" => return Ok(Dialect::Swagger2),
        (Some(v), _) => ("/openapi", v),
        (None, Some(v)) => ("/swagger", v),
        (None, None) => {
            return Err(OpenApiError::new(
                ErrorKind::NotOpenApi,
                "neither `openapi` nor `swagger` at the top: not an OpenAPI document",
            ));
        }
    };
    Err(OpenApiError::new(
        ErrorKind::NotOpenApi,
        format!("version `{found}` is not read here: OpenAPI 3.0, 3.1 or Swagger 2.0"),
    )
    .at_pointer(key))
}
