//! What changed between two versions of a spec, and what each change costs the users of the
//! generated crate.
//!
//! [`compare`] reads two checked models (never YAML), so that a change is judged by what the
//! generator makes of it: two spellings of the same table compare equal, and a change to a
//! shared enum shows under every field that uses it, judged by that use.
//!
//! # What is compared
//!
//! - Endpoints, matched by `METHOD /path`: added, removed, moved to another namespace or
//!   operation name; idempotency; the kind of answer (JSON, no body, a file) and the response
//!   type's name; the helper methods (`_items`, `_until_final`, `_to_path`); uploads.
//! - Fields of requests, responses and notification resources, matched by wire name, and of
//!   the objects they reach, named by path (`receivers[].amount`): added, removed, renamed in
//!   Rust; required, optional or one-of (with the group and its variant); location; type;
//!   length, charset and pattern, of the field and of an array's items; encryption; JSON text.
//! - Enum values of the enums fields use: added, removed, renamed variants, spellings
//!   (canonical and aliases). A value is the same value when it keeps its canonical spelling,
//!   or shares any spelling with the other.
//! - Error codes: each endpoint's own table, and the variants of `shared::ErrorCode`.
//! - Notifications, matched by module path: added, removed, `original_type`, event types and
//!   the resource's fields. Shared types: added or removed.
//!
//! Titles, descriptions, examples, errata and sources are documentation: they change the
//! generated docs and nothing else, and are not listed.
//!
//! # What breaks
//!
//! Callers build what is sent (through `new` and setters) and read what is answered (structs
//! that are `non_exhaustive`, never checked against limits); enums are `non_exhaustive` and
//! keep unknown values. So:
//!
//! | change | sent (request) | read (answer) |
//! |---|---|---|
//! | endpoint, notification or shared type added / removed | minor / **major** | minor / **major** |
//! | endpoint moved (namespace, operation), response type renamed, answer kind (JSON, none, file) changed | **major** | **major** |
//! | helper method (`_items`, `_until_final`, `_to_path`) added / removed | minor / **major** | minor / **major** |
//! | field added | **major** when required or in a new one-of group, minor when optional or a new choice of a group | minor |
//! | field removed, renamed, or its type changed | **major** | **major** |
//! | required ↔ optional ↔ one-of | **major** (`new` changes) | **major** (`Option` appears or goes) |
//! | length, charset, pattern (or an encrypted field's limit) tightened, or moved both ways | **major** | patch |
//! | ... loosened | patch | patch |
//! | location (path, query, header, body) | patch | |
//! | encrypted ↔ plain | **major** (`SecretString`) | **major** (`Encrypted`) |
//! | JSON text gained / lost or of another type | minor / **major** | minor / **major** |
//! | enum value added / removed / variant renamed | minor / **major** / **major** | minor / **major** / **major** |
//! | canonical spelling changed, alias added | patch | patch |
//! | a spelling no longer read | patch | **major** (reads as `Unknown`) |
//! | idempotent → not / not → idempotent | **major** / patch | |
//! | upload added or removed; its limits tightened / loosened | **major**; **major** / patch | |
//! | `original_type` of a notification changed | | **major** |
//! | error code in an endpoint's table added or removed | patch | |
//! | `ErrorCode` variant added / removed | minor / **major** | |
//!
//! An object reached from both a request and an answer is judged by both columns; the
//! costlier wins. `rules.rs` holds each rule and its reason.
//!
//! # Which release
//!
//! Each change calls for a [`Bump`]: major for a breaking change, minor for new API, patch for
//! a change of behaviour only. Before 1.0, Cargo treats `0.x` as the major version, so
//! [`Bump::before_1_0`] shifts each level down one place: a breaking change of `0.3.2` needs
//! `0.4.0`, anything else `0.3.3`.
//!
//! # As JSON
//!
//! [`Report`] serializes as
//!
//! ```json
//! {
//!   "breaking": true,
//!   "bump": "major",
//!   "bump_before_1_0": "minor",
//!   "changes": [
//!     {
//!       "subject": { "kind": "endpoint", "name": "GET /v3/ecommerce/profitsharing/orders" },
//!       "side": "response",
//!       "path": "receivers[].type",
//!       "kind": "field_added",
//!       "old": null,
//!       "new": "optional enum ReceiverType (string[1,32])",
//!       "breaking": false,
//!       "bump": "minor",
//!       "reason": "a new answer field: ..."
//!     }
//!   ]
//! }
//! ```
//!
//! `subject.kind` is `endpoint`, `notification` or `shared`; `side` is `request`, `response`,
//! `resource`, `event_types`, `errors` or null; `kind` is one of [`Kind`]'s names in
//! snake_case; `bump` is `none`, `patch`, `minor` or `major`. Fields are only ever added to
//! this shape.

mod endpoints;
mod enums;
mod fields;
mod limits;
mod notifications;
mod record;
mod report;
mod rules;
mod shared;
mod types;

use std::collections::HashSet;

use crate::model::{Api, TypeRef};

pub use report::{Bump, Change, Kind, Report, Side, Subject, SubjectKind};

/// The two models, and what is worked out once about each.
struct Models<'a> {
    old: &'a Api,
    new: &'a Api,
    /// The objects a request reaches in the old model: they have constructors.
    old_request_objects: HashSet<TypeRef>,
    /// The same in the new model.
    new_request_objects: HashSet<TypeRef>,
}

/// Every change from `old` to `new`, each with its verdict.
pub fn compare(old: &Api, new: &Api) -> Report {
    let models = Models {
        old,
        new,
        old_request_objects: old.request_objects(),
        new_request_objects: new.request_objects(),
    };
    let mut out = record::Recorder::default();
    endpoints::compare_endpoints(&models, &mut out);
    notifications::compare(&models, &mut out);
    shared::compare(old, new, &mut out);
    Report::new(out.changes)
}
