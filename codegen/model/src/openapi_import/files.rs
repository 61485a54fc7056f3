//! The whole import: settings, every operation and webhook, then the shared file (which
//! learns from the others which formats they name), each written as YAML that the spec
//! loader reads back.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::components::shared_parts;
use super::document::{Document, join, problem};
use super::operation::{EndpointDraft, METHODS};
use super::report::{DraftFile, Imported, OperationReport, ProblemKind};
use super::schema::Converter;
use super::values::text;
use crate::openapi_ext as ext;
use crate::spec::{EndpointFile, LengthUnit, NotificationFile, SettingsFile, SharedFile};

/// Where the shared definitions go.
pub const SHARED_FILE: &str = "shared/definitions.yaml";

/// A draft with the label and pointer of what it was read from, and whether it is a
/// notification.
type Labelled = (EndpointDraft, String, String, bool);

/// The drafts of a parsed document.
pub(super) fn drafts(doc: &Document, name: &str) -> Imported {
    let (unit, reason) = settings(doc);
    let converter = Converter::new(doc, unit);
    let mut imported = Imported::default();
    let settings = json!({ "length_unit": unit.as_str(), "length_unit_reason": reason });
    // The shared file first: the drafts name its definitions rather than copy them.
    let mut shared_parts = shared_parts(doc.line_of("schemas").max(doc.line_of("definitions")));
    converter.reading_shared(true);
    let mut shared = converter.shared(&mut shared_parts);
    converter.reading_shared(false);
    let mut drafts = operations(&converter, name, &mut imported);
    drafts.extend(webhooks(&converter, &mut imported));
    if let Some(formats) = converter.formats() {
        shared.insert("formats".into(), formats);
    }
    write::<SettingsFile>(&mut imported, "settings.yaml", settings, Vec::new(), name);
    if !shared.is_empty() || !shared_parts.notes.is_empty() {
        let notes = std::mem::take(&mut shared_parts.notes);
        write::<SharedFile>(
            &mut imported,
            SHARED_FILE,
            Value::Object(shared),
            notes,
            name,
        );
    }
    if !shared_parts.problems.is_empty() {
        imported.reports.push(report(
            "components".into(),
            doc.schemas_pointer().to_owned(),
            Some(SHARED_FILE.into()),
            shared_parts.problems,
        ));
    }
    write_drafts(drafts, name, &mut imported);
    // In the order a spec directory is read, so that drafts held in memory load as from disk.
    imported
        .files
        .sort_by(|a, b| std::path::Path::new(&a.path).cmp(std::path::Path::new(&b.path)));
    imported
}

/// Every operation of every path; what is no operation of ours is reported.
fn operations(converter: &Converter<'_>, name: &str, imported: &mut Imported) -> Vec<Labelled> {
    let doc = converter.doc;
    let mut drafts = Vec::new();
    let paths = doc
        .root
        .get("paths")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (path, item) in &paths {
        let item_pointer = join("/paths", path);
        let item = match doc.follow(item, &item_pointer) {
            Ok(resolved) => resolved.value.clone(),
            Err(found) => {
                imported.reports.push(report(
                    format!("path {path}"),
                    item_pointer,
                    None,
                    vec![found],
                ));
                continue;
            }
        };
        for (key, method) in METHODS {
            if let Some(operation) = item.get(key) {
                let draft = converter.endpoint((path, &item), (method, operation), name);
                drafts.push((
                    draft,
                    format!("{method} {path}"),
                    join(&item_pointer, key),
                    false,
                ));
            }
        }
        for key in ["head", "options", "trace"] {
            if item.get(key).is_some() {
                let pointer = join(&item_pointer, key);
                let method = key.to_uppercase();
                let message = format!("APIv3 has no {method} endpoints; left out");
                let found = problem(&pointer, ProblemKind::Unsupported, message);
                imported.reports.push(report(
                    format!("{method} {path}"),
                    pointer,
                    None,
                    vec![found],
                ));
            }
        }
    }
    drafts
}

/// Every webhook (3.1 `webhooks`, or our 3.0 export's `x-webhooks`).
fn webhooks(converter: &Converter<'_>, imported: &mut Imported) -> Vec<Labelled> {
    let mut drafts = Vec::new();
    for key in ["/webhooks", &format!("/{}", ext::WEBHOOKS_3_0)] {
        let webhooks = converter
            .doc
            .at(key)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for (hook, item) in &webhooks {
            let pointer = join(&join(key, hook), "post");
            let label = format!("webhook {hook}");
            let Some(post) = item.get("post") else {
                let found = problem(
                    &pointer,
                    ProblemKind::Unsupported,
                    "a webhook without a POST is left out",
                );
                imported
                    .reports
                    .push(report(label, pointer.clone(), None, vec![found]));
                continue;
            };
            match converter.notification(hook, post, &pointer) {
                Ok(draft) => drafts.push((draft, label, pointer, true)),
                Err(found) => imported
                    .reports
                    .push(report(label, pointer, None, vec![found])),
            }
        }
    }
    drafts
}

/// Writes the endpoint and notification drafts, each at a path of its own.
fn write_drafts(drafts: Vec<Labelled>, name: &str, imported: &mut Imported) {
    let mut taken: Vec<String> = Vec::new();
    for (mut draft, label, pointer, notification) in drafts {
        draft.file = unique(&draft.file, &taken);
        taken.push(draft.file.clone());
        let mut value = draft.value;
        add_definitions(&mut value, &mut draft.parts);
        let notes = std::mem::take(&mut draft.parts.notes);
        if notification {
            write::<NotificationFile>(imported, &draft.file, value, notes, name);
        } else {
            write::<EndpointFile>(imported, &draft.file, value, notes, name);
        }
        if !draft.parts.problems.is_empty() {
            imported.reports.push(report(
                label,
                pointer,
                Some(draft.file),
                draft.parts.problems,
            ));
        }
    }
}

/// The spec-wide length unit: our export's, or characters (JSON Schema counts lengths so).
fn settings(doc: &Document) -> (LengthUnit, String) {
    match doc.root.get(ext::LENGTH_UNIT) {
        Some(ours) => (
            text(ours, "unit").and_then(LengthUnit::from_spelling).unwrap_or(LengthUnit::Chars),
            text(ours, "reason").unwrap_or_default().to_owned(),
        ),
        None => (
            LengthUnit::Chars,
            "JSON Schema counts minLength and maxLength in characters, and the OpenAPI document this was imported from says nothing else".to_owned(),
        ),
    }
}

fn report(
    operation: String,
    pointer: String,
    file: Option<String>,
    problems: Vec<super::Problem>,
) -> OperationReport {
    OperationReport {
        operation,
        pointer,
        file,
        problems,
    }
}

/// `objects` and `enums` of the file, before the keys that follow them in the spec's order.
fn add_definitions(value: &mut Value, parts: &mut super::schema::FileParts) {
    let Some(map) = value.as_object_mut() else {
        return;
    };
    let tail: Vec<(String, Value)> = ["errors", "examples", "paging", "errata", "about"]
        .iter()
        .filter_map(|key| map.shift_remove(*key).map(|v| ((*key).to_owned(), v)))
        .collect();
    if !parts.objects.is_empty() {
        map.insert(
            "objects".into(),
            Value::Object(std::mem::take(&mut parts.objects)),
        );
    }
    if !parts.enums.is_empty() {
        map.insert(
            "enums".into(),
            Value::Object(std::mem::take(&mut parts.enums)),
        );
    }
    map.extend(tail);
}

/// `file`, or `file` with a number when another draft took it.
fn unique(file: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == file) {
        return file.to_owned();
    }
    let stem = file.trim_end_matches(".yaml");
    (2..)
        .map(|n| format!("{stem}_{n}.yaml"))
        .find(|candidate| !taken.iter().any(|t| t == candidate))
        .unwrap_or_else(|| file.to_owned())
}

/// Writes one file as YAML, its notes first, and checks that the spec loader reads it back as a
/// `T`: a draft that does not read back is reported, never written.
fn write<T: DeserializeOwned>(
    imported: &mut Imported,
    path: &str,
    value: Value,
    notes: Vec<Value>,
    name: &str,
) {
    let count = notes.len();
    let mut map = Map::new();
    if !notes.is_empty() {
        map.insert("import_notes".into(), Value::Array(notes));
    }
    if let Value::Object(rest) = value {
        map.extend(rest);
    }
    let body = match serde_yaml::to_string(&Value::Object(map)) {
        Ok(body) => body,
        Err(error) => {
            let found = problem(
                "",
                ProblemKind::Unsupported,
                format!("the draft could not be written as YAML: {error}"),
            );
            imported
                .reports
                .push(report(path.to_owned(), String::new(), None, vec![found]));
            return;
        }
    };
    let text = format!(
        "# A draft written by `wechatpay-codegen import-openapi` from {name}.\n\
         # Settle each import note (recording an erratum where the document is contradicted) and\n\
         # delete it; lint refuses the file while a note remains.\n{body}"
    );
    if let Err(error) = crate::yaml::parse::<T>(&text) {
        let found = problem(
            "",
            ProblemKind::Unsupported,
            format!(
                "the draft does not read back as a spec file ({}): {}",
                error.path, error.message
            ),
        );
        imported.reports.push(report(
            path.to_owned(),
            String::new(),
            Some(path.to_owned()),
            vec![found],
        ));
        return;
    }
    imported.files.push(DraftFile {
        path: path.to_owned(),
        text,
        notes: count,
    });
}
