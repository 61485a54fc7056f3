//! The server standing in for WeChat Pay in the certificate tests, and an endpoint to call:
//! shared by `certificates.rs` and `certificates_logs.rs`, which records logs in a test binary
//! of its own (see there).

#![allow(dead_code)] // Each test binary uses its own part.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use wechatpay_apiv3::shared::ErrorCode;
use wechatpay_runtime::protocol::ResponseSignatureHeaders;
use wechatpay_runtime::protocol::clock::{Clock as _, ManualClock};
use wechatpay_runtime::protocol::keys::{PrivateKey, PublicKey};
use wechatpay_runtime::{
    Client, ClientBuilder, Error, FieldPath, Method as ApiMethod, Operation, RetryPolicy, Validate,
    Violation,
};

use crate::common::certificates::certificate_list;
use crate::common::{
    self, MCHID, MERCHANT_KEY, MERCHANT_SERIAL, NOW, PLATFORM_KEY, PUBLIC_KEY_ID, Serving,
    merchant_key, serve, signed_by_merchant,
};

/// Valid 2020-01-01 to 2099-12-31.
pub const CERT_1: &str = include_str!("../data/protocol/platform_test_cert.pem");
pub const SERIAL_1: &str = "7E57000000000000000000000000000000000001";
/// Expired: valid 2015-01-01 to 2019-12-31.
pub const CERT_EXPIRED: &str = include_str!("../data/protocol/platform_test_cert_expired.pem");
pub const SERIAL_EXPIRED: &str = "8E57000000000000000000000000000000000002";
/// The rotation: valid 2024-01-01 to 2099-12-31, the same key as `CERT_1`.
pub const CERT_3: &str = include_str!("../data/protocol/platform_test_cert_rotated.pem");
pub const SERIAL_3: &str = "7E57000000000000000000000000000000000003";
/// A serial no certificate has.
pub const SERIAL_NONE: &str = "7E570000000000000000000000000000000000FF";

/// The merchant's APIv3 key in these tests (32 bytes).
pub const APIV3_KEY: &str = "ApiV3KeyForTestsOnly0123456789ab";
/// Another 32-byte key: not the one the server encrypts with.
pub const WRONG_KEY: &str = "WrongApiV3KeyForTestsOnly0123456";

// ---------------------------------------------------------------------------------------------
// The server.

/// Who signs an answer.
#[derive(Debug, Clone, Copy)]
pub enum Signer {
    /// The WeChat Pay public key, under its id.
    PublicKey,
    /// The platform certificates' key, under this serial.
    Platform(&'static str),
}

/// What the server answers.
pub struct Reply {
    status: u16,
    body: Vec<u8>,
    signer: Signer,
    /// Waits this long before answering.
    delay: Duration,
}

impl Reply {
    pub fn json(value: &serde_json::Value, signer: Signer) -> Self {
        Self {
            status: 200,
            body: serde_json::to_vec(value).unwrap(),
            signer,
            delay: Duration::ZERO,
        }
    }

    pub fn ok(signer: Signer) -> Self {
        Self::json(&serde_json::json!({ "ok": true }), signer)
    }

    pub fn status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// One request as received, its signature checked.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    /// Its `Wechatpay-Serial` header.
    pub serial: Option<String>,
}

pub type Handler = dyn Fn(&str) -> Reply + Send + Sync;

pub struct ServerState {
    handler: Box<Handler>,
    seen: Mutex<Vec<Seen>>,
    merchant: PublicKey,
    wechatpay: PrivateKey,
    platform: PrivateKey,
    /// The client's clock too: answers are signed at its time.
    clock: ManualClock,
}

/// A local server standing in for WeChat Pay; answers each path with `handler`.
pub struct Server {
    pub url: String,
    state: Arc<ServerState>,
    /// Stops the server when dropped.
    _serving: Serving,
}

impl Server {
    pub async fn start(handler: impl Fn(&str) -> Reply + Send + Sync + 'static) -> Self {
        let state = Arc::new(ServerState {
            handler: Box::new(handler),
            seen: Mutex::new(Vec::new()),
            merchant: merchant_key(),
            wechatpay: common::wechatpay_key(),
            platform: PrivateKey::from_pkcs8_pem(PLATFORM_KEY).unwrap(),
            clock: ManualClock::new(NOW),
        });
        let router = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&state));
        let serving = serve(router).await;
        Self {
            url: serving.url.clone(),
            state,
            _serving: serving,
        }
    }

    /// A server listing one certificate, `CERT_1` encrypted under `APIV3_KEY`, and signing every
    /// answer with its key.
    pub async fn with_first_certificate() -> Self {
        Self::start(|path| match path {
            "/v3/certificates" => Reply::json(
                &certificate_list(&[(SERIAL_1, CERT_1)], APIV3_KEY),
                Signer::Platform(SERIAL_1),
            ),
            _ => Reply::ok(Signer::Platform(SERIAL_1)),
        })
        .await
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state
            .seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How many times `/v3/certificates` was asked for.
    pub fn downloads(&self) -> usize {
        self.seen()
            .iter()
            .filter(|seen| seen.path == "/v3/certificates")
            .count()
    }

    pub fn clock(&self) -> &ManualClock {
        &self.state.clock
    }

    /// A client of this server, sharing its clock, configured further by `configure`.
    pub fn client(&self, configure: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Client {
        configure(
            Client::builder()
                .merchant(MCHID, MERCHANT_SERIAL, MERCHANT_KEY)
                .clock(Arc::new(self.clock().clone()))
                .retry_policy(RetryPolicy::none())
                .base_url(&self.url),
        )
        .build()
        .unwrap()
    }

    /// A client that downloads its platform certificates, with no public key.
    pub fn auto_client(&self) -> Client {
        self.client(|builder| builder.apiv3_key(APIV3_KEY).auto_platform_certificates())
    }
}

async fn handle(
    State(state): State<Arc<ServerState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let target = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), |pq| pq.as_str().to_owned());
    let authorization = headers.get("Authorization").and_then(|v| v.to_str().ok());
    if !signed_by_merchant(
        authorization,
        method.as_str(),
        &target,
        &body,
        &state.merchant,
    ) {
        return (StatusCode::UNAUTHORIZED, r#"{"code":"SIGN_ERROR"}"#).into_response();
    }
    let serial = headers
        .get("Wechatpay-Serial")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    state
        .seen
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Seen {
            path: uri.path().to_owned(),
            serial,
        });
    let reply = (state.handler)(uri.path());
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let (key, serial) = match reply.signer {
        Signer::PublicKey => (&state.wechatpay, PUBLIC_KEY_ID),
        Signer::Platform(serial) => (&state.platform, serial),
    };
    let signed =
        ResponseSignatureHeaders::sign(key, serial, state.clock.now_unix(), &reply.body).unwrap();
    let mut out = HeaderMap::new();
    for (name, value) in signed.pairs() {
        out.insert(name, HeaderValue::from_str(value).unwrap());
    }
    out.insert("Request-ID", HeaderValue::from_static("REQ-TEST"));
    out.insert("Content-Type", HeaderValue::from_static("application/json"));
    let status = StatusCode::from_u16(reply.status).unwrap();
    (status, out, reply.body).into_response()
}

// ---------------------------------------------------------------------------------------------
// An endpoint to call.

/// `GET /v3/ping`: a signed JSON answer.
#[derive(Debug, Clone)]
pub struct Ping;

impl Validate for Ping {
    fn validate_at(&self, _path: &FieldPath<'_>, _out: &mut Vec<Violation>) {}
}

impl Operation for Ping {
    type Response = serde_json::Value;
    type ErrorCode = ErrorCode;
    const METHOD: ApiMethod = ApiMethod::Get;
    const PATH_TEMPLATE: &'static str = "/v3/ping";
    const IDEMPOTENT: bool = true;
    const SIGNED_RESPONSE: bool = true;
}

pub async fn ping(client: &Client) -> Result<(), Error<ErrorCode>> {
    client.execute(&Ping).await.map(|_| ())
}
