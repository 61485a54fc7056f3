//! Why a response was refused, or a verifier could not be built.

/// A response's signature headers failed a check; the response must not be trusted.
///
/// Each variant names the check. Header values are echoed (shortened) to help diagnosis; they
/// are what the response carried, never local secrets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerificationError {
    /// A required signature header is absent.
    #[error("response header {0} is missing")]
    MissingHeader(&'static str),
    /// `Wechatpay-Signature-Type` names a scheme other than `WECHATPAY2-SHA256-RSA2048`.
    #[error("response signature type {0:?} is not WECHATPAY2-SHA256-RSA2048")]
    UnsupportedSignatureType(String),
    /// The signature starts with `WECHATPAY/SIGNTEST/`: WeChat Pay sends such deliberately
    /// invalid signatures to find clients that skip verification. Refusing it is correct.
    #[error(
        "response carries a WeChat Pay signature probe (WECHATPAY/SIGNTEST/…); refused as it must be"
    )]
    SignTestProbe,
    /// `Wechatpay-Timestamp` is not unix seconds in ASCII digits.
    #[error("response header Wechatpay-Timestamp {0:?} is not unix seconds")]
    InvalidTimestamp(String),
    /// `Wechatpay-Timestamp` is more than 300 s from the local clock (a replayed response, or a
    /// local clock that is wrong).
    #[error(
        "response timestamp {timestamp} is more than 300 s from now ({now}); replayed, or the local clock is wrong"
    )]
    StaleTimestamp {
        /// The signed timestamp, unix seconds.
        timestamp: i64,
        /// The local time, unix seconds.
        now: i64,
    },
    /// `Wechatpay-Serial` is neither the configured public key id nor a configured platform
    /// certificate's serial number.
    #[error(
        "response is signed by {0:?}, which is neither the configured WeChat Pay public key id nor a configured platform certificate serial"
    )]
    UnknownSerial(String),
    /// `Wechatpay-Serial` names no configured key, nor any platform certificate downloaded from
    /// `/v3/certificates` by a client that downloads them: even after a fresh download, or when
    /// the last download is too recent to repeat (see
    /// [`crate::client::certificates::CertificateRefreshPolicy::min_interval`]).
    #[error(
        "response is signed by {serial:?}, which is neither the configured WeChat Pay public key id nor among the platform certificates /v3/certificates listed when last asked, {downloaded_secs_ago} s ago"
    )]
    UnknownSerialAfterRefresh {
        /// The serial the response named (shortened).
        serial: String,
        /// Seconds since the platform certificates were last asked for.
        downloaded_secs_ago: i64,
    },
    /// The platform certificate named by `Wechatpay-Serial` has expired.
    #[error(
        "platform certificate {serial} expired at {not_after} (now {now}); download the current certificates"
    )]
    CertificateExpired {
        /// The certificate's serial number.
        serial: String,
        /// The end of its validity, unix seconds.
        not_after: i64,
        /// The local time, unix seconds.
        now: i64,
    },
    /// The platform certificate named by `Wechatpay-Serial` is not valid yet.
    #[error(
        "platform certificate {serial} is not valid until {not_before} (now {now}); is the local clock right?"
    )]
    CertificateNotYetValid {
        /// The certificate's serial number.
        serial: String,
        /// The start of its validity, unix seconds.
        not_before: i64,
        /// The local time, unix seconds.
        now: i64,
    },
    /// `Wechatpay-Signature` is empty or not base64.
    #[error("response header Wechatpay-Signature is empty or not valid base64")]
    MalformedSignature,
    /// The signature does not match the response under the named key.
    #[error("response signature does not match its timestamp, nonce and body")]
    BadSignature,
}

/// A [`ResponseVerifier`](super::ResponseVerifier) could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifierConfigError {
    /// Neither a public key nor a certificate was given, so every response would be refused.
    #[error("no WeChat Pay public key or platform certificate to verify responses with")]
    NoKeys,
    /// The public key id is not 1 to 64 ASCII letters, digits or underscores.
    #[error("WeChat Pay public key id {0:?} is not 1 to 64 ASCII letters, digits or underscores")]
    InvalidPublicKeyId(String),
    /// Two different certificates share a serial number.
    #[error("two different platform certificates have serial number {0}")]
    ConflictingCertificates(String),
}

/// A header value as an error shows it: bounded.
pub(super) fn clip(value: &str) -> String {
    crate::clip::clip(value, crate::clip::HEADER_CHARS)
}
