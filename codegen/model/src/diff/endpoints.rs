//! Endpoints in two versions: which appear, which are gone, and how each kept one differs,
//! from its attributes down to its fields and error codes.

use std::collections::BTreeMap;

use crate::model::{Download, Endpoint, Upload};

use super::Models;
use super::fields::{self, Table};
use super::record::{At, Recorder};
use super::report::{Kind, Side, Subject, SubjectKind};
use super::rules::{self, Direction, Uses};

/// Records the differences between the two models' endpoints, matched by `METHOD /path`.
pub fn compare_endpoints(models: &Models<'_>, out: &mut Recorder) {
    let mut routes: BTreeMap<String, (Option<&Endpoint>, Option<&Endpoint>)> = BTreeMap::new();
    for endpoint in &models.old.endpoints {
        routes
            .entry(endpoint.route())
            .or_default()
            .0
            .get_or_insert(endpoint);
    }
    for endpoint in &models.new.endpoints {
        routes
            .entry(endpoint.route())
            .or_default()
            .1
            .get_or_insert(endpoint);
    }
    for (route, pair) in routes {
        let subject = Subject {
            kind: SubjectKind::Endpoint,
            name: route,
        };
        let at = At {
            subject: &subject,
            side: None,
            path: None,
        };
        match pair {
            (Some(old), None) => {
                let words = (Some(operation_path(old)), None);
                out.record(at, Kind::EndpointRemoved, words, rules::endpoint_removed());
            }
            (None, Some(new)) => {
                let words = (None, Some(operation_path(new)));
                out.record(at, Kind::EndpointAdded, words, rules::endpoint_added());
            }
            (Some(old), Some(new)) => endpoint(models, old, new, at, out),
            (None, None) => {}
        }
    }
}

/// The module path and operation name of an endpoint: `ecommerce::profitsharing::query_order`.
fn operation_path(endpoint: &Endpoint) -> String {
    let mut parts = endpoint.namespace.clone();
    parts.push(endpoint.operation.clone());
    parts.join("::")
}

fn endpoint(models: &Models<'_>, old: &Endpoint, new: &Endpoint, at: At<'_>, out: &mut Recorder) {
    let (was, is) = (operation_path(old), operation_path(new));
    if was != is {
        out.record(
            at,
            Kind::EndpointMoved,
            (Some(was), Some(is)),
            rules::endpoint_moved(),
        );
    }
    if old.idempotent != new.idempotent {
        let words = |idempotent| {
            Some(
                if idempotent {
                    "idempotent"
                } else {
                    "not idempotent"
                }
                .to_owned(),
            )
        };
        let verdict = rules::idempotency_changed(new.idempotent);
        out.record(
            at,
            Kind::IdempotencyChanged,
            (words(old.idempotent), words(new.idempotent)),
            verdict,
        );
    }
    upload(
        old.request.upload.as_ref(),
        new.request.upload.as_ref(),
        at,
        out,
    );
    helpers(old, new, at, out);
    request(models, old, new, at, out);
    response(models, old, new, at, out);
    error_codes(
        old,
        new,
        At {
            side: Some(Side::Errors),
            ..at
        },
        out,
    );
}

/// The request's fields, as callers build them.
fn request(models: &Models<'_>, old: &Endpoint, new: &Endpoint, at: At<'_>, out: &mut Recorder) {
    let request = At {
        side: Some(Side::Request),
        ..at
    };
    let tables = (
        Table {
            fields: &old.request.fields,
            request: Some(&old.request),
        },
        Table {
            fields: &new.request.fields,
            request: Some(&new.request),
        },
    );
    fields::compare(models, request, tables, Uses::SENT, out);
}

/// What the call answers, and the response's fields as the client reads them.
fn response(models: &Models<'_>, old: &Endpoint, new: &Endpoint, at: At<'_>, out: &mut Recorder) {
    let response = At {
        side: Some(Side::Response),
        ..at
    };
    let (was, is) = (answer(old), answer(new));
    if was != is {
        out.record(
            response,
            Kind::AnswerChanged,
            (Some(was), Some(is)),
            rules::answer_changed(),
        );
    } else if old.answers_json() {
        if old.response.rust_name != new.response.rust_name {
            let names = (
                Some(old.response.rust_name.clone()),
                Some(new.response.rust_name.clone()),
            );
            out.record(response, Kind::TypeRenamed, names, rules::type_renamed());
        }
        let tables = (
            Table::plain(&old.response.fields),
            Table::plain(&new.response.fields),
        );
        fields::compare(models, response, tables, Uses::READ, out);
    }
}

/// What a successful call answers, in words.
fn answer(endpoint: &Endpoint) -> String {
    if endpoint.empty_response {
        format!("no body (status {})", endpoint.success_status)
    } else if matches!(endpoint.download, Some(Download::File { .. })) {
        "the file itself".to_owned()
    } else {
        "a JSON body".to_owned()
    }
}

/// The generated methods beside the call that an endpoint's spec asks for.
fn helpers(old: &Endpoint, new: &Endpoint, at: At<'_>, out: &mut Recorder) {
    let pairs = [
        ("_items", old.paging.is_some(), new.paging.is_some()),
        ("_until_final", old.poll.is_some(), new.poll.is_some()),
        (
            "_to_path and _to_writer",
            matches!(old.download, Some(Download::Ticket(_))),
            matches!(new.download, Some(Download::Ticket(_))),
        ),
    ];
    for (suffix, was, is) in pairs {
        let name = format!("{}{suffix}", new.operation);
        match (was, is) {
            (false, true) => out.record(
                at,
                Kind::HelperAdded,
                (None, Some(name)),
                rules::helper_added(),
            ),
            (true, false) => out.record(
                at,
                Kind::HelperRemoved,
                (Some(name), None),
                rules::helper_removed(),
            ),
            _ => {}
        }
    }
}

fn upload(old: Option<&Upload>, new: Option<&Upload>, at: At<'_>, out: &mut Recorder) {
    let words = |upload: Option<&Upload>| {
        Some(upload.map_or("not an upload".to_owned(), |upload| {
            format!(
                "a file of at most {} bytes ({})",
                upload.max_bytes,
                upload.content_types.join(", ")
            )
        }))
    };
    let at = At {
        side: Some(Side::Request),
        ..at
    };
    match (old, new) {
        (None, None) => {}
        (Some(was), Some(is)) => {
            let dropped = was
                .content_types
                .iter()
                .any(|t| !is.content_types.contains(t));
            let gained = is
                .content_types
                .iter()
                .any(|t| !was.content_types.contains(t));
            let tighter = is.max_bytes < was.max_bytes || dropped;
            let looser = is.max_bytes > was.max_bytes || gained;
            let direction = match (tighter, looser) {
                (false, false) => return,
                (false, true) => Direction::Loosened,
                (true, false) => Direction::Tightened,
                (true, true) => Direction::Changed,
            };
            out.record(
                at,
                Kind::UploadChanged,
                (words(old), words(new)),
                rules::upload_limit(direction),
            );
        }
        _ => out.record(
            at,
            Kind::UploadChanged,
            (words(old), words(new)),
            rules::upload_toggled(),
        ),
    }
}

/// The codes of each endpoint's own table (the public ones are `shared::ErrorCode`'s matter).
fn error_codes(old: &Endpoint, new: &Endpoint, at: At<'_>, out: &mut Recorder) {
    let listed =
        |endpoint: &Endpoint, code: &str| endpoint.errors.iter().any(|row| row.code == code);
    let mut done: Vec<&str> = Vec::new();
    for row in &old.errors {
        if done.contains(&row.code.as_str()) {
            continue;
        }
        done.push(&row.code);
        if !listed(new, &row.code) {
            let words = (Some(format!("{} {}", row.status, row.code)), None);
            out.record(
                at,
                Kind::ErrorCodeRemoved,
                words,
                rules::endpoint_error_code(false),
            );
        }
    }
    for row in &new.errors {
        if done.contains(&row.code.as_str()) {
            continue;
        }
        done.push(&row.code);
        if !listed(old, &row.code) {
            let words = (None, Some(format!("{} {}", row.status, row.code)));
            out.record(
                at,
                Kind::ErrorCodeAdded,
                words,
                rules::endpoint_error_code(true),
            );
        }
    }
}
