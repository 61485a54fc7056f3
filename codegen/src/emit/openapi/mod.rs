//! The OpenAPI export: one document describing every endpoint and notification of the model.
//!
//! The document is built as JSON values from the model alone (never from YAML), with keys in
//! insertion order so that the same specs always give the same bytes. What OpenAPI has no place
//! for (errata, idempotency, polling, paging, provenance, encryption, the signature's details)
//! travels in `x-wechatpay-*` extensions, so nothing a spec says is lost.
//!
//! OpenAPI 3.1 is the default; [`Version::V3_0`] writes 3.0.3 for tools that read nothing newer,
//! moving what 3.0 cannot hold (webhooks, `contentSchema`) into extensions (`version.rs`).

mod document;
mod extensions;
mod names;
mod paths;
mod responses;
mod schemas;
mod security;
mod version;
mod webhooks;

use serde_json::Value;
use wechatpay_spec::model::Api;

pub use document::{BACKUP_SERVER, PRIMARY_SERVER};
pub use version::Version;

/// The OpenAPI document of `api` in `version`.
pub fn document(api: &Api, version: Version) -> Value {
    document::build(api, version)
}

/// The document as pretty-printed JSON text, ending with a newline: what is written to disk.
pub fn to_json(api: &Api, version: Version) -> String {
    // Printing a `Value` cannot fail (its keys are strings, its numbers finite); the fallback
    // only keeps this function free of a panic path.
    let mut text = serde_json::to_string_pretty(&document(api, version))
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    text.push('\n');
    text
}
