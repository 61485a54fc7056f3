//! A local HTTP server standing in for WeChat Pay, for the client tests of this crate: it checks
//! each request's `Authorization` signature as the service does, records the request, and sends
//! the answer the test's handler gives, signed (or damaged) as the test asks.

#![allow(dead_code)] // Each test file uses part of it.
#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use wechatpay_runtime::Client;
use wechatpay_runtime::client::Sleeper;
use wechatpay_runtime::protocol::ResponseSignatureHeaders;
use wechatpay_runtime::protocol::authorization::{parse, verify_request};
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_runtime::protocol::keys::{PrivateKey, PublicKey};

/// 2025-11-21T00:00:00Z: the client's clock and the server's signing time.
pub const NOW: i64 = 1_763_683_200;
pub const MCHID: &str = "1900000109";
pub const MERCHANT_SERIAL: &str = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
pub const PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0114232134912410000000000000";

pub mod certificates;
pub mod logs;

pub const MERCHANT_KEY: &str = include_str!("../data/protocol/merchant_test_key.pem");
const MERCHANT_PUBLIC_KEY: &str = include_str!("../data/protocol/merchant_test_public_key.pem");
pub const WECHATPAY_PUBLIC_KEY: &str =
    include_str!("../data/protocol/wechatpay_public_key_test.pem");
const WECHATPAY_PRIVATE_KEY: &str =
    include_str!("../data/protocol/wechatpay_public_key_test_private.pem");
/// The key of every test platform certificate (`platform_test_cert*.pem`). Where WeChat Pay signs
/// with its public key instead ([`wechatpay_key`]), it is a key WeChat Pay does not sign with:
/// answers signed with it are forgeries ([`other_key`]).
pub const PLATFORM_KEY: &str = include_str!("../data/protocol/platform_test_key.pem");

/// One request as the server received it, its signature already checked.
#[derive(Debug, Clone)]
pub struct Received {
    /// Requests before this one.
    pub index: usize,
    pub method: String,
    /// Path and query, as signed.
    pub target: String,
    pub body: Vec<u8>,
}

impl Received {
    /// A query parameter read as a number.
    pub fn param(&self, name: &str) -> Option<u64> {
        let (_, query) = self.target.split_once('?')?;
        query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key == name).then(|| value.parse().ok())?
        })
    }
}

/// How an answer is signed.
#[derive(Debug, Clone)]
pub enum Signing {
    /// With the WeChat Pay key, over the body sent.
    Signed,
    /// No signature headers at all.
    Unsigned,
    /// With a key WeChat Pay does not use, under the public key's id.
    OtherKey,
    /// With the WeChat Pay key, over other bytes than the body sent.
    OverBody(Vec<u8>),
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    pub signing: Signing,
}

impl Answer {
    /// A signed JSON answer.
    pub fn json(status: u16, value: &serde_json::Value) -> Self {
        Self {
            status,
            body: serde_json::to_vec(value).unwrap(),
            signing: Signing::Signed,
        }
    }

    /// A signed answer without a body.
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            body: Vec::new(),
            signing: Signing::Signed,
        }
    }

    /// The same answer, signed otherwise.
    pub fn signing(mut self, signing: Signing) -> Self {
        self.signing = signing;
        self
    }
}

type Handler = dyn Fn(&Received) -> Answer + Send + Sync;

struct ServerState {
    handler: Box<Handler>,
    received: Mutex<Vec<Received>>,
    merchant: PublicKey,
    wechatpay: PrivateKey,
    other: PrivateKey,
}

/// A router served on 127.0.0.1 until dropped: what every test server here stands on.
pub struct Serving {
    pub url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Serving {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves `router` on a free port of 127.0.0.1.
pub async fn serve(router: axum::Router) -> Serving {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    Serving { url, task }
}

/// The server, listening on 127.0.0.1 until dropped.
pub struct Server {
    pub url: String,
    state: Arc<ServerState>,
    /// Stops the server when dropped.
    _serving: Serving,
}

impl Server {
    /// Starts a server answering every request with `handler`.
    pub async fn start(handler: impl Fn(&Received) -> Answer + Send + Sync + 'static) -> Self {
        let state = Arc::new(ServerState {
            handler: Box::new(handler),
            received: Mutex::new(Vec::new()),
            merchant: merchant_key(),
            wechatpay: PrivateKey::from_pkcs8_pem(WECHATPAY_PRIVATE_KEY).unwrap(),
            other: PrivateKey::from_pkcs8_pem(PLATFORM_KEY).unwrap(),
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

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.state
            .received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The query parameter `name` of every request received so far.
    pub fn params(&self, name: &str) -> Vec<Option<u64>> {
        self.received().iter().map(|r| r.param(name)).collect()
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
    // The request must be signed exactly as sent, as the service checks it.
    let authorization = headers.get("Authorization").and_then(|v| v.to_str().ok());
    let signed = signed_by_merchant(
        authorization,
        method.as_str(),
        &target,
        &body,
        &state.merchant,
    );
    if !signed {
        return (StatusCode::UNAUTHORIZED, r#"{"code":"SIGN_ERROR"}"#).into_response();
    }
    let received = {
        let mut log = state
            .received
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let received = Received {
            index: log.len(),
            method: method.as_str().to_owned(),
            target,
            body: body.to_vec(),
        };
        log.push(received.clone());
        received
    };
    let answer = (state.handler)(&received);
    respond(&state, &received, answer)
}

fn respond(state: &ServerState, received: &Received, answer: Answer) -> Response {
    let mut headers = HeaderMap::new();
    let mut insert = |name: &'static str, value: &str| {
        headers.insert(name, HeaderValue::from_str(value).unwrap());
    };
    insert("Request-ID", &format!("REQ-{}", received.index));
    if !answer.body.is_empty() {
        insert("Content-Type", "application/json");
    }
    let signature = match &answer.signing {
        Signing::Signed => Some((&state.wechatpay, answer.body.as_slice())),
        Signing::Unsigned => None,
        Signing::OtherKey => Some((&state.other, answer.body.as_slice())),
        Signing::OverBody(bytes) => Some((&state.wechatpay, bytes.as_slice())),
    };
    if let Some((key, bytes)) = signature {
        let signed = ResponseSignatureHeaders::sign(key, PUBLIC_KEY_ID, NOW, bytes).unwrap();
        for (name, value) in signed.pairs() {
            insert(name, value);
        }
    }
    let status = StatusCode::from_u16(answer.status).unwrap();
    (status, headers, answer.body).into_response()
}

/// Returns at once, recording each wait asked for.
#[derive(Debug, Default)]
pub struct InstantSleeper(Mutex<Vec<Duration>>);

impl InstantSleeper {
    /// Every wait asked for, in order.
    pub fn slept(&self) -> Vec<Duration> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Sleeper for InstantSleeper {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(duration);
        Box::pin(async {})
    }
}

/// A client of `server` in public-key mode, at [`NOW`], whose waits are instant.
pub fn client_of(server: &Server) -> (Client, Arc<InstantSleeper>) {
    client_with(server, |builder| builder)
}

/// Like [`client_of`], with more settings.
pub fn client_with(
    server: &Server,
    configure: impl FnOnce(wechatpay_runtime::ClientBuilder) -> wechatpay_runtime::ClientBuilder,
) -> (Client, Arc<InstantSleeper>) {
    let sleeper = Arc::new(InstantSleeper::default());
    let builder = Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, MERCHANT_KEY)
        .wechatpay_public_key(PUBLIC_KEY_ID, WECHATPAY_PUBLIC_KEY)
        .clock(Arc::new(ManualClock::new(NOW)))
        .sleeper(Arc::clone(&sleeper) as Arc<dyn Sleeper>)
        .base_url(&server.url);
    (configure(builder).build().unwrap(), sleeper)
}

/// A client that reads answers handed to it ([`Client::read_response`]); it never connects.
pub fn offline_client() -> Client {
    Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, MERCHANT_KEY)
        .wechatpay_public_key(PUBLIC_KEY_ID, WECHATPAY_PUBLIC_KEY)
        .clock(Arc::new(ManualClock::new(NOW)))
        .build()
        .unwrap()
}

/// The test merchant's public key: what a server checks request signatures with.
pub fn merchant_key() -> PublicKey {
    PublicKey::from_spki_pem(MERCHANT_PUBLIC_KEY).unwrap()
}

/// Whether `authorization` names the test merchant and its certificate serial and signs
/// `method`, `target` and `body` with its key, as the service checks a request.
pub fn signed_by_merchant(
    authorization: Option<&str>,
    method: &str,
    target: &str,
    body: &[u8],
    merchant: &PublicKey,
) -> bool {
    authorization
        .and_then(|value| parse(value).ok())
        .is_some_and(|authorization| {
            authorization.mchid() == MCHID
                && authorization.serial_no() == MERCHANT_SERIAL
                && verify_request(&authorization, method, target, body, merchant).is_ok()
        })
}

pub fn wechatpay_key() -> PrivateKey {
    PrivateKey::from_pkcs8_pem(WECHATPAY_PRIVATE_KEY).unwrap()
}

/// A key that is not WeChat Pay's.
pub fn other_key() -> PrivateKey {
    PrivateKey::from_pkcs8_pem(PLATFORM_KEY).unwrap()
}
