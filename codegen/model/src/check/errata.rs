//! Every erratum's `at` names something in its file, or a shared definition the file uses.
//! `shared/` files record their own decisions too (which public codes apply where, say).

use super::shared::SharedNames;
use crate::diagnostics::FileReporter;
use crate::spec::{EndpointFile, EnumDef, ErrorRow, FieldDef, ObjectDef, SharedFile};

/// Field keys an erratum may name after a field (`request.fields.order_id.example`).
const FIELD_KEYS: &[&str] = &[
    "name",
    "rust_name",
    "title",
    "in",
    "type",
    "length_unit",
    "required",
    "description",
    "example",
    "enum",
    "format",
    "object",
    "items",
    "free_form",
    "number",
    "charset",
    "pattern",
    "json",
    "encrypted",
];

/// Every erratum's `at` must name something in this file (or a shared definition it uses).
pub(super) fn check_errata(spec: &EndpointFile, shared: &SharedNames, report: &mut FileReporter) {
    for (i, erratum) in spec.errata.iter().enumerate() {
        if let Err(problem) = errata_target(spec, shared, &erratum.at) {
            report.error(
                format!("errata[{i}].at"),
                format!(
                    "`{}` names nothing in this file: {problem}; write a key path by names such as \
                     `response.fields.result` or `objects.receiver.fields.amount.example`, or `page`",
                    erratum.at
                ),
            );
        }
    }
}

/// Every erratum of a `shared/` file must name one of the file's own definitions or error rows.
pub(super) fn check_shared_errata(file: &SharedFile, report: &mut FileReporter) {
    for (i, erratum) in file.errata.iter().enumerate() {
        if let Err(problem) = shared_errata_target(file, &erratum.at) {
            report.error(
                format!("errata[{i}].at"),
                format!(
                    "`{}` names nothing in this file: {problem}; write a key path by names such as \
                     `errors.FREQUENCY_LIMITED`, `enums.return_order_result.values.FAILED` or \
                     `formats.rfc3339`",
                    erratum.at
                ),
            );
        }
    }
}

fn errata_target(spec: &EndpointFile, shared: &SharedNames, at: &str) -> Result<(), String> {
    let parts: Vec<&str> = at.split('.').collect();
    match parts.as_slice() {
        ["page"] | ["source", ..] | ["examples", ..] | ["path"] | ["method"] | ["title"] => Ok(()),
        ["request" | "response"] => Ok(()),
        ["request", "fields", rest @ ..] => field_target(&spec.request.fields, rest),
        ["request", "one_of", name] => spec
            .request
            .one_of
            .iter()
            .any(|g| g.name == *name)
            .then_some(())
            .ok_or_else(|| format!("there is no one-of group `{name}`")),
        ["response", "fields", rest @ ..] => {
            field_target(spec.response.fields.as_deref().unwrap_or_default(), rest)
        }
        ["response", "name" | "description" | "status"]
        | ["response", "download" | "file", ..]
        | ["request", "upload", ..]
        | ["paging", ..] => Ok(()),
        ["objects", name] => (spec.objects.contains_key(*name)
            || shared.objects.contains_key(name))
        .then_some(())
        .ok_or_else(|| format!("there is no object `{name}`")),
        ["objects", name, "fields", rest @ ..] => {
            let object = spec
                .objects
                .get(*name)
                .or_else(|| shared.objects.get(name).map(|named| named.def));
            object_fields_target(object, name, rest)
        }
        ["enums", name, rest @ ..] => {
            let def = spec
                .enums
                .get(*name)
                .or_else(|| shared.enums.get(name).map(|named| named.def));
            enum_target(def, name, rest)
        }
        ["errors", code] => error_target(&spec.errors, code),
        ["errors"] | ["protocol_headers", ..] => Ok(()),
        _ => Err("unknown key path".into()),
    }
}

fn shared_errata_target(file: &SharedFile, at: &str) -> Result<(), String> {
    let parts: Vec<&str> = at.split('.').collect();
    match parts.as_slice() {
        ["errors"] => Ok(()),
        ["errors", code] => error_target(&file.errors, code),
        ["enums", name, rest @ ..] => enum_target(file.enums.get(*name), name, rest),
        ["objects", name] => file
            .objects
            .contains_key(*name)
            .then_some(())
            .ok_or_else(|| format!("there is no object `{name}`")),
        ["objects", name, "fields", rest @ ..] => {
            object_fields_target(file.objects.get(*name), name, rest)
        }
        ["formats", name] | ["formats", name, _] => file
            .formats
            .contains_key(*name)
            .then_some(())
            .ok_or_else(|| format!("there is no format `{name}`")),
        _ => Err("unknown key path".into()),
    }
}

/// `fields`, `fields.<name>` or `fields.<name>.<key>` of a table.
fn field_target(fields: &[FieldDef], rest: &[&str]) -> Result<(), String> {
    let (name, key) = match rest {
        [] => return Ok(()), // the whole table
        [name] => (*name, None),
        [name, key] => (*name, Some(*key)),
        _ => return Err("expected `fields.<name>` or `fields.<name>.<key>`".into()),
    };
    if !fields.iter().any(|f| f.name == name) {
        return Err(format!("there is no field `{name}`"));
    }
    match key {
        Some(key) if !FIELD_KEYS.contains(&key) => Err(format!("a field has no key `{key}`")),
        _ => Ok(()),
    }
}

fn object_fields_target(
    object: Option<&ObjectDef>,
    name: &str,
    rest: &[&str],
) -> Result<(), String> {
    let object = object.ok_or_else(|| format!("there is no object `{name}`"))?;
    field_target(&object.fields, rest)
}

/// `enums.<name>`, or one of its values (by its canonical spelling or an alias).
fn enum_target(def: Option<&EnumDef>, name: &str, rest: &[&str]) -> Result<(), String> {
    let def = def.ok_or_else(|| format!("there is no enum `{name}`"))?;
    match rest {
        [] => Ok(()),
        ["values", value] | ["values", value, "meaning" | "aliases" | "value"] => def
            .values
            .iter()
            .any(|v| v.value == *value || v.aliases.iter().any(|a| a == value))
            .then_some(())
            .ok_or_else(|| format!("the enum `{name}` has no value `{value}`")),
        _ => Err("expected `enums.<name>` or `enums.<name>.values.<VALUE>`".into()),
    }
}

fn error_target(rows: &[ErrorRow], code: &str) -> Result<(), String> {
    rows.iter()
        .any(|e| e.code == code)
        .then_some(())
        .ok_or_else(|| format!("the error table has no code `{code}`"))
}
