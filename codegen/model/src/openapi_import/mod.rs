//! Spec drafts from an OpenAPI 3.0 / 3.1 or Swagger 2.0 document, in YAML or JSON
//! (`wechatpay-codegen import-openapi FILE`).
//!
//! The document is read whole (`document`: size, nesting and syntax checked, every error
//! located), then each operation becomes one endpoint file laid out like its path, or at the
//! spec file our own export names in `x-wechatpay-spec-file`; each webhook our export wrote
//! becomes a notification file; component schemas become shared definitions, and the
//! spec-wide settings come from the document's extensions (`files`).
//!
//! Schemas are read by `schema` (a value's type and rules) and `fields` (rows and objects):
//! where the document carries our `x-wechatpay-*` extensions (the names in
//! [`crate::openapi_ext`]) they decide, so an exported document imports back to the specs it
//! was written from; without them the keywords of JSON Schema decide, and whatever they leave
//! open (a number read as a decimal, an enum without meanings, a pattern's anchoring, missing
//! titles) becomes an `import_notes` entry, the key the page importer writes and the checker
//! refuses until a person settles it. What the spec format cannot hold at all (a `oneOf` of
//! shapes, a cookie parameter, an XML body) is left out of the draft and listed in the
//! operation's [`OperationReport`].
//!
//! `$ref`s are followed inside the document only (`refs`): an external one is reported, never
//! fetched, and a chain that loops is reported where it starts. Work is bounded by
//! [`MAX_DOCUMENT_BYTES`], [`MAX_DEPTH`] and a budget of schema visits, so any input gives
//! drafts or an [`OpenApiError`] in bounded time and memory.

mod components;
mod document;
mod fields;
mod files;
mod operation;
mod report;
mod request;
mod response;
mod schema;
mod values;
mod webhooks;

pub use document::{Dialect, MAX_DEPTH, MAX_DOCUMENT_BYTES};
pub use report::{
    DraftFile, ErrorKind, Imported, OpenApiError, OperationReport, Problem, ProblemKind,
};

/// Drafts of spec files from the document `bytes`; `name` is how the drafts' `source.from`
/// names the document (its path, as given).
pub fn import_document(bytes: &[u8], name: &str) -> Result<Imported, OpenApiError> {
    let document = document::Document::parse(bytes)?;
    Ok(files::drafts(&document, name))
}
