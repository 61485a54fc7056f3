//! The shared module in two versions: the variants of `shared::ErrorCode` and which shared
//! types exist. A shared type's contents are compared where fields use it, under each
//! endpoint, so that each change is judged by how it is used there.

use crate::model::{Api, Definitions};

use super::record::{At, Recorder};
use super::report::{Kind, Subject, SubjectKind};
use super::rules;

/// Records the codes `shared::ErrorCode` gains or loses, and the shared types that appear or
/// are gone.
pub fn compare(old: &Api, new: &Api, out: &mut Recorder) {
    error_codes(old, new, out);
    let (was, is) = (type_names(&old.shared), type_names(&new.shared));
    for name in was.iter().filter(|name| !is.contains(name)) {
        record_type(name, false, out);
    }
    for name in is.iter().filter(|name| !was.contains(name)) {
        record_type(name, true, out);
    }
}

fn error_codes(old: &Api, new: &Api, out: &mut Recorder) {
    let subject = Subject {
        kind: SubjectKind::Shared,
        name: "shared::ErrorCode".to_owned(),
    };
    let at = At {
        subject: &subject,
        side: None,
        path: None,
    };
    let (was, is) = (old.error_codes(), new.error_codes());
    let words = |code: &str, variant: &str| Some(format!("{code} as ErrorCode::{variant}"));
    for code in was.iter().filter(|c| !is.iter().any(|n| n.code == c.code)) {
        let verdict = rules::error_code_variant(false);
        let old = words(code.code, &code.rust_name);
        out.record(at, Kind::ErrorCodeRemoved, (old, None), verdict);
    }
    for code in is.iter().filter(|c| !was.iter().any(|o| o.code == c.code)) {
        let verdict = rules::error_code_variant(true);
        let new = words(code.code, &code.rust_name);
        out.record(at, Kind::ErrorCodeAdded, (None, new), verdict);
    }
}

/// The Rust names of a module's enums and objects, sorted.
fn type_names(definitions: &Definitions) -> Vec<String> {
    let mut names: Vec<String> = definitions
        .enums
        .iter()
        .map(|e| e.rust_name.clone())
        .chain(definitions.objects.iter().map(|o| o.rust_name.clone()))
        .collect();
    names.sort();
    names.dedup();
    names
}

fn record_type(name: &str, added: bool, out: &mut Recorder) {
    let subject = Subject {
        kind: SubjectKind::Shared,
        name: format!("shared::{name}"),
    };
    let at = At {
        subject: &subject,
        side: None,
        path: None,
    };
    let (kind, words) = if added {
        (Kind::SharedTypeAdded, (None, Some(name.to_owned())))
    } else {
        (Kind::SharedTypeRemoved, (Some(name.to_owned()), None))
    };
    out.record(at, kind, words, rules::shared_type(added));
}
