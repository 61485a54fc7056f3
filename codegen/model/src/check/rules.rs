//! Rules on names and tables: snake_case spec names, Rust type names unique per module, error
//! rows, dates.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{FileReporter, SpecError};
use crate::load::SpecTree;
use crate::model::{Definitions, Endpoint, Notification};
use crate::names;
use crate::spec::{EndpointFile, ErrorRow, Source};

/// Spec names are snake_case, so that every derived Rust name is predictable.
pub(super) fn check_spec_name(name: &str, at: &str, report: &mut FileReporter) {
    if names::snake(name) != name || !names::is_identifier(name) {
        report.error(
            at,
            format!(
                "`{name}` is not a snake_case name; write it as `{}`",
                names::snake(name)
            ),
        );
    }
}

/// The directories and file name of an endpoint become a module path and a client method.
pub(super) fn check_module_path(namespace: &[String], operation: &str, report: &mut FileReporter) {
    for segment in namespace {
        if !names::is_identifier(segment)
            || names::snake(segment) != *segment
            || segment == "shared"
        {
            report.error(
                "",
                format!("the directory `{segment}` cannot name a Rust module; use a snake_case name other than `shared`"),
            );
        }
    }
    if !names::is_identifier(operation) || names::snake(operation) != operation {
        report.error(
            "",
            format!("the file name `{operation}` cannot name a client method; use a snake_case name such as query_order.yaml"),
        );
    }
}

/// A spec says where it comes from: a saved page, its address, or words.
pub(super) fn check_source(source: &Source, report: &mut FileReporter) {
    if source.document.is_none() && source.url.is_none() && source.from.is_none() {
        report.error(
            "source",
            "say where this spec comes from: `document` (a page saved beside the specs), `url` \
             (the page's address) or `from` (in words, for a page that is neither)",
        );
    }
}

/// Error rows: an error status, an UPPER_SNAKE_CASE code, and no row twice. One code may stand
/// in several rows with different descriptions (pages list one code for two causes).
pub(super) fn check_error_rows(rows: &[ErrorRow], report: &mut FileReporter) {
    let mut seen = HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        if !(400..=599).contains(&row.status) {
            report.error(
                format!("errors[{i}].status"),
                format!("{} is not an error status (400 to 599)", row.status),
            );
        }
        if row.code.is_empty()
            || !row
                .code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            report.error(
                format!("errors[{i}].code"),
                format!("`{}` is not an error code (UPPER_SNAKE_CASE)", row.code),
            );
        }
        let key = (
            row.status,
            row.code.as_str(),
            row.description.as_str(),
            row.solution.as_str(),
        );
        if !seen.insert(key) {
            report.error(
                format!("errors[{i}]"),
                format!(
                    "{} {} is listed twice with the same description and solution; keep one row",
                    row.status, row.code
                ),
            );
        }
    }
}

pub(super) fn check_dates(spec: &EndpointFile, report: &mut FileReporter) {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let mut check = |at: String, date: &str| {
        if time::Date::parse(date, &format).is_err() {
            report.error(at, format!("`{date}` is not a date written YYYY-MM-DD"));
        }
    };
    if let Some(updated) = &spec.source.updated {
        check("source.updated".into(), updated);
    }
    for (i, entry) in spec.source.history.iter().enumerate() {
        check(format!("source.history[{i}].date"), &entry.date);
    }
}

/// Rust names are unique per namespace: the module of each endpoint and notification, and the
/// types each defines there.
pub(super) fn check_namespace_names(
    tree: &SpecTree,
    endpoints: &[Endpoint],
    notifications: &[Notification],
    errors: &mut Vec<SpecError>,
) {
    let mut seen: HashMap<(Vec<String>, String), String> = HashMap::new();
    for (endpoint, file) in endpoints.iter().zip(&tree.endpoints) {
        let mut names = vec![
            (format!("mod {}", endpoint.operation), String::new()),
            (
                endpoint.request.rust_name.clone(),
                "request.fields".to_owned(),
            ),
            (endpoint.response.rust_name.clone(), "response".to_owned()),
        ];
        names.extend(
            endpoint
                .request
                .one_of
                .iter()
                .enumerate()
                .map(|(i, g)| (g.rust_name.clone(), format!("request.one_of[{i}].name"))),
        );
        names.extend(definition_names(&endpoint.definitions));
        let mut report = FileReporter::new(&file.path, &file.positions, errors);
        claim(
            &mut seen,
            &endpoint.namespace,
            names,
            &file.relative,
            &mut report,
        );
    }
    for (notification, file) in notifications.iter().zip(&tree.notifications) {
        let mut names = vec![
            (format!("mod {}", notification.name), String::new()),
            (
                notification.resource.rust_name.clone(),
                "resource".to_owned(),
            ),
            (
                notification.event_type.rust_name.clone(),
                "event_types".to_owned(),
            ),
        ];
        names.extend(definition_names(&notification.definitions));
        let mut report = FileReporter::new(&file.path, &file.positions, errors);
        claim(
            &mut seen,
            &notification.namespace,
            names,
            &file.relative,
            &mut report,
        );
    }
}

/// The Rust names of local enums and objects, with their key paths.
fn definition_names(definitions: &Definitions) -> Vec<(String, String)> {
    let enums = definitions
        .enums
        .iter()
        .map(|e| (e.rust_name.clone(), format!("enums.{}", e.name)));
    let objects = definitions
        .objects
        .iter()
        .map(|o| (o.rust_name.clone(), format!("objects.{}", o.name)));
    enums.chain(objects).collect()
}

/// Records each `(rust name, key path)` of a file in `namespace`, reporting one taken already.
fn claim(
    seen: &mut HashMap<(Vec<String>, String), String>,
    namespace: &[String],
    names: Vec<(String, String)>,
    relative: &str,
    report: &mut FileReporter,
) {
    for (rust_name, at) in names {
        let key = (namespace.to_vec(), rust_name.clone());
        let here = format!(
            "{relative} ({})",
            if at.is_empty() { "the file" } else { &at }
        );
        if let Some(first) = seen.insert(key, here) {
            report.error(
                at,
                format!(
                    "the Rust name `{rust_name}` is already used in this namespace by {first}; rename one (names are unique per namespace)"
                ),
            );
        }
    }
}
