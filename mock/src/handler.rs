//! The handler every route shares, as the sequence it is: take the request's faults,
//! authenticate it, suffer the faults that come before any lookup, read its body, check its
//! parameters, find or create its record, answer signed. Each step hands on what the next needs,
//! or answers in place of the rest.

// A step's error is an HTTP answer (about 130 bytes), moved once as the request's last value:
// boxing it would cost an allocation per early answer and buy nothing.
#![allow(clippy::result_large_err)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::{Body, Bytes};
use axum::extract::RawPathParams;
use axum::extract::rejection::RawPathParamsRejection;
use axum::http::header::{ACCEPT, AUTHORIZATION, CONTENT_LENGTH};
use axum::http::request::Parts;
use axum::http::{Request, Response};
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use serde_json::Value;
use wechatpay_runtime::protocol::headers;
use wechatpay_spec::model::{Api, Download, Endpoint, Presence, Type};

use crate::auth;
use crate::faults::{self, FAULT_HEADER, Fault, UNKNOWN_ENUM_VALUE};
use crate::files;
use crate::log::{ReceivedRequest, header_pairs};
use crate::params::{self, ParamError, Received};
use crate::respond::{self, Reply};
use crate::routes::Route;
use crate::server::App;

/// What a step hands on, or the answer that ends the request there.
type Step<T> = Result<T, Response<Body>>;

/// Answers one request to route `index`, and logs it.
pub(crate) async fn handle(
    app: Arc<App>,
    index: usize,
    params: Result<RawPathParams, RawPathParamsRejection>,
    request: Request<Body>,
) -> Response<Body> {
    let route = &app.routes[index];
    let target = target_of(&request);
    let now = app.config.clock.now_unix();
    let (parts, body) = request.into_parts();
    let limit = app.body_limit(route);
    let (response, body, authenticated) = match read_body(&parts, body, limit).await {
        Ok(body) => {
            // A path parameter that does not decode (`%FF`) is a parameter error, answered once
            // the request is authenticated.
            let path_params = params
                .map(|params| {
                    params
                        .iter()
                        .map(|(name, value)| (name.to_owned(), value.to_owned()))
                        .collect::<Vec<_>>()
                })
                .map_err(|rejection| rejection.body_text());
            let request = RequestView {
                parts: &parts,
                target: &target,
                path_params: &path_params,
                body: &body,
                authenticated: AtomicBool::new(false),
            };
            let response = answer(&app, route, &request, now)
                .await
                .unwrap_or_else(|early| early);
            let authenticated = request.authenticated.load(Ordering::Relaxed);
            (response, body, authenticated)
        }
        Err(refusal) => (refusal.answer(&app.signer(now)), Bytes::new(), false),
    };
    let status = response.status().as_u16();
    app.log(|| ReceivedRequest {
        route: route.name.clone(),
        target: target.clone(),
        // A request the mock did not authenticate is logged by its line only: an attacker's
        // headers and bodies do not fill the log.
        headers: if authenticated {
            header_pairs(&parts.headers)
        } else {
            Vec::new()
        },
        body: if authenticated {
            body.to_vec()
        } else {
            Vec::new()
        },
        body_len: body.len(),
        status,
    });
    response
}

/// Why a body was not read: it is larger than the route allows, or the connection did not
/// deliver it whole.
enum BodyRefusal {
    TooLarge(usize),
    Unreadable(String),
}

impl BodyRefusal {
    fn answer(&self, signer: &respond::Signer) -> Response<Body> {
        let (status, message) = match self {
            Self::TooLarge(limit) => (
                413,
                format!("the request body is larger than this route takes ({limit} bytes)"),
            ),
            Self::Unreadable(error) => (400, format!("the request body cannot be read: {error}")),
        };
        let body = respond::error_body("INVALID_REQUEST", &message, None);
        respond::signed(status, body, signer, &[])
    }
}

/// The body, read whole up to `limit` bytes: a declared length over the limit is refused before
/// anything is read, a longer stream as soon as it passes the limit. Never an empty body in
/// place of one that could not be read.
async fn read_body(parts: &Parts, body: Body, limit: usize) -> Result<Bytes, BodyRefusal> {
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(BodyRefusal::TooLarge(limit));
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => {
            Err(BodyRefusal::TooLarge(limit))
        }
        Err(error) => Err(BodyRefusal::Unreadable(error.to_string())),
    }
}

/// What the steps read of a request.
struct RequestView<'a> {
    parts: &'a Parts,
    /// Path and query, as received and signed.
    target: &'a str,
    /// The path parameters, decoded, or why they do not decode.
    path_params: &'a Result<Vec<(String, String)>, String>,
    body: &'a [u8],
    /// Set once the signature is checked: decides how much of the request is logged.
    authenticated: AtomicBool,
}

impl RequestView<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.parts.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The whole life of one request, generic over endpoints.
async fn answer(
    app: &App,
    route: &Route,
    request: &RequestView<'_>,
    now: i64,
) -> Step<Response<Body>> {
    let reply = take_faults(app, route, request, now)?;
    check_headers(app, request, &reply)?;
    let (api, endpoint) = app.endpoint(route);
    let upload = read_upload(endpoint, request, &reply).await?;
    // An upload is signed over its `meta` part, as the service checks it.
    let signed_body = upload
        .as_ref()
        .map_or(request.body, |parts| &parts.meta[..]);
    authenticate(app, request, signed_body, &reply, now)?;
    suffer_faults(&reply, api, endpoint).await?;
    let mut body = json_body(signed_body, &reply)?;
    if api.request_encrypts(endpoint)
        && let Some(body) = body.as_mut()
    {
        open_encrypted(app, request, (api, endpoint), body, &reply)?;
    }
    let sent = checked_params(app, request, (api, endpoint), body.as_ref(), &reply)?;
    if let (Some(rules), Some(parts)) = (&endpoint.request.upload, &upload) {
        let meta = body.clone().unwrap_or(Value::Null);
        files::check_upload(rules, &meta, parts).map_err(|e| reply.param_error(&e))?;
    }
    let asked = Asked {
        route,
        request,
        api,
        endpoint,
        sent: &sent,
        body: body.as_ref(),
    };
    respond(app, &asked, &reply, now)
}

/// Opens a request's encrypted fields with the key its `Wechatpay-Serial` names: the one this
/// mock holds the private half of (the key it signs with).
fn open_encrypted(
    app: &App,
    request: &RequestView<'_>,
    (api, endpoint): (&Api, &Endpoint),
    body: &mut Value,
    reply: &Reply,
) -> Step<()> {
    let named = request
        .header(headers::WECHATPAY_SERIAL)
        .unwrap_or_default();
    let key = {
        let keys = app.keys();
        (keys.signing.serial() == named).then(|| keys.signing.key().clone())
    };
    let Some(key) = key else {
        return Err(reply.param_error(&ParamError {
            field: headers::WECHATPAY_SERIAL.to_owned(),
            value: Value::String(named.to_owned()),
            issue: "encrypted fields need Wechatpay-Serial naming the key they were encrypted \
                    with, one this server holds"
                .to_owned(),
            location: "header",
        }));
    };
    crate::sensitive::open_request(api, &endpoint.request.fields, body, &key)
        .map_err(|e| reply.param_error(&e))
}

/// What a request asked for, once checked.
struct Asked<'a> {
    route: &'a Route,
    request: &'a RequestView<'a>,
    api: &'a Api,
    endpoint: &'a Endpoint,
    /// The scalar parameters sent.
    sent: &'a [(String, String)],
    body: Option<&'a Value>,
}

impl Asked<'_> {
    /// The request as the product rules read it.
    fn product_request(&self) -> crate::products::Request<'_> {
        crate::products::Request {
            endpoint: self.endpoint,
            body: self.body,
            sent: self.sent,
        }
    }
}

/// The multipart body of an upload endpoint, read into its parts; `None` for any other.
async fn read_upload(
    endpoint: &Endpoint,
    request: &RequestView<'_>,
    reply: &Reply,
) -> Step<Option<files::UploadParts>> {
    if endpoint.request.upload.is_none() {
        return Ok(None);
    }
    let content_type = request.header("Content-Type").unwrap_or_default();
    let body = Bytes::copy_from_slice(request.body);
    files::read_multipart(content_type, body)
        .await
        .map(Some)
        .map_err(|issue| reply.error(400, "INVALID_REQUEST", &issue))
}

/// The request's parameters, checked against the spec: the scalar ones sent, or a 400.
fn checked_params(
    app: &App,
    request: &RequestView<'_>,
    (api, endpoint): (&Api, &Endpoint),
    body: Option<&Value>,
    reply: &Reply,
) -> Step<Vec<(String, String)>> {
    let strictness = &app.config.strictness;
    let path = request.path_params.as_ref().map_err(|issue| {
        reply.param_error(&ParamError {
            field: "path".to_owned(),
            value: Value::String(request.parts.uri.path().to_owned()),
            issue: issue.clone(),
            location: "path",
        })
    })?;
    let query = params::decode_query(request.target, endpoint, strictness)
        .map_err(|e| reply.param_error(&e))?;
    let header_text = |name: &str| request.header(name).map(str::to_owned);
    let received = Received {
        query: &query,
        path,
        header: &header_text,
        body,
    };
    params::check(api, endpoint, &received, strictness).map_err(|e| reply.param_error(&e))
}

/// The answer to a checked request: none (a 204), a page of a list, a download ticket or file,
/// or the record the request finds or creates.
fn respond(app: &App, asked: &Asked<'_>, reply: &Reply, now: i64) -> Step<Response<Body>> {
    let (api, endpoint) = (asked.api, asked.endpoint);
    if endpoint.path.as_str() == wechatpay_runtime::client::certificates::CERTIFICATES_PATH {
        // A protocol step, not an endpoint rule: the certificates encrypted with the APIv3 key.
        return match crate::certificates::list(app) {
            Some(body) => Ok(reply.json(200, body)),
            None => Err(reply.error(404, "RESOURCE_NOT_EXISTS", "无可用的平台证书")),
        };
    }
    if endpoint.empty_response {
        // The documented status, no body, still signed: the record a page's action changes is
        // not modelled.
        return Ok(reply.json(endpoint.success_status, Vec::new()));
    }
    match &endpoint.download {
        Some(Download::File { .. }) => return file(app, asked, reply),
        Some(Download::Ticket(ticket)) => return Ok(issue_ticket(app, asked, ticket, reply, now)),
        None => {}
    }
    if endpoint.paging.is_some() {
        let page = app
            .records
            .page(&asked.route.collection, (api, endpoint), asked.sent, now)
            .unwrap_or_default();
        let body = serde_json::to_vec(&page).unwrap_or_default();
        return Ok(reply.json(endpoint.success_status, body));
    }
    let product = if asked.route.from_user {
        None
    } else {
        crate::products::answer(app, &asked.product_request(), now)
    };
    let mut record = match product {
        Some(made) => {
            made.map_err(|refused| reply.error(refused.status, refused.code, &refused.message))?
        }
        None => app
            .records
            .find_or_create(
                &asked.route.collection,
                (api, endpoint),
                asked.sent,
                asked.body,
                now,
            )
            .ok_or_else(|| reply.error(404, "RESOURCE_NOT_EXISTS", "记录不存在"))?,
    };
    if reply.faults.contains(&Fault::UnknownEnumValue)
        && let Some(field) = endpoint
            .response
            .fields
            .iter()
            .find(|f| matches!(f.ty, Type::Enum(_)) && record.contains_key(&f.wire_name))
    {
        record.insert(
            field.wire_name.clone(),
            Value::String(UNKNOWN_ENUM_VALUE.to_owned()),
        );
    }
    // Records keep plaintext; an answer's encrypted fields travel under the merchant's key.
    if let Some(merchant) = app.config.merchants.first() {
        crate::sensitive::seal_answer(
            api,
            &endpoint.response.fields,
            &mut record,
            &merchant.public_key,
        );
    }
    Ok(reply.json(
        endpoint.success_status,
        serde_json::to_vec(&record).unwrap_or_default(),
    ))
}

/// A ticket: the bill of the endpoint's namespace, issued under a token on this mock.
fn issue_ticket(
    app: &App,
    asked: &Asked<'_>,
    ticket: &wechatpay_spec::model::Ticket,
    reply: &Reply,
    now: i64,
) -> Response<Body> {
    let endpoint = asked.endpoint;
    let host = asked.request.header("Host").unwrap_or("127.0.0.1");
    let answer = files::TicketAnswer {
        endpoint,
        ticket,
        sent: asked.sent,
        origin: format!("http://{host}"),
        file_route: &app.file_route,
        faults: &reply.faults,
    };
    let product = (!asked.route.from_user)
        .then(|| crate::products::bill_lines(app, &asked.product_request()))
        .flatten();
    let lines = product.unwrap_or_else(|| app.records.bill_lines(&endpoint.namespace.join("/")));
    let mut body = answer.body(&app.downloads, lines);
    for field in &endpoint.response.fields {
        if field.presence == Presence::Required && !body.contains_key(&field.wire_name) {
            body.insert(
                field.wire_name.clone(),
                crate::records::made_up(asked.api, &field.ty, &crate::records::now_text(now)),
            );
        }
    }
    reply.json(
        endpoint.success_status,
        serde_json::to_vec(&body).unwrap_or_default(),
    )
}

/// A file: the bill a token names, unsigned.
fn file(app: &App, asked: &Asked<'_>, reply: &Reply) -> Step<Response<Body>> {
    let token = asked
        .endpoint
        .request
        .fields
        .iter()
        .find_map(|field| asked.sent.iter().find(|(name, _)| *name == field.wire_name))
        .map(|(_, token)| token.as_str())
        .unwrap_or_default();
    let bill = app
        .downloads
        .get(token)
        .ok_or_else(|| reply.error(404, "RESOURCE_NOT_EXISTS", "下载地址无效或已过期"))?;
    Ok(files::file_answer(&bill, &reply.faults))
}

/// The protocol headers a careful server refuses: two `Authorization`s (which one would be
/// checked?), an `Accept` that rules out JSON on a JSON route, a `Wechatpay-Serial` naming a key
/// this mock does not sign with.
fn check_headers(app: &App, request: &RequestView<'_>, reply: &Reply) -> Step<()> {
    let headers = &request.parts.headers;
    let authorizations = headers.get_all(AUTHORIZATION).iter().count();
    if authorizations > 1 {
        return Err(reply.param_error(&ParamError {
            field: headers::AUTHORIZATION.to_owned(),
            value: Value::Null,
            issue: format!(
                "{} is sent {authorizations} times; send it once",
                headers::AUTHORIZATION
            ),
            location: "header",
        }));
    }
    if let Some(accept) = headers.get(ACCEPT)
        && !accepts_json(accept.to_str().unwrap_or_default())
    {
        return Err(reply.error(
            400,
            "INVALID_REQUEST",
            "Accept rules out application/json, the only media type this endpoint answers with",
        ));
    }
    if let Some(asked) = headers.get(headers::WECHATPAY_SERIAL)
        && !app.knows_serial(asked.as_bytes())
    {
        let serial = app.config.signing.serial();
        return Err(reply.error(
            400,
            "INVALID_REQUEST",
            &format!(
                "Wechatpay-Serial names a key this server does not have; it signs with {serial}"
            ),
        ));
    }
    Ok(())
}

/// Whether an `Accept` value allows `application/json`: some media range (`*/*`,
/// `application/*` or `application/json`) with a quality above zero.
fn accepts_json(accept: &str) -> bool {
    accept.split(',').any(|range| {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let refused = parts.any(|param| {
            let (name, value) = param.split_once('=').unwrap_or((param, ""));
            name.trim().eq_ignore_ascii_case("q")
                && value.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)
        });
        !refused && matches!(media.as_str(), "*/*" | "application/*" | "application/json")
    })
}

/// The faults this request suffers; a fault header that does not parse is a 400.
fn take_faults(app: &App, route: &Route, request: &RequestView<'_>, now: i64) -> Step<Reply> {
    let signer = app.signer(now);
    match faults::for_request(&app.faults, &route.name, request.header(FAULT_HEADER)) {
        Ok(faults) => Ok(Reply { signer, faults }),
        Err(error) => {
            let body = respond::error_body("INVALID_REQUEST", &error.to_string(), None);
            Err(respond::signed(400, body, &signer, &[]))
        }
    }
}

/// 401 SIGN_ERROR unless the request is signed by a configured merchant, in time.
fn authenticate(
    app: &App,
    request: &RequestView<'_>,
    signed_body: &[u8],
    reply: &Reply,
    now: i64,
) -> Step<()> {
    let checked = auth::check(
        &app.config.merchants,
        request.parts.method.as_str(),
        request.target,
        signed_body,
        request.header(headers::AUTHORIZATION),
        now,
    );
    match checked {
        Ok(()) => {
            request.authenticated.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(reason) => {
            tracing::debug!(%reason, "rejected signature");
            Err(reply.error(401, "SIGN_ERROR", &format!("签名错误: {reason}")))
        }
    }
}

/// Latency first; then a fault that answers in place of the service, if there is one.
async fn suffer_faults(reply: &Reply, api: &Api, endpoint: &Endpoint) -> Step<()> {
    for fault in &reply.faults {
        if let Fault::Latency(wait) = fault {
            // Parsed latencies are bounded already; a hand-built one is held to the same bound.
            tokio::time::sleep((*wait).min(faults::MAX_LATENCY)).await;
        }
    }
    let Some(fault) = reply.faults.iter().find(|f| f.preempts()) else {
        return Ok(());
    };
    Err(match fault {
        Fault::RateLimited(_) => reply.error(429, "FREQUENCY_LIMITED", "频率限制"),
        Fault::Gateway(status) => respond::gateway(*status),
        Fault::DropConnection => respond::dropped(),
        Fault::Error { code, status } => {
            // The endpoint's own row first, then the public one, as the service's tables read.
            let row = endpoint
                .errors
                .iter()
                .chain(&api.common_errors)
                .find(|row| row.code == *code);
            let status = status.or(row.map(|row| row.status)).unwrap_or(400);
            let message = row.map_or("mock error", |row| row.description.as_str());
            reply.error(status, code, message)
        }
        _ => reply.error(500, "SYSTEM_ERROR", "系统错误"),
    })
}

/// The body as JSON, when there is one; 400 when it is not JSON.
fn json_body(body: &[u8], reply: &Reply) -> Step<Option<Value>> {
    if body.is_empty() {
        return Ok(None);
    }
    serde_json::from_slice::<Value>(body)
        .map(Some)
        .map_err(|error| {
            reply.error(
                400,
                "INVALID_REQUEST",
                &format!("the body is not JSON: {error}"),
            )
        })
}

/// Path and query as received.
pub(crate) fn target_of(request: &Request<Body>) -> String {
    request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |pq| pq.as_str().to_owned(),
    )
}
