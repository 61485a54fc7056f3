//! Files: a request that uploads one (multipart/form-data), and answers that lead to one (a
//! download ticket, or the file itself).

use crate::diagnostics::FileReporter;
use crate::model::{Download, Field, Location, Object, Ticket, Type, Upload};
use crate::spec::{DownloadDef, EndpointFile, Method};

/// The `meta` fields the client writes itself for every upload.
const META_SET_BY_CLIENT: [&str; 2] = ["filename", "sha256"];

/// `request.upload`: a POST or PUT, with limits that let some file through, and no body field
/// the client writes itself.
pub(super) fn check_upload(
    spec: &EndpointFile,
    fields: &[Field],
    report: &mut FileReporter,
) -> Option<Upload> {
    let upload = spec.request.upload.as_ref()?;
    if !matches!(spec.method, Method::Post | Method::Put) {
        report.error(
            "request.upload",
            format!(
                "a file is uploaded with POST or PUT, not {}",
                spec.method.as_str()
            ),
        );
    }
    if upload.max_bytes == 0 {
        report.error(
            "request.upload.max_bytes",
            "a limit of 0 bytes admits no file",
        );
    }
    if upload.content_types.is_empty() {
        report.error(
            "request.upload.content_types",
            "list the media types the page allows (`image/jpeg`)",
        );
    }
    for (i, media) in upload.content_types.iter().enumerate() {
        if !wechatpay_rules::media_type::is_essence(media) {
            report.error(
                format!("request.upload.content_types[{i}]"),
                format!("`{media}` is not a media type such as `image/jpeg`"),
            );
        }
    }
    for (i, field) in fields.iter().enumerate() {
        if field.rust_name == "file" {
            report.error(
                format!("request.fields[{i}].rust_name"),
                "`file` is the uploaded file's field in the generated request; give this one another `rust_name`",
            );
        }
        if field.is_in(Location::Body) && META_SET_BY_CLIENT.contains(&field.wire_name.as_str()) {
            report.error(
                format!("request.fields[{i}].name"),
                format!(
                    "`{}` is written into `meta` by the client from the file itself; drop the row",
                    field.wire_name
                ),
            );
        }
    }
    Some(Upload {
        max_bytes: upload.max_bytes,
        content_types: upload.content_types.clone(),
    })
}

/// `response.download` or `response.file`: at most one, each naming what it needs.
pub(super) fn check_download(
    spec: &EndpointFile,
    request: &[Field],
    response: &Object,
    report: &mut FileReporter,
) -> Option<Download> {
    let def = &spec.response;
    match (&def.download, &def.file) {
        (Some(_), Some(_)) => {
            report.error(
                "response.file",
                "an answer is a download ticket or the file itself, not both",
            );
            None
        }
        (Some(ticket), None) => {
            ticket_fields(ticket, request, response, report).map(Download::Ticket)
        }
        (None, Some(file)) => {
            if def.fields.is_some() {
                report.error(
                    "response.fields",
                    "the answer is the file itself; it has no JSON fields",
                );
            }
            if def.status.is_some_and(|status| status != 200) {
                report.error("response.status", "a file is answered with 200");
            }
            for (i, media) in file.content_types.iter().enumerate() {
                if !wechatpay_rules::media_type::is_essence(media) {
                    report.error(
                        format!("response.file.content_types[{i}]"),
                        format!("`{media}` is not a media type such as `text/plain`"),
                    );
                }
            }
            Some(Download::File {
                content_types: file.content_types.clone(),
            })
        }
        (None, None) => None,
    }
}

/// The ticket's fields: three text fields of the answer, and the request field asking for gzip.
fn ticket_fields(
    ticket: &DownloadDef,
    request: &[Field],
    response: &Object,
    report: &mut FileReporter,
) -> Option<Ticket> {
    let text_field = |name: &str, key: &str, report: &mut FileReporter| {
        let at = format!("response.download.{key}");
        let index = response.fields.iter().position(|f| f.wire_name == name);
        match index.map(|i| &response.fields[i].ty) {
            None => report.error(at, format!("the response has no field `{name}`")),
            Some(Type::String | Type::Enum(_)) => {}
            Some(_) => report.error(at, format!("`{name}` is not text")),
        }
        index
    };
    let url = text_field(&ticket.url, "url", report);
    let hash_type = text_field(&ticket.hash_type, "hash_type", report);
    let hash_value = text_field(&ticket.hash_value, "hash_value", report);
    let gzip_when = match &ticket.gzip_when {
        None => Some(None),
        Some(when) => {
            let index = request.iter().position(|f| f.wire_name == when.field);
            match index.map(|i| &request[i]) {
                Some(field) if matches!(field.ty, Type::String | Type::Enum(_)) => {
                    Some(Some((index?, when.value.clone())))
                }
                Some(_) => {
                    report.error(
                        "response.download.gzip_when.field",
                        format!("`{}` is not a text or enum field", when.field),
                    );
                    None
                }
                None => {
                    report.error(
                        "response.download.gzip_when.field",
                        format!("the request has no field `{}`", when.field),
                    );
                    None
                }
            }
        }
    };
    Some(Ticket {
        url: url?,
        hash_type: hash_type?,
        hash_value: hash_value?,
        gzip_when: gzip_when?,
    })
}
