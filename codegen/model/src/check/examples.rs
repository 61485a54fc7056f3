//! A page's request-body example against the request it illustrates, on the built model: a key
//! the request does not have, a required field missing or a value that does not fit is an error,
//! unless an erratum (`at: examples.request_body`) records that the page prints it so.

use crate::diagnostics::{FileReporter, SpecError};
use crate::load::SpecTree;
use crate::model::Api;
use crate::values;

/// The erratum key that excuses a request-body example.
const AT: &str = "examples.request_body";

/// Every check that needs the resolved model: request and response examples, and objects with
/// encrypted fields.
pub(super) fn check_all(api: &Api, tree: &SpecTree, errors: &mut Vec<SpecError>) {
    check_request_bodies(api, tree, errors);
    check_response_bodies(api, tree, errors);
    check_encrypted_objects(api, tree, errors);
}

fn check_request_bodies(api: &Api, tree: &SpecTree, errors: &mut Vec<SpecError>) {
    for (endpoint, file) in api.endpoints.iter().zip(&tree.endpoints) {
        let Some(example) = &endpoint.request_body_example else {
            continue;
        };
        let mut report = FileReporter::new(&file.path, &file.positions, errors);
        let excused = endpoint.errata.iter().any(|erratum| erratum.at == AT);
        let body: serde_json::Value = match serde_json::from_str(example) {
            Ok(body) => body,
            Err(error) => {
                report.error(AT, format!("the example is not valid JSON ({error})"));
                continue;
            }
        };
        if let Err(misfit) = values::check_request_body(api, endpoint, &body)
            && !excused
        {
            let at = if misfit.path.is_empty() {
                String::new()
            } else {
                format!(" at `{}`", misfit.path)
            };
            report.error(
                AT,
                format!(
                    "the example does not fit the request{at}: {}; correct the transcription, or \
                     keep it as printed and record an erratum with `at: {AT}`",
                    misfit.issue
                ),
            );
        }
    }
}

/// Where an erratum excuses a response example that does not fit.
const RESPONSES_AT: &str = "examples.responses";

/// Every success example of every endpoint fits its response (each required field present,
/// each present one of its type and rules), unless an erratum at `examples.responses` keeps it
/// as printed.
fn check_response_bodies(api: &Api, tree: &SpecTree, errors: &mut Vec<SpecError>) {
    for (endpoint, file) in api.endpoints.iter().zip(&tree.endpoints) {
        if endpoint
            .errata
            .iter()
            .any(|erratum| erratum.at == RESPONSES_AT)
        {
            continue;
        }
        let mut report = FileReporter::new(&file.path, &file.positions, errors);
        for (index, (status, body)) in endpoint.response_examples.iter().enumerate() {
            if !(200..300).contains(status) || body.trim().is_empty() {
                continue;
            }
            // Not JSON is reported where examples are read.
            let Ok(body) = serde_json::from_str::<serde_json::Value>(body) else {
                continue;
            };
            if let Err(misfit) = values::check_response_body(api, endpoint, &body) {
                let at = if misfit.path.is_empty() {
                    String::new()
                } else {
                    format!(" at `{}`", misfit.path)
                };
                report.error(
                    format!("{RESPONSES_AT}[{index}].body"),
                    format!(
                        "the example does not fit the response{at}: {}; correct the \
                         transcription, or keep it as printed and record an erratum with \
                         `at: {RESPONSES_AT}`",
                        misfit.issue
                    ),
                );
            }
        }
    }
}

/// An object with encrypted fields is written by callers (plaintext, encrypted when sent) or read
/// from answers (ciphertext, decrypted on demand), not both: one Rust type cannot hold both.
fn check_encrypted_objects(api: &Api, tree: &SpecTree, errors: &mut Vec<SpecError>) {
    let sent = api.request_objects();
    for (endpoint, file) in api.endpoints.iter().zip(&tree.endpoints) {
        let mut pending: Vec<&crate::model::Type> =
            endpoint.response.fields.iter().map(|f| &f.ty).collect();
        let mut seen = std::collections::HashSet::new();
        while let Some(ty) = pending.pop() {
            match ty {
                crate::model::Type::Array(item) => pending.push(item),
                crate::model::Type::Object(reference) if seen.insert(reference.clone()) => {
                    let Some(object) = api.object_def(reference) else {
                        continue;
                    };
                    let encrypted = object.fields.iter().any(|f| f.encrypted.is_some());
                    if encrypted && sent.contains(reference) {
                        FileReporter::new(&file.path, &file.positions, errors).error(
                            "response.fields",
                            format!(
                                "the object `{}` has encrypted fields and stands in a request \
                                 and in this answer; define one object for each side",
                                object.name
                            ),
                        );
                    }
                    pending.extend(object.fields.iter().map(|f| &f.ty));
                }
                _ => {}
            }
        }
    }
}
