//! The response checks, in order.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::error::clip;
use super::{ResponseVerifierBuilder, VerificationError};
use crate::protocol::headers::{
    WECHATPAY_NONCE, WECHATPAY_SERIAL, WECHATPAY_SIGNATURE, WECHATPAY_SIGNATURE_TYPE,
    WECHATPAY_TIMESTAMP,
};
use crate::protocol::keys::{Certificate, PublicKey};
use crate::protocol::message::{parse_unix_seconds, response_message};
use crate::protocol::{MAX_CLOCK_SKEW_SECS, SCHEME};

/// How a signature probe starts (see [`VerificationError::SignTestProbe`]).
pub const SIGN_TEST_PREFIX: &str = "WECHATPAY/SIGNTEST/";

/// Verifies response signatures against a WeChat Pay public key, platform certificates, or both.
///
/// Built once with [`ResponseVerifier::builder`]; immutable afterwards. Cloning is cheap (the
/// keys are shared) and it is `Send + Sync`. To rotate certificates, build a new verifier and
/// swap it in.
#[derive(Clone)]
pub struct ResponseVerifier(Arc<Keys>);

pub(super) struct Keys {
    pub(super) public_key: Option<(String, PublicKey)>,
    /// By serial number, uppercase hexadecimal.
    pub(super) certificates: BTreeMap<String, Certificate>,
}

impl ResponseVerifier {
    /// Starts collecting keys.
    pub fn builder() -> ResponseVerifierBuilder {
        ResponseVerifierBuilder::default()
    }

    pub(super) fn from_keys(keys: Keys) -> Self {
        Self(Arc::new(keys))
    }

    /// A verifier without keys, which refuses every response as signed by an unknown serial:
    /// a client's before its first download of the platform certificates.
    pub(crate) fn without_keys() -> Self {
        Self::from_keys(Keys {
            public_key: None,
            certificates: BTreeMap::new(),
        })
    }

    /// The configured WeChat Pay public key and its id.
    pub(crate) fn public_key(&self) -> Option<(&str, &PublicKey)> {
        self.0
            .public_key
            .as_ref()
            .map(|(id, key)| (id.as_str(), key))
    }

    /// The configured WeChat Pay public key id.
    pub fn public_key_id(&self) -> Option<&str> {
        self.0.public_key.as_ref().map(|(id, _)| id.as_str())
    }

    /// The configured platform certificates, by serial number.
    pub fn certificates(&self) -> impl Iterator<Item = &Certificate> {
        self.0.certificates.values()
    }

    /// The `Wechatpay-Serial` a request should carry: the public key id when one is configured,
    /// otherwise the serial of the newest platform certificate valid at `now_unix`; `None` when
    /// neither exists (the header is then left out).
    ///
    /// The header tells WeChat Pay which key the merchant will verify with, and which key any
    /// sensitive request fields are encrypted for.
    pub fn request_serial(&self, now_unix: i64) -> Option<&str> {
        self.encryption_key(now_unix).map(|(serial, _)| serial)
    }

    /// The key sensitive request fields are encrypted with at `now_unix`, and the serial that
    /// names it in `Wechatpay-Serial` (the one [`ResponseVerifier::request_serial`] gives): the
    /// WeChat Pay public key when one is configured, otherwise the newest platform certificate
    /// valid at `now_unix`; `None` when neither exists.
    pub fn encryption_key(&self, now_unix: i64) -> Option<(&str, &PublicKey)> {
        if let Some((id, key)) = &self.0.public_key {
            return Some((id.as_str(), key));
        }
        self.0
            .certificates
            .values()
            .filter(|certificate| certificate.is_valid_at(now_unix))
            .max_by_key(|certificate| (certificate.not_before(), certificate.not_after()))
            .map(|certificate| (certificate.serial_hex(), certificate.public_key()))
    }

    /// Checks a response's signature headers against its raw body.
    ///
    /// `header` looks a response header up by name (case-insensitively, as HTTP names are);
    /// `body` is the body exactly as received, before any decoding; `now_unix` is the local time.
    ///
    /// The checks, in order: `Wechatpay-Signature-Type`, when present, is
    /// `WECHATPAY2-SHA256-RSA2048`; `Wechatpay-Serial`, `Wechatpay-Signature`,
    /// `Wechatpay-Timestamp` and `Wechatpay-Nonce` are present; the signature is not a
    /// `WECHATPAY/SIGNTEST/` probe; the timestamp is unix seconds within 300 s of now, either
    /// way; the serial names the public key or a certificate valid now; the signature is base64;
    /// and it is that key's signature of `TIMESTAMP\nNONCE\nBODY\n`.
    pub fn verify<'h>(
        &self,
        header: impl Fn(&str) -> Option<&'h str>,
        body: &[u8],
        now_unix: i64,
    ) -> Result<(), VerificationError> {
        self.check_headers(header, now_unix)?.verify_body(body)
    }

    /// Every check of [`ResponseVerifier::verify`] that needs no body, so that an answer whose
    /// signature headers are wrong is refused before its body is read. The signature over the
    /// body is checked by [`SignatureHeaders::verify_body`].
    pub fn check_headers<'h>(
        &self,
        header: impl Fn(&str) -> Option<&'h str>,
        now_unix: i64,
    ) -> Result<SignatureHeaders<'_, 'h>, VerificationError> {
        if let Some(kind) = header(WECHATPAY_SIGNATURE_TYPE)
            && kind != SCHEME
        {
            return Err(VerificationError::UnsupportedSignatureType(clip(kind)));
        }
        let required = |name| header(name).ok_or(VerificationError::MissingHeader(name));
        let serial = required(WECHATPAY_SERIAL)?;
        let signature = required(WECHATPAY_SIGNATURE)?;
        let timestamp = required(WECHATPAY_TIMESTAMP)?;
        let nonce = required(WECHATPAY_NONCE)?;

        // Before anything else about the signature: a probe must be reported as a probe, not as
        // whatever else happens to be wrong with it.
        if signature.starts_with(SIGN_TEST_PREFIX) {
            return Err(VerificationError::SignTestProbe);
        }
        let signed_at = parse_unix_seconds(timestamp)
            .ok_or_else(|| VerificationError::InvalidTimestamp(clip(timestamp)))?;
        if signed_at.abs_diff(now_unix) > MAX_CLOCK_SKEW_SECS {
            return Err(VerificationError::StaleTimestamp {
                timestamp: signed_at,
                now: now_unix,
            });
        }
        let key = self.key_for(serial, now_unix)?;
        let signature = STANDARD
            .decode(signature)
            .ok()
            .filter(|bytes| !bytes.is_empty())
            .ok_or(VerificationError::MalformedSignature)?;
        Ok(SignatureHeaders {
            key,
            timestamp,
            nonce,
            signature,
        })
    }

    /// The key `serial` names, if it may be used at `now_unix`.
    fn key_for(&self, serial: &str, now_unix: i64) -> Result<&PublicKey, VerificationError> {
        if let Some((id, key)) = &self.0.public_key
            && id == serial
        {
            return Ok(key);
        }
        let certificate = self
            .0
            .certificates
            .get(serial)
            .or_else(|| self.0.certificates.get(&serial.to_ascii_uppercase()))
            .ok_or_else(|| VerificationError::UnknownSerial(clip(serial)))?;
        if now_unix < certificate.not_before() {
            return Err(VerificationError::CertificateNotYetValid {
                serial: certificate.serial_hex().to_owned(),
                not_before: certificate.not_before(),
                now: now_unix,
            });
        }
        if now_unix > certificate.not_after() {
            return Err(VerificationError::CertificateExpired {
                serial: certificate.serial_hex().to_owned(),
                not_after: certificate.not_after(),
                now: now_unix,
            });
        }
        Ok(certificate.public_key())
    }
}

/// A response's signature headers, checked: the key they name and what it signed, waiting for
/// the body.
pub struct SignatureHeaders<'k, 'h> {
    key: &'k PublicKey,
    timestamp: &'h str,
    nonce: &'h str,
    signature: Vec<u8>,
}

impl SignatureHeaders<'_, '_> {
    /// Whether the signature is the key's over `TIMESTAMP\nNONCE\nBODY\n`.
    pub fn verify_body(&self, body: &[u8]) -> Result<(), VerificationError> {
        let message = response_message(self.timestamp, self.nonce, body);
        if self.key.verify_sha256(&message, &self.signature) {
            Ok(())
        } else {
            Err(VerificationError::BadSignature)
        }
    }
}

impl fmt::Debug for SignatureHeaders<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignatureHeaders")
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for ResponseVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseVerifier")
            .field("public_key_id", &self.public_key_id())
            .field(
                "certificates",
                &self.0.certificates.values().collect::<Vec<_>>(),
            )
            .finish()
    }
}
