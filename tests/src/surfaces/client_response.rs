//! The client's reading of an answer: any status, headers and body, signed or not, through
//! `Client::read_response`. Correct: no panic; a success only for a 2xx whose signature verifies
//! and whose body decodes; every rejection a typed error whose message stays short.

use proptest::prelude::*;
use wechatpay_apiv3::ecommerce::profitsharing::QueryReturnOrderRequest;

use crate::NOW;
use crate::keys::PUBLIC_KEY_ID;

/// An answer.
#[derive(Debug, Clone)]
pub struct ResponseInput {
    /// The HTTP status.
    pub status: u16,
    /// Headers as sent (names are matched case-insensitively by the reader).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Whether to add signature headers that verify for the body.
    pub signed: bool,
}

const HEADER_NAMES: &[&str] = &[
    "Wechatpay-Serial",
    "Wechatpay-Signature",
    "Wechatpay-Timestamp",
    "Wechatpay-Nonce",
    "Wechatpay-Signature-Type",
    "Request-ID",
    "Content-Type",
    "Retry-After",
];

/// Bodies that come close to what the reader expects, and arbitrary ones.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let near = prop::sample::select(vec![
        r#"{"sub_mchid":"1900000109","order_id":"3008450740201411110007820472","out_order_no":"P1","out_return_no":"R1","return_no":"3008450740201411110007820472","return_mchid":"86693852","amount":10,"result":"SUCCESS","fail_reason":"","create_time":"2015-05-20T13:29:35.120+08:00","finish_time":"2015-05-20T13:29:35.120+08:00"}"#,
        r#"{"code":"RESOURCE_NOT_EXISTS","message":"记录不存在","detail":{"field":"x","value":1,"issue":"y","location":"query"}}"#,
        r#"{"code":"PARAM_ERROR","message":"m","detail":{"field":null,"value":[1,{}]}}"#,
        r#"{"amount":"ten"}"#,
        "[]",
        "null",
        "",
    ])
    .prop_flat_map(|text| {
        let bytes = text.as_bytes().to_vec();
        let len = bytes.len();
        (Just(bytes), 0..=len).prop_map(|(bytes, cut)| bytes[..cut].to_vec())
    });
    prop_oneof![3 => near, 1 => prop::collection::vec(any::<u8>(), 0..512)]
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(PUBLIC_KEY_ID.to_owned()),
        Just(NOW.to_string()),
        Just("WECHATPAY2-SHA256-RSA2048".to_owned()),
        Just("WECHATPAY/SIGNTEST/x".to_owned()),
        Just("9".repeat(40)),
        "[ -~]{0,80}",
        "\\PC{0,40}",
    ]
}

/// Any status, a few headers, a body, signed or not.
pub fn strategy() -> impl Strategy<Value = ResponseInput> {
    (
        prop_oneof![Just(200u16), Just(204), Just(404), Just(500), 100u16..1000],
        prop::collection::vec((prop::sample::select(HEADER_NAMES), header_value()), 0..6),
        body(),
        any::<bool>(),
    )
        .prop_map(|(status, headers, body, signed)| ResponseInput {
            status,
            headers: super::owned(headers),
            body,
            signed,
        })
}

/// The fuzzer's bytes: a status, a few headers, whether to sign, the rest is the body.
pub fn from_bytes(data: &[u8]) -> ResponseInput {
    let mut bytes = super::Bytes::new(data);
    let status = 100 + bytes.below(900) as u16;
    let signed = bytes.byte() % 2 == 1;
    let mut headers = Vec::new();
    for _ in 0..bytes.below(6) {
        let name = HEADER_NAMES[bytes.below(HEADER_NAMES.len())];
        let value = String::from_utf8_lossy(bytes.piece()).into_owned();
        headers.push((name.to_owned(), value));
    }
    ResponseInput {
        status,
        headers,
        body: bytes.rest().to_vec(),
        signed,
    }
}

/// Reads the answer; the property broken, if one is.
pub fn check(input: &ResponseInput) -> Result<(), String> {
    let headers = super::signed_if(input.signed, &input.headers, &input.body)?;
    let header = |name: &str| super::header(&headers, name);
    let read =
        super::client().read_response::<QueryReturnOrderRequest>(input.status, header, &input.body);
    match read {
        Ok(_) if !(200..300).contains(&input.status) => {
            Err(format!("HTTP {} was read as a success", input.status))
        }
        Ok(_) if !input.signed => Err("an unsigned 2xx was read as a success".to_owned()),
        Ok(_) => Ok(()),
        Err(error) => {
            let shown = error.report();
            if shown.is_empty() || shown.len() > 8 << 10 {
                return Err(format!("a rejection shown in {} bytes", shown.len()));
            }
            Ok(())
        }
    }
}
