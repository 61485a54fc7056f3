//! The server's side of response signing, for a test server standing in for WeChat Pay.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::SCHEME;
use super::headers::{
    WECHATPAY_NONCE, WECHATPAY_SERIAL, WECHATPAY_SIGNATURE, WECHATPAY_SIGNATURE_TYPE,
    WECHATPAY_TIMESTAMP,
};
use super::keys::{CryptoError, PrivateKey};
use super::message::{nonce, response_message};

/// The base64 `Wechatpay-Signature` of a response: `key`'s signature of
/// `TIMESTAMP\nNONCE\nBODY\n`.
pub fn sign_response(
    key: &PrivateKey,
    timestamp: i64,
    nonce: &str,
    body: &[u8],
) -> Result<String, CryptoError> {
    let message = response_message(&timestamp.to_string(), nonce, body);
    Ok(STANDARD.encode(key.sign_sha256(&message)?))
}

/// The five signature headers of one response.
///
/// The fields are public so a test can damage one on purpose; [`get`](Self::get) looks them up
/// the way [`ResponseVerifier::verify`](super::verify::ResponseVerifier::verify) expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseSignatureHeaders {
    /// `Wechatpay-Serial`: the public key id or certificate serial of the signing key.
    pub serial: String,
    /// `Wechatpay-Timestamp`: unix seconds.
    pub timestamp: String,
    /// `Wechatpay-Nonce`.
    pub nonce: String,
    /// `Wechatpay-Signature`: base64.
    pub signature: String,
    /// `Wechatpay-Signature-Type`: the scheme; `None` leaves the header out.
    pub signature_type: Option<String>,
}

impl ResponseSignatureHeaders {
    /// Signs `body` at `timestamp` with a fresh nonce, as the key named `serial`.
    pub fn sign(
        key: &PrivateKey,
        serial: impl Into<String>,
        timestamp: i64,
        body: &[u8],
    ) -> Result<Self, CryptoError> {
        Self::sign_with_nonce(key, serial, timestamp, &nonce()?, body)
    }

    /// Signs `body` at `timestamp` with the nonce given, as the key named `serial`.
    pub fn sign_with_nonce(
        key: &PrivateKey,
        serial: impl Into<String>,
        timestamp: i64,
        nonce: &str,
        body: &[u8],
    ) -> Result<Self, CryptoError> {
        Ok(Self {
            serial: serial.into(),
            timestamp: timestamp.to_string(),
            nonce: nonce.to_owned(),
            signature: sign_response(key, timestamp, nonce, body)?,
            signature_type: Some(SCHEME.to_owned()),
        })
    }

    /// The value of the header `name` (matched case-insensitively).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// Every header present, as `(name, value)`.
    pub fn pairs(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            (WECHATPAY_SERIAL, Some(self.serial.as_str())),
            (WECHATPAY_TIMESTAMP, Some(self.timestamp.as_str())),
            (WECHATPAY_NONCE, Some(self.nonce.as_str())),
            (WECHATPAY_SIGNATURE, Some(self.signature.as_str())),
            (WECHATPAY_SIGNATURE_TYPE, self.signature_type.as_deref()),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
    }
}
