//! The `x-wechatpay-*` extensions of an operation: what the spec says that OpenAPI has no
//! field for, so that the export keeps every spec key.

use serde_json::{Value, json};
use wechatpay_spec::model::{Download, Endpoint, Erratum, OffsetUnit, Source};
use wechatpay_spec::openapi_ext as ext;

/// Adds the endpoint's extensions to its operation.
pub(super) fn endpoint(operation: &mut Value, endpoint: &Endpoint) {
    let response = &endpoint.response.fields;
    let request = &endpoint.request.fields;
    let wire = |fields: &[wechatpay_spec::model::Field], index: usize| {
        fields.get(index).map(|field| field.wire_name.clone())
    };
    operation[ext::IDEMPOTENT] = json!(endpoint.idempotent);
    operation[ext::SIGNED_RESPONSE] = json!(endpoint.signed_response);
    operation[ext::RUST_NAME] = json!(endpoint.operation);
    operation[ext::SPEC_FILE] = json!(endpoint.spec_file);
    // Parameters and body properties are listed apart; the table's order decides constructors.
    operation[ext::REQUEST_ORDER] = request.iter().map(|f| json!(f.wire_name)).collect();
    if !endpoint.request.one_of.is_empty() {
        let groups: Vec<Value> = endpoint
            .request
            .one_of
            .iter()
            .map(|group| {
                let members: Vec<Value> = endpoint
                    .request
                    .group_fields(group)
                    .map(|(member, field)| json!({ "field": field.wire_name, "variant": member.variant }))
                    .collect();
                json!({ "name": group.name, "rust_name": group.rust_name,
                        "description": group.description, "members": members,
                        "description_source": group.description_source.as_str() })
            })
            .collect();
        operation[ext::ONE_OF] = Value::Array(groups);
    }
    if let Some(paging) = &endpoint.paging {
        operation[ext::PAGING] = json!({
            "offset": wire(request, paging.offset),
            "limit": wire(request, paging.limit),
            "items": wire(response, paging.items),
            "total": paging.total.and_then(|index| wire(response, index)),
            "offset_counts": match paging.offset_unit { OffsetUnit::Items => "items", OffsetUnit::Pages => "pages" },
        });
    }
    if let Some(poll) = &endpoint.poll {
        let pending: Vec<&str> = poll
            .pending
            .iter()
            .map(|value| value.value.as_str())
            .collect();
        operation[ext::POLL] = json!({ "field": wire(response, poll.field), "pending": pending });
    }
    if let Some(Download::Ticket(ticket)) = &endpoint.download {
        let gzip = ticket
            .gzip_when
            .as_ref()
            .map(|(field, value)| json!({ "field": wire(request, *field), "value": value }));
        operation[ext::DOWNLOAD] = json!({
            "url": wire(response, ticket.url),
            "hash_type": wire(response, ticket.hash_type),
            "hash_value": wire(response, ticket.hash_value),
            "gzip_when": gzip,
        });
    }
    if !endpoint.protocol_headers.is_empty() {
        let headers: Vec<Value> = endpoint
            .protocol_headers
            .iter()
            .map(|h| json!({ "name": h.name, "required": h.required, "type": h.ty, "description": h.description }))
            .collect();
        operation[ext::PROTOCOL_HEADERS] = Value::Array(headers);
    }
    operation[ext::EXAMPLES] = json!({
        "request_url": endpoint.request_url_example,
        "request_body": endpoint.request_body_example,
        "responses": endpoint.response_examples.iter()
            .map(|(status, body)| json!({ "status": status, "body": body }))
            .collect::<Vec<_>>(),
    });
    operation[ext::SOURCE] = source(&endpoint.source);
    if !endpoint.errata.is_empty() {
        operation[ext::ERRATA] = errata(&endpoint.errata);
    }
}

/// Where a page comes from and how it changed.
pub(super) fn source(source: &Source) -> Value {
    let history: Vec<Value> = source
        .history
        .iter()
        .map(|entry| json!({ "version": entry.version, "date": entry.date, "changes": entry.changes }))
        .collect();
    json!({
        "document": source.document,
        "url": source.url,
        "from": source.from,
        "applicable_to": source.applicable_to,
        "updated": source.updated,
        "version": source.version,
        "history": history,
        "notes": source.notes,
        "descriptions": source.descriptions.as_str(),
    })
}

/// The page's contradictions and what the spec decided.
pub(super) fn errata(errata: &[Erratum]) -> Value {
    errata
        .iter()
        .map(|e| json!({ "at": e.at, "doc_says": e.doc_says, "decision": e.decision, "reason": e.reason }))
        .collect()
}
