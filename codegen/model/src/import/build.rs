//! The gathered page made a draft: its rows nested by the examples and read into fields, the
//! 二选一 groups, the path parameters matched, the examples placed, and the checks that need
//! the whole page (a required `Wechatpay-Serial` with no field said to be encrypted).

use serde_json::Value;

use super::ImportError;
use super::assemble::{Page, clip};
use super::draft::{Draft, DraftField};
use super::examples;
use super::fields::{Builder, Place, Side};
use super::nesting::nest;
use super::one_of;
use crate::path::PathTemplate;
use crate::spec::{Examples, ImportNote, Method, ResponseExample};

/// The draft of a gathered page; an error when the page names no method or path.
pub(crate) fn draft(mut page: Page, document: &str) -> Result<Draft, ImportError> {
    let (_, method) = page.method.ok_or_else(|| {
        ImportError::whole("no request method: the page has no 请求方式 line (请求方式:GET)")
    })?;
    let (path_line, path) = page.path.clone().ok_or_else(|| {
        ImportError::whole(
            "no request path: the page has neither a 请求URL line nor a path after 请求方式",
        )
    })?;
    let template = PathTemplate::parse(&path)
        .map_err(|problem| {
            note(
                &mut page.notes,
                path_line,
                "path",
                format!("{problem}; kept as written"),
            )
        })
        .ok();
    let path_params: Vec<String> = template
        .iter()
        .flat_map(|t| t.params().map(str::to_owned))
        .collect();
    let examples = place_examples(&mut page, method, template.as_ref());
    let request_example = parse_object(examples.request_body.as_deref());
    let response_example = examples
        .responses
        .iter()
        .find(|r| (200..300).contains(&r.status))
        .and_then(|r| parse_object(Some(&r.body)));
    let mut builder = Builder::new(method, path_params.clone());
    let mut request = request(&mut page, &mut builder, request_example.as_ref());
    let response = response(&mut page, &mut builder, response_example.as_ref());
    let mut notes = std::mem::take(&mut page.notes);
    notes.append(&mut builder.notes);
    let one_of = one_of::groups(&mut request, &mut notes);
    for param in &path_params {
        if !request.iter().any(|f| f.name == *param) {
            note(
                &mut notes,
                path_line,
                "path",
                format!("the path names `{{{param}}}`, which no request row gives"),
            );
        }
    }
    let every_field = request
        .iter()
        .chain(response.iter().flatten())
        .chain(builder.objects.iter().flat_map(|o| &o.fields));
    check_serial(&page, every_field, &mut notes);
    let title = page.title.clone().unwrap_or_else(|| {
        note(
            &mut notes,
            1,
            "title",
            "the page has no title line: the draft's title is empty",
        );
        String::new()
    });
    notes.sort_by_key(|n| n.line);
    page.source.document = Some(document.to_owned());
    Ok(Draft {
        title,
        summary: (!page.summary.is_empty()).then(|| page.summary.join("\n")),
        method,
        path,
        idempotent: method == Method::Get,
        signed_response: true,
        source: page.source,
        protocol_headers: page.protocol_headers.into_iter().map(|(_, h)| h).collect(),
        request,
        one_of,
        response_status: page.response_status.map(|(_, s)| s).filter(|s| *s != 200),
        response,
        objects: builder.objects,
        enums: builder.enums,
        errors: page.errors,
        examples,
        notes,
    })
}

fn note(notes: &mut Vec<ImportNote>, line: usize, at: &str, issue: impl Into<String>) {
    notes.push(ImportNote {
        line,
        at: at.to_owned(),
        issue: issue.into(),
    });
}

/// The request's fields.
fn request(page: &mut Page, builder: &mut Builder, example: Option<&Value>) -> Vec<DraftField> {
    let tree = nest(std::mem::take(&mut page.request_rows), example);
    let map = example.and_then(Value::as_object);
    builder.table(tree, Side::Request, &Place::top("request.fields"), map)
}

/// The response's fields, or `None` for an answer without a body.
fn response(
    page: &mut Page,
    builder: &mut Builder,
    example: Option<&Value>,
) -> Option<Vec<DraftField>> {
    let status = page.response_status.map(|(_, s)| s);
    if page.response_rows.is_empty() {
        let line = page.response_status.map_or(1, |(line, _)| line);
        if status != Some(204) {
            note(
                &mut page.notes,
                line,
                "response",
                "the page lists no response fields: drafted as an answer without a body",
            );
        }
        return None;
    }
    let tree = nest(std::mem::take(&mut page.response_rows), example);
    let map = example.and_then(Value::as_object);
    Some(builder.table(tree, Side::Response, &Place::top("response.fields"), map))
}

/// The example URL (the first address with the endpoint's path), the request body and the
/// responses; anything else is kept as a note.
fn place_examples(page: &mut Page, method: Method, template: Option<&PathTemplate>) -> Examples {
    let mut examples = Examples::default();
    for (_, url) in std::mem::take(&mut page.urls) {
        let matches =
            examples::url_path(&url).is_some_and(|p| template.is_some_and(|t| fits(t, p)));
        if matches && examples.request_url.is_none() {
            examples.request_url = Some(url);
        } else {
            page.source.notes.push(url);
        }
    }
    for (line, body) in std::mem::take(&mut page.request_bodies) {
        if method.has_no_body() || examples.request_body.is_some() {
            note(
                &mut page.notes,
                line,
                "source.notes",
                format!(
                    "a JSON request example where the request {} (`{}`): kept as a note",
                    if method.has_no_body() {
                        "has no body"
                    } else {
                        "already has one"
                    },
                    clip(&body)
                ),
            );
            page.source.notes.push(body.trim_end().to_owned());
        } else {
            examples.request_body = Some(body);
        }
    }
    examples.responses = std::mem::take(&mut page.responses)
        .into_iter()
        .map(|(_, status, body)| ResponseExample { status, body })
        .collect();
    examples
}

/// Whether a concrete path is the template's, each `{name}` standing for one segment.
fn fits(template: &PathTemplate, path: &str) -> bool {
    let wanted: Vec<&str> = template.as_str().split('/').collect();
    let got: Vec<&str> = path.split('/').collect();
    wanted.len() == got.len()
        && wanted
            .iter()
            .zip(&got)
            .all(|(w, g)| w == g || (w.starts_with('{') && !g.is_empty()))
}

fn parse_object(body: Option<&str>) -> Option<Value> {
    serde_json::from_str::<Value>(body?)
        .ok()
        .filter(Value::is_object)
}

/// A required `Wechatpay-Serial` means the request carries encrypted fields.
fn check_serial<'f>(
    page: &Page,
    mut fields: impl Iterator<Item = &'f DraftField>,
    notes: &mut Vec<ImportNote>,
) {
    let serial = page
        .protocol_headers
        .iter()
        .find(|(_, h)| h.name.eq_ignore_ascii_case("Wechatpay-Serial") && h.required);
    if let Some((line, _)) = serial
        && !fields.any(|f| f.encrypted.is_some())
    {
        note(
            notes,
            *line,
            "protocol_headers",
            "Wechatpay-Serial is required, which means the request carries encrypted fields, but no row says 加密: mark them `encrypted`",
        );
    }
}
