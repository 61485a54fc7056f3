//! One endpoint file built into its model: module path, request (fields, locations, one-of
//! groups), response, polling, local definitions, examples.

use std::collections::HashSet;

use super::errata::check_errata;
use super::resolve::{Resolver, Side};
use super::rules::{
    check_dates, check_error_rows, check_module_path, check_source, check_spec_name,
};
use super::shared::{SharedNames, build_enum, enum_value};
use crate::diagnostics::FileReporter;
use crate::load::Parsed;
use crate::model::{
    Definitions, Endpoint, Field, Object, OneOf, OneOfMember, Poll, Presence, Request, Scope,
    Source, Type,
};
use crate::names;
use crate::path::PathTemplate;
use crate::spec::{EndpointFile, FieldDef, LengthUnit, Location, OneOfDef, PollDef, Required};

/// What every endpoint of a tree is checked against.
pub(super) struct Context<'a> {
    /// What `shared/` defines.
    pub(super) shared: &'a SharedNames<'a>,
    /// How messages name the tree's shared directory.
    pub(super) shared_dir: &'a str,
    /// How lengths are counted unless a row says otherwise.
    pub(super) default_unit: LengthUnit,
}

/// The model of one endpoint file; `index` is its place in the API's endpoints, which local
/// definitions are referred to by.
pub(super) fn build(
    index: usize,
    file: &Parsed<EndpointFile>,
    context: &Context,
    report: &mut FileReporter,
) -> Endpoint {
    let spec = &file.value;
    let shared = context.shared;
    let (namespace, operation) = split_relative(&file.relative);
    check_module_path(&namespace, &operation, report);
    check_no_shadowing(spec, context, report);
    let resolver = Resolver {
        shared,
        local_enums: &spec.enums,
        local_objects: &spec.objects,
        local_scope: Scope::Endpoint(index),
        default_unit: context.default_unit,
        errata: spec.errata.iter().map(|e| e.at.clone()).collect(),
        shared_dir: context.shared_dir,
        descriptions: spec.source.descriptions,
    };
    check_errata(spec, shared, report);
    let path = PathTemplate::parse(&spec.path);
    if let Err(message) = &path {
        report.error("path", message.clone());
    }
    let request = build_request(spec, &operation, path.as_ref().ok(), &resolver, report);
    let response = build_response(spec, &operation, &resolver, report);
    let poll = spec
        .response
        .poll
        .as_ref()
        .and_then(|poll| check_poll(poll, &spec.response.fields, &response, &resolver, report));
    let definitions = build_definitions(spec, &resolver, report);
    check_error_rows(&spec.errors, report);
    check_dates(spec, report);
    check_source(spec, report);
    check_examples(spec, report);
    Endpoint {
        spec_file: file.relative.clone(),
        namespace,
        request,
        operation,
        title: spec.title.clone(),
        summary: spec.summary.clone(),
        method: spec.method,
        path: path.unwrap_or_else(|_| PathTemplate::unusable(&spec.path)),
        idempotent: spec.idempotent,
        signed_response: spec.signed_response,
        source: source(spec),
        protocol_headers: spec.protocol_headers.clone(),
        response,
        poll,
        definitions,
        errors: spec.errors.clone(),
        request_url_example: spec.examples.request_url.clone(),
        request_body_example: spec.examples.request_body.clone(),
        response_examples: spec
            .examples
            .responses
            .iter()
            .map(|e| (e.status, e.body.clone()))
            .collect(),
        errata: spec.errata.clone(),
    }
}

/// An endpoint's own enums and objects may not take a shared definition's name.
fn check_no_shadowing(spec: &EndpointFile, context: &Context, report: &mut FileReporter) {
    let shared = context.shared;
    let enums = spec
        .enums
        .keys()
        .filter(|n| shared.enums.contains_key(n.as_str()));
    let objects = spec
        .objects
        .keys()
        .filter(|n| shared.objects.contains_key(n.as_str()));
    for (kind, name) in enums
        .map(|n| ("enums", n))
        .chain(objects.map(|n| ("objects", n)))
    {
        report.error(
            format!("{kind}.{name}"),
            format!(
                "`{name}` is also defined in {}; use the shared one or rename this one",
                context.shared_dir
            ),
        );
    }
}

/// The request: its fields, where each goes, and its one-of groups.
fn build_request(
    spec: &EndpointFile,
    operation: &str,
    path: Option<&PathTemplate>,
    resolver: &Resolver,
    report: &mut FileReporter,
) -> Request {
    let mut fields = resolver.fields(
        &spec.request.fields,
        "request.fields",
        "request.fields",
        Side::Request,
        report,
    );
    check_locations(spec, path, &fields, report);
    let one_of = build_one_of(spec, &mut fields, report);
    Request {
        rust_name: format!("{}Request", names::camel(operation)),
        fields,
        one_of,
    }
}

/// The response, named by `response.name` or after the operation.
fn build_response(
    spec: &EndpointFile,
    operation: &str,
    resolver: &Resolver,
    report: &mut FileReporter,
) -> Object {
    let name = spec
        .response
        .name
        .clone()
        .unwrap_or_else(|| format!("{operation}_response"));
    check_spec_name(&name, "response.name", report);
    Object {
        rust_name: names::camel(&name),
        name,
        title: spec.title.clone(),
        description: spec.response.description.clone(),
        description_source: spec
            .response
            .description_source
            .unwrap_or(spec.source.descriptions),
        fields: resolver.fields(
            &spec.response.fields,
            "response.fields",
            "response.fields",
            Side::Data,
            report,
        ),
    }
}

/// The endpoint's own enums and objects, in name order (the order their indices count in).
fn build_definitions(
    spec: &EndpointFile,
    resolver: &Resolver,
    report: &mut FileReporter,
) -> Definitions {
    let mut definitions = Definitions::default();
    for (name, def) in &spec.enums {
        definitions.enums.push(build_enum(
            name,
            def,
            &format!("enums.{name}"),
            resolver.descriptions,
            report,
        ));
    }
    for (name, def) in &spec.objects {
        definitions
            .objects
            .push(resolver.object(name, def, &format!("objects.{name}"), report));
    }
    definitions
}

/// Example responses are kept as printed, so they must at least be JSON.
fn check_examples(spec: &EndpointFile, report: &mut FileReporter) {
    for (i, example) in spec.examples.responses.iter().enumerate() {
        if let Err(error) = serde_json::from_str::<serde_json::Value>(&example.body) {
            report.error(
                format!("examples.responses[{i}].body"),
                format!("the example is not valid JSON ({error}); keep it as printed and fix only transcription slips"),
            );
        }
    }
}

fn source(spec: &EndpointFile) -> Source {
    let source = &spec.source;
    Source {
        document: source.document.clone(),
        url: source.url.clone(),
        from: source.from.clone(),
        applicable_to: source.applicable_to.clone(),
        updated: source.updated.clone(),
        version: source.version.clone(),
        history: source.history.clone(),
        notes: source.notes.clone(),
        descriptions: source.descriptions,
    }
}

/// `response.poll` names an enum field of the response and values of that enum.
fn check_poll(
    poll: &PollDef,
    defs: &[FieldDef],
    response: &Object,
    resolver: &Resolver,
    report: &mut FileReporter,
) -> Option<Poll> {
    let Some(index) = response
        .fields
        .iter()
        .position(|f| f.wire_name == poll.field)
    else {
        report.error(
            "response.poll.field",
            format!("the response has no field `{}`", poll.field),
        );
        return None;
    };
    let enum_name = defs.get(index).and_then(|def| def.enum_name.as_deref());
    let (Type::Enum(enum_ref), Some(name)) = (&response.fields[index].ty, enum_name) else {
        report.error(
            "response.poll.field",
            format!(
                "`{}` is not an enum field; polling watches an enum's values",
                poll.field
            ),
        );
        return None;
    };
    let (_, def) = resolver.enum_ref(name)?;
    let mut pending = Vec::new();
    for (i, value) in poll.pending.iter().enumerate() {
        match def.values.iter().find(|v| &v.value == value) {
            Some(known) => pending.push(enum_value(known)),
            None => report.error(
                format!("response.poll.pending[{i}]"),
                format!("`{value}` is not a value of the enum `{name}`"),
            ),
        }
    }
    if poll.pending.is_empty() {
        report.error("response.poll.pending", "name at least one pending value");
    }
    Some(Poll {
        field: index,
        enum_ref: enum_ref.clone(),
        pending,
    })
}

/// `ecommerce/profitsharing/query_order.yaml` → (`[ecommerce, profitsharing]`, `query_order`).
fn split_relative(relative: &str) -> (Vec<String>, String) {
    let mut parts: Vec<String> = relative.split('/').map(str::to_owned).collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file
        .rsplit_once('.')
        .map_or(file.as_str(), |(stem, _)| stem)
        .to_owned();
    (parts, stem)
}

/// Where each request field goes. Path parameters are matched with the template only when it
/// parsed (a broken one is reported once, at `path`).
fn check_locations(
    spec: &EndpointFile,
    path: Option<&PathTemplate>,
    fields: &[Field],
    report: &mut FileReporter,
) {
    for name in path.into_iter().flat_map(PathTemplate::params) {
        if !fields
            .iter()
            .any(|f| f.wire_name == *name && f.location == Some(Location::Path))
        {
            report.error(
                "path",
                format!("the path has `{{{name}}}` but no request field `{name}` with `in: path`"),
            );
        }
    }
    for (i, field) in fields.iter().enumerate() {
        let at = format!("request.fields[{i}]");
        match field.location {
            Some(Location::Path) => {
                if path.is_some_and(|path| !path.has_param(&field.wire_name)) {
                    report.error(
                        format!("{at}.in"),
                        format!(
                            "`{}` is a path parameter, but the path has no `{{{}}}`",
                            field.wire_name, field.wire_name
                        ),
                    );
                }
                if field.presence != Presence::Required {
                    report.error(
                        format!("{at}.required"),
                        "a path parameter is always required",
                    );
                }
            }
            Some(Location::Body) if spec.method.has_no_body() => {
                report.error(
                    format!("{at}.in"),
                    format!(
                        "a {} request has no body; send this field in the query",
                        spec.method.as_str()
                    ),
                );
            }
            Some(Location::Query | Location::Header)
                if !matches!(
                    field.ty,
                    Type::String | Type::Integer | Type::Bool | Type::Enum(_)
                ) =>
            {
                report.error(
                    format!("{at}.type"),
                    "only strings, integers, booleans and enums can travel in a query or a header",
                );
            }
            _ => {}
        }
    }
}

/// Builds the request's one-of groups and makes each member's presence [`Presence::OneOf`].
/// `fields` are the request's fields in the order of `spec.request.fields`.
fn build_one_of(
    spec: &EndpointFile,
    fields: &mut [Field],
    report: &mut FileReporter,
) -> Vec<OneOf> {
    let says_one_of = |index: usize| {
        spec.request
            .fields
            .get(index)
            .is_some_and(|def| def.required == Required::OneOf)
    };
    let mut groups = Vec::new();
    let mut group_names = HashSet::new();
    for (g, group) in spec.request.one_of.iter().enumerate() {
        let at = format!("request.one_of[{g}]");
        check_group(group, &at, fields, &mut group_names, report);
        let mut members = Vec::new();
        for (m, member) in group.members.iter().enumerate() {
            let member_at = format!("{at}.members[{m}]");
            let Some(index) = fields.iter().position(|f| f.wire_name == *member) else {
                report.error(
                    member_at,
                    format!("the group names `{member}`, which is not a request field"),
                );
                continue;
            };
            if matches!(fields[index].presence, Presence::OneOf(_)) {
                report.error(
                    member_at,
                    format!("`{member}` is already a member of another group"),
                );
            } else if says_one_of(index) {
                fields[index].presence = Presence::OneOf(g);
                members.push(OneOfMember {
                    field: index,
                    variant: names::camel(&fields[index].rust_name),
                });
            } else {
                report.error(
                    member_at,
                    format!("`{member}` is a group member, so its `required` must be `one_of`"),
                );
            }
        }
        members.sort_unstable_by_key(|member| member.field);
        groups.push(OneOf {
            name: group.name.clone(),
            rust_name: names::camel(&group.name),
            description: group.description.clone(),
            description_source: group.description_source.unwrap_or(spec.source.descriptions),
            members,
        });
    }
    for (i, field) in fields.iter().enumerate() {
        if says_one_of(i) && !matches!(field.presence, Presence::OneOf(_)) {
            report.error(
                format!("request.fields[{i}].required"),
                format!(
                    "`{}` says `required: one_of` but no group in `request.one_of` names it",
                    field.wire_name
                ),
            );
        }
    }
    groups
}

/// A group's name is snake_case, unique, and no field's; it has at least two members.
fn check_group<'a>(
    group: &'a OneOfDef,
    at: &str,
    fields: &[Field],
    group_names: &mut HashSet<&'a str>,
    report: &mut FileReporter,
) {
    check_spec_name(&group.name, &format!("{at}.name"), report);
    if !group_names.insert(group.name.as_str()) {
        report.error(
            format!("{at}.name"),
            format!("the group `{}` is defined twice", group.name),
        );
    }
    if fields.iter().any(|f| f.rust_name == group.name) {
        report.error(
            format!("{at}.name"),
            format!(
                "`{}` is also a request field; the group becomes a field too, so name it apart",
                group.name
            ),
        );
    }
    if group.members.len() < 2 {
        report.error(
            format!("{at}.members"),
            "a one-of group names at least two fields",
        );
    }
}
