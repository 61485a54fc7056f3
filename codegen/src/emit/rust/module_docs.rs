//! Module documentation: the crate's (what it is, a table of its endpoints) and each endpoint's
//! (the page's facts: title, method and path, who may call it, errors, errata).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use wechatpay_spec::model::{Api, Download, Endpoint, Source, TextSource};
use wechatpay_spec::spec::ErrorRow;

use super::docs::{self, Doc, code};

/// The crate documentation: what it is, and a table of its endpoints.
pub fn lib_doc(api: &Api, has_shared: bool) -> TokenStream {
    let mut doc = Doc::default();
    doc.markdown("Typed, validated WeChat Pay APIv3 requests and responses, generated from the documentation tables transcribed in `spec/`.")
        .markdown(format!(
            "Each endpoint is a request type implementing [`wechatpay_runtime::Operation`]; its response type, enums and nested objects stand beside it.{} With [`Apis`] in scope, a [`wechatpay_runtime::Client`] calls each endpoint by name.",
            if has_shared { " Definitions several endpoints share live in [`shared`]." } else { "" }
        ))
        .markdown("| Endpoint | Request | 标题 |");
    // A Markdown table: its rows must not be split by blank lines.
    doc.line("|---|---|---|");
    for endpoint in &api.endpoints {
        let path = format!(
            "{}::{}",
            endpoint.namespace.join("::"),
            endpoint.request.rust_name
        );
        doc.line(format!(
            "| {} | [`{}`]({}) | {} |",
            code(&endpoint.route()),
            endpoint.request.rust_name,
            path,
            docs::escape(&endpoint.title)
        ));
    }
    doc.inner_tokens()
}

/// An endpoint module's documentation: the page's facts, as a list.
pub fn endpoint_doc(api: &Api, endpoint: &Endpoint) -> Doc {
    let mut doc = Doc::default();
    doc.markdown(format!(
        "{}: {}",
        docs::escape(&endpoint.title),
        code(&endpoint.route())
    ));
    if let Some(summary) = &endpoint.summary {
        doc.text(summary);
    }
    doc.break_paragraph();
    source_items(&mut doc, &endpoint.source, &endpoint.spec_file);
    doc.item(if endpoint.idempotent {
        "Idempotent: the client may retry it with the same parameters"
    } else {
        "Not idempotent: never retried automatically"
    });
    if let Some(answer) = answer_note(endpoint) {
        doc.item(answer);
    }
    if !endpoint.errors.is_empty() {
        doc.item(format!(
            "Errors its page lists: {}",
            error_list(endpoint.errors.iter())
        ));
    }
    let assumed = api.assumed_errors(endpoint);
    if !assumed.is_empty() {
        doc.item(format!(
            "Public errors the spec assumes for it (not on its page): {}",
            error_list(assumed.into_iter())
        ));
    }
    if !endpoint.errata.is_empty() {
        doc.markdown(format!(
            "The page has {} recorded errata; the spec file lists each with its decision.",
            endpoint.errata.len()
        ));
    }
    doc
}

/// What a successful answer is, when it is not a plain 200 with a JSON body.
fn answer_note(endpoint: &Endpoint) -> Option<String> {
    if endpoint.empty_response {
        return Some(format!(
            "Success: HTTP {} with no body; a call answers [`wechatpay_runtime::NoContent`] with \
             the status and Request-ID (a signed answer's signature is still verified)",
            endpoint.success_status
        ));
    }
    if let Some(Download::File { content_types }) = &endpoint.download {
        let types = if content_types.is_empty() {
            "any media type".to_owned()
        } else {
            content_types.join(", ")
        };
        return Some(format!(
            "Answers the file itself ({types}), unsigned: it is what a download ticket's \
             `download_url` names, fetched and checked against the ticket's hash by the ticket \
             endpoint's `_to_path` and `_to_writer`, or by `Client::download_to_path`"
        ));
    }
    (endpoint.success_status != 200).then(|| format!("Success: HTTP {}", endpoint.success_status))
}

/// `400 `PARAM_ERROR`, 404 `RESOURCE_NOT_EXISTS``: status and code, each pair once, sorted.
fn error_list<'a>(rows: impl Iterator<Item = &'a ErrorRow>) -> String {
    rows.map(|row| format!("{} {}", row.status, code(&row.code)))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a spec file comes from, as list items of its module's documentation: the page's
/// audience, date and version, its address (or saved copy, or the author's words), whose words
/// the descriptions are, and the spec file.
pub(super) fn source_items(doc: &mut Doc, source: &Source, spec_file: &str) {
    if !source.applicable_to.is_empty() {
        doc.item(format!(
            "适用对象: {}",
            docs::escape(&source.applicable_to.join("、"))
        ));
    }
    if let Some(updated) = &source.updated {
        doc.item(format!("更新时间: {updated}"));
    }
    if let Some(version) = &source.version {
        doc.item(format!("Version: {}", docs::escape(version)));
    }
    if let Some(url) = &source.url {
        doc.item(format!("Documentation: <{url}>"));
    } else if let Some(document) = &source.document {
        doc.item(format!("Transcribed from {}", code(document)));
    }
    if let Some(from) = &source.from {
        doc.item(format!("From: {}", docs::escape(from)));
    }
    if source.descriptions == TextSource::Spec {
        doc.item("Descriptions: the spec author's words, not copied from a page (unless one says it is the page's text)");
    }
    doc.item(format!("Spec: {}", code(&format!("spec/{spec_file}"))));
}
