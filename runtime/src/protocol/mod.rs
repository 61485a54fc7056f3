//! The WeChat Pay APIv3 protocol: message formats, signing, verification, keys.
//!
//! Every request carries an `Authorization` header signed with the merchant's RSA key over
//! `METHOD\nTARGET\nTIMESTAMP\nNONCE\nBODY\n`; every response is signed by WeChat Pay over
//! `TIMESTAMP\nNONCE\nBODY\n` and must be verified before its body is trusted. Both signatures
//! are RSA-2048 PKCS#1 v1.5 over SHA-256 (the `WECHATPAY2-SHA256-RSA2048` scheme).
//!
//! - [`keys`] loads the merchant private key, the WeChat Pay public key and platform
//!   certificates, once, with typed errors.
//! - [`message`] lays out the exact bytes that are signed, and makes nonces.
//! - [`authorization`] builds the request header and, for a test server, parses and checks it.
//! - [`verify`] checks a response's signature headers against the configured keys.
//! - [`sign_response`] and [`ResponseSignatureHeaders`] sign responses, for a test server.
//! - [`clock`] supplies "now", so tests can move time without sleeping.
//! - [`apiv3_key`] holds the merchant's APIv3 key, and [`aead`] opens (and, for a test server,
//!   seals) the `AEAD_AES_256_GCM` resources encrypted with it: downloaded platform
//!   certificates, callback notifications.
//! - [`oaep`] encrypts sensitive request fields under WeChat Pay's key and decrypts sensitive
//!   answer fields with the merchant's (RSA-OAEP, 敏感信息加解密).
//!
//! Nothing here performs I/O except the explicit `from_pem_file` loaders.

pub mod aead;
pub mod apiv3_key;
pub mod authorization;
pub mod clock;
pub mod headers;
pub mod keys;
pub mod message;
pub mod oaep;
mod response_signature;
pub mod verify;

pub use apiv3_key::{ApiV3Key, ApiV3KeyError};
pub use response_signature::{ResponseSignatureHeaders, sign_response};

/// The signature scheme: the `Authorization` prefix and the `Wechatpay-Signature-Type` value.
pub const SCHEME: &str = "WECHATPAY2-SHA256-RSA2048";

/// The largest accepted distance, in seconds and in either direction, between a signed
/// timestamp and the verifier's clock.
pub const MAX_CLOCK_SKEW_SECS: u64 = 300;
