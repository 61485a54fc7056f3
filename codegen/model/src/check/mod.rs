//! Checks parsed spec files and builds the [`Api`] model from them.
//!
//! Every problem is collected (not just the first), each located at its key path; the model is
//! returned only when there are none. The checks are split by what they look at:
//!
//! - `shared`: the definitions of `shared/` (the tree's own and, for a user's tree, the
//!   project's), their names and indices, enums, formats and public error rows;
//! - `resolve`: one table of fields resolved against the names a file can see;
//! - `endpoint`: one endpoint file built into its model, request and response;
//! - `errata`: every erratum names something in its file;
//! - `examples`: request-body examples fit the request, checked on the built model;
//! - `rules`: naming and table rules (snake_case names, unique Rust names per module, error
//!   rows, dates);
//! - `import_notes`: a draft from `wechatpay-codegen import` passes only once every question
//!   it left is settled.

mod endpoint;
mod errata;
mod examples;
mod files;
mod import_notes;
mod notification;
mod paging;
mod resolve;
mod rules;
mod shared;
mod value;

use crate::diagnostics::{FileReporter, SpecError, SpecErrors};
use crate::load::SpecTree;
use crate::model::{Api, Definitions, Endpoint, Notification, Scope};
use crate::spec::ErrorRow;

use self::shared::{SharedNames, build_shared};

/// Checks `tree` and builds the model. With a `base` (the project's own spec), the tree may use
/// the base's shared definitions and settings; references to them point into the base crate.
pub fn check(tree: &SpecTree, base: Option<&SpecTree>) -> Result<Api, SpecErrors> {
    let mut errors = Vec::new();
    let base_settings = base.and_then(|b| b.settings.as_ref());
    let Some(settings) = tree.settings.as_ref().or(base_settings) else {
        return Err(SpecErrors(vec![SpecError::in_file(
            "settings.yaml",
            "missing: the spec directory needs a settings.yaml",
        )]));
    };
    let default_unit = settings.value.length_unit;

    let shared_names = SharedNames::collect(tree, base, &mut errors);
    let tree_shared_dir = shared_dir(&tree.root);
    let (shared, mut common_errors) = build_shared(
        &tree.shared,
        &shared_names,
        (Scope::Shared, &tree_shared_dir),
        default_unit,
        &mut errors,
    );
    // A user's tree may use the base's definitions (looked up, never emitted again) and answers
    // with the base's public error codes too.
    let (base_definitions, base_errors) = match base {
        Some(base) => build_shared(
            &base.shared,
            &shared_names,
            (Scope::Base, &shared_dir(&base.root)),
            base_settings.map_or(default_unit, |s| s.value.length_unit),
            &mut errors,
        ),
        None => (Definitions::default(), Vec::new()),
    };
    for row in base_errors {
        if !common_errors
            .iter()
            .any(|known: &ErrorRow| known.code == row.code)
        {
            common_errors.push(row);
        }
    }

    let context = endpoint::Context {
        shared: &shared_names,
        shared_dir: &tree_shared_dir,
        default_unit,
    };
    let endpoints: Vec<Endpoint> = tree
        .endpoints
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let mut report = FileReporter::new(&file.path, &file.positions, &mut errors);
            endpoint::build(index, file, &context, &mut report)
        })
        .collect();
    let notifications: Vec<Notification> = tree
        .notifications
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let mut report = FileReporter::new(&file.path, &file.positions, &mut errors);
            notification::build(index, file, &context, &mut report)
        })
        .collect();
    rules::check_namespace_names(tree, &endpoints, &notifications, &mut errors);
    notification::check_about(tree, &endpoints, &notifications, &mut errors);

    if !errors.is_empty() {
        return Err(in_file_order(errors));
    }
    let api = Api {
        length_unit: default_unit,
        length_unit_reason: settings.value.length_unit_reason.clone(),
        shared,
        base: base_definitions,
        common_errors,
        endpoints,
        notifications,
    };
    // Examples are checked against the resolved model, once every name resolves.
    examples::check_all(&api, tree, &mut errors);
    if errors.is_empty() {
        Ok(api)
    } else {
        Err(in_file_order(errors))
    }
}

/// The errors by file, then by position in it: the order an editor walks them.
fn in_file_order(mut errors: Vec<SpecError>) -> SpecErrors {
    errors.sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
    SpecErrors(errors)
}

/// How messages name a tree's shared definitions: `spec/shared/`, or a user's `my-specs/shared/`.
fn shared_dir(root: &std::path::Path) -> String {
    let root = root.display().to_string();
    format!("{}/shared/", root.trim_end_matches('/'))
}
