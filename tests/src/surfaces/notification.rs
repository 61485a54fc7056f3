//! A merchant's reading of a notification: any headers and body, signed or not, the resource
//! sealed with the right key or not, through `Client::notification` into the generated
//! `ProfitSharingMovement`. Correct: no panic; a notification only for a signed body whose
//! resource opens and decodes; every rejection a typed error whose message stays short and
//! quotes neither the APIv3 key nor any of the decrypted resource.

use std::sync::OnceLock;

use proptest::prelude::*;
use wechatpay_apiv3::ecommerce::profitsharing::ProfitSharingMovement;
use wechatpay_runtime::protocol::ApiV3Key;
use wechatpay_runtime::protocol::aead::encrypt_aes_256_gcm;

use super::APIV3_KEY;
use crate::NOW;
use crate::keys::PUBLIC_KEY_ID;

/// A marker in every plaintext: an error that shows it has leaked decrypted data.
const MARKER: &str = "PLAINTEXT-MARKER";

/// A notification as it arrives.
#[derive(Debug, Clone)]
pub struct NotificationInput {
    /// Headers as sent (names are matched case-insensitively by the reader).
    pub headers: Vec<(String, String)>,
    /// The raw body.
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
];

/// Resources close to the generated type, each carrying the marker, and arbitrary bytes.
const PLAINTEXTS: &[&str] = &[
    r#"{"transaction_id":"4208450740201411110007820472","order_id":"3008450740201411110007820472","out_order_no":"PLAINTEXT-MARKER","receiver":{"type":"MERCHANT_ID","account":"1900000110","amount":100,"description":"d"},"success_time":"2025-11-21T08:00:05+08:00"}"#,
    r#"{"transaction_id":"t","order_id":"o","out_order_no":"p","receiver":{"type":"MERCHANT_ID","account":"a","amount":"PLAINTEXT-MARKER","description":"d"},"success_time":"2025-11-21T08:00:05+08:00"}"#,
    r#"{"transaction_id":"t","order_id":"o","out_order_no":"p","receiver":{"type":"MERCHANT_ID","account":"a","amount":1,"description":"d"},"success_time":"PLAINTEXT-MARKER"}"#,
    r#"["PLAINTEXT-MARKER"]"#,
];

/// How the envelope around the sealed resource is written (and damaged).
#[derive(Debug, Clone, Copy)]
enum Envelope {
    Documented,
    OtherAlgorithm,
    OtherOriginalType,
    OtherAssociatedData,
    WrongKey,
    NoNonce,
    ShortNonce,
    AsArray,
}

const ENVELOPES: &[Envelope] = &[
    Envelope::Documented,
    Envelope::OtherAlgorithm,
    Envelope::OtherOriginalType,
    Envelope::OtherAssociatedData,
    Envelope::WrongKey,
    Envelope::NoNonce,
    Envelope::ShortNonce,
    Envelope::AsArray,
];

/// The body of a notification: `plaintext` sealed and wrapped as `envelope` says.
fn seal(plaintext: &[u8], envelope: Envelope) -> Vec<u8> {
    let nonce = "0123456789ab";
    let other_key;
    let key = match envelope {
        Envelope::WrongKey => {
            other_key = ApiV3Key::new([7u8; 32]).expect("32 bytes");
            &other_key
        }
        _ => super::apiv3_key(),
    };
    let sealed_with = "profitsharing";
    let ciphertext = encrypt_aes_256_gcm(key, nonce, sealed_with, plaintext).unwrap_or_default();
    let mut resource = serde_json::json!({
        "algorithm": "AEAD_AES_256_GCM",
        "ciphertext": ciphertext,
        "nonce": nonce,
        "associated_data": sealed_with,
        "original_type": "profitsharing",
    });
    match envelope {
        Envelope::OtherAlgorithm => resource["algorithm"] = "AEAD_SM4_GCM".into(),
        Envelope::OtherOriginalType => resource["original_type"] = "transaction".into(),
        Envelope::OtherAssociatedData => resource["associated_data"] = "transaction".into(),
        Envelope::NoNonce => {
            if let Some(object) = resource.as_object_mut() {
                object.remove("nonce");
            }
        }
        Envelope::ShortNonce => resource["nonce"] = "short".into(),
        _ => {}
    }
    let body = serde_json::json!({
        "id": "EV-2018-0001",
        "create_time": "2025-11-21T08:00:05+08:00",
        "resource_type": "encrypt-resource",
        "event_type": "PROFITSHARING.SUCCESS",
        "summary": "分账动账通知",
        "resource": resource,
    });
    match envelope {
        Envelope::AsArray => serde_json::json!([body]).to_string().into_bytes(),
        _ => body.to_string().into_bytes(),
    }
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(PUBLIC_KEY_ID.to_owned()),
        Just(NOW.to_string()),
        Just((NOW - 301).to_string()),
        Just("WECHATPAY2-SHA256-RSA2048".to_owned()),
        Just("WECHATPAY/SIGNTEST/x".to_owned()),
        "[ -~]{0,80}",
        "\\PC{0,40}",
    ]
}

/// A sealed resource in an envelope, cut short or not, or arbitrary bytes; headers; signed or
/// not.
pub fn strategy() -> impl Strategy<Value = NotificationInput> {
    let sealed = (
        prop::sample::select(PLAINTEXTS),
        prop::sample::select(ENVELOPES),
        any::<prop::sample::Index>(),
        any::<bool>(),
    )
        .prop_map(|(plaintext, envelope, cut, whole)| {
            let body = seal(plaintext.as_bytes(), envelope);
            if whole {
                body
            } else {
                body[..cut.index(body.len() + 1)].to_vec()
            }
        });
    let body = prop_oneof![4 => sealed, 1 => prop::collection::vec(any::<u8>(), 0..512)];
    (
        prop::collection::vec((prop::sample::select(HEADER_NAMES), header_value()), 0..5),
        body,
        prop::bool::weighted(0.8),
    )
        .prop_map(|(headers, body, signed)| NotificationInput {
            headers: super::owned(headers),
            body,
            signed,
        })
}

/// The fuzzer's bytes: whether to sign, a few headers, then either a sealed resource (the
/// fuzzer's bytes as its plaintext) or the raw body.
pub fn from_bytes(data: &[u8]) -> NotificationInput {
    let mut bytes = super::Bytes::new(data);
    let signed = !bytes.byte().is_multiple_of(4);
    let mut headers = Vec::new();
    for _ in 0..bytes.below(5) {
        let name = HEADER_NAMES[bytes.below(HEADER_NAMES.len())];
        let value = String::from_utf8_lossy(bytes.piece()).into_owned();
        headers.push((name.to_owned(), value));
    }
    let raw = bytes.byte().is_multiple_of(4);
    let envelope = ENVELOPES[bytes.below(ENVELOPES.len())];
    let body = if raw {
        bytes.rest().to_vec()
    } else {
        seal(bytes.rest(), envelope)
    };
    NotificationInput {
        headers,
        body,
        signed,
    }
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

/// Reads the notification; the property broken, if one is.
pub fn check(input: &NotificationInput) -> Result<(), String> {
    let headers = super::signed_if(input.signed, &input.headers, &input.body)?;
    let header = |name: &str| super::header(&headers, name);
    let read = runtime()
        .block_on(super::client().notification::<ProfitSharingMovement>(header, &input.body));
    match read {
        Ok(_) if !input.signed => Err("an unsigned notification was read".to_owned()),
        Ok(notification) if notification.id != "EV-2018-0001" => {
            Err(format!("read with id {:?}", notification.id))
        }
        Ok(_) => Ok(()),
        Err(error) => {
            let shown = format!("{} {error:?}", error.report());
            if shown.len() > 8 << 10 {
                return Err(format!("a rejection shown in {} bytes", shown.len()));
            }
            if shown.contains(MARKER) {
                return Err(format!("decrypted data in an error: {shown}"));
            }
            if shown.contains(APIV3_KEY) {
                return Err(format!("the APIv3 key in an error: {shown}"));
            }
            Ok(())
        }
    }
}
