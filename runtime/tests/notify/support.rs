//! Notifications made the way WeChat Pay makes them, and a resource type the generated crate
//! would write, shared by `tests/notify.rs` and `tests/notify_axum.rs`.
//!
//! A notification is a JSON envelope whose `resource` is sealed with
//! [`encrypt_aes_256_gcm`] under the APIv3 key (证书和回调报文解密), signed over
//! `TIMESTAMP\nNONCE\nBODY\n` with the WeChat Pay key under its id (签名验证).

#![allow(dead_code)] // Each test file uses part of it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;
use wechatpay_runtime::notify::NotificationResource;
use wechatpay_runtime::protocol::ResponseSignatureHeaders;
use wechatpay_runtime::protocol::aead::encrypt_aes_256_gcm;
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_runtime::protocol::keys::PrivateKey;
use wechatpay_runtime::{ApiV3Key, Client, ClientBuilder, UnknownValue, WireEnum};

use crate::common::{MCHID, MERCHANT_SERIAL, NOW, PUBLIC_KEY_ID};

pub const MERCHANT_KEY: &str = include_str!("../data/protocol/merchant_test_key.pem");
pub const WECHATPAY_PUBLIC_KEY: &str =
    include_str!("../data/protocol/wechatpay_public_key_test.pem");
/// The key of the test platform certificates.
pub const PLATFORM_KEY: &str = include_str!("../data/protocol/platform_test_key.pem");
/// Valid 2020-01-01 to 2099-12-31.
pub const CERT_1: &str = include_str!("../data/protocol/platform_test_cert.pem");
pub const SERIAL_1: &str = "7E57000000000000000000000000000000000001";
/// Valid 2024-01-01 to 2099-12-31, the same key as `CERT_1`.
pub const CERT_3: &str = include_str!("../data/protocol/platform_test_cert_rotated.pem");
pub const SERIAL_3: &str = "7E57000000000000000000000000000000000003";

/// The merchant's APIv3 key in these tests: what no error or log may show.
pub const APIV3_KEY: &str = "NotifyApiV3KeyForTestsOnly012345";
/// Another 32-byte key.
pub const WRONG_KEY: &str = "WrongNotifyApiV3KeyForTests01234";
/// In every test resource: the plaintext no error or log may show.
pub const SECRET_OPENID: &str = "oUpF8uMuAJO_SECRET_M1ExeUvXtrR8";

/// The event types of a payment notification, as the generator writes a string enum.
#[derive(Debug, Clone, PartialEq, Eq, WireEnum)]
pub enum TransactionEvent {
    /// 支付成功.
    #[wire("TRANSACTION.SUCCESS")]
    Success,
    /// An event type this version does not know.
    #[wire(other)]
    Unknown(UnknownValue),
}

#[derive(Debug, Clone, PartialEq, Eq, WireEnum)]
pub enum TradeState {
    #[wire("SUCCESS")]
    Success,
    #[wire("NOTPAY")]
    NotPay,
    #[wire(other)]
    Unknown(UnknownValue),
}

/// The decrypted resource of a payment notification (a few of its fields).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Transaction {
    pub out_trade_no: String,
    pub transaction_id: String,
    pub trade_state: TradeState,
    pub amount: Amount,
    pub payer: Payer,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Amount {
    pub total: u64,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Payer {
    pub openid: String,
}

impl NotificationResource for Transaction {
    type EventType = TransactionEvent;
    const ORIGINAL_TYPE: &'static str = "transaction";
}

/// The plaintext of a transaction resource.
pub fn transaction_json(out_trade_no: &str) -> serde_json::Value {
    serde_json::json!({
        "mchid": MCHID,
        "appid": "wxd678efh567hg6787",
        "out_trade_no": out_trade_no,
        "transaction_id": "1217752501201407033233368018",
        "trade_type": "JSAPI",
        "trade_state": "SUCCESS",
        "trade_state_desc": "支付成功",
        "success_time": "2025-11-21T08:00:00+08:00",
        "payer": { "openid": SECRET_OPENID },
        "amount": { "total": 100, "payer_total": 100, "currency": "CNY", "payer_currency": "CNY" },
    })
}

/// Who signs a notification, and under which serial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signer {
    /// The WeChat Pay public key's private half, under its id.
    PublicKey,
    /// The platform certificates' key, under this serial.
    Platform(&'static str),
    /// A key WeChat Pay does not have, under the public key's id: a forgery.
    Forger,
}

/// One notification to send, each part changeable by a test.
#[derive(Debug, Clone)]
pub struct Make {
    pub id: String,
    pub event_type: String,
    pub plaintext: Vec<u8>,
    pub apiv3_key: &'static str,
    pub nonce: String,
    /// What the resource is sealed with.
    pub sealed_with: &'static str,
    /// What the envelope says the associated data is (`None` leaves it out).
    pub associated_data: Option<&'static str>,
    pub algorithm: &'static str,
    pub original_type: &'static str,
    pub timestamp: i64,
    pub signer: Signer,
}

impl Make {
    /// A valid payment notification for `out_trade_no`, signed at [`NOW`].
    pub fn transaction(out_trade_no: &str) -> Self {
        static NONCES: AtomicUsize = AtomicUsize::new(0);
        Self {
            id: format!("EV-2018022511223320873-{out_trade_no}"),
            event_type: "TRANSACTION.SUCCESS".to_owned(),
            plaintext: serde_json::to_vec(&transaction_json(out_trade_no)).unwrap(),
            apiv3_key: APIV3_KEY,
            nonce: format!("{:012x}", NONCES.fetch_add(1, Ordering::Relaxed)),
            sealed_with: "transaction",
            associated_data: Some("transaction"),
            algorithm: "AEAD_AES_256_GCM",
            original_type: "transaction",
            timestamp: NOW,
            signer: Signer::PublicKey,
        }
    }

    /// The envelope, as a JSON value a test may still change.
    pub fn envelope(&self) -> serde_json::Value {
        let key = ApiV3Key::new(self.apiv3_key).unwrap();
        let ciphertext =
            encrypt_aes_256_gcm(&key, &self.nonce, self.sealed_with, &self.plaintext).unwrap();
        let mut resource = serde_json::json!({
            "original_type": self.original_type,
            "algorithm": self.algorithm,
            "ciphertext": ciphertext,
            "nonce": self.nonce,
        });
        if let Some(associated_data) = self.associated_data {
            resource["associated_data"] = associated_data.into();
        }
        serde_json::json!({
            "id": self.id,
            "create_time": "2025-11-21T08:00:00+08:00",
            "resource_type": "encrypt-resource",
            "event_type": self.event_type,
            "summary": "支付成功",
            "resource": resource,
        })
    }

    /// The body and its signature headers.
    pub fn build(&self) -> Sent {
        self.sign(serde_json::to_vec(&self.envelope()).unwrap())
    }

    /// `body` signed as this notification says.
    pub fn sign(&self, body: Vec<u8>) -> Sent {
        let (key, serial) = match self.signer {
            Signer::PublicKey => (crate::common::wechatpay_key(), PUBLIC_KEY_ID),
            Signer::Platform(serial) => (PrivateKey::from_pkcs8_pem(PLATFORM_KEY).unwrap(), serial),
            Signer::Forger => (crate::common::other_key(), PUBLIC_KEY_ID),
        };
        let headers = ResponseSignatureHeaders::sign(&key, serial, self.timestamp, &body).unwrap();
        Sent { headers, body }
    }
}

/// A notification as it arrives: headers and raw body.
#[derive(Debug, Clone)]
pub struct Sent {
    pub headers: ResponseSignatureHeaders,
    pub body: Vec<u8>,
}

impl Sent {
    /// Looks a header up as a framework's header map does (case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
    }
}

/// A client in public-key mode with the APIv3 key, on a clock at [`NOW`] that the test keeps.
pub fn client() -> (Client, ManualClock) {
    client_with(|builder| builder.apiv3_key(APIV3_KEY))
}

/// A client in public-key mode on a clock at [`NOW`], configured further by `configure`.
pub fn client_with(
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> (Client, ManualClock) {
    let clock = ManualClock::new(NOW);
    let builder = Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, MERCHANT_KEY)
        .wechatpay_public_key(PUBLIC_KEY_ID, WECHATPAY_PUBLIC_KEY)
        .clock(Arc::new(clock.clone()));
    (configure(builder).build().unwrap(), clock)
}

/// Fails when `text` shows the APIv3 key or any of the test resource's plaintext.
pub fn assert_no_secret(text: &str) {
    for secret in [
        APIV3_KEY,
        WRONG_KEY,
        SECRET_OPENID,
        "1217752501201407033233368018",
    ] {
        assert!(!text.contains(secret), "{secret:?} shown in {text:?}");
    }
}
