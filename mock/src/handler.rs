//! The handler every route shares, as the sequence it is: take the request's faults,
//! authenticate it, suffer the faults that come before any lookup, read its body, check its
//! parameters, find or create its record, answer signed. Each step hands on what the next needs,
//! or answers in place of the rest.

// A step's error is an HTTP answer (about 130 bytes), moved once as the request's last value:
// boxing it would cost an allocation per early answer and buy nothing.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::body::Body;
use axum::extract::RawPathParams;
use axum::http::request::Parts;
use axum::http::{Request, Response};
use serde_json::Value;
use wechatpay_spec::model::Type;

use crate::auth;
use crate::faults::{self, FAULT_HEADER, Fault, UNKNOWN_ENUM_VALUE};
use crate::log::{ReceivedRequest, header_pairs};
use crate::params::{self, Received};
use crate::respond::{self, Reply};
use crate::routes::Route;
use crate::server::App;

/// What a step hands on, or the answer that ends the request there.
type Step<T> = Result<T, Response<Body>>;

/// Answers one request to route `index`, and logs it.
pub(crate) async fn handle(
    app: Arc<App>,
    index: usize,
    params: RawPathParams,
    request: Request<Body>,
) -> Response<Body> {
    let route = &app.routes[index];
    let target = target_of(&request);
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let path_params: Vec<(String, String)> = params
        .iter()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    let request = RequestView {
        parts: &parts,
        target: &target,
        path_params: &path_params,
        body: &body,
    };
    let response = answer(&app, route, &request)
        .await
        .unwrap_or_else(|early| early);
    let status = response.status().as_u16();
    app.log(|| ReceivedRequest {
        route: route.name.clone(),
        target: target.clone(),
        headers: header_pairs(&parts.headers),
        body: body.to_vec(),
        status,
    });
    response
}

/// What the steps read of a request.
struct RequestView<'a> {
    parts: &'a Parts,
    /// Path and query, as received and signed.
    target: &'a str,
    path_params: &'a [(String, String)],
    body: &'a [u8],
}

impl RequestView<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.parts.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The whole life of one request, generic over endpoints.
async fn answer(app: &App, route: &Route, request: &RequestView<'_>) -> Step<Response<Body>> {
    let now = app.config.clock.now_unix();
    let reply = take_faults(app, route, request, now)?;
    authenticate(app, request, &reply, now)?;
    suffer_faults(&reply).await?;
    let (api, endpoint) = app.endpoint(route);
    let body = json_body(request.body, &reply)?;
    let query = decode_query(request.target);
    let header_text = |name: &str| request.header(name).map(str::to_owned);
    let received = Received {
        query: &query,
        path: request.path_params,
        header: &header_text,
        body: body.as_ref(),
    };
    let sent = params::check(api, endpoint, &received).map_err(|e| reply.param_error(&e))?;
    let mut record = app
        .records
        .find_or_create(
            &route.collection,
            (api, endpoint),
            &sent,
            body.as_ref(),
            now,
        )
        .ok_or_else(|| reply.error(404, "RESOURCE_NOT_EXISTS", "记录不存在"))?;
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
    Ok(reply.json(200, serde_json::to_vec(&record).unwrap_or_default()))
}

/// The faults this request suffers; a fault header that does not parse is a 400.
fn take_faults<'a>(
    app: &'a App,
    route: &Route,
    request: &RequestView<'_>,
    now: i64,
) -> Step<Reply<'a>> {
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
fn authenticate(app: &App, request: &RequestView<'_>, reply: &Reply, now: i64) -> Step<()> {
    auth::check(
        &app.config.merchants,
        request.parts.method.as_str(),
        request.target,
        request.body,
        request.header("Authorization"),
        now,
    )
    .map_err(|reason| {
        tracing::debug!(%reason, "rejected signature");
        reply.error(401, "SIGN_ERROR", &format!("签名错误: {reason}"))
    })
}

/// Latency first; then a fault that answers in place of the service, if there is one.
async fn suffer_faults(reply: &Reply<'_>) -> Step<()> {
    for fault in &reply.faults {
        if let Fault::Latency(wait) = fault {
            tokio::time::sleep(*wait).await;
        }
    }
    let Some(fault) = reply.faults.iter().find(|f| f.preempts()) else {
        return Ok(());
    };
    Err(match fault {
        Fault::RateLimited(_) => reply.error(429, "FREQUENCY_LIMITED", "频率限制"),
        Fault::Gateway(status) => respond::gateway(*status),
        Fault::DropConnection => respond::dropped(),
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

/// Query parameters, decoded (`+` is a space, as in form encoding).
fn decode_query(target: &str) -> Vec<(String, String)> {
    let Some((_, query)) = target.split_once('?') else {
        return Vec::new();
    };
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(&text.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}
