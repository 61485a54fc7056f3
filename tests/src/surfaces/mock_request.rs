//! The mock's handling of a request: any method, path, query, headers and body, signed by the
//! test merchant or not, through the mock's router in-process. Correct: no panic and no 5xx (no
//! fault is asked for), and every 4xx carries an APIv3 error body (`code` and `message`).

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request};
use http_body_util::BodyExt as _;
use proptest::prelude::*;
use tower::ServiceExt as _;
use wechatpay_runtime::protocol::authorization::MerchantSigner;
use wechatpay_runtime::protocol::keys::PrivateKey;

use crate::NOW;
use crate::keys::{self, MCHID, MERCHANT_SERIAL};

/// A request.
#[derive(Debug, Clone)]
pub struct RequestInput {
    /// The method.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query, without `?`.
    pub query: String,
    /// Extra headers (ones that are not valid HTTP are left out).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Whether the test merchant signs it.
    pub signed: bool,
}

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const PATHS: &[&str] = &[
    "/v3/ecommerce/profitsharing/returnorders",
    "/v3/brand/profitsharing/returnorders",
    "/v3/ecommerce/profitsharing/orders",
    "/v3/profitsharing/orders",
    "/v3/profitsharing/orders/P1",
    "/v3/profitsharing/orders/%FF%FE",
    "/v3/profitsharing/orders/%zz",
    "/v3/profitsharing/return-orders",
    "/v3/nothing",
    "/",
];
const QUERY_PARTS: &[&str] = &[
    "sub_mchid=1900000109",
    "sub_mchid=",
    "order_id=3008450740201411110007820472",
    "out_order_no=P20150806125346",
    "out_return_no=R20190516001",
    "out_return_no=R%zz",
    "out_return_no=%",
    "out_return_no=%00",
    "transaction_id=4208450740201411110007820472",
    "debug=1",
    "=",
    "&&",
    "a=b=c",
];
const HEADER_NAMES: &[&str] = &[
    "Accept",
    "Content-Type",
    "Wechatpay-Serial",
    "Authorization",
    "Wechatpay-Mock-Fault",
    "Content-Length",
];

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("application/json".to_owned()),
        Just("text/html".to_owned()),
        Just("*/*;q=0".to_owned()),
        Just("PUB_KEY_ID_0114232134912410000000000000".to_owned()),
        // Never a fault the mock knows: no fault is asked for here.
        "x[ -~]{0,40}",
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(Vec::new()),
        Just(br#"{"sub_mchid":"1900000109","out_order_no":"P1","receivers":[]}"#.to_vec()),
        Just(br#"{"transaction_id":"4208","out_order_no":"P1","unfreeze_unsplit":true,"receivers":[{"type":"MERCHANT_ID","account":"86693852","amount":1,"description":"d"}]}"#.to_vec()),
        Just(b"[1,2".to_vec()),
        prop::collection::vec(any::<u8>(), 0..256),
    ]
}

/// Methods and paths of the specs and beside them, queries and headers near and far from what
/// the endpoints take, bodies JSON and not, signed or not.
pub fn strategy() -> impl Strategy<Value = RequestInput> {
    (
        prop::sample::select(METHODS),
        prop::sample::select(PATHS),
        prop::collection::vec(prop::sample::select(QUERY_PARTS), 0..5),
        prop::collection::vec((prop::sample::select(HEADER_NAMES), header_value()), 0..4),
        body(),
        any::<bool>(),
    )
        .prop_map(
            |(method, path, query, headers, body, signed)| RequestInput {
                method: method.to_owned(),
                path: path.to_owned(),
                query: query.join("&"),
                headers: super::owned(headers),
                body,
                signed,
            },
        )
}

/// The fuzzer's bytes: method, path and query parts chosen, then headers, then the body.
pub fn from_bytes(data: &[u8]) -> RequestInput {
    let mut bytes = super::Bytes::new(data);
    let method = METHODS[bytes.below(METHODS.len())].to_owned();
    let path = PATHS[bytes.below(PATHS.len())].to_owned();
    let query: Vec<&str> = (0..bytes.below(5))
        .map(|_| QUERY_PARTS[bytes.below(QUERY_PARTS.len())])
        .collect();
    let signed = bytes.byte() % 2 == 1;
    let mut headers = Vec::new();
    for _ in 0..bytes.below(4) {
        let name = HEADER_NAMES[bytes.below(HEADER_NAMES.len())];
        let value = format!("x{}", String::from_utf8_lossy(bytes.piece()));
        headers.push((name.to_owned(), value));
    }
    RequestInput {
        method,
        path,
        query: query.join("&"),
        headers,
        body: bytes.rest().to_vec(),
        signed,
    }
}

fn signer() -> &'static MerchantSigner {
    static SIGNER: std::sync::OnceLock<MerchantSigner> = std::sync::OnceLock::new();
    SIGNER.get_or_init(|| {
        let key = PrivateKey::from_pkcs8_pem(keys::pem("merchant_test_key.pem"))
            .expect("the test key loads");
        MerchantSigner::new(MCHID, MERCHANT_SERIAL, key).expect("the test merchant")
    })
}

/// Sends the request through `router` (a mock's, see `MockServer::router`); the property
/// broken, if one is.
pub async fn check(router: &axum::Router, input: &RequestInput) -> Result<(), String> {
    let target = if input.query.is_empty() {
        input.path.clone()
    } else {
        format!("{}?{}", input.path, input.query)
    };
    let method = Method::from_bytes(input.method.as_bytes()).map_err(|e| e.to_string())?;
    let mut request = Request::builder().method(method).uri(&target);
    if input.signed {
        let authorization = signer()
            .authorize(&input.method, &target, &input.body, NOW)
            .map_err(|e| e.to_string())?;
        request = request.header("Authorization", authorization);
    }
    for (name, value) in &input.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            request = request.header(name, value);
        }
    }
    let request = request
        .body(Body::from(input.body.clone()))
        .map_err(|e| format!("not a request: {e}"))?;
    let response = router
        .clone()
        .oneshot(request)
        .await
        .map_err(|e| format!("the router failed: {e}"))?;
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("the answer's body failed: {e}"))?
        .to_bytes();
    if status >= 500 {
        return Err(format!("HTTP {status} with no fault asked for: {body:?}"));
    }
    // A HEAD answer has no body by definition.
    if (400..500).contains(&status) && input.method != "HEAD" {
        let json: serde_json::Value = serde_json::from_slice(&body)
            .map_err(|_| format!("HTTP {status} without a JSON body: {body:?}"))?;
        if !json["code"].is_string() || !json["message"].is_string() {
            return Err(format!("HTTP {status} without code and message: {json}"));
        }
    }
    Ok(())
}
