//! Every erratum's `at` names something in its file, or a shared definition the file uses.

use super::shared::SharedNames;
use crate::diagnostics::FileReporter;
use crate::spec::{EndpointFile, FieldDef};

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

fn errata_target(spec: &EndpointFile, shared: &SharedNames, at: &str) -> Result<(), String> {
    let parts: Vec<&str> = at.split('.').collect();
    let field_in = |fields: &[FieldDef], rest: &[&str]| -> Result<(), String> {
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
    };
    match parts.as_slice() {
        ["page"] | ["source", ..] | ["examples", ..] | ["path"] | ["method"] | ["title"] => Ok(()),
        ["request" | "response"] => Ok(()),
        ["request", "fields", rest @ ..] => field_in(&spec.request.fields, rest),
        ["request", "one_of", name] => spec
            .request
            .one_of
            .iter()
            .any(|g| g.name == *name)
            .then_some(())
            .ok_or_else(|| format!("there is no one-of group `{name}`")),
        ["response", "fields", rest @ ..] => field_in(&spec.response.fields, rest),
        ["response", "name" | "description"] => Ok(()),
        ["objects", name] => (spec.objects.contains_key(*name)
            || shared.objects.contains_key(name))
        .then_some(())
        .ok_or_else(|| format!("there is no object `{name}`")),
        ["objects", name, "fields", rest @ ..] => {
            let fields = spec
                .objects
                .get(*name)
                .or_else(|| shared.objects.get(name).map(|named| named.def))
                .map(|o| o.fields.as_slice())
                .ok_or_else(|| format!("there is no object `{name}`"))?;
            field_in(fields, rest)
        }
        ["enums", name, rest @ ..] => {
            let def = spec
                .enums
                .get(*name)
                .or_else(|| shared.enums.get(name).map(|named| named.def))
                .ok_or_else(|| format!("there is no enum `{name}`"))?;
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
        ["errors", code] => spec
            .errors
            .iter()
            .any(|e| e.code == *code)
            .then_some(())
            .ok_or_else(|| format!("the error table has no code `{code}`")),
        ["errors"] | ["protocol_headers", ..] => Ok(()),
        _ => Err("unknown key path".into()),
    }
}
