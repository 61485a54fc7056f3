//! Answers as the service writes them: JSON bodies, `Request-ID`, and the five signature
//! headers, each of which a fault may damage on purpose.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::{Body, Bytes};
use axum::http::{Response, StatusCode};
use serde_json::{Value, json};
use wechatpay_runtime::protocol::keys::PrivateKey;
use wechatpay_runtime::protocol::{SCHEME, headers, message, sign_response};

use crate::faults::Fault;
use crate::params::ParamError;

/// What signing an answer needs: the key in use now (it may change while the mock runs, as a
/// merchant moves from platform certificates to the public key) and the time.
pub(crate) struct Signer {
    pub key: PrivateKey,
    pub serial: String,
    pub now: i64,
}

/// How every answer to one request is signed, and damaged as its faults say.
pub(crate) struct Reply {
    pub signer: Signer,
    pub faults: Vec<Fault>,
}

impl Reply {
    /// A signed JSON answer.
    pub(crate) fn json(&self, status: u16, body: Vec<u8>) -> Response<Body> {
        signed(status, body, &self.signer, &self.faults)
    }

    /// A signed APIv3 error answer.
    pub(crate) fn error(&self, status: u16, code: &str, message: &str) -> Response<Body> {
        self.json(status, error_body(code, message, None))
    }

    /// 400 PARAM_ERROR, whose `detail` names the field, the value, the issue and the location.
    pub(crate) fn param_error(&self, error: &ParamError) -> Response<Body> {
        let detail = json!({
            "field": error.field,
            "value": error.value,
            "issue": error.issue,
            "location": error.location,
        });
        self.json(400, error_body("PARAM_ERROR", "参数错误", Some(detail)))
    }
}

/// A WeChat Pay error body.
pub(crate) fn error_body(code: &str, message: &str, detail: Option<Value>) -> Vec<u8> {
    let mut body = json!({ "code": code, "message": message });
    if let Some(detail) = detail {
        body["detail"] = detail;
    }
    body.to_string().into_bytes()
}

/// A fresh `Request-ID`: unique per answer of this process.
pub(crate) fn request_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let mut random = [0u8; 8];
    // Uniqueness comes from the counter; the random part only keeps ids unguessable.
    let _ = aws_lc_rs::rand::SecureRandom::fill(&aws_lc_rs::rand::SystemRandom::new(), &mut random);
    format!(
        "{:016X}{:016X}",
        u64::from_be_bytes(random),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A signed JSON answer, damaged as `faults` say.
pub(crate) fn signed(
    status: u16,
    body: Vec<u8>,
    signer: &Signer,
    faults: &[Fault],
) -> Response<Body> {
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("Request-ID", request_id());
    // An answer without a body (a 204) has no media type.
    if !body.is_empty() {
        builder = builder.header("Content-Type", "application/json");
    }
    if let Some(wait) = faults.iter().find_map(|f| match f {
        Fault::RateLimited(Some(wait)) => Some(wait.as_secs()),
        _ => None,
    }) {
        builder = builder.header("Retry-After", wait.to_string());
    }

    let (sent, headers) = sign_body(body, signer, faults);
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    builder
        .body(Body::from(sent))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

/// The body as sent (a fault may cut or change it) and the five `Wechatpay-*` headers signing
/// it, each damaged as `faults` say: what an answer carries, and a notification too.
pub(crate) fn sign_body(
    body: Vec<u8>,
    signer: &Signer,
    faults: &[Fault],
) -> (Vec<u8>, Vec<(&'static str, String)>) {
    let mut timestamp = signer.now;
    // `truncated_json` cuts the body before it is signed: what is sent is what is signed.
    let body = if faults.contains(&Fault::TruncatedJson) {
        body[..body.len() / 2].to_vec()
    } else {
        body
    };
    // `wrong_signature` signs other bytes with the right key: a well-formed signature that does
    // not verify, as a forger's would, without a second key to make.
    let altered = faults
        .contains(&Fault::WrongSignature)
        .then(|| [body.as_slice(), b"\n"].concat());
    let signed_body = altered.as_deref().unwrap_or(&body);
    let mut serial = signer.serial.clone();
    let mut signature_type = SCHEME.to_owned();
    // The body is copied only when a fault sends something other than what was signed.
    let mut sent_body: Option<Vec<u8>> = None;
    for fault in faults {
        match fault {
            // Offsets are bounded when parsed; saturating keeps a hand-built fault harmless too.
            Fault::StaleTimestamp(offset) => timestamp = timestamp.saturating_add(*offset),
            Fault::UnknownSerial => serial = "UNKNOWN_SERIAL_0000000000000000000000000".to_owned(),
            Fault::SignatureType(kind) => signature_type.clone_from(kind),
            Fault::TruncatedBody => sent_body = Some(body[..body.len() / 2].to_vec()),
            Fault::TamperedBody => sent_body = Some([body.as_slice(), b" "].concat()),
            _ => {}
        }
    }
    let mut headers = Vec::new();
    if !faults.contains(&Fault::Unsigned) {
        let nonce = message::nonce().unwrap_or_else(|_| "0".repeat(message::NONCE_LEN));
        let mut signature = sign_response(&signer.key, timestamp, &nonce, signed_body)
            .unwrap_or_else(|_| "signing failed".to_owned());
        if faults.contains(&Fault::SignTest) {
            signature = format!("WECHATPAY/SIGNTEST/{signature}");
        }
        if faults.contains(&Fault::MalformedSignature) {
            signature = "%%% not base64 %%%".to_owned();
        }
        let pairs = [
            (headers::WECHATPAY_TIMESTAMP, timestamp.to_string()),
            (headers::WECHATPAY_NONCE, nonce),
            (headers::WECHATPAY_SIGNATURE, signature),
            (headers::WECHATPAY_SERIAL, serial),
            (headers::WECHATPAY_SIGNATURE_TYPE, signature_type),
        ];
        for (name, value) in pairs {
            let omitted = faults
                .iter()
                .any(|f| matches!(f, Fault::MissingHeader(h) if h.eq_ignore_ascii_case(name)));
            if !omitted {
                headers.push((name, value));
            }
        }
    }
    (sent_body.unwrap_or(body), headers)
}

/// A 502, 503 or 504 from a gateway in front of the service: HTML, unsigned.
pub(crate) fn gateway(status: u16) -> Response<Body> {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    Response::builder()
        .status(status)
        .header("Content-Type", "text/html")
        .body(Body::from(format!(
            "<html><body><h1>{status}</h1></body></html>"
        )))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

/// An answer whose connection breaks after the first bytes of the body.
pub(crate) fn dropped() -> Response<Body> {
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from_static(b"{\"code\":")),
        Err(std::io::Error::other(
            "connection dropped by fault injection",
        )),
    ];
    Response::builder()
        .status(StatusCode::OK)
        .header("Content-Type", "application/json")
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}
