//! Faults the mock injects, per route (configured or injected by a test) or per request (the
//! `Wechatpay-Mock-Fault` header): what a client must survive from the real service.

use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::config::RouteFault;

/// The request header that asks for faults on this one request: a comma-separated list such as
/// `rate_limited, latency=200ms`.
pub const FAULT_HEADER: &str = "Wechatpay-Mock-Fault";

/// One fault.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// `rate_limited` or `rate_limited=2s`: 429 FREQUENCY_LIMITED, with `Retry-After` when a
    /// wait is given.
    RateLimited(Option<Duration>),
    /// `system_error`: 500 SYSTEM_ERROR.
    SystemError,
    /// `gateway=503` (502, 503 or 504; `gateway_html` is 502): an HTML page, as a gateway in
    /// front of the service answers.
    Gateway(u16),
    /// `latency=300ms`: the answer is delayed.
    Latency(Duration),
    /// `drop`: the connection is cut in the middle of the answer.
    DropConnection,
    /// `wrong_signature`: a well-formed signature, made with the right key over other bytes, so
    /// it does not verify (as a forger's would not).
    WrongSignature,
    /// `stale_timestamp` or `stale_timestamp=-301`: signed with a timestamp that far from now
    /// (default 301 s in the past).
    StaleTimestamp(i64),
    /// `signtest`: a `WECHATPAY/SIGNTEST/` probe signature.
    SignTest,
    /// `truncated_body`: the signature covers the whole body, but only part of it is sent.
    TruncatedBody,
    /// `truncated_json`: the first half of the JSON body, correctly signed: the signature
    /// verifies and the body does not decode.
    TruncatedJson,
    /// `tampered_body`: the signature covers the body, but a changed body is sent.
    TamperedBody,
    /// `unknown_enum`: the first enum field of the answer carries a value no spec lists.
    UnknownEnumValue,
    /// `missing_header=Wechatpay-Nonce`: that signature header is left out.
    MissingHeader(String),
    /// `unsigned`: no signature headers at all.
    Unsigned,
    /// `unknown_serial`: the answer names a serial the client does not have.
    UnknownSerial,
    /// `malformed_signature`: the signature is not base64.
    MalformedSignature,
    /// `signature_type=NAME`: another `Wechatpay-Signature-Type`.
    SignatureType(String),
    /// `wrong_hash`: a download ticket names a hash of other bytes than its file's.
    WrongHash,
    /// `truncated_file`: a file download announces its whole length and stops halfway.
    TruncatedFile,
    /// `slow_file=20ms`: a file download waits that long before each of its chunks.
    SlowFile(Duration),
    /// `tampered_ciphertext`: a notification's resource ciphertext is changed after encryption.
    TamperedCiphertext,
    /// `wrong_apiv3_key`: a notification's resource is encrypted with another APIv3 key.
    WrongApiv3Key,
    /// `duplicate_delivery`: an acknowledged notification is delivered once more, same id.
    DuplicateDelivery,
    /// `error=CODE` or `error=CODE:STATUS`: an error answer with that code, signed, in place of
    /// the service's answer. Without a status, the one the endpoint's (or the public) error
    /// table gives the code, else 400; the message is the table's description.
    Error {
        /// The code, as the tables write it (`NOT_ENOUGH`).
        code: String,
        /// The status, when given.
        status: Option<u16>,
    },
}

/// The value that [`Fault::UnknownEnumValue`] puts in place.
pub const UNKNOWN_ENUM_VALUE: &str = "MOCK_UNKNOWN_VALUE";

impl Fault {
    /// Whether the fault replaces the answer with an error before any lookup.
    pub(crate) fn preempts(&self) -> bool {
        matches!(
            self,
            Self::RateLimited(_)
                | Self::SystemError
                | Self::Gateway(_)
                | Self::DropConnection
                | Self::Error { .. }
        )
    }
}

/// The longest [`Fault::Latency`] (a test that waits longer is waiting for nothing).
pub const MAX_LATENCY: Duration = Duration::from_secs(60);
/// The longest `Retry-After` of [`Fault::RateLimited`].
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);
/// The longest wait of [`Fault::SlowFile`] before each chunk.
pub const MAX_CHUNK_WAIT: Duration = Duration::from_secs(1);
/// The farthest [`Fault::StaleTimestamp`] moves a signature's time, either way: a day.
pub const MAX_STALE_SECS: i64 = 86_400;

/// A fault description that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaultParseError {
    /// No fault has that name, or it takes no such value.
    #[error(
        "unknown fault `{0}`; expected one of rate_limited[=2s], system_error, gateway_html, gateway=503, latency=300ms, drop, wrong_signature, stale_timestamp[=-301], signtest, truncated_body, truncated_json, tampered_body, unknown_enum, missing_header=NAME, unsigned, unknown_serial, malformed_signature, signature_type=NAME, error=CODE[:STATUS], wrong_hash, truncated_file, slow_file=20ms, tampered_ciphertext, wrong_apiv3_key, duplicate_delivery"
    )]
    Unknown(String),
    /// A value outside the fault's range.
    #[error("fault `{fault}`: {rule}")]
    OutOfRange {
        /// The fault as written.
        fault: String,
        /// The range it must lie in.
        rule: &'static str,
    },
}

impl FromStr for Fault {
    type Err = FaultParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let error = || FaultParseError::Unknown(text.to_owned());
        let out_of_range = |rule| FaultParseError::OutOfRange {
            fault: text.to_owned(),
            rule,
        };
        let (name, value) = match text.split_once('=') {
            Some((name, value)) => (name.trim(), Some(value.trim())),
            None => (text, None),
        };
        Ok(match (name, value) {
            ("rate_limited", wait) => {
                let wait = wait.map(duration).transpose().map_err(|_| error())?;
                if wait.is_some_and(|wait| wait > MAX_RETRY_AFTER) {
                    return Err(out_of_range("Retry-After is at most 3600s"));
                }
                Self::RateLimited(wait)
            }
            ("system_error", None) => Self::SystemError,
            ("gateway_html", None) => Self::Gateway(502),
            ("gateway", Some(status)) => match status.parse() {
                Ok(status @ 502..=504) => Self::Gateway(status),
                _ => return Err(error()),
            },
            ("latency", Some(wait)) => {
                let wait = duration(wait).map_err(|_| error())?;
                if wait > MAX_LATENCY {
                    return Err(out_of_range("latency is at most 60s"));
                }
                Self::Latency(wait)
            }
            ("drop", None) => Self::DropConnection,
            ("wrong_signature", None) => Self::WrongSignature,
            ("stale_timestamp", None) => Self::StaleTimestamp(-301),
            ("stale_timestamp", Some(offset)) => {
                let offset: i64 = offset.trim_end_matches('s').parse().map_err(|_| error())?;
                if !(-MAX_STALE_SECS..=MAX_STALE_SECS).contains(&offset) {
                    return Err(out_of_range(
                        "the offset is at most a day (86400 seconds) either way",
                    ));
                }
                Self::StaleTimestamp(offset)
            }
            ("signtest", None) => Self::SignTest,
            ("truncated_body", None) => Self::TruncatedBody,
            ("truncated_json", None) => Self::TruncatedJson,
            ("tampered_body", None) => Self::TamperedBody,
            ("unknown_enum", None) => Self::UnknownEnumValue,
            ("missing_header", Some(header)) => Self::MissingHeader(header.to_owned()),
            ("unsigned", None) => Self::Unsigned,
            ("unknown_serial", None) => Self::UnknownSerial,
            ("malformed_signature", None) => Self::MalformedSignature,
            ("signature_type", Some(kind)) => Self::SignatureType(kind.to_owned()),
            ("wrong_hash", None) => Self::WrongHash,
            ("tampered_ciphertext", None) => Self::TamperedCiphertext,
            ("wrong_apiv3_key", None) => Self::WrongApiv3Key,
            ("duplicate_delivery", None) => Self::DuplicateDelivery,
            ("truncated_file", None) => Self::TruncatedFile,
            ("slow_file", Some(wait)) => {
                let wait = duration(wait).map_err(|_| error())?;
                if wait > MAX_CHUNK_WAIT {
                    return Err(out_of_range("slow_file waits at most 1s per chunk"));
                }
                Self::SlowFile(wait)
            }
            ("error", Some(value)) => error_fault(value).map_err(|rule| match rule {
                Some(rule) => out_of_range(rule),
                None => error(),
            })?,
            _ => return Err(error()),
        })
    }
}

/// `CODE` or `CODE:STATUS` of an `error=` fault; `Err(Some(rule))` for a status out of range,
/// `Err(None)` for a code that is not UPPER_SNAKE_CASE.
fn error_fault(value: &str) -> Result<Fault, Option<&'static str>> {
    let (code, status) = match value.split_once(':') {
        Some((code, status)) => match status.parse() {
            Ok(status @ 400..=599) => (code, Some(status)),
            _ => return Err(Some("the status is 400 to 599")),
        },
        None => (value, None),
    };
    let valid = !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        return Err(None);
    }
    Ok(Fault::Error {
        code: code.to_owned(),
        status,
    })
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RateLimited(None) => f.write_str("rate_limited"),
            Self::RateLimited(Some(wait)) => write!(f, "rate_limited={}ms", wait.as_millis()),
            Self::SystemError => f.write_str("system_error"),
            Self::Gateway(status) => write!(f, "gateway={status}"),
            Self::Latency(wait) => write!(f, "latency={}ms", wait.as_millis()),
            Self::DropConnection => f.write_str("drop"),
            Self::WrongSignature => f.write_str("wrong_signature"),
            Self::StaleTimestamp(offset) => write!(f, "stale_timestamp={offset}"),
            Self::SignTest => f.write_str("signtest"),
            Self::TruncatedBody => f.write_str("truncated_body"),
            Self::TruncatedJson => f.write_str("truncated_json"),
            Self::TamperedBody => f.write_str("tampered_body"),
            Self::UnknownEnumValue => f.write_str("unknown_enum"),
            Self::MissingHeader(name) => write!(f, "missing_header={name}"),
            Self::Unsigned => f.write_str("unsigned"),
            Self::UnknownSerial => f.write_str("unknown_serial"),
            Self::MalformedSignature => f.write_str("malformed_signature"),
            Self::SignatureType(kind) => write!(f, "signature_type={kind}"),
            Self::WrongHash => f.write_str("wrong_hash"),
            Self::TamperedCiphertext => f.write_str("tampered_ciphertext"),
            Self::WrongApiv3Key => f.write_str("wrong_apiv3_key"),
            Self::DuplicateDelivery => f.write_str("duplicate_delivery"),
            Self::TruncatedFile => f.write_str("truncated_file"),
            Self::SlowFile(wait) => write!(f, "slow_file={}ms", wait.as_millis()),
            Self::Error { code, status: None } => write!(f, "error={code}"),
            Self::Error {
                code,
                status: Some(status),
            } => write!(f, "error={code}:{status}"),
        }
    }
}

/// Reads a comma-separated list of faults.
pub fn parse_list(text: &str) -> Result<Vec<Fault>, FaultParseError> {
    text.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(str::parse)
        .collect()
}

/// `300ms`, `2s`, or a bare number of milliseconds.
fn duration(text: &str) -> Result<Duration, std::num::ParseIntError> {
    if let Some(ms) = text.strip_suffix("ms") {
        Ok(Duration::from_millis(ms.trim().parse()?))
    } else if let Some(s) = text.strip_suffix('s') {
        Ok(Duration::from_secs(s.trim().parse()?))
    } else {
        Ok(Duration::from_millis(text.parse()?))
    }
}

// ---------------------------------------------------------------------------------------------
// The faults a request suffers
// ---------------------------------------------------------------------------------------------

/// Faults queued per route (configured, or injected by a test), used up in order.
pub(crate) struct RouteFaults(Mutex<Vec<RouteFault>>);

impl RouteFaults {
    pub(crate) fn new(faults: Vec<RouteFault>) -> Self {
        Self(Mutex::new(faults))
    }

    fn lock(&self) -> MutexGuard<'_, Vec<RouteFault>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues a fault.
    pub(crate) fn push(&self, fault: RouteFault) {
        self.lock().push(fault);
    }

    /// The fault the next request to `route` suffers: the first queued for it, used up when its
    /// count runs out. Queued faults apply one per request, in order (`system_error` once, then
    /// `rate_limited` once); to combine faults on one request, use the fault header.
    pub(crate) fn take(&self, route: &str) -> Option<Fault> {
        let mut faults = self.lock();
        let index = faults.iter().position(|rule| rule.route == route)?;
        let fault = faults[index].fault.clone();
        if let Some(left) = &mut faults[index].times {
            *left = left.saturating_sub(1);
            if *left == 0 {
                faults.remove(index);
            }
        }
        Some(fault)
    }
}

/// The faults one request suffers: its route's next queued fault, then those its fault header
/// asks for.
pub(crate) fn for_request(
    queued: &RouteFaults,
    route: &str,
    header: Option<&str>,
) -> Result<Vec<Fault>, FaultParseError> {
    let mut faults: Vec<Fault> = queued.take(route).into_iter().collect();
    if let Some(requested) = header {
        faults.extend(parse_list(requested)?);
    }
    Ok(faults)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fault_reads_back_what_it_writes() {
        let all = [
            Fault::RateLimited(None),
            Fault::RateLimited(Some(Duration::from_secs(2))),
            Fault::SystemError,
            Fault::Gateway(502),
            Fault::Gateway(504),
            Fault::Latency(Duration::from_millis(300)),
            Fault::DropConnection,
            Fault::WrongSignature,
            Fault::StaleTimestamp(-301),
            Fault::SignTest,
            Fault::TruncatedBody,
            Fault::TruncatedJson,
            Fault::TamperedBody,
            Fault::UnknownEnumValue,
            Fault::MissingHeader("Wechatpay-Nonce".into()),
            Fault::Unsigned,
            Fault::UnknownSerial,
            Fault::MalformedSignature,
            Fault::SignatureType("SM2".into()),
            Fault::Error {
                code: "NOT_ENOUGH".into(),
                status: None,
            },
            Fault::Error {
                code: "NO_AUTH".into(),
                status: Some(403),
            },
        ];
        for fault in all {
            assert_eq!(
                fault.to_string().parse::<Fault>(),
                Ok(fault.clone()),
                "{fault}"
            );
        }
    }

    #[test]
    fn lists_and_errors() {
        assert_eq!(
            parse_list("rate_limited=2s, latency=5").unwrap(),
            [
                Fault::RateLimited(Some(Duration::from_secs(2))),
                Fault::Latency(Duration::from_millis(5))
            ]
        );
        let error = parse_list("explode").unwrap_err();
        assert!(error.to_string().contains("unknown fault `explode`"));
        assert!("latency".parse::<Fault>().is_err());
    }

    #[test]
    fn values_outside_their_range_are_refused_not_wrapped() {
        for text in [
            "stale_timestamp=9223372036854775807",
            "stale_timestamp=-86401",
            "latency=18446744073709551615s",
            "latency=61s",
            "rate_limited=3601s",
        ] {
            let error = text.parse::<Fault>().unwrap_err();
            assert!(
                matches!(error, FaultParseError::OutOfRange { .. }),
                "{text}: {error}"
            );
        }
        // Past u64, the number itself does not read.
        assert!("latency=99999999999999999999999s".parse::<Fault>().is_err());
        assert_eq!(
            "stale_timestamp=-86400".parse(),
            Ok(Fault::StaleTimestamp(-86_400))
        );
        assert_eq!(
            "latency=60s".parse(),
            Ok(Fault::Latency(Duration::from_secs(60)))
        );
    }
}
