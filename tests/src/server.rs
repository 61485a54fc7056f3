//! A local HTTP server speaking the WeChat Pay protocol, scripted reply by reply.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, Response, StatusCode};
use wechatpay_runtime::protocol::authorization::{self, verify_request};
use wechatpay_runtime::protocol::clock::{Clock, ManualClock};
use wechatpay_runtime::protocol::keys::{PrivateKey, PublicKey};
use wechatpay_runtime::protocol::sign_response;

use crate::keys;

/// How an answer is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signing {
    /// Correctly, with the key the server was started with.
    Valid,
    /// Not at all: no signature headers.
    Unsigned,
    /// With a key the client does not know, under the right serial.
    WrongKey,
    /// With a `WECHATPAY/SIGNTEST/` probe signature.
    SignTest,
    /// Correctly, with a timestamp this many seconds away from now.
    TimestampOffset(i64),
    /// Correctly, but without this header.
    Omit(&'static str),
    /// Correctly, but naming this serial.
    Serial(String),
    /// With this `Wechatpay-Signature-Type`.
    SignatureType(String),
    /// With a signature that is not base64.
    Garbage,
    /// Over this body, while another one is sent.
    OverBody(String),
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// An HTTP answer.
    Json {
        /// HTTP status.
        status: u16,
        /// Body.
        body: String,
        /// How it is signed.
        signing: Signing,
        /// A `Retry-After` header, when set.
        retry_after: Option<String>,
    },
    /// Starts a 200 answer and breaks the connection in the middle of its body.
    Abort,
    /// Waits, then answers.
    Delay(Duration, Box<Reply>),
}

impl Reply {
    /// A signed 200 with `body`.
    pub fn ok(body: impl Into<String>) -> Self {
        Self::signed(200, body, Signing::Valid)
    }

    /// An answer with the given signing.
    pub fn signed(status: u16, body: impl Into<String>, signing: Signing) -> Self {
        Self::Json {
            status,
            body: body.into(),
            signing,
            retry_after: None,
        }
    }

    /// A WeChat Pay error answer.
    pub fn error(status: u16, code: &str, message: &str) -> Self {
        Self::signed(
            status,
            format!(r#"{{"code":"{code}","message":"{message}"}}"#),
            Signing::Valid,
        )
    }

    /// This answer with a `Retry-After` header.
    pub fn retry_after(self, value: &str) -> Self {
        match self {
            Self::Json {
                status,
                body,
                signing,
                ..
            } => Self::Json {
                status,
                body,
                signing,
                retry_after: Some(value.to_owned()),
            },
            other => other,
        }
    }
}

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The method.
    pub method: Method,
    /// Path and query, exactly as received.
    pub target: String,
    /// Headers.
    pub headers: HeaderMap,
    /// Body bytes.
    pub body: Vec<u8>,
    /// Whether the Authorization header verified against the merchant key, and if not, why.
    pub authorization: Result<(), String>,
}

impl Recorded {
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Which key the server signs its answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningKey {
    /// The WeChat Pay public key's private half, under [`keys::PUBLIC_KEY_ID`].
    PublicKey,
    /// The platform certificate's key, under [`keys::PLATFORM_SERIAL`].
    PlatformCertificate,
}

struct State {
    replies: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<Recorded>>,
    key: PrivateKey,
    serial: String,
    wrong_key: PrivateKey,
    merchant: PublicKey,
    clock: ManualClock,
}

/// The running server; it stops when dropped.
pub struct TestServer {
    addr: SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestServer {
    /// Starts a server on 127.0.0.1 with a free port, signing with `key`, reading time from
    /// `clock`.
    pub async fn start(key: SigningKey, clock: ManualClock) -> Self {
        let (key_file, serial) = match key {
            SigningKey::PublicKey => ("wechatpay_public_key_test_private.pem", keys::PUBLIC_KEY_ID),
            SigningKey::PlatformCertificate => ("platform_test_key.pem", keys::PLATFORM_SERIAL),
        };
        let state = Arc::new(State {
            replies: Mutex::new(VecDeque::new()),
            requests: Mutex::new(Vec::new()),
            key: PrivateKey::from_pkcs8_pem(keys::pem(key_file)).expect("test key"),
            serial: serial.to_owned(),
            wrong_key: PrivateKey::from_pkcs8_pem(keys::pem("merchant_test_key.pem"))
                .expect("test key"),
            merchant: PublicKey::from_spki_pem(keys::pem("merchant_test_public_key.pem"))
                .expect("test key"),
            clock,
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        let app_state = Arc::clone(&state);
        let app = axum::Router::new().fallback(move |request: Request<Body>| {
            let state = Arc::clone(&app_state);
            async move { handle(state, request).await }
        });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { addr, state, task }
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Queues answers, given in order.
    pub fn push(&self, replies: impl IntoIterator<Item = Reply>) {
        lock(&self.state.replies).extend(replies);
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.state.requests).clone()
    }
}

/// A base URL where nothing listens, so connecting fails at once.
pub async fn refusing_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    format!("http://{addr}")
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn handle(state: Arc<State>, request: Request<Body>) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default()
        .to_vec();
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned());
    let now = state.clock.now_unix();
    let authorization = parts
        .headers
        .get("Authorization")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| "no Authorization header".to_owned())
        .and_then(|header| authorization::parse(header).map_err(|e| e.to_string()))
        .and_then(|auth| {
            auth.check_timestamp(now).map_err(|e| e.to_string())?;
            verify_request(
                &auth,
                parts.method.as_str(),
                &target,
                &body,
                &state.merchant,
            )
            .map_err(|e| e.to_string())
        });
    let rejected = authorization.is_err();
    lock(&state.requests).push(Recorded {
        method: parts.method,
        target,
        headers: parts.headers,
        body,
        authorization,
    });
    if rejected {
        return answer(&state, Reply::error(401, "SIGN_ERROR", "签名错误"), now);
    }
    let reply = lock(&state.replies)
        .pop_front()
        .unwrap_or_else(|| Reply::error(500, "SYSTEM_ERROR", "no scripted reply left"));
    let mut reply = reply;
    while let Reply::Delay(wait, inner) = reply {
        tokio::time::sleep(wait).await;
        reply = *inner;
    }
    answer(&state, reply, now)
}

fn answer(state: &State, reply: Reply, now: i64) -> Response<Body> {
    let (status, body, signing, retry_after) = match reply {
        Reply::Json {
            status,
            body,
            signing,
            retry_after,
        } => (status, body, signing, retry_after),
        Reply::Abort => {
            let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
                Ok(Bytes::from_static(b"{\"sub_mchid\":")),
                Err(std::io::Error::other("connection cut")),
            ];
            return Response::builder()
                .status(200)
                .header("Content-Length", "400")
                .body(Body::from_stream(futures_util::stream::iter(chunks)))
                .unwrap_or_default();
        }
        Reply::Delay(_, inner) => return answer(state, *inner, now),
    };
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("Content-Type", "application/json")
        .header("Request-ID", format!("08F7{now:X}-{status}"));
    if let Some(value) = retry_after {
        builder = builder.header("Retry-After", value);
    }
    let (key, signed_body, timestamp) = match &signing {
        Signing::WrongKey => (&state.wrong_key, body.as_str(), now),
        Signing::TimestampOffset(offset) => (&state.key, body.as_str(), now + offset),
        Signing::OverBody(other) => (&state.key, other.as_str(), now),
        _ => (&state.key, body.as_str(), now),
    };
    if signing != Signing::Unsigned {
        let nonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS";
        let signature = sign_response(key, timestamp, nonce, signed_body.as_bytes()).expect("sign");
        let signature = match &signing {
            Signing::SignTest => format!("WECHATPAY/SIGNTEST/{signature}"),
            Signing::Garbage => "%%% not base64 %%%".to_owned(),
            _ => signature,
        };
        let serial = match &signing {
            Signing::Serial(serial) => serial.clone(),
            _ => state.serial.clone(),
        };
        let signature_type = match &signing {
            Signing::SignatureType(kind) => kind.clone(),
            _ => "WECHATPAY2-SHA256-RSA2048".to_owned(),
        };
        let headers = [
            ("Wechatpay-Timestamp", timestamp.to_string()),
            ("Wechatpay-Nonce", nonce.to_owned()),
            ("Wechatpay-Signature", signature),
            ("Wechatpay-Serial", serial),
            ("Wechatpay-Signature-Type", signature_type),
        ];
        for (name, value) in headers {
            if signing != Signing::Omit(name) {
                builder = builder.header(name, value);
            }
        }
    }
    builder.body(Body::from(body)).unwrap_or_default()
}
