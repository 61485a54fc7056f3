//! The client's CPU per call, without the network, against the bare RSA cost of that call.
//!
//! A call's CPU is mostly cryptography: one RSA-2048 signature over the request and one
//! verification of the response's signature. Everything else the client does must stay small
//! beside it. Target: `client_call` / `bare_crypto` ≤ 1.10.
//!
//! - `client_call`: one call as [`Client::execute`] makes it, minus reqwest. Each iteration
//!   builds a generated `QueryReturnOrderRequest` (`new` and `OrderRef`), then calls
//!   [`Client::sign_request`]: validation, path and query string, timestamp, nonce, signature,
//!   base64, the `Authorization` header, the other headers and the URL. Then it calls
//!   [`Client::read_response`] on a signed 200: `Request-ID`, the signature headers, the time
//!   window, the key lookup, base64, the RSA verification over the body, and the JSON decoding
//!   into `ReturnOrder`. Everything the iteration produces is dropped inside the timed region.
//! - `bare_crypto`: the same two RSA operations called directly on aws-lc-rs, not through the
//!   protocol's `PrivateKey` and `PublicKey`. One `RsaKeyPair::sign` (`RSA_PKCS1_SHA256`) of a
//!   request message into a stack buffer, and one `ParsedPublicKey::verify_sig`
//!   (`RSA_PKCS1_2048_8192_SHA256`, the key parsed once, as the protocol's `PublicKey` holds it)
//!   of a response message. Both messages are built before timing, with
//!   `protocol::message::request_message` and `response_message`, from the same target,
//!   timestamp, nonce length and body that `client_call` signs and verifies. Their lengths are
//!   asserted equal to the client's.
//! - `parts::*`: each half on its own (`client_sign_request` against `bare_sign`,
//!   `client_read_response` against `bare_verify`), to show which half any overhead is in.
//!
//! Set-up happens once, before any timing. The client is built with the test merchant key and
//! the test WeChat Pay public key of `tests/data/protocol/`, and a `ManualClock` fixed at
//! 2025-11-21T00:00:00Z. The response body (the `ReturnOrder` the client tests answer with,
//! 278 bytes) is signed at that time with the public key's private half, as the test server signs. Signing
//! responses is the server's CPU, not the client's. The response headers are a
//! `reqwest::header::HeaderMap`, looked up the way `execute` looks up the headers of an answer.
//!
//! Run with `cargo bench -p wechatpay-runtime --bench client`, and compare the medians of
//! `client_call` and `bare_crypto` from the same run.

use std::sync::{Arc, LazyLock};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{
    ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, RsaKeyPair,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use divan::{black_box, black_box_drop};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use rustls_pki_types::PrivatePkcs8KeyDer;
use rustls_pki_types::pem::PemObject as _;
use wechatpay_apiv3::ecommerce::profitsharing::{OrderRef, QueryReturnOrderRequest, ReturnOrder};
use wechatpay_apiv3::shared::ErrorCode;
use wechatpay_apiv3::shared::ReturnOrderResult;
use wechatpay_runtime::protocol::ResponseSignatureHeaders;
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_runtime::protocol::keys::{PrivateKey, PublicKey};
use wechatpay_runtime::protocol::message::{self, request_message, response_message};
use wechatpay_runtime::{Client, Error, Operation as _, Response};

/// 2025-11-21T00:00:00Z: the client's clock and the response's signing time.
const NOW: i64 = 1_763_683_200;
const MCHID: &str = "1900000109";
const MERCHANT_SERIAL: &str = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
const PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0114232134912410000000000000";
/// An answer of `GET /v3/ecommerce/profitsharing/returnorders`, built from the spec's examples
/// (the one `tests/tests/client.rs` uses).
const RETURN_ORDER: &str = r#"{"sub_mchid":"1900000109","order_id":"3008450740201411110007820472","out_order_no":"P20150806125346","out_return_no":"R20190516001","return_mchid":"86693852","amount":10,"return_no":"3008450740201411110007820472","result":"SUCCESS","finish_time":"2015-05-20T13:29:35.120+08:00"}"#;

/// Samples per benchmark, and iterations per sample of the benchmarks that sign: 5,000
/// iterations of about 0.25 ms, so each of them takes 1.5 s or less.
const SAMPLES: u32 = 1000;
const ITERATIONS_PER_SAMPLE: u32 = 5;

/// Everything made before timing starts.
struct Fixture {
    client: Client,
    /// The answer's headers, as reqwest hands them to `execute`.
    headers: HeaderMap,
    body: Vec<u8>,
    /// The merchant key as aws-lc-rs holds it, for `bare_crypto`.
    merchant: RsaKeyPair,
    /// The WeChat Pay public key as aws-lc-rs holds it, for `bare_crypto`.
    wechatpay: ParsedPublicKey,
    /// A request message of the length `client_call` signs.
    request_message: Vec<u8>,
    /// The message `client_call` verifies, and its signature.
    response_message: Vec<u8>,
    response_signature: Vec<u8>,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(fixture);

fn main() {
    LazyLock::force(&FIXTURE);
    divan::main();
}

fn pem(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/protocol/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"))
}

fn request() -> QueryReturnOrderRequest {
    QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516001",
        OrderRef::out_order_no("P20150806125346"),
    )
}

fn fixture() -> Fixture {
    let merchant_pem = pem("merchant_test_key.pem");
    let client = Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, &merchant_pem)
        .wechatpay_public_key(PUBLIC_KEY_ID, pem("wechatpay_public_key_test.pem"))
        .clock(Arc::new(ManualClock::new(NOW)))
        .build()
        .expect("the test client builds");

    // The server's side, once: the answer and its signature headers.
    let server_key = PrivateKey::from_pkcs8_pem(pem("wechatpay_public_key_test_private.pem"))
        .expect("the test server key loads");
    let body = RETURN_ORDER.as_bytes().to_vec();
    let signed = ResponseSignatureHeaders::sign(&server_key, PUBLIC_KEY_ID, NOW, &body)
        .expect("the response signs");
    let mut headers = HeaderMap::new();
    let mut insert = |name: &str, value: &str| {
        headers.insert(
            HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
            HeaderValue::from_str(value).expect("a header value"),
        );
    };
    insert("Content-Type", "application/json");
    insert("Request-ID", "08F7E0B2A4C00600-200");
    for (name, value) in signed.pairs() {
        insert(name, value);
    }

    // The bare operations, on the same keys and messages of the same lengths.
    let merchant_der =
        PrivatePkcs8KeyDer::from_pem_slice(&merchant_pem).expect("the merchant key is PKCS#8");
    let merchant =
        RsaKeyPair::from_pkcs8(merchant_der.secret_pkcs8_der()).expect("aws-lc-rs loads it");
    let wechatpay_spki = PublicKey::from_spki_pem(pem("wechatpay_public_key_test.pem"))
        .expect("the public key loads");
    let wechatpay = ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, wechatpay_spki.spki_der())
        .expect("aws-lc-rs parses it");
    let target = request().request_target();
    let nonce = message::nonce().expect("a nonce");
    let request_message = request_message("GET", &target, NOW, &nonce, b"");
    let response_message = response_message(&signed.timestamp, &signed.nonce, &body);
    let response_signature = STANDARD
        .decode(&signed.signature)
        .expect("the signature is base64");

    let fixture = Fixture {
        client,
        headers,
        body,
        merchant,
        wechatpay,
        request_message,
        response_message,
        response_signature,
    };
    check(&fixture, &target);
    fixture
}

/// Both benchmarks do what they claim, on messages of equal length.
fn check(fixture: &Fixture, target: &str) {
    let signed = fixture
        .client
        .sign_request(&request())
        .expect("the request signs");
    assert_eq!(
        signed.url,
        format!("https://api.mch.weixin.qq.com{target}"),
        "the client signs the target the bare message was built from"
    );
    let authorization = &signed.headers[0].1;
    assert!(authorization.contains(&format!("timestamp=\"{NOW}\"")));
    // The client's message: `GET\n{target}\n{NOW}\n{32-character nonce}\n\n`.
    let client_request_len = 3 + target.len() + NOW.to_string().len() + message::NONCE_LEN + 5;
    assert_eq!(fixture.request_message.len(), client_request_len);

    assert_eq!(fixture.merchant.public_modulus_len(), 256, "RSA-2048");
    let response = read(fixture).expect("the answer verifies and decodes");
    assert_eq!(response.result, ReturnOrderResult::Success);
    assert!(bare_round(fixture), "the bare signature verifies");
}

fn read(fixture: &Fixture) -> Result<Response<ReturnOrder>, Error<ErrorCode>> {
    let headers = &fixture.headers;
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    fixture
        .client
        .read_response::<QueryReturnOrderRequest>(200, header, black_box(&fixture.body))
}

fn bare_sign(fixture: &Fixture) -> [u8; 256] {
    let mut signature = [0_u8; 256];
    fixture
        .merchant
        .sign(
            &RSA_PKCS1_SHA256,
            &SystemRandom::new(),
            black_box(&fixture.request_message),
            &mut signature,
        )
        .expect("aws-lc-rs signs");
    signature
}

fn bare_verify(fixture: &Fixture) -> bool {
    fixture
        .wechatpay
        .verify_sig(
            black_box(&fixture.response_message),
            black_box(&fixture.response_signature),
        )
        .is_ok()
}

fn bare_round(fixture: &Fixture) -> bool {
    black_box_drop(bare_sign(fixture));
    bare_verify(fixture)
}

/// One call's client CPU: build, validate, sign; then verify and decode the answer.
#[divan::bench(sample_count = SAMPLES, sample_size = ITERATIONS_PER_SAMPLE)]
fn client_call() {
    let fixture = &*FIXTURE;
    let request = request();
    let signed = fixture.client.sign_request(&request).expect("signs");
    let response = read(fixture).expect("verifies");
    black_box_drop((request, signed, response));
}

/// The same call's bare RSA: one PKCS#1 SHA-256 signature and one verification, on aws-lc-rs.
#[divan::bench(sample_count = SAMPLES, sample_size = ITERATIONS_PER_SAMPLE)]
fn bare_crypto() {
    assert!(bare_round(&FIXTURE));
}

/// Each half of a call on its own, against its bare RSA operation.
mod parts {
    use super::*;

    /// Build, validate and sign the request.
    #[divan::bench(sample_count = SAMPLES, sample_size = ITERATIONS_PER_SAMPLE)]
    fn client_sign_request() {
        let request = request();
        let signed = FIXTURE.client.sign_request(&request).expect("signs");
        black_box_drop((request, signed));
    }

    /// One bare RSA-2048 PKCS#1 SHA-256 signature.
    #[divan::bench(sample_count = SAMPLES, sample_size = ITERATIONS_PER_SAMPLE)]
    fn bare_sign() {
        black_box_drop(super::bare_sign(&FIXTURE));
    }

    /// Verify and decode the answer.
    #[divan::bench(sample_count = SAMPLES, sample_size = 50)]
    fn client_read_response() {
        black_box_drop(read(&FIXTURE).expect("verifies"));
    }

    /// One bare RSA-2048 PKCS#1 SHA-256 verification.
    #[divan::bench(sample_count = SAMPLES, sample_size = 50)]
    fn bare_verify() {
        assert!(super::bare_verify(&FIXTURE));
    }
}
