//! One endpoint file built into its model: module path, request (fields, locations, one-of
//! groups), response, polling, local definitions, examples.

use std::collections::{BTreeMap, HashSet};

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
use crate::spec::{
    EndpointFile, EnumDef, FieldDef, LengthUnit, Location, ObjectDef, OneOfDef, PollDef, Required,
};

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
    let (namespace, operation) = crate::load::namespace_and_stem(&file.relative);
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
    let (success_status, empty_response) = check_success(spec, report);
    let poll = spec.response.poll.as_ref().and_then(|poll| {
        let defs = spec.response.fields.as_deref().unwrap_or_default();
        check_poll(poll, defs, &response, &resolver, report)
    });
    let paging = spec
        .paging
        .as_ref()
        .and_then(|paging| super::paging::check(paging, &request, &response, report));
    let download = super::files::check_download(spec, &request.fields, &response, report);
    let definitions = build_definitions((&spec.enums, &spec.objects), &resolver, report);
    check_error_rows(&spec.errors, report);
    check_dates(spec, report);
    check_source(&spec.source, report);
    check_examples(spec, report);
    super::import_notes::check_import_notes(&spec.import_notes, report);
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
        success_status,
        empty_response,
        response,
        paging,
        download,
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
    let upload = super::files::check_upload(spec, &fields, report);
    Request {
        rust_name: format!("{}Request", names::camel(operation)),
        fields,
        one_of,
        upload,
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
            spec.response.fields.as_deref().unwrap_or_default(),
            "response.fields",
            "response.fields",
            Side::Data,
            report,
        ),
    }
}

/// The documented success status, and whether the answer has no body: a 204 never has one, and
/// a response listing no `fields` has none either.
fn check_success(spec: &EndpointFile, report: &mut FileReporter) -> (u16, bool) {
    let response = &spec.response;
    let status = response.status.unwrap_or(200);
    if !matches!(status, 200 | 201 | 202 | 204) {
        report.error(
            "response.status",
            format!(
                "{status} is not a success status this format describes (200, 201, 202 or 204)"
            ),
        );
    }
    // A file answer has a body, though not JSON fields.
    let empty = response.fields.is_none() && response.file.is_none();
    if status == 204 && !empty {
        report.error(
            "response.fields",
            "a 204 answer has no body; drop `fields` (or correct the status)",
        );
    }
    if empty {
        let needs_body = [
            (
                response.name.is_some(),
                "response.name",
                "an answer without a body has no type to name; drop `name`",
            ),
            (
                response.poll.is_some(),
                "response.poll",
                "polling reads a field of the answer, and this answer has no body",
            ),
            (
                spec.paging.is_some(),
                "paging",
                "paging reads the items of the answer, and this answer has no body",
            ),
        ];
        for (wrong, at, message) in needs_body {
            if wrong {
                report.error(at, message);
            }
        }
        for (i, example) in spec.examples.responses.iter().enumerate() {
            if (200..300).contains(&example.status) && !example.body.trim().is_empty() {
                report.error(
                    format!("examples.responses[{i}].body"),
                    "the answer has no body (the response lists no `fields`), yet this success example has one",
                );
            }
        }
    }
    (status, empty)
}

/// A file's own enums and objects (an endpoint's, a notification's), in name order (the order
/// their indices count in).
pub(super) fn build_definitions(
    (enums, objects): (&BTreeMap<String, EnumDef>, &BTreeMap<String, ObjectDef>),
    resolver: &Resolver,
    report: &mut FileReporter,
) -> Definitions {
    let mut definitions = Definitions::default();
    for (name, def) in enums {
        definitions.enums.push(build_enum(
            name,
            def,
            &format!("enums.{name}"),
            resolver.descriptions,
            report,
        ));
    }
    for (name, def) in objects {
        definitions
            .objects
            .push(resolver.object(name, def, &format!("objects.{name}"), report));
    }
    definitions
}

/// Example responses are kept as printed, so they must at least be JSON.
fn check_examples(spec: &EndpointFile, report: &mut FileReporter) {
    for (i, example) in spec.examples.responses.iter().enumerate() {
        if example.body.trim().is_empty() && spec.response.fields.is_none() {
            continue;
        }
        if let Err(error) = serde_json::from_str::<serde_json::Value>(&example.body) {
            report.error(
                format!("examples.responses[{i}].body"),
                format!("the example is not valid JSON ({error}); keep it as printed and fix only transcription slips"),
            );
        }
    }
}

fn source(spec: &EndpointFile) -> Source {
    model_source(&spec.source)
}

/// A page's provenance, as the model keeps it.
pub(super) fn model_source(source: &crate::spec::Source) -> Source {
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
    let (Type::Enum(enum_ref) | Type::IntegerEnum(enum_ref), Some(name)) =
        (&response.fields[index].ty, enum_name)
    else {
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
            .any(|f| f.wire_name == *name && f.is_in(Location::Path))
        {
            report.error(
                "path",
                format!("the path has `{{{name}}}` but no request field `{name}` with `in: path`"),
            );
        }
    }
    for field in fields {
        for location in field.location.iter().chain(&field.also_in) {
            let row = spec
                .request
                .fields
                .iter()
                .position(|def| def.name == field.wire_name && def.location == Some(*location));
            let at = format!("request.fields[{}]", row.unwrap_or_default());
            check_location(spec, path, field, *location, &at, report);
        }
    }
}

/// One place a request field is sent: the path needs it there and requires it, a GET has no
/// body, and a query or header carries scalars and times only.
fn check_location(
    spec: &EndpointFile,
    path: Option<&PathTemplate>,
    field: &Field,
    location: Location,
    at: &str,
    report: &mut FileReporter,
) {
    match location {
        Location::Path => {
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
            if !matches!(
                field.ty,
                Type::String
                    | Type::Integer
                    | Type::UnsignedInteger
                    | Type::Enum(_)
                    | Type::IntegerEnum(_)
            ) {
                report.error(
                    format!("{at}.type"),
                    "a path parameter is a string, an integer or an enum",
                );
            }
        }
        Location::Body if spec.method.has_no_body() => {
            report.error(
                format!("{at}.in"),
                format!(
                    "a {} request has no body; send this field in the query",
                    spec.method.as_str()
                ),
            );
        }
        Location::Query | Location::Header if !travels_as_text(&field.ty, location) => {
            report.error(
                format!("{at}.type"),
                "only strings, integers, booleans and enums can travel in a query or a header \
                 (and times, as RFC 3339 text, in a query)",
            );
        }
        _ => {}
    }
}

/// Whether a value of `ty` can be written as the text of a query parameter or a header: a
/// scalar, or (in the query only) a time.
fn travels_as_text(ty: &Type, location: Location) -> bool {
    match ty {
        Type::String
        | Type::Integer
        | Type::UnsignedInteger
        | Type::Bool
        | Type::Enum(_)
        | Type::IntegerEnum(_) => true,
        Type::DateTime => location == Location::Query,
        _ => false,
    }
}

/// Builds the request's one-of groups and makes each member's presence [`Presence::OneOf`].
/// `fields` are the request's fields, one per wire name, in the order their first rows stand.
fn build_one_of(
    spec: &EndpointFile,
    fields: &mut [Field],
    report: &mut FileReporter,
) -> Vec<OneOf> {
    let row_of = |wire: &str| spec.request.fields.iter().position(|def| def.name == wire);
    let says_one_of = |wire: &str| {
        row_of(wire)
            .and_then(|row| spec.request.fields.get(row))
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
            } else if says_one_of(member) {
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
    for field in fields.iter() {
        if says_one_of(&field.wire_name) && !matches!(field.presence, Presence::OneOf(_)) {
            report.error(
                format!(
                    "request.fields[{}].required",
                    row_of(&field.wire_name).unwrap_or_default()
                ),
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
