//! The server: one route per endpoint of the loaded specs, each handled by the same generic code.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::body::Body;
use axum::extract::RawPathParams;
use axum::http::{HeaderMap, Method, Request, Response};
use axum::routing::{MethodFilter, MethodRouter};
use serde_json::{Map, Value};
use wechatpay_runtime::protocol::authorization::{self, verify_request};
use wechatpay_runtime::protocol::clock::Clock;
use wechatpay_spec::model::{Api, Endpoint, Method as SpecMethod, Presence, Segment, Type};

use crate::config::{MockConfig, RouteFault};
use crate::faults::{self, FAULT_HEADER, Fault, UNKNOWN_ENUM_VALUE};
use crate::fixtures::{Fixtures, Record};
use crate::params::{self, Received};
use crate::respond::{self, Signer};

/// Why a mock could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// A spec directory has errors.
    #[error("{0}")]
    Spec(#[from] wechatpay_spec::SpecErrors),
    /// A spec uses a method the router cannot serve.
    #[error("the mock cannot route the method {0}")]
    UnsupportedMethod(String),
    /// Two endpoints claim the same method and path.
    #[error("two specs define {0}")]
    DuplicateRoute(String),
    /// A fault names a route no spec defines.
    #[error("no route {0}; routes are written `METHOD /path`, as the spec gives them")]
    UnknownRoute(String),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// A request as the mock received it, with the status it answered.
#[derive(Debug, Clone)]
pub struct ReceivedRequest {
    /// `METHOD /path/template` of the route, or the method and raw target for an unknown route.
    pub route: String,
    /// Path and query as received.
    pub target: String,
    /// The headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// The status answered.
    pub status: u16,
}

impl ReceivedRequest {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// The most recent requests, up to a limit, so a mock under load keeps a bounded memory.
struct RequestLog {
    entries: std::collections::VecDeque<ReceivedRequest>,
    limit: usize,
    total: u64,
}

impl RequestLog {
    fn new(limit: usize) -> Self {
        Self {
            entries: std::collections::VecDeque::new(),
            limit,
            total: 0,
        }
    }

    /// Counts a request and keeps it, dropping the oldest past the limit; with a limit of 0 the
    /// entry is not even built.
    fn record(&mut self, entry: impl FnOnce() -> ReceivedRequest) {
        self.total += 1;
        if self.limit == 0 {
            return;
        }
        if self.entries.len() == self.limit {
            self.entries.pop_front();
        }
        self.entries.push_back(entry());
    }
}

/// One endpoint served.
struct Route {
    api: usize,
    endpoint: usize,
    name: String,
    collection: String,
}

struct App {
    apis: Vec<Api>,
    routes: Vec<Route>,
    state: Mutex<Fixtures>,
    loaded_at: i64,
    config: MockConfig,
    faults: Mutex<Vec<RouteFault>>,
    log: Mutex<RequestLog>,
}

/// A running mock; it stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    app: Arc<App>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl MockServer {
    /// Starts on 127.0.0.1 with a free port, for tests and examples.
    pub async fn start(config: MockConfig) -> Result<Self, MockError> {
        Self::bind(config, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts on `addr`.
    pub async fn bind(config: MockConfig, addr: SocketAddr) -> Result<Self, MockError> {
        let app = Arc::new(App::new(config)?);
        let router = router(&app)?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| MockError::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| MockError::Bind { addr, source })?;
        let task = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, router).await {
                tracing::error!(%error, "mock server stopped");
            }
        });
        Ok(Self { addr, app, task })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every route, `METHOD /path`.
    pub fn routes(&self) -> Vec<String> {
        self.app.routes.iter().map(|r| r.name.clone()).collect()
    }

    /// Makes the next `times` requests to `route` (`METHOD /path`) suffer `fault` (`None`: all).
    pub fn inject(&self, route: &str, fault: Fault, times: Option<u32>) -> Result<(), MockError> {
        if !self.app.routes.iter().any(|r| r.name == route) {
            return Err(MockError::UnknownRoute(route.to_owned()));
        }
        lock(&self.app.faults).push(RouteFault {
            route: route.to_owned(),
            fault,
            times,
        });
        Ok(())
    }

    /// The requests received, oldest first: the most recent ones up to the configured limit.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        lock(&self.app.log).entries.iter().cloned().collect()
    }

    /// How many requests were received in all, including those the log no longer holds.
    pub fn received_count(&self) -> u64 {
        lock(&self.app.log).total
    }

    /// Adds a record to a collection (`<namespace>/<response name>`).
    pub fn insert(&self, collection: &str, record: Record) {
        lock(&self.app.state).insert(collection, record);
    }

    /// Waits until the server stops (for the standalone binary).
    pub async fn wait(mut self) {
        let _ = (&mut self.task).await;
    }
}

impl App {
    fn new(config: MockConfig) -> Result<Self, MockError> {
        let mut apis = Vec::new();
        for dir in &config.spec_dirs {
            apis.push(wechatpay_spec::load_api(dir)?);
        }
        for dir in &config.user_spec_dirs {
            apis.push(wechatpay_spec::load_user_api(dir)?.0);
        }
        let mut routes = Vec::new();
        for (a, api) in apis.iter().enumerate() {
            for (e, endpoint) in api.endpoints.iter().enumerate() {
                let name = endpoint.route();
                if routes.iter().any(|r: &Route| r.name == name) {
                    return Err(MockError::DuplicateRoute(name));
                }
                routes.push(Route {
                    api: a,
                    endpoint: e,
                    collection: format!(
                        "{}/{}",
                        endpoint.namespace.join("/"),
                        endpoint.response.name
                    ),
                    name,
                });
            }
        }
        for fault in &config.faults {
            if !routes.iter().any(|r| r.name == fault.route) {
                return Err(MockError::UnknownRoute(fault.route.clone()));
            }
        }
        Ok(Self {
            loaded_at: config.clock.now_unix(),
            state: Mutex::new(config.fixtures.clone()),
            faults: Mutex::new(config.faults.clone()),
            apis,
            routes,
            log: Mutex::new(RequestLog::new(config.request_log_limit)),
            config,
        })
    }

    fn endpoint(&self, route: &Route) -> (&Api, &Endpoint) {
        let api = &self.apis[route.api];
        (api, &api.endpoints[route.endpoint])
    }

    /// The route fault this request suffers: the first queued for its route, used up when its
    /// count runs out. Queued faults apply one per request, in order (`system_error` once, then
    /// `rate_limited` once); to combine faults on one request, use the fault header.
    fn take_fault(&self, route: &str) -> Option<Fault> {
        let mut faults = lock(&self.faults);
        let index = faults.iter().position(|rule| rule.route == route)?;
        let fault = faults[index].fault.clone();
        if let Some(left) = &mut faults[index].times {
            *left = left.saturating_sub(1);
            if *left == 0 {
                faults.remove(index);
            }
        }
        Some(fault)
    }

    fn signer(&self, now: i64) -> Signer<'_> {
        Signer {
            key: self.config.signing.key(),
            serial: self.config.signing.serial(),
            now,
        }
    }
}

fn router(app: &Arc<App>) -> Result<axum::Router, MockError> {
    let mut by_path: BTreeMap<String, MethodRouter> = BTreeMap::new();
    for (index, route) in app.routes.iter().enumerate() {
        let (_, endpoint) = app.endpoint(route);
        let filter = method_filter(endpoint.method)?;
        let handler_app = Arc::clone(app);
        let handler = move |params: RawPathParams, request: Request<Body>| {
            let app = Arc::clone(&handler_app);
            async move { handle(app, index, params, request).await }
        };
        let path = axum_path(endpoint);
        let entry = by_path.remove(&path).unwrap_or_default();
        by_path.insert(path, entry.on(filter, handler));
    }
    let mut router = axum::Router::new();
    for (path, methods) in by_path {
        router = router.route(&path, methods);
    }
    let fallback_app = Arc::clone(app);
    Ok(router.fallback(move |request: Request<Body>| {
        let app = Arc::clone(&fallback_app);
        async move { unknown_route(&app, request) }
    }))
}

/// The router's pattern for an endpoint's path, built from the parsed template: axum writes a
/// parameter segment `{name}`, and a literal segment stands as it is (templates hold no braces).
fn axum_path(endpoint: &Endpoint) -> String {
    let mut path = String::new();
    for segment in endpoint.path.segments() {
        path.push('/');
        match segment {
            Segment::Literal(text) => path.push_str(text),
            Segment::Param(name) => {
                path.push('{');
                path.push_str(name);
                path.push('}');
            }
        }
    }
    path
}

fn method_filter(method: SpecMethod) -> Result<MethodFilter, MockError> {
    let unsupported = || MockError::UnsupportedMethod(method.to_string());
    let method = Method::from_bytes(method.as_str().as_bytes()).map_err(|_| unsupported())?;
    MethodFilter::try_from(method).map_err(|_| unsupported())
}

fn unknown_route(app: &App, request: Request<Body>) -> Response<Body> {
    let target = target_of(&request);
    lock(&app.log).record(|| ReceivedRequest {
        route: format!("{} {target}", request.method()),
        target,
        headers: header_pairs(request.headers()),
        body: Vec::new(),
        status: 404,
    });
    let now = app.config.clock.now_unix();
    let body = respond::error_body(
        "NOT_FOUND",
        "no endpoint of the mock's specs has this method and path",
        None,
    );
    respond::signed(404, body, &app.signer(now), &[])
}

fn target_of(request: &Request<Body>) -> String {
    request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |pq| pq.as_str().to_owned(),
    )
}

async fn handle(
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
    let response = answer(
        &app,
        route,
        &parts.method,
        &parts.headers,
        &target,
        &path_params,
        &body,
    )
    .await;
    let status = response.status().as_u16();
    lock(&app.log).record(|| ReceivedRequest {
        route: route.name.clone(),
        target,
        headers: header_pairs(&parts.headers),
        body: body.to_vec(),
        status,
    });
    response
}

/// The whole life of one request, generic over endpoints.
async fn answer(
    app: &App,
    route: &Route,
    method: &Method,
    headers: &HeaderMap,
    target: &str,
    path_params: &[(String, String)],
    body: &[u8],
) -> Response<Body> {
    let now = app.config.clock.now_unix();
    let signer = app.signer(now);
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());

    let mut faults: Vec<Fault> = app.take_fault(&route.name).into_iter().collect();
    if let Some(requested) = header(FAULT_HEADER) {
        match faults::parse_list(requested) {
            Ok(parsed) => faults.extend(parsed),
            Err(error) => {
                let body = respond::error_body("INVALID_REQUEST", &error.to_string(), None);
                return respond::signed(400, body, &signer, &[]);
            }
        }
    }

    if let Err(reason) =
        check_authorization(app, method, target, body, header("Authorization"), now)
    {
        tracing::debug!(%reason, "rejected signature");
        let body = respond::error_body("SIGN_ERROR", &format!("签名错误: {reason}"), None);
        return respond::signed(401, body, &signer, &faults);
    }

    for fault in &faults {
        if let Fault::Latency(wait) = fault {
            tokio::time::sleep(*wait).await;
        }
    }
    if let Some(fault) = faults.iter().find(|f| f.preempts()) {
        return match fault {
            Fault::RateLimited(_) => respond::signed(
                429,
                respond::error_body("FREQUENCY_LIMITED", "频率限制", None),
                &signer,
                &faults,
            ),
            Fault::Gateway(status) => respond::gateway(*status),
            Fault::DropConnection => respond::dropped(),
            _ => respond::signed(
                500,
                respond::error_body("SYSTEM_ERROR", "系统错误", None),
                &signer,
                &faults,
            ),
        };
    }

    let (api, endpoint) = app.endpoint(route);
    let query = decode_query(target);
    let json_body = if body.is_empty() {
        None
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(value) => Some(value),
            Err(error) => {
                let body = respond::error_body(
                    "INVALID_REQUEST",
                    &format!("the body is not JSON: {error}"),
                    None,
                );
                return respond::signed(400, body, &signer, &faults);
            }
        }
    };
    let header_text = |name: &str| header(name).map(str::to_owned);
    let received = Received {
        query: &query,
        path: path_params,
        header: &header_text,
        body: json_body.as_ref(),
    };
    let sent = match params::check(api, endpoint, &received) {
        Ok(sent) => sent,
        Err(error) => {
            let detail = serde_json::json!({
                "field": error.field,
                "value": error.value,
                "issue": error.issue,
                "location": error.location,
            });
            let body = respond::error_body("PARAM_ERROR", "参数错误", Some(detail));
            return respond::signed(400, body, &signer, &faults);
        }
    };

    let Some(mut record) =
        find_or_create(app, route, api, endpoint, &sent, json_body.as_ref(), now)
    else {
        let body = respond::error_body("RESOURCE_NOT_EXISTS", "记录不存在", None);
        return respond::signed(404, body, &signer, &faults);
    };
    if faults.contains(&Fault::UnknownEnumValue)
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
    let body = serde_json::to_vec(&record).unwrap_or_default();
    respond::signed(200, body, &signer, &faults)
}

/// Checks the `Authorization` header against the configured merchants and the clock.
fn check_authorization(
    app: &App,
    method: &Method,
    target: &str,
    body: &[u8],
    header: Option<&str>,
    now: i64,
) -> Result<(), String> {
    let header = header.ok_or("no Authorization header")?;
    let parsed = authorization::parse(header).map_err(|e| e.to_string())?;
    let merchant = app
        .config
        .merchants
        .iter()
        .find(|m| m.mchid == parsed.mchid())
        .ok_or_else(|| format!("unknown mchid {}", parsed.mchid()))?;
    if merchant.serial_no != parsed.serial_no() {
        return Err(format!(
            "serial_no {} is not the merchant's certificate",
            parsed.serial_no()
        ));
    }
    parsed.check_timestamp(now).map_err(|e| e.to_string())?;
    verify_request(&parsed, method.as_str(), target, body, &merchant.public_key)
        .map_err(|e| e.to_string())
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

/// The record a request asks for: found by the parameters sent that are also response fields
/// (and settled if its time has come). A query for an unknown record finds nothing; any other
/// method creates the record from the request, on the endpoint's first example.
fn find_or_create(
    app: &App,
    route: &Route,
    api: &Api,
    endpoint: &Endpoint,
    sent: &[(String, String)],
    body: Option<&Value>,
    now: i64,
) -> Option<Map<String, Value>> {
    let keys: Vec<(String, String)> = sent
        .iter()
        .filter(|(name, _)| {
            endpoint
                .response
                .fields
                .iter()
                .any(|f| f.wire_name == *name)
        })
        .cloned()
        .collect();
    let mut state = lock(&app.state);
    if let Some(records) = state.records_mut(&route.collection)
        && let Some(record) = records.iter_mut().find(|r| r.matches(&keys))
    {
        if record.settle.is_some() {
            record.settle_if_due(now - app.loaded_at, &now_text(now));
        }
        return Some(record.fields.clone());
    }
    let now_text = now_text(now);
    if endpoint.method == SpecMethod::Get {
        return None;
    }
    let mut fields = endpoint
        .response_examples
        .first()
        .and_then(|(_, example)| serde_json::from_str::<Map<String, Value>>(example).ok())
        .unwrap_or_default();
    for field in &endpoint.response.fields {
        let from_body = body.and_then(|b| b.get(&field.wire_name)).cloned();
        let from_params = sent
            .iter()
            .find(|(name, _)| *name == field.wire_name)
            .map(|(_, value)| Value::String(value.clone()));
        if let Some(value) = from_body.or(from_params) {
            fields.insert(field.wire_name.clone(), value);
        } else if field.presence == Presence::Required && !fields.contains_key(&field.wire_name) {
            fields.insert(field.wire_name.clone(), made_up(api, &field.ty, &now_text));
        }
    }
    state.insert(route.collection.clone(), Record::new(fields.clone()));
    Some(fields)
}

/// A value for a required field nothing else supplies: a fresh id, the current time, the first
/// documented value, zero.
fn made_up(api: &Api, ty: &Type, now_text: &str) -> Value {
    static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    match ty {
        Type::String => {
            let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Value::String(format!("30000000000000000000{id:08}"))
        }
        Type::DateTime => Value::String(now_text.to_owned()),
        Type::Enum(reference) => api
            .enum_def(reference)
            .and_then(|def| def.values.first())
            .map_or(Value::Null, |v| Value::String(v.value.clone())),
        Type::Integer => Value::from(0),
        Type::Bool => Value::Bool(false),
        Type::Array(_) => Value::Array(Vec::new()),
        Type::Object(_) => Value::Object(Map::new()),
    }
}

/// `now` as the service writes times: RFC 3339 in Beijing time.
fn now_text(now: i64) -> String {
    let offset = time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC);
    time::OffsetDateTime::from_unix_timestamp(now)
        .map(|t| t.to_offset(offset))
        .ok()
        .and_then(|t| wechatpay_runtime::datetime::format(t).ok())
        .unwrap_or_default()
}
