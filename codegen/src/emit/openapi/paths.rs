//! `paths`: one operation per endpoint, with its parameters and request body.

use serde_json::{Map, Value, json};
use wechatpay_spec::model::{Endpoint, Field, Location, Presence, Request};
use wechatpay_spec::openapi_ext as ext;

use super::names;
use super::schemas::Context;
use super::{extensions, responses};

/// Every endpoint, grouped by path template, each path's methods in endpoint order.
/// The request and response bodies are added to `components` as schemas.
pub(super) fn paths(context: Context<'_>, components: &mut Map<String, Value>) -> Value {
    let mut paths = Map::new();
    for endpoint in &context.api.endpoints {
        let item = paths
            .entry(endpoint.path.to_string())
            .or_insert_with(|| json!({}));
        item[endpoint.method.as_str().to_ascii_lowercase()] =
            operation(context, endpoint, components);
    }
    Value::Object(paths)
}

fn operation(
    context: Context<'_>,
    endpoint: &Endpoint,
    components: &mut Map<String, Value>,
) -> Value {
    let mut operation = json!({
        "operationId": names::operation_id(endpoint),
        "tags": [endpoint.namespace.join("/")],
        "summary": endpoint.title,
    });
    if let Some(summary) = &endpoint.summary {
        operation["description"] = json!(summary);
    }
    let parameters = parameters(context, &endpoint.request);
    if !parameters.is_empty() {
        operation["parameters"] = Value::Array(parameters);
    }
    if let Some(body) = request_body(context, endpoint, components) {
        operation["requestBody"] = body;
    }
    operation["responses"] = responses::responses(context, endpoint, components);
    extensions::endpoint(&mut operation, endpoint);
    operation
}

/// The path, query and header parameters, each field at every place it is sent.
fn parameters(context: Context<'_>, request: &Request) -> Vec<Value> {
    let mut parameters = Vec::new();
    for location in [Location::Path, Location::Query, Location::Header] {
        for field in request.fields.iter().filter(|field| field.is_in(location)) {
            parameters.push(parameter(context, request, field, location));
        }
    }
    parameters
}

fn parameter(context: Context<'_>, request: &Request, field: &Field, location: Location) -> Value {
    let mut schema = context.field_schema(field);
    let description = schema
        .as_object_mut()
        .and_then(|schema| schema.shift_remove("description"))
        .unwrap_or_else(|| json!(field.description));
    let mut parameter = json!({
        "name": field.wire_name,
        "in": location.as_str(),
        "description": description,
        "required": location == Location::Path || field.presence == Presence::Required,
        "schema": schema,
    });
    // A query parameter cannot say "exactly one of these": the group is named here and listed,
    // with its members, in the operation's `x-wechatpay-one-of`.
    if let Presence::OneOf(group) = field.presence
        && let Some(group) = request.one_of.get(group)
    {
        parameter[ext::ONE_OF] = json!(group.name);
    }
    parameter
}

/// The body fields as one JSON object, its one-of groups as `oneOf` of the members each
/// requires; or, for an upload, the multipart form with the file and that object as `meta`.
fn request_body(
    context: Context<'_>,
    endpoint: &Endpoint,
    components: &mut Map<String, Value>,
) -> Option<Value> {
    let request = &endpoint.request;
    let body: Vec<&Field> = request
        .fields
        .iter()
        .filter(|field| field.is_in(Location::Body))
        .collect();
    if body.is_empty() && request.upload.is_none() {
        return None;
    }
    let mut schema = context.properties(body.iter().copied());
    let groups = body_groups(request, &body);
    match groups.len() {
        0 => {}
        1 => schema["oneOf"] = groups.into_iter().next().unwrap_or_default(),
        _ => {
            let all: Vec<Value> = groups.into_iter().map(|g| json!({ "oneOf": g })).collect();
            schema["allOf"] = Value::Array(all);
        }
    }
    let name = format!("{}.{}", names::endpoint_prefix(endpoint), request.rust_name);
    schema[ext::RUST_NAME] = json!(request.rust_name);
    let reference = names::schema_ref(&name);
    components.insert(name, schema);
    let content = match &request.upload {
        None => json!({ "application/json": with_example(reference, endpoint) }),
        Some(upload) => json!({ "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file", "meta"],
                "properties": { "file": context.version.binary(), "meta": reference },
            },
            "encoding": {
                "file": { "contentType": upload.content_types.join(", ") },
                "meta": { "contentType": "application/json" },
            },
            (ext::UPLOAD): {
                "max_bytes": upload.max_bytes,
                "content_types": upload.content_types,
                "signed_over": "the meta part's JSON text",
            },
        }}),
    };
    Some(json!({ "required": true, "content": content }))
}

/// Each one-of group with a member in the body, as the alternatives of a `oneOf`: one member
/// present makes one alternative match, two make two, which `oneOf` refuses.
fn body_groups(request: &Request, body: &[&Field]) -> Vec<Value> {
    request
        .one_of
        .iter()
        .map(|group| {
            request
                .group_fields(group)
                .filter(|(_, field)| body.iter().any(|b| b.wire_name == field.wire_name))
                .map(|(_, field)| json!({ "required": [field.wire_name] }))
                .collect::<Vec<_>>()
        })
        .filter(|alternatives| !alternatives.is_empty())
        .map(Value::Array)
        .collect()
}

fn with_example(schema: Value, endpoint: &Endpoint) -> Value {
    let mut media = json!({ "schema": schema });
    if let Some(example) = endpoint
        .request_body_example
        .as_deref()
        .and_then(parse_json)
    {
        media["example"] = example;
    }
    media
}

/// An example as JSON, when it is JSON.
pub(super) fn parse_json(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}
