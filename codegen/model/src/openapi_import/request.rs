//! The request: parameters by location, the JSON or multipart body, one-of groups, and the
//! headers the client sets itself, in the table's order when our export kept it.

use serde_json::{Map, Value, json};

use super::document::{Dialect, join};
use super::fields::Row;
use super::schema::{Converter, FileParts};
use super::values::{put, text, without_nulls};
use crate::openapi_ext as ext;
use crate::spec::TextSource;

/// The largest upload drafted when the document gives no limit (10 MiB), noted.
const DEFAULT_UPLOAD_BYTES: u64 = 10 << 20;

/// A request read from an operation.
pub(super) struct Request {
    /// `request:` of the endpoint file.
    pub request: Value,
    /// Headers the document lists that the client sets itself.
    pub protocol_headers: Vec<Value>,
}

impl Converter<'_> {
    /// The request of the operation at `pointer` (in the path item `item`).
    pub fn request(
        &self,
        parts: &mut FileParts,
        item: &Value,
        operation: &Value,
        pointer: &str,
    ) -> Request {
        let groups = operation
            .get(ext::ONE_OF)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let members: Vec<String> = groups
            .iter()
            .flat_map(|group| {
                group
                    .get("members")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|member| text(&member, "field").map(str::to_owned))
            .collect();
        let mut rows: Vec<(Value, Option<String>)> = Vec::new();
        let mut headers = Vec::new();
        let mut upload = None;
        for (parameter, at) in self.parameters(parts, item, operation, pointer) {
            self.parameter(
                parts,
                (&parameter, &at),
                &members,
                (&mut rows, &mut headers),
                &mut upload,
            );
        }
        if let Some(body) = operation.get("requestBody") {
            upload = self
                .body(parts, body, &join(pointer, "requestBody"), &mut rows)
                .or(upload);
        }
        for (row, _) in &mut rows {
            if text(row, "name").is_some_and(|name| members.iter().any(|m| m == name)) {
                row["required"] = json!("one_of");
            }
        }
        let rows = ordered(rows, operation.get(ext::REQUEST_ORDER));
        let mut request = Map::new();
        request.insert("fields".into(), Value::Array(rows));
        if !groups.is_empty() {
            request.insert(
                "one_of".into(),
                Value::Array(groups.iter().map(|g| one_of(g, parts)).collect()),
            );
        }
        put(&mut request, "upload", upload);
        Request {
            request: Value::Object(request),
            protocol_headers: headers,
        }
    }

    /// The path item's parameters, then the operation's (which replace those of the same name
    /// and place), references followed.
    fn parameters(
        &self,
        parts: &mut FileParts,
        item: &Value,
        operation: &Value,
        pointer: &str,
    ) -> Vec<(Value, String)> {
        let item_pointer = pointer.rsplit_once('/').map_or("", |(head, _)| head);
        let mut found: Vec<(Value, String)> = Vec::new();
        let lists = [
            (item, item_pointer.to_owned()),
            (operation, pointer.to_owned()),
        ];
        for (holder, at) in lists {
            let Some(list) = holder.get("parameters").and_then(Value::as_array) else {
                continue;
            };
            for (index, parameter) in list.iter().enumerate() {
                let at = format!("{}/{index}", join(&at, "parameters"));
                let Some(resolved) = parts.reported(self.doc.follow(parameter, &at)) else {
                    continue;
                };
                let resolved = resolved.value.clone();
                let key = (
                    text(&resolved, "name").map(str::to_owned),
                    text(&resolved, "in").map(str::to_owned),
                );
                found.retain(|(known, _)| {
                    (
                        text(known, "name").map(str::to_owned),
                        text(known, "in").map(str::to_owned),
                    ) != key
                });
                found.push((resolved, at));
            }
        }
        found
    }

    /// One parameter, into the rows, the protocol headers or the upload.
    fn parameter(
        &self,
        parts: &mut FileParts,
        (parameter, at): (&Value, &str),
        members: &[String],
        (rows, headers): (&mut Vec<(Value, Option<String>)>, &mut Vec<Value>),
        upload: &mut Option<Value>,
    ) {
        let Some(name) = text(parameter, "name") else {
            parts.unsupported(at, "a parameter without a `name` is left out");
            return;
        };
        let location = text(parameter, "in").unwrap_or_default();
        let required = parameter
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let description = text(parameter, "description");
        match location {
            "header" if wechatpay_rules::headers::is_set_by_client(name) => {
                let ty = text(parameter.get("schema").unwrap_or(parameter), "type").unwrap_or("string");
                headers.push(json!({ "name": name, "required": required, "type": ty, "description": description.unwrap_or_default() }));
            }
            "path" | "query" | "header" => {
                let schema = match self.doc.dialect {
                    Dialect::Swagger2 => parameter,
                    _ => parameter.get("schema").unwrap_or(&Value::Null),
                };
                let schema_at = match self.doc.dialect {
                    Dialect::Swagger2 => at.to_owned(),
                    _ => join(at, "schema"),
                };
                let row = Row {
                    name,
                    required: if members.iter().any(|m| m == name) { json!("one_of") } else { json!(required) },
                    location: Some(location),
                    description: Some(description.unwrap_or_default()),
                };
                let field = self.field(parts, &row, schema, (&schema_at, &format!("request.fields.{name}")));
                rows.push((field, text(schema, ext::LOCATION).map(str::to_owned)));
            }
            "body" => {
                let schema = parameter.get("schema").unwrap_or(&Value::Null);
                self.json_body(parts, schema, &join(at, "schema"), rows);
            }
            "formData" if text(parameter, "type") == Some("file") => {
                *upload = Some(self.upload(parts, None, &[], at));
            }
            // The client writes `filename` and `sha256` into `meta` from the file itself.
            "formData" if name == "filename" || name == "sha256" => {}
            "formData" => {
                parts.note(&format!("request.fields.{name}.in"), "a form field: an APIv3 upload sends its fields in the `meta` JSON part, as drafted");
                let row = Row { name, required: json!(required), location: Some("body"), description };
                let field = self.field(parts, &row, parameter, (at, &format!("request.fields.{name}")));
                rows.push((field, None));
            }
            other => parts.unsupported(at, format!("a parameter in `{other}` has no spec location (path, query, header or body); left out")),
        }
    }

    /// A 3.x `requestBody`: JSON fields, or a multipart upload. Returns the upload.
    fn body(
        &self,
        parts: &mut FileParts,
        body: &Value,
        pointer: &str,
        rows: &mut Vec<(Value, Option<String>)>,
    ) -> Option<Value> {
        let resolved = parts.reported(self.doc.follow(body, pointer))?;
        let content = resolved.value.get("content").and_then(Value::as_object)?;
        let content_pointer = join(&resolved.pointer, "content");
        let mut upload = None;
        for (media, value) in content {
            let at = join(&content_pointer, media);
            match media.as_str() {
                "application/json" => {
                    let schema = value.get("schema").unwrap_or(&Value::Null);
                    self.json_body(parts, schema, &join(&at, "schema"), rows);
                }
                "multipart/form-data" => upload = Some(self.multipart(parts, value, &at, rows)),
                other => parts.unsupported(
                    &at,
                    format!(
                        "a `{other}` body has no spec key (JSON or a multipart upload); left out"
                    ),
                ),
            }
        }
        upload
    }

    /// A JSON body's properties as `in: body` rows.
    fn json_body(
        &self,
        parts: &mut FileParts,
        schema: &Value,
        pointer: &str,
        rows: &mut Vec<(Value, Option<String>)>,
    ) {
        let Some(resolved) = parts.reported(self.doc.follow(schema, pointer)) else {
            return;
        };
        if resolved.value.get("properties").is_none() && resolved.value.get("allOf").is_none() {
            parts.unsupported(
                pointer,
                "a body that is not a JSON object has no spec key; left out",
            );
            return;
        }
        let fields = self.fields_and_schemas(
            parts,
            resolved.value,
            (&resolved.pointer, "request"),
            Some("body"),
        );
        for (field, property) in fields {
            rows.push((field, text(&property, ext::LOCATION).map(str::to_owned)));
        }
    }

    /// A multipart body: the binary part is the file, `meta`'s properties (or the other parts)
    /// the body fields.
    fn multipart(
        &self,
        parts: &mut FileParts,
        media: &Value,
        pointer: &str,
        rows: &mut Vec<(Value, Option<String>)>,
    ) -> Value {
        let schema = media.get("schema").unwrap_or(&Value::Null);
        let schema_pointer = join(pointer, "schema");
        let (properties, required) =
            self.merged_properties(parts, schema, &schema_pointer, "request");
        for (name, (property, at)) in properties {
            let binary = text(&property, "format") == Some("binary")
                || property.get("contentMediaType").is_some();
            // The client writes `filename` and `sha256` into `meta` from the file itself.
            if binary || name == "filename" || name == "sha256" {
                continue;
            }
            if name == "meta" {
                self.json_body(parts, &property, &at, rows);
                continue;
            }
            parts.note(
                &format!("request.fields.{name}.in"),
                "a form part: an APIv3 upload sends its fields in the `meta` JSON part, as drafted",
            );
            let row = Row {
                name: &name,
                required: json!(required.contains(&name)),
                location: Some("body"),
                description: None,
            };
            let field = self.field(
                parts,
                &row,
                &property,
                (&at, &format!("request.fields.{name}")),
            );
            rows.push((field, None));
        }
        let types: Vec<String> = media
            .pointer("/encoding/file/contentType")
            .and_then(Value::as_str)
            .map(|list| {
                list.split(',')
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        self.upload(parts, media.get(ext::UPLOAD), &types, pointer)
    }

    /// `request.upload`: our export's limits, or the document's media types and a noted limit.
    fn upload(
        &self,
        parts: &mut FileParts,
        ours: Option<&Value>,
        types: &[String],
        pointer: &str,
    ) -> Value {
        if let Some(ours) = ours {
            return json!({ "max_bytes": ours.get("max_bytes"), "content_types": ours.get("content_types") });
        }
        parts.note("request.upload.max_bytes", format!("the document gives no size limit for the file: drafted as {DEFAULT_UPLOAD_BYTES} bytes"));
        let types = if types.is_empty() {
            parts.note("request.upload.content_types", format!("the document at #{pointer} names no media type for the file: drafted as application/octet-stream"));
            vec!["application/octet-stream".to_owned()]
        } else {
            types.to_vec()
        };
        json!({ "max_bytes": DEFAULT_UPLOAD_BYTES, "content_types": types })
    }
}

/// A one-of group of our export as the spec writes it.
fn one_of(group: &Value, parts: &FileParts) -> Value {
    let members: Vec<Value> = group
        .get("members")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|member| member.get("field").cloned())
        .collect();
    let mut map = Map::new();
    put(&mut map, "name", group.get("name").cloned());
    map.insert("members".into(), Value::Array(members));
    put(
        &mut map,
        "description",
        group.get("description").filter(|d| !d.is_null()).cloned(),
    );
    let source = text(group, "description_source").unwrap_or(TextSource::Page.as_str());
    if source != parts.descriptions.as_str() {
        map.insert("description_source".into(), json!(source));
    }
    without_nulls(&Value::Object(map))
}

/// The rows in the table's order when the export kept it: each name's row at its own place
/// first, then its rows at the other places it is also sent.
fn ordered(rows: Vec<(Value, Option<String>)>, order: Option<&Value>) -> Vec<Value> {
    let Some(order) = order.and_then(Value::as_array) else {
        return rows.into_iter().map(|(row, _)| row).collect();
    };
    let mut left: Vec<Option<(Value, Option<String>)>> = rows.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for name in order.iter().filter_map(Value::as_str) {
        let mut take = |own: bool| {
            for slot in &mut left {
                let matches = slot.as_ref().is_some_and(|(row, primary)| {
                    text(row, "name") == Some(name)
                        && (!own || primary.as_deref() == text(row, "in"))
                });
                if matches && let Some((row, _)) = slot.take() {
                    out.push(row);
                    if own {
                        return;
                    }
                }
            }
        };
        take(true);
        take(false);
    }
    out.extend(left.into_iter().flatten().map(|(row, _)| row));
    out
}
