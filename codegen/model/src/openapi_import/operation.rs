//! One operation as an endpoint file: its page-level keys, request, response, local
//! definitions, examples and errata, with the notes and problems met on the way.

use serde_json::{Map, Value, json};

use super::document::join;
use super::schema::{Converter, FileParts};
use super::values::{put, safe_spec_file, spec_name, text, without_nulls};
use crate::load;
use crate::openapi_ext as ext;
use crate::spec::{Method, TextSource};

/// An endpoint draft before it is written.
pub(super) struct EndpointDraft {
    /// Its path in the spec tree.
    pub file: String,
    /// The endpoint file as a JSON value, in the spec's key order.
    pub value: Value,
    pub parts: FileParts,
}

/// The methods a path item may hold, as the spec names them.
pub(super) const METHODS: [(&str, Method); 5] = [
    ("get", Method::Get),
    ("post", Method::Post),
    ("put", Method::Put),
    ("patch", Method::Patch),
    ("delete", Method::Delete),
];

impl Converter<'_> {
    /// The endpoint draft of `operation` (`method` of `path`); `name` is the document's.
    pub fn endpoint(
        &self,
        (path, item): (&str, &Value),
        (method, operation): (Method, &Value),
        name: &str,
    ) -> EndpointDraft {
        let pointer = join(&join("/paths", path), &method.as_str().to_ascii_lowercase());
        let source = operation.get(ext::SOURCE).map(without_nulls);
        let descriptions = (source.as_ref().and_then(|s| text(s, "descriptions")))
            .and_then(TextSource::from_spelling)
            .unwrap_or_default();
        let line = self
            .doc
            .line_of(&format!("\"{path}\""))
            .max(self.doc.line_of(path));
        let mut parts = self.file_parts(line, descriptions);
        let file = self.placement(&mut parts, &pointer, (path, method), operation);
        let (_, operation_name) = load::namespace_and_stem(&file);
        let request = self.request(&mut parts, item, operation, &pointer);
        let response = self.response(&mut parts, operation, &pointer, &operation_name);
        let mut map = Map::new();
        page_keys(&mut parts, &mut map, (path, method), operation);
        map.insert("source".into(), self.source(source, operation, name));
        let mut headers: Vec<Value> = operation
            .get(ext::PROTOCOL_HEADERS)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        headers.extend(request.protocol_headers);
        if !headers.is_empty() {
            map.insert("protocol_headers".into(), Value::Array(headers));
        }
        map.insert("request".into(), request.request);
        let mut answer = response.response;
        put_kept(&mut answer, operation, ext::POLL, "poll");
        if let Some(download) = operation.get(ext::DOWNLOAD) {
            answer["download"] = without_nulls(download);
        }
        map.insert("response".into(), answer);
        if let Some(paging) = operation.get(ext::PAGING) {
            let mut paging = without_nulls(paging);
            if text(&paging, "offset_counts") == Some("items")
                && let Some(p) = paging.as_object_mut()
            {
                p.remove("offset_counts");
            }
            map.insert("paging".into(), paging);
        }
        self.local_definitions(&mut parts, &file, operation);
        if !response.errors.is_empty() {
            map.insert("errors".into(), Value::Array(response.errors));
        }
        let examples = match operation.get(ext::EXAMPLES) {
            Some(examples) => without_nulls(examples),
            None => third_party_examples(operation, response.example),
        };
        if examples.as_object().is_some_and(|e| !e.is_empty()) {
            map.insert("examples".into(), examples);
        }
        put(&mut map, "errata", operation.get(ext::ERRATA).cloned());
        EndpointDraft {
            file,
            value: Value::Object(map),
            parts,
        }
    }

    /// Where the draft goes: where our export says, when that is a place in a spec directory,
    /// or by the API path.
    fn placement(
        &self,
        parts: &mut FileParts,
        pointer: &str,
        (path, method): (&str, Method),
        operation: &Value,
    ) -> String {
        match text(operation, ext::SPEC_FILE) {
            Some(file) if safe_spec_file(file, false) => file.to_owned(),
            Some(file) => {
                parts.unsupported(
                    &join(pointer, ext::SPEC_FILE),
                    format!("`{file}` is no endpoint file's place in a spec directory; the draft is placed by its API path"),
                );
                derived_file(path, method, operation)
            }
            None => derived_file(path, method, operation),
        }
    }

    /// `source`: our export's, or the document as the place the spec comes from.
    fn source(&self, ours: Option<Value>, operation: &Value, name: &str) -> Value {
        if let Some(mut source) = ours {
            if let Some(map) = source.as_object_mut()
                && map.get("descriptions").and_then(Value::as_str)
                    == Some(TextSource::Page.as_str())
            {
                map.remove("descriptions");
            }
            return source;
        }
        let mut source = Map::new();
        put(
            &mut source,
            "url",
            operation.pointer("/externalDocs/url").cloned(),
        );
        source.insert("from".into(), json!(format!("the OpenAPI document {name}")));
        Value::Object(source)
    }

    /// The components our export wrote for the file's own objects and enums
    /// (`<namespace>.<operation>.<Name>`), besides its request and response.
    pub fn local_definitions(&self, parts: &mut FileParts, file: &str, operation: &Value) {
        let (namespace, stem) = load::namespace_and_stem(file);
        let prefix = format!("{}.", ext::file_prefix(&namespace, &stem));
        let Some(schemas) = self
            .doc
            .at(self.doc.schemas_pointer())
            .and_then(Value::as_object)
        else {
            return;
        };
        let used: Vec<String> = references(operation);
        for (component, schema) in schemas {
            let Some(rest) = component.strip_prefix(&prefix) else {
                continue;
            };
            let Some(spec_name) = text(schema, ext::SPEC_NAME) else {
                continue;
            };
            if rest.contains('.') || used.iter().any(|u| u == component) {
                continue;
            }
            let pointer = join(self.doc.schemas_pointer(), component);
            if schema.get("enum").is_some() {
                let def = self.enum_def(
                    parts,
                    schema,
                    &pointer,
                    &format!("enums.{spec_name}"),
                    spec_name,
                );
                parts.enums.insert(spec_name.to_owned(), def);
            } else {
                let def = self.object_def(
                    parts,
                    schema,
                    &pointer,
                    &format!("objects.{spec_name}"),
                    spec_name,
                );
                parts.objects.insert(spec_name.to_owned(), def);
            }
        }
    }
}

/// `title`, `summary`, `method`, `path`, `idempotent` and `signed_response`: ours, or, without
/// our extensions, retries for GET only (nothing else is retried before someone decides) and a
/// signed answer (APIv3 signs every answer).
fn page_keys(
    parts: &mut FileParts,
    map: &mut Map<String, Value>,
    (path, method): (&str, Method),
    operation: &Value,
) {
    let title = text(operation, "summary").or_else(|| text(operation, "operationId"));
    if title.is_none() {
        parts.note(
            "title",
            "the operation has no summary: the title is drafted as its method and path",
        );
    }
    map.insert(
        "title".into(),
        json!(title.map_or_else(|| format!("{method} {path}"), str::to_owned)),
    );
    put(map, "summary", operation.get("description").cloned());
    map.insert("method".into(), json!(method.as_str()));
    map.insert("path".into(), json!(path));
    let idempotent = operation
        .get(ext::IDEMPOTENT)
        .and_then(Value::as_bool)
        .unwrap_or(method == Method::Get);
    map.insert("idempotent".into(), json!(idempotent));
    let signed = operation
        .get(ext::SIGNED_RESPONSE)
        .and_then(Value::as_bool)
        .unwrap_or(true);
    map.insert("signed_response".into(), json!(signed));
}

/// Copies an extension of `operation` into `map` under `key`, nulls left out.
fn put_kept(map: &mut Value, operation: &Value, extension: &str, key: &str) {
    if let Some(value) = operation.get(extension) {
        map[key] = without_nulls(value);
    }
}

/// The component names an operation's request and success answer point at directly.
fn references(operation: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending: Vec<&Value> = [
        operation.get("requestBody"),
        operation.get("responses"),
        operation.get(ext::DECRYPTED_RESOURCE),
    ]
    .into_iter()
    .flatten()
    .collect();
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str)
                    && let Some(name) = reference.rsplit('/').next()
                {
                    found.push(name.replace("~1", "/").replace("~0", "~"));
                }
                pending.extend(map.values());
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    found
}

/// The examples of a document without ours: the request body's and the success answer's.
fn third_party_examples(operation: &Value, success: Option<(u16, String)>) -> Value {
    let mut examples = Map::new();
    let body = operation.pointer("/requestBody/content/application~1json/example");
    if let Some(body) = body {
        examples.insert(
            "request_body".into(),
            json!(serde_json::to_string_pretty(body).unwrap_or_default()),
        );
    }
    if let Some((status, body)) = success {
        examples.insert(
            "responses".into(),
            json!([{ "status": status, "body": body }]),
        );
    }
    Value::Object(examples)
}

/// Where a third-party operation's draft goes: its path's literal segments (without `v3`) as
/// the namespace, its `operationId` (or method and last segment) as the file stem. A segment
/// that would place the draft where the loader reads other kinds of file (`shared/` first,
/// `notifications/` anywhere) gets an `_api` suffix.
fn derived_file(path: &str, method: Method, operation: &Value) -> String {
    let literal: Vec<String> = path
        .split('/')
        .filter(|segment| !segment.is_empty() && !segment.contains('{') && *segment != "v3")
        .map(spec_name)
        .enumerate()
        .map(|(index, name)| {
            let reserved =
                name == load::NOTIFICATIONS_DIR || (index == 0 && name == load::SHARED_DIR);
            if reserved {
                format!("{name}_api")
            } else {
                name
            }
        })
        .collect();
    let stem = text(operation, "operationId").map_or_else(
        || {
            spec_name(&format!(
                "{}_{}",
                method.as_str(),
                literal.last().map_or("root", String::as_str)
            ))
        },
        spec_name,
    );
    let namespace = match literal.len() {
        0 => "api".to_owned(),
        1 => literal[0].clone(),
        n => literal[..n - 1].join("/"),
    };
    format!("{namespace}/{stem}.yaml")
}
