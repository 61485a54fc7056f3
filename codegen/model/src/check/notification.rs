//! One notification file built into its model: namespace and name, event types, the decrypted
//! resource and its local definitions.

use super::endpoint::{Context, build_definitions};
use super::resolve::{Resolver, Side};
use super::rules::{check_module_path, check_spec_name};
use super::shared::build_enum;
use crate::diagnostics::{FileReporter, SpecError};
use crate::load::{Parsed, SpecTree};
use crate::model::{Endpoint, Notification, Object, Scope};
use crate::names;
use crate::spec::{EnumBase, EnumDef, NotificationFile};

/// The model of one notification file; `index` is its place in the API's notifications.
pub(super) fn build(
    index: usize,
    file: &Parsed<NotificationFile>,
    context: &Context,
    report: &mut FileReporter,
) -> Notification {
    let spec = &file.value;
    let (namespace, name) = crate::load::namespace_and_stem(&file.relative);
    check_module_path(&namespace, &name, report);
    let resolver = Resolver {
        shared: context.shared,
        local_enums: &spec.enums,
        local_objects: &spec.objects,
        local_scope: Scope::Notification(index),
        default_unit: context.default_unit,
        errata: spec.errata.iter().map(|e| e.at.clone()).collect(),
        shared_dir: context.shared_dir,
        descriptions: spec.source.descriptions,
    };
    let resource_name = spec.resource.name.clone().unwrap_or_else(|| name.clone());
    check_spec_name(&resource_name, "resource.name", report);
    if spec.resource.original_type.trim().is_empty() {
        report.error(
            "resource.original_type",
            "name the `original_type` the resource arrives with",
        );
    }
    if spec.event_types.is_empty() {
        report.error("event_types", "list the `event_type` values the page gives");
    }
    // The event types are an enum like any other: string values, a catch-all for new ones.
    let event_types = EnumDef {
        title: format!("{} event type", spec.title),
        description: None,
        description_source: None,
        base: EnumBase::String,
        values: spec.event_types.clone(),
    };
    let mut event_type = build_enum(
        &format!("{resource_name}_event_type"),
        &event_types,
        "event_types",
        spec.source.descriptions,
        report,
    );
    event_type.title = "事件类型 (event_type)".to_owned();
    let resource = Object {
        rust_name: names::camel(&resource_name),
        name: resource_name,
        title: spec.title.clone(),
        description: spec.resource.description.clone(),
        description_source: spec.source.descriptions,
        fields: resolver.fields(
            &spec.resource.fields,
            "resource.fields",
            "resource.fields",
            Side::Data,
            report,
        ),
    };
    let definitions = build_definitions((&spec.enums, &spec.objects), &resolver, report);
    super::rules::check_source(&spec.source, report);
    Notification {
        spec_file: file.relative.clone(),
        namespace,
        name,
        title: spec.title.clone(),
        summary: spec.summary.clone(),
        source: super::endpoint::model_source(&spec.source),
        event_type,
        original_type: spec.resource.original_type.clone(),
        resource,
        about: spec.about.clone(),
        definitions,
        errata: spec.errata.clone(),
    }
}

/// A notification's `about` names the response, in its namespace, whose records it reports: the
/// mock sends it when one of them settles, so a name that matches none would never be sent.
pub(super) fn check_about(
    tree: &SpecTree,
    endpoints: &[Endpoint],
    notifications: &[Notification],
    errors: &mut Vec<SpecError>,
) {
    for (notification, file) in notifications.iter().zip(&tree.notifications) {
        let Some(about) = &notification.about else {
            continue;
        };
        let responses: Vec<&str> = endpoints
            .iter()
            .filter(|e| e.namespace == notification.namespace)
            .map(|e| e.response.name.as_str())
            .collect();
        if responses.contains(&about.as_str()) {
            continue;
        }
        let mut report = FileReporter::new(&file.path, &file.positions, errors);
        let known = if responses.is_empty() {
            "none: this namespace has no endpoints".to_owned()
        } else {
            responses.join(", ")
        };
        report.error(
            "about",
            format!(
                "no endpoint in `{}` answers with `{about}`: name one of its responses (known: {known})",
                notification.namespace.join("/"),
            ),
        );
    }
}
