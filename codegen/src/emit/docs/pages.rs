//! The view of each page, built from the model: what the templates lay out.

use wechatpay_spec::model::{
    Api, Download, Endpoint, Erratum, ErrorRow, Field, Location, Notification, Scope, Source,
};

use super::fields::{Reached, anchor, cell, code, reached, rows};
use super::snippet::{notification_snippet, snippet};
use super::view::{
    EnumValueView, EnumView, ErratumView, ErrorView, ExampleView, PageView, TableView,
};
use crate::emit::rust::types::Side;

/// The API domains the client calls (primary, then the backup it fails over to), from
/// `wechatpay_rules::domains`, their one owner.
fn domains() -> String {
    let host = |url: &'static str| url.strip_prefix("https://").unwrap_or(url);
    format!(
        "`{}`, failing over to `{}`",
        host(wechatpay_rules::domains::PRIMARY_BASE_URL),
        host(wechatpay_rules::domains::BACKUP_BASE_URL)
    )
}

/// The page's path below the reference root: `<namespace>/<operation>.md`.
pub fn endpoint_path(endpoint: &Endpoint) -> String {
    format!("{}/{}.md", endpoint.namespace.join("/"), endpoint.operation)
}

/// The page's path below the reference root: `<namespace>/notifications/<name>.md`.
pub fn notification_path(notification: &Notification) -> String {
    format!(
        "{}/notifications/{}.md",
        notification.namespace.join("/"),
        notification.name
    )
}

/// The way back to the index from a page at `path`.
fn index_link(path: &str) -> String {
    "../".repeat(path.matches('/').count()) + "README.md"
}

/// The page of the endpoint at `index` in the model.
pub fn endpoint_page(api: &Api, index: usize, header: &str) -> PageView {
    let endpoint = &api.endpoints[index];
    let scope = Scope::Endpoint(index);
    let mut facts = vec![
        ("Method and path".to_owned(), code(&endpoint.route())),
        ("Domains".to_owned(), domains()),
        (
            "Retried".to_owned(),
            if endpoint.idempotent {
                "yes: rate limits, server faults and connection failures are retried".to_owned()
            } else {
                "never automatically".to_owned()
            },
        ),
    ];
    facts.extend(source_facts(&endpoint.source, &endpoint.spec_file));
    let request_fields: Vec<&Field> = endpoint.request.fields.iter().collect();
    let response_fields: Vec<&Field> = endpoint.response.fields.iter().collect();
    let mut found = Vec::new();
    reached(api, &request_fields, &mut found);
    let sent = found.len();
    reached(api, &response_fields, &mut found);
    let snippet = snippet(api, endpoint);
    let (objects, enums) = definitions(api, &found, sent);
    let path = endpoint_path(endpoint);
    PageView {
        header: header.to_owned(),
        title: endpoint.title.clone(),
        kind: "endpoint",
        summary: endpoint.summary.clone(),
        facts,
        index_link: index_link(&path),
        request_tables: request_tables(endpoint, &scope),
        request_notes: request_notes(endpoint),
        response_notes: response_notes(endpoint),
        response: endpoint.answers_json().then(|| TableView {
            heading: format!("`{}`", endpoint.response.rust_name),
            anchor: None,
            rows: rows(&response_fields, &scope, Side::Answered, &[]),
        }),
        objects,
        enums,
        errors: errors(api, endpoint),
        assumed_errors: api.assumed_errors(endpoint).len(),
        errata: errata(&endpoint.errata),
        examples: endpoint_examples(endpoint),
        snippet_note: snippet.is_none().then(|| {
            "No call of its own: the answer is the file itself, fetched through the download \
             ticket of the endpoint that names its URL."
                .to_owned()
        }),
        snippet,
    }
}

/// The page of the notification at `index` in the model.
pub fn notification_page(api: &Api, index: usize, header: &str) -> PageView {
    let notification = &api.notifications[index];
    let scope = Scope::Notification(index);
    let mut facts = vec![
        (
            "Resource".to_owned(),
            format!(
                "`{}` (`original_type` {})",
                notification.resource.rust_name,
                code(&notification.original_type)
            ),
        ),
        (
            "Event types".to_owned(),
            notification
                .event_type
                .values
                .iter()
                .map(|value| format!("{} ({})", code(&value.value), cell(&value.meaning)))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    if let Some(about) = &notification.about {
        facts.push(("Reports the records of".to_owned(), code(about)));
    }
    facts.extend(source_facts(&notification.source, &notification.spec_file));
    let fields: Vec<&Field> = notification.resource.fields.iter().collect();
    let mut found = Vec::new();
    reached(api, &fields, &mut found);
    let (objects, enums) = definitions(api, &found, 0);
    let path = notification_path(notification);
    PageView {
        header: header.to_owned(),
        title: notification.title.clone(),
        kind: "notification",
        summary: notification.summary.clone(),
        facts,
        index_link: index_link(&path),
        request_tables: Vec::new(),
        request_notes: Vec::new(),
        response_notes: vec![
            "The decrypted `resource` of a notification that passed every check.".to_owned(),
        ],
        response: Some(TableView {
            heading: format!("`{}`", notification.resource.rust_name),
            anchor: None,
            rows: rows(&fields, &scope, Side::Answered, &[]),
        }),
        objects,
        enums: std::iter::once(enum_view(&notification.event_type))
            .chain(enums)
            .collect(),
        errors: Vec::new(),
        assumed_errors: 0,
        errata: errata(&notification.errata),
        examples: Vec::new(),
        snippet: Some(notification_snippet(notification)),
        snippet_note: None,
    }
}

fn source_facts(source: &Source, spec_file: &str) -> Vec<(String, String)> {
    let mut facts = Vec::new();
    if !source.applicable_to.is_empty() {
        facts.push((
            "Applicable merchants".to_owned(),
            cell(&source.applicable_to.join("、")),
        ));
    }
    if let Some(updated) = &source.updated {
        facts.push(("Updated".to_owned(), cell(updated)));
    }
    if let Some(version) = &source.version {
        facts.push(("Version".to_owned(), cell(version)));
    }
    if let Some(url) = &source.url {
        facts.push(("Page".to_owned(), format!("<{url}>")));
    } else if let Some(from) = &source.from {
        facts.push(("Source".to_owned(), cell(from)));
    }
    facts.push(("Spec".to_owned(), code(&format!("spec/{spec_file}"))));
    facts
}

/// One table per location, in the order a request is built: path, query, header, body.
fn request_tables(endpoint: &Endpoint, scope: &Scope) -> Vec<TableView> {
    let request = &endpoint.request;
    [
        (Location::Path, "Path parameters"),
        (Location::Query, "Query parameters"),
        (Location::Header, "Header parameters"),
        (Location::Body, "Body parameters"),
    ]
    .into_iter()
    .filter_map(|(location, heading)| {
        let fields: Vec<&Field> = request
            .fields
            .iter()
            .filter(|f| f.is_in(location))
            .collect();
        (!fields.is_empty()).then(|| TableView {
            heading: heading.to_owned(),
            anchor: None,
            rows: rows(&fields, scope, Side::Sent, &request.one_of),
        })
    })
    .collect()
}

fn request_notes(endpoint: &Endpoint) -> Vec<String> {
    let request = &endpoint.request;
    let mut notes = vec![format!("Rust type: `{}`.", request.rust_name)];
    if let Some(upload) = &request.upload {
        notes.push(format!(
            "Sent as multipart/form-data: a file of at most {} bytes ({}), the body parameters \
             being its `meta` part.",
            upload.max_bytes,
            upload
                .content_types
                .iter()
                .map(|t| code(t))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for group in &request.one_of {
        let members: Vec<String> = request
            .group_fields(group)
            .map(|(member, field)| {
                format!(
                    "{} (`{}::{}`)",
                    code(&field.wire_name),
                    group.rust_name,
                    member.variant
                )
            })
            .collect();
        notes.push(format!(
            "Exactly one of {} is sent (二选一, `{}`).",
            members.join(" or "),
            group.rust_name
        ));
    }
    notes
}

fn response_notes(endpoint: &Endpoint) -> Vec<String> {
    let mut notes = vec![format!("Success: HTTP {}.", endpoint.success_status)];
    if endpoint.empty_response {
        notes.push(
            "No body: the call answers `Response<NoContent>`, with the status and `Request-ID`."
                .to_owned(),
        );
    }
    match &endpoint.download {
        Some(Download::File { content_types }) => notes.push(format!(
            "The answer is the file itself ({}).",
            content_types.iter().map(|t| code(t)).collect::<Vec<_>>().join(", ")
        )),
        Some(Download::Ticket(_)) => notes.push(format!(
            "A download ticket: `{0}_to_path` and `{0}_to_writer` fetch the file and check its hash.",
            endpoint.operation
        )),
        None => {}
    }
    if endpoint.paging.is_some() {
        notes.push(format!(
            "A paged list: `{}_items` streams every item, one page at a time.",
            endpoint.operation
        ));
    }
    if let Some(poll) = &endpoint.poll {
        let pending: Vec<String> = poll
            .pending
            .iter()
            .map(|value| code(&value.value))
            .collect();
        notes.push(format!(
            "Still in progress while {}: `{}_until_final` polls until it is not.",
            pending.join(" or "),
            endpoint.operation
        ));
    }
    notes
}

/// The objects (with their tables) and enums reached, in the order met; the first `sent` were
/// reached from the request.
fn definitions(api: &Api, found: &[Reached], sent: usize) -> (Vec<TableView>, Vec<EnumView>) {
    let mut objects = Vec::new();
    let mut enums = Vec::new();
    for (position, (reference, is_object)) in found.iter().enumerate() {
        let side = if position < sent {
            Side::Sent
        } else {
            Side::Answered
        };
        if !is_object {
            enums.extend(api.enum_def(reference).map(enum_view));
        } else if let Some(object) = api.object_def(reference) {
            let fields: Vec<&Field> = object.fields.iter().collect();
            objects.push(TableView {
                heading: format!("`{}`: {}", object.rust_name, cell(&object.title)),
                anchor: Some(anchor(&object.rust_name)),
                rows: rows(&fields, &reference.scope, side, &[]),
            });
        }
    }
    (objects, enums)
}

fn enum_view(definition: &wechatpay_spec::model::Enum) -> EnumView {
    EnumView {
        rust_name: definition.rust_name.clone(),
        anchor: anchor(&definition.rust_name),
        title: cell(&definition.title),
        wire: match definition.base {
            wechatpay_spec::model::EnumBase::String => "strings",
            wechatpay_spec::model::EnumBase::Integer => "integers",
        }
        .to_owned(),
        values: definition
            .values
            .iter()
            .map(|value| EnumValueView {
                value: code(&value.value),
                rust_name: value.rust_name.clone(),
                meaning: cell(&value.meaning),
                aliases: value
                    .aliases
                    .iter()
                    .map(|a| code(a))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect(),
    }
}

fn errors(api: &Api, endpoint: &Endpoint) -> Vec<ErrorView> {
    let codes = api.error_codes();
    let row = |row: &ErrorRow, origin: &'static str| ErrorView {
        status: row.status,
        code: code(&row.code),
        rust_name: codes
            .iter()
            .find(|known| known.code == row.code)
            .map_or_else(String::new, |known| {
                format!("`ErrorCode::{}`", known.rust_name)
            }),
        description: cell(&row.description),
        solution: cell(&row.solution),
        origin,
    };
    endpoint
        .errors
        .iter()
        .map(|own| row(own, "page"))
        .chain(
            api.assumed_errors(endpoint)
                .into_iter()
                .map(|public| row(public, "assumed")),
        )
        .collect()
}

fn errata(errata: &[Erratum]) -> Vec<ErratumView> {
    errata
        .iter()
        .map(|erratum| ErratumView {
            at: code(&erratum.at),
            doc_says: cell(&erratum.doc_says),
            decision: cell(&erratum.decision),
            reason: cell(&erratum.reason),
        })
        .collect()
}

fn endpoint_examples(endpoint: &Endpoint) -> Vec<ExampleView> {
    let mut examples = Vec::new();
    if let Some(url) = &endpoint.request_url_example {
        examples.push(ExampleView {
            caption: "Request URL".to_owned(),
            language: "text",
            text: url.trim().to_owned(),
        });
    }
    if let Some(body) = &endpoint.request_body_example {
        examples.push(ExampleView {
            caption: "Request body".to_owned(),
            language: "json",
            text: body.trim().to_owned(),
        });
    }
    for (status, body) in &endpoint.response_examples {
        examples.push(ExampleView {
            caption: format!("Response {status}"),
            language: "json",
            text: body.trim().to_owned(),
        });
    }
    examples
}
