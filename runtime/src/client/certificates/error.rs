//! Why the platform certificates could not be downloaded, or were refused.

use crate::protocol::aead::AeadError;
use crate::protocol::authorization::AuthorizationError;
use crate::protocol::keys::KeyError;
use crate::protocol::verify::{VerificationError, VerifierConfigError};

/// The platform certificates could not be downloaded from `GET /v3/certificates`, or the
/// download was refused.
///
/// Each variant names the check that failed. Values quoted come from the answer (serial
/// numbers, codes, shortened); none is the APIv3 key, a nonce's plaintext or a certificate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CertificateError {
    /// The client was not built to download platform certificates.
    #[error(
        "this client does not download platform certificates (see ClientBuilder::auto_platform_certificates)"
    )]
    NotEnabled,
    /// The download request could not be signed (a failure inside the crypto library).
    #[error("cannot sign the request for the platform certificates")]
    Sign(#[source] AuthorizationError),
    /// No answer arrived (connection, timeout, a body cut short).
    #[error("no answer to GET /v3/certificates")]
    Transport(#[source] reqwest::Error),
    /// WeChat Pay has no platform certificate for this merchant (404 `RESOURCE_NOT_EXISTS`):
    /// merchants who joined after platform certificates were retired, or whose certificates
    /// expired without a new one, verify with the WeChat Pay public key instead.
    #[error(
        "this merchant has no platform certificates (GET /v3/certificates answered 404 RESOURCE_NOT_EXISTS{}); configure the WeChat Pay public key (ClientBuilder::wechatpay_public_key, `PUB_KEY_ID_…` and pub_key.pem from the merchant platform) instead of downloading platform certificates",
        request_id.as_deref().map(|id| format!(", Request-ID {id}")).unwrap_or_default()
    )]
    NotProvisioned {
        /// The answer's `Request-ID`.
        request_id: Option<String>,
    },
    /// WeChat Pay answered with another error.
    #[error(
        "GET /v3/certificates answered HTTP {status}{}{}{}",
        code.as_deref().map(|code| format!(" {code}")).unwrap_or_default(),
        message.as_deref().map(|message| format!(": {message}")).unwrap_or_default(),
        request_id.as_deref().map(|id| format!(" [Request-ID {id}]")).unwrap_or_default()
    )]
    Api {
        /// The HTTP status.
        status: u16,
        /// The error code, when the body carried one (shortened).
        code: Option<String>,
        /// The message, when the body carried one (shortened).
        message: Option<String>,
        /// The answer's `Request-ID`.
        request_id: Option<String>,
    },
    /// The answer is larger than the client reads ([`crate::ClientBuilder::max_response_bytes`]).
    #[error("the answer to GET /v3/certificates is over {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// The answer is not the documented certificate list.
    #[error("the answer to GET /v3/certificates is not the documented certificate list: {message}")]
    Decode {
        /// What serde said (shortened).
        message: String,
    },
    /// The answer's own signature failed a check: it is not trusted, and nothing in it is used.
    #[error("the answer to GET /v3/certificates failed its own signature check")]
    Unverified(#[source] VerificationError),
    /// A certificate is encrypted with an algorithm other than `AEAD_AES_256_GCM`.
    #[error("platform certificate {serial} is encrypted with {algorithm:?}, not AEAD_AES_256_GCM")]
    UnsupportedAlgorithm {
        /// The `serial_no` the list gives it (shortened).
        serial: String,
        /// The `algorithm` (shortened).
        algorithm: String,
    },
    /// A certificate could not be decrypted with the APIv3 key: the key configured is not the
    /// one set in the merchant platform, or the answer was altered. Nothing in the answer is
    /// used.
    #[error("cannot decrypt platform certificate {serial} with the APIv3 key")]
    Decrypt {
        /// The `serial_no` the list gives it (shortened).
        serial: String,
        /// Which check failed.
        #[source]
        source: AeadError,
    },
    /// A decrypted certificate is not a usable X.509 certificate.
    #[error("decrypted platform certificate {serial} is not a usable certificate")]
    Parse {
        /// The `serial_no` the list gives it (shortened).
        serial: String,
        /// Why.
        #[source]
        source: KeyError,
    },
    /// A decrypted certificate's serial number is not the `serial_no` the list gives it.
    #[error("the list gives serial {listed} to a certificate whose serial is {actual}")]
    SerialMismatch {
        /// The `serial_no` in the list (shortened).
        listed: String,
        /// The serial of the decrypted certificate.
        actual: String,
    },
    /// No downloaded certificate is valid now: expired ones and ones not valid yet are not
    /// used.
    #[error(
        "none of the {listed} downloaded platform certificates is valid now ({expired} expired, {not_yet_valid} not yet valid); is the local clock right?"
    )]
    NoUsableCertificate {
        /// Certificates listed.
        listed: usize,
        /// Of which expired.
        expired: usize,
        /// Of which not valid yet.
        not_yet_valid: usize,
    },
    /// The downloaded certificates conflict with the configured ones (one serial, two
    /// certificates).
    #[error("the downloaded platform certificates conflict with the configured ones")]
    Conflict(#[source] VerifierConfigError),
    /// There is no platform certificate yet, and the last download failed too recently to try
    /// again ([`super::CertificateRefreshPolicy::min_interval`]).
    #[error(
        "no platform certificate yet: the last download failed {secs_ago} s ago, and downloads are at least {min_interval_secs} s apart"
    )]
    Unavailable {
        /// Seconds since the failed download.
        secs_ago: i64,
        /// The minimum interval between downloads, in seconds.
        min_interval_secs: u64,
    },
}

impl CertificateError {
    /// The `Request-ID` of the answer to `GET /v3/certificates`, when an error answer had one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::NotProvisioned { request_id } | Self::Api { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// Whether WeChat Pay said this merchant has no platform certificates: a configuration to
    /// change (to the WeChat Pay public key), not a failure to retry.
    pub fn is_not_provisioned(&self) -> bool {
        matches!(self, Self::NotProvisioned { .. })
    }
}
