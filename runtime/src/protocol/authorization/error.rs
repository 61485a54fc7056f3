//! What can go wrong building, parsing or checking an `Authorization` header.

/// An `Authorization` header could not be built, parsed or verified.
///
/// Messages never contain the signature or key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthorizationError {
    /// The header does not start with `WECHATPAY2-SHA256-RSA2048` and a space.
    #[error("Authorization does not use the WECHATPAY2-SHA256-RSA2048 scheme")]
    UnsupportedScheme,
    /// The parameter list is not `name="value"` pairs separated by commas.
    #[error("Authorization is malformed at byte {at}: expected {expected}")]
    Malformed {
        /// The byte offset into the header value where parsing stopped.
        at: usize,
        /// What was expected there.
        expected: &'static str,
    },
    /// A parameter appears twice.
    #[error("Authorization parameter {0} appears more than once")]
    DuplicateParameter(&'static str),
    /// A parameter name the scheme does not define.
    #[error(
        "Authorization parameter {0:?} is not one of mchid, nonce_str, timestamp, serial_no, signature"
    )]
    UnknownParameter(String),
    /// A required parameter is absent.
    #[error("Authorization parameter {0} is missing")]
    MissingParameter(&'static str),
    /// A parameter's value breaks its format (also raised when building a header).
    #[error("Authorization parameter {name} is invalid: {reason}")]
    InvalidParameter {
        /// The parameter.
        name: &'static str,
        /// The rule its value breaks.
        reason: &'static str,
    },
    /// The signature is empty or not base64.
    #[error("Authorization signature is empty or not valid base64")]
    MalformedSignature,
    /// The signature does not match the request under the merchant's public key.
    #[error("Authorization signature does not match the request")]
    BadSignature,
    /// The timestamp is too far from the server's clock.
    #[error("Authorization timestamp {timestamp} is more than 300 s from now ({now})")]
    StaleTimestamp {
        /// The signed timestamp, unix seconds.
        timestamp: i64,
        /// The server's time, unix seconds.
        now: i64,
    },
    /// Signing or drawing the nonce failed inside the cryptographic library.
    #[error(transparent)]
    Crypto(#[from] crate::protocol::keys::CryptoError),
}
