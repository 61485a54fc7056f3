//! The one error type of a call, and the typed form of a WeChat Pay error response.

use std::fmt;

use serde::Deserialize;

use crate::clip::{ERROR_BODY_BYTES, MESSAGE_CHARS, REQUEST_ID_CHARS, clip, clip_bytes};

/// The most characters of each part of an error answer that `Display` shows.
const DETAIL_CHARS: usize = 200;
use crate::protocol::verify::VerificationError;
use crate::validate::ValidationError;
use crate::wire_enum::WireEnum;

/// Why a call failed. `C` is the error-code enum of the generated crate.
///
/// Like every error of this project, its `Display` says what failed at this level and leaves the
/// cause to [`std::error::Error::source`], so that reporters walking the chain (anyhow, eyre,
/// tracing) show each cause once. [`Error::report`] writes the whole chain on one line.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<C> {
    /// The request broke a documented rule; nothing was sent. The source lists every violation.
    #[error("invalid request, not sent")]
    Validation(#[from] ValidationError),
    /// The request body could not be encoded as JSON; nothing was sent.
    #[error("cannot encode the request body")]
    Encode(#[source] serde_json::Error),
    /// The request could not be signed (a failure inside the crypto library); nothing was sent.
    #[error("cannot sign the request")]
    Sign(#[source] crate::protocol::authorization::AuthorizationError),
    /// No usable answer arrived: connection, timeout or a body cut short, after every attempt.
    #[error("no answer from WeChat Pay after {attempts} attempt(s)")]
    Transport {
        /// The last failure.
        #[source]
        source: reqwest::Error,
        /// Attempts made.
        attempts: u32,
    },
    /// WeChat Pay answered with an error.
    #[error("{0}")]
    Api(Box<ApiError<C>>),
    /// A 2xx answer did not carry a valid WeChat Pay signature: it is treated as a forgery and
    /// its body is not used.
    #[error("response rejected as unsigned or forged (HTTP {status}, Request-ID {})", request_id.as_deref().unwrap_or("none"))]
    Verification {
        /// Which check failed.
        #[source]
        error: VerificationError,
        /// The HTTP status of the rejected answer.
        status: u16,
        /// The answer's `Request-ID`.
        request_id: Option<String>,
    },
    /// A verified 2xx body does not match the response type.
    #[error("cannot decode the response at `{path}`: {message} (Request-ID {})", request_id.as_deref().unwrap_or("none"))]
    Decode {
        /// Where in the JSON the problem is, e.g. `receivers[0].amount`.
        path: String,
        /// What serde said.
        message: String,
        /// The answer's `Request-ID`.
        request_id: Option<String>,
    },
    /// A verified 2xx answer of an endpoint that documents no body
    /// ([`crate::ResponseBody::Empty`]) has one: it is not what the endpoint answers, and is not
    /// guessed at.
    #[error("expected no response body, got {len} bytes (HTTP {status}, Request-ID {})", request_id.as_deref().unwrap_or("none"))]
    UnexpectedBody {
        /// The body's length in bytes.
        len: u64,
        /// The HTTP status of the answer.
        status: u16,
        /// The answer's `Request-ID`.
        request_id: Option<String>,
    },
    /// A 2xx answer's body is larger than the client reads ([`crate::ClientBuilder::max_response_bytes`]);
    /// it was not read past the limit, nor decoded.
    #[error("the response body is over {limit} bytes, more than this client reads (HTTP {status}, Request-ID {})", request_id.as_deref().unwrap_or("none"))]
    ResponseTooLarge {
        /// The limit.
        limit: usize,
        /// The HTTP status of the answer.
        status: u16,
        /// The answer's `Request-ID`.
        request_id: Option<String>,
    },
    /// Reading a paged list stopped: its answers do not make one consistent list (the source
    /// says how), or it ran past [`crate::ClientBuilder::max_pages`]. The items before were
    /// yielded; none is dropped silently.
    #[error("cannot read the list to its end{}", request_id.as_deref().map(|id| format!(" (Request-ID {id})")).unwrap_or_default())]
    Paging {
        /// What is wrong with the pages.
        #[source]
        error: super::paging::PagingError,
        /// The `Request-ID` of the page that showed it, when a page did.
        request_id: Option<String>,
    },
    /// Polling gave up: the deadline passed while the resource was still pending.
    #[error("still pending when the polling deadline passed, after {polls} queries")]
    PollDeadline {
        /// Queries made.
        polls: u32,
    },
    /// A download ([`crate::Client::download_to_path`], [`crate::Client::download_to_writer`])
    /// failed: refused before sending, cut short, too large, corrupt, not matching its hash, or
    /// not writable. The source says which. A download to a path left the path untouched.
    #[error("cannot download the file{}", request_id.as_deref().map(|id| format!(" (Request-ID {id})")).unwrap_or_default())]
    Download {
        /// What went wrong.
        #[source]
        error: super::download::DownloadError,
        /// The `Request-ID` of the file's answer, when one arrived.
        request_id: Option<String>,
    },
    /// The request has sensitive fields to encrypt ([`crate::Operation::ENCRYPTS`]), and the
    /// client has no key to encrypt them with: no WeChat Pay public key, and no platform
    /// certificate valid now. Nothing was sent.
    #[error(
        "the request has sensitive fields to encrypt, and the client has no WeChat Pay public key or platform certificate valid now to encrypt them with; not sent"
    )]
    NoEncryptionKey,
    /// A sensitive request field could not be encrypted (its plaintext is longer than the key
    /// fits, which validation normally reports first); nothing was sent. The source says which.
    #[error("cannot encrypt a sensitive field of the request, not sent")]
    Encrypt(#[source] crate::protocol::oaep::OaepError),
    /// The platform certificates this client downloads
    /// ([`crate::ClientBuilder::auto_platform_certificates`]) could not be had: the download
    /// failed or was refused, before the request was sent or while its answer was checked. The
    /// source says which check failed; a merchant without platform certificates is told to
    /// configure the WeChat Pay public key ([`super::CertificateError::NotProvisioned`]).
    #[error("cannot get the WeChat Pay platform certificates")]
    Certificates(#[source] super::certificates::CertificateError),
}

impl<C> Error<C> {
    /// The `Request-ID` of the answer this error came from, to quote to WeChat Pay support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(error) => error.request_id.as_deref(),
            Self::Verification { request_id, .. }
            | Self::Decode { request_id, .. }
            | Self::UnexpectedBody { request_id, .. }
            | Self::ResponseTooLarge { request_id, .. }
            | Self::Paging { request_id, .. }
            | Self::Download { request_id, .. } => request_id.as_deref(),
            Self::Certificates(error) => error.request_id(),
            _ => None,
        }
    }

    /// The API error, when WeChat Pay answered with one.
    pub fn api(&self) -> Option<&ApiError<C>> {
        match self {
            Self::Api(error) => Some(error),
            _ => None,
        }
    }

    /// The error and each of its causes, joined by `: ` on one line, as a log line wants them.
    pub fn report(&self) -> String
    where
        C: WireEnum + fmt::Debug,
    {
        crate::report::chain(self)
    }

    /// Whether WeChat Pay said the resource does not exist (a normal answer to a query).
    pub fn is_not_found(&self) -> bool
    where
        C: WireEnum,
    {
        self.api().is_some_and(ApiError::is_not_found)
    }
}

/// A WeChat Pay error answer: `{"code", "message", "detail": {...}}`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError<C> {
    /// HTTP status.
    pub status: u16,
    /// The error code, when the body carried one.
    pub code: Option<C>,
    /// The message, when the body carried one (at most 1,024 characters of it).
    pub message: Option<String>,
    /// Details on the offending parameter, when given.
    pub detail: Option<ErrorDetail>,
    /// The answer's `Request-ID` (at most 128 characters of it).
    pub request_id: Option<String>,
    /// The body as received (lossy UTF-8), for shapes this version does not know: at most
    /// 4 KiB of it, so that a huge error answer is not kept whole.
    pub body: String,
    /// The body's length in bytes: as the answer declared it, or as far as it was read.
    pub body_len: u64,
    /// The codes that say, for the endpoint called, that the resource does not exist: those its
    /// error table lists under HTTP 404 ([`crate::Operation::NOT_FOUND_CODES`]).
    pub not_found_codes: &'static [&'static str],
}

/// The `detail` object of an error answer; WeChat Pay fills it in for parameter errors.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// The offending field.
    #[serde(default)]
    pub field: Option<String>,
    /// The offending value, as sent back (a string or a number).
    #[serde(default)]
    pub value: Option<serde_json::Value>,
    /// What is wrong with it.
    #[serde(default)]
    pub issue: Option<String>,
    /// Where it was: `query`, `body`, `path`, `header`.
    #[serde(default)]
    pub location: Option<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    code: Option<String>,
    message: Option<String>,
    #[serde(default)]
    detail: Option<ErrorDetail>,
}

impl<C: WireEnum> ApiError<C> {
    /// Reads an error answer; a body of another shape keeps only the status and the raw text.
    pub fn parse(status: u16, body: &[u8], request_id: Option<String>) -> Self {
        let parsed: Option<ErrorBody> = serde_json::from_slice(body).ok();
        let (code, message, detail) = match parsed {
            Some(parsed) => (
                parsed.code.map(C::from_wire_owned),
                parsed.message.map(|m| clip(&m, MESSAGE_CHARS)),
                parsed.detail,
            ),
            None => (None, None, None),
        };
        Self {
            status,
            code,
            message,
            detail,
            request_id: request_id.map(|id| clip(&id, REQUEST_ID_CHARS)),
            body: clip_bytes(body, ERROR_BODY_BYTES),
            body_len: body.len() as u64,
            not_found_codes: &[],
        }
    }

    /// The same error, for a body longer than the part read: its full declared length.
    #[must_use]
    pub fn with_body_len(mut self, body_len: u64) -> Self {
        self.body_len = self.body_len.max(body_len);
        self
    }

    /// The same error, read for an endpoint whose error table lists `codes` under HTTP 404.
    #[must_use]
    pub fn with_not_found_codes(mut self, codes: &'static [&'static str]) -> Self {
        self.not_found_codes = codes;
        self
    }

    /// The code as written, when there is one.
    pub fn code_str(&self) -> Option<&str> {
        self.code.as_ref().map(C::as_str)
    }

    /// Whether repeating the same call later may succeed: a rate limit or a server fault, by
    /// its status or by its code ([`super::retry::RETRYABLE_CODES`]).
    pub fn is_retryable(&self) -> bool {
        super::retry::is_retryable_status(self.status)
            || self.code_str().is_some_and(super::retry::is_retryable_code)
    }

    /// Whether the resource does not exist: HTTP 404, or a code the endpoint's error table lists
    /// under 404 (whatever status it came with).
    pub fn is_not_found(&self) -> bool {
        self.status == 404
            || self
                .code_str()
                .is_some_and(|code| self.not_found_codes.contains(&code))
    }
}

impl<C: WireEnum> fmt::Display for ApiError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WeChat Pay answered HTTP {}", self.status)?;
        match (self.code_str(), &self.message) {
            (Some(code), Some(message)) => write!(f, " {code}: {message}")?,
            (Some(code), None) => write!(f, " {code}")?,
            (None, _) => {
                let shown = clip(&self.body, DETAIL_CHARS);
                write!(
                    f,
                    " with a body of unknown shape ({} bytes): {shown:?}",
                    self.body_len
                )?;
            }
        }
        if let Some(detail) = &self.detail {
            // Each part shown bounded: they come from the answer, whatever it holds.
            let part = |name: &str, value: &Option<String>| {
                value
                    .as_deref()
                    .map(|v| format!("{name} {}", clip(v, DETAIL_CHARS)))
                    .unwrap_or_default()
            };
            let value = detail
                .value
                .as_ref()
                .map(|v| format!("value {}", clip(&v.to_string(), DETAIL_CHARS)))
                .unwrap_or_default();
            let parts: Vec<String> = [
                part("field", &detail.field),
                value,
                part("issue", &detail.issue),
                part("in", &detail.location),
            ]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
            if !parts.is_empty() {
                write!(f, " ({})", parts.join(", "))?;
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " [Request-ID {id}]")?;
        }
        Ok(())
    }
}

impl<C: WireEnum + fmt::Debug> std::error::Error for ApiError<C> {}
