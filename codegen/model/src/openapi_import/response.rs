//! The response: the success answer (JSON fields, a file, or no body) and the error codes
//! our export lists per status, in the page's order.

use serde_json::{Map, Value, json};

use super::document::{Dialect, join};
use super::schema::{Converter, FileParts, component_spec_name};
use super::values::{put, text};
use crate::openapi_ext as ext;
use crate::spec::TextSource;

/// A response read from an operation.
pub(super) struct Response {
    /// `response:` of the endpoint file.
    pub response: Value,
    /// The error rows our export listed, in the page's order.
    pub errors: Vec<Value>,
    /// The success answer's example as JSON text, when the document gives one.
    pub example: Option<(u16, String)>,
}

impl Converter<'_> {
    /// The response of the operation at `pointer`; `operation_name` gives the default name.
    pub fn response(
        &self,
        parts: &mut FileParts,
        operation: &Value,
        pointer: &str,
        operation_name: &str,
    ) -> Response {
        let responses_pointer = join(pointer, "responses");
        let responses = operation
            .get("responses")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut success: Option<(u16, Value, String)> = None;
        let mut errors: Vec<(u64, Value)> = Vec::new();
        for (status, answer) in &responses {
            let at = join(&responses_pointer, status);
            let Some(answer) = parts.reported(self.doc.follow(answer, &at)) else {
                continue;
            };
            let answer = answer.value.clone();
            match status.parse::<u16>() {
                Ok(code @ 200..=299) => match &success {
                    Some((known, ..)) => parts.unsupported(&at, format!("a second success answer ({code} beside {known}) has no spec key; left out")),
                    None => success = Some((code, answer, at)),
                },
                Ok(code) => errors.extend(error_rows(code, &answer)),
                Err(_) => parts.unsupported(&at, format!("the `{status}` answer has no spec key (a status code); left out")),
            }
        }
        errors.sort_by_key(|(row, _)| *row);
        let mut response = Map::new();
        let mut example = None;
        match success {
            Some((status, answer, at)) => {
                if status != 200 {
                    response.insert("status".into(), json!(status));
                }
                example = self
                    .success(parts, &answer, &at, operation_name, &mut response)
                    .map(|text| (status, text));
            }
            None => parts.unsupported(
                &responses_pointer,
                "no success (2xx) answer: drafted as an answer without a body",
            ),
        }
        Response {
            response: Value::Object(response),
            errors: errors.into_iter().map(|(_, row)| row).collect(),
            example,
        }
    }

    /// The success answer into `response`; its example as text, when it has one.
    fn success(
        &self,
        parts: &mut FileParts,
        answer: &Value,
        pointer: &str,
        operation_name: &str,
        response: &mut Map<String, Value>,
    ) -> Option<String> {
        if let Some(kept) = answer.get(ext::RESPONSE) {
            self.kept_words(parts, kept, operation_name, response);
        }
        let (schema, at) = match self.doc.dialect {
            Dialect::Swagger2 => (answer.get("schema")?.clone(), join(pointer, "schema")),
            _ => {
                let content = answer.get("content").and_then(Value::as_object)?;
                let json_media = content.get("application/json");
                let Some(media) = json_media else {
                    response.insert(
                        "file".into(),
                        json!({ "content_types": content.keys().collect::<Vec<_>>() }),
                    );
                    return None;
                };
                let at = join(
                    &join(&join(pointer, "content"), "application/json"),
                    "schema",
                );
                (media.get("schema")?.clone(), at)
            }
        };
        let resolved = parts.reported(self.doc.follow(&schema, &at))?;
        // A third party's component is shared; the response of each endpoint is its own
        // type, named after the operation, so that two endpoints answering it do not collide.
        if let Some(component) = resolved.component.as_ref().filter(|_| self.ours) {
            let name = component_spec_name(component, resolved.value);
            if name != format!("{operation_name}_response") {
                response.insert("name".into(), json!(name));
            }
        }
        put(
            response,
            "description",
            resolved.value.get("description").cloned(),
        );
        put(
            response,
            "description_source",
            self.source_key(parts, resolved.value),
        );
        let fields = self.fields(parts, resolved.value, (&resolved.pointer, "response"), None);
        response.insert("fields".into(), Value::Array(fields));
        let example = match self.doc.dialect {
            Dialect::Swagger2 => answer.pointer("/examples/application~1json"),
            _ => answer.pointer("/content/application~1json/example"),
        };
        example
            .filter(|_| !self.ours)
            .map(|e| serde_json::to_string_pretty(e).unwrap_or_default())
    }

    /// The response's name and words our export keeps beside an answer without a JSON body.
    fn kept_words(
        &self,
        parts: &FileParts,
        kept: &Value,
        operation_name: &str,
        response: &mut Map<String, Value>,
    ) {
        if let Some(name) =
            text(kept, "name").filter(|name| *name != format!("{operation_name}_response"))
        {
            response.insert("name".into(), json!(name));
        }
        put(
            response,
            "description",
            kept.get("description").filter(|d| !d.is_null()).cloned(),
        );
        let source = text(kept, "description_source").unwrap_or(TextSource::Page.as_str());
        if source != parts.descriptions.as_str() {
            response.insert("description_source".into(), json!(source));
        }
    }
}

/// The rows our export lists for an error status (`row` keeps the page's order; rows marked
/// `assumed` are the public codes, which the shared file lists).
fn error_rows(status: u16, answer: &Value) -> Vec<(u64, Value)> {
    answer
        .get(ext::ERROR_CODES)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|code| {
            let row = code.get("row")?.as_u64()?;
            Some((
                row,
                json!({
                    "status": status,
                    "code": code.get("code")?,
                    "description": code.get("description")?,
                    "solution": code.get("solution")?,
                }),
            ))
        })
        .collect()
}
