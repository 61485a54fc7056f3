//! `responses`: the success answer (JSON, a file, or no body) and one answer per documented
//! error status, listing the error codes the page gives for it.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};
use wechatpay_spec::model::{Download, Endpoint, ErrorRow};
use wechatpay_spec::openapi_ext as ext;

use super::names;
use super::paths::parse_json;
use super::schemas::Context;

/// The shared schema of an error answer's body.
pub(super) const ERROR_SCHEMA: &str = "ApiError";

/// The responses of `endpoint`; its response object is added to `components`.
pub(super) fn responses(
    context: Context<'_>,
    endpoint: &Endpoint,
    components: &mut Map<String, Value>,
) -> Value {
    let mut responses = Map::new();
    responses.insert(
        endpoint.success_status.to_string(),
        success(context, endpoint, components),
    );
    let assumed = context.api.assumed_errors(endpoint);
    let mut by_status: BTreeMap<u16, Vec<(&ErrorRow, Option<usize>)>> = BTreeMap::new();
    let rows = endpoint
        .errors
        .iter()
        .enumerate()
        .map(|(i, row)| (row, Some(i)));
    for (row, place) in rows.chain(assumed.into_iter().map(|row| (row, None))) {
        by_status.entry(row.status).or_default().push((row, place));
    }
    for (status, rows) in by_status {
        responses.insert(status.to_string(), error_response(endpoint, status, &rows));
    }
    Value::Object(responses)
}

fn success(
    context: Context<'_>,
    endpoint: &Endpoint,
    components: &mut Map<String, Value>,
) -> Value {
    let description = endpoint
        .response
        .description
        .clone()
        .unwrap_or_else(|| endpoint.response.title.clone());
    let description = if description.is_empty() {
        "OK".to_owned()
    } else {
        description
    };
    // Without a JSON body no component carries the response's name and words.
    let response = &endpoint.response;
    let kept = json!({
        "name": response.name,
        "description": response.description,
        "description_source": response.description_source.as_str(),
    });
    if endpoint.empty_response {
        return json!({ "description": description, (ext::EMPTY): true, (ext::RESPONSE): kept });
    }
    if let Some(Download::File { content_types }) = &endpoint.download {
        let content: Map<String, Value> = content_types
            .iter()
            .map(|media| (media.clone(), json!({ "schema": context.version.binary() })))
            .collect();
        return json!({ "description": description, "content": content, (ext::RESPONSE): kept });
    }
    let name = format!(
        "{}.{}",
        names::endpoint_prefix(endpoint),
        endpoint.response.rust_name
    );
    components.insert(name.clone(), context.object_schema(&endpoint.response));
    let mut media = json!({ "schema": names::schema_ref(&name) });
    let example = endpoint
        .response_examples
        .iter()
        .find(|(status, _)| *status == endpoint.success_status)
        .and_then(|(_, body)| parse_json(body));
    if let Some(example) = example {
        media["example"] = example;
    }
    json!({ "description": description, "content": { "application/json": media } })
}

/// One error status: its codes in the description and in `x-wechatpay-error-codes`, the
/// public codes the page does not list marked `assumed`.
fn error_response(endpoint: &Endpoint, status: u16, rows: &[(&ErrorRow, Option<usize>)]) -> Value {
    let codes: Vec<&str> = rows.iter().map(|(row, _)| row.code.as_str()).collect();
    let listed: Vec<Value> = rows
        .iter()
        .map(|(row, place)| {
            let mut code = json!({
                "code": row.code,
                "description": row.description,
                "solution": row.solution,
            });
            // The page's rows are grouped by status here; `row` keeps the table's order.
            match place {
                Some(place) => code["row"] = json!(place),
                None => code["assumed"] = json!(true),
            }
            code
        })
        .collect();
    let mut media = json!({ "schema": names::schema_ref(ERROR_SCHEMA) });
    let example = endpoint
        .response_examples
        .iter()
        .find(|(example_status, _)| *example_status == status)
        .and_then(|(_, body)| parse_json(body));
    if let Some(example) = example {
        media["example"] = example;
    }
    json!({
        "description": format!("Error codes: {}", codes.join(", ")),
        "content": { "application/json": media },
        (ext::ERROR_CODES): listed,
    })
}

/// The body of every error answer.
pub(super) fn error_schema() -> Value {
    json!({
        "type": "object",
        "title": "Error answer",
        "required": ["code", "message"],
        "properties": {
            "code": { "type": "string", "description": "The error code (PARAM_ERROR, ...)." },
            "message": { "type": "string", "description": "What went wrong, in words." },
            "detail": { "description": "Details, such as the field at fault." },
        },
    })
}
