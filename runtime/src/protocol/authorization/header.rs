//! The parsed header, and the parser a server reads it with.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::AuthorizationError;
use super::cursor::Cursor;
use super::fields::{
    MCHID, NAMES, NONCE_STR, SERIAL_NO, SIGNATURE, TIMESTAMP, check_mchid, check_nonce,
    check_serial_no,
};
use crate::protocol::message::{parse_unix_seconds, request_message_with_raw_timestamp};
use crate::protocol::{MAX_CLOCK_SKEW_SECS, SCHEME};

/// A parsed `Authorization` header, its signature not yet checked (see
/// [`verify_request`](super::verify_request)).
///
/// `Debug` shows every parameter except the signature.
#[derive(Clone, PartialEq, Eq)]
pub struct Authorization {
    mchid: String,
    nonce_str: String,
    timestamp: i64,
    // The digits as sent: the signature covers this text, not a re-formatting of the number.
    timestamp_text: String,
    serial_no: String,
    signature: Vec<u8>,
}

impl Authorization {
    /// The merchant id.
    pub fn mchid(&self) -> &str {
        &self.mchid
    }

    /// The request nonce.
    pub fn nonce_str(&self) -> &str {
        &self.nonce_str
    }

    /// The signing time, unix seconds.
    pub fn timestamp(&self) -> i64 {
        self.timestamp
    }

    /// The serial number of the merchant API certificate whose key signed the request.
    pub fn serial_no(&self) -> &str {
        &self.serial_no
    }

    /// The decoded signature bytes.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// Refuses a timestamp more than [`MAX_CLOCK_SKEW_SECS`] from `now_unix`, either way.
    pub fn check_timestamp(&self, now_unix: i64) -> Result<(), AuthorizationError> {
        if self.timestamp.abs_diff(now_unix) > MAX_CLOCK_SKEW_SECS {
            return Err(AuthorizationError::StaleTimestamp {
                timestamp: self.timestamp,
                now: now_unix,
            });
        }
        Ok(())
    }

    /// The message the signature should cover, for a request with this method, target and body.
    pub(super) fn signed_message(&self, method: &str, target: &str, body: &[u8]) -> Vec<u8> {
        request_message_with_raw_timestamp(
            method,
            target,
            &self.timestamp_text,
            &self.nonce_str,
            body,
        )
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization")
            .field("mchid", &self.mchid)
            .field("nonce_str", &self.nonce_str)
            .field("timestamp", &self.timestamp)
            .field("serial_no", &self.serial_no)
            .finish_non_exhaustive()
    }
}

/// Parses an `Authorization` header value.
///
/// Accepts the parameters in any order, with spaces or tabs around commas and `=`. Refuses
/// another scheme, a parameter given twice, an unknown or missing parameter, an unquoted or
/// escaped value, a value that breaks its format, and a signature that is not base64.
pub fn parse(header: &str) -> Result<Authorization, AuthorizationError> {
    // The scheme is matched as WeChat Pay spells it: a test server exists to catch clients that
    // drift from the documented form, not to forgive them.
    let params = header
        .strip_prefix(SCHEME)
        .and_then(|rest| rest.strip_prefix(' '))
        .ok_or(AuthorizationError::UnsupportedScheme)?;

    let mut cursor = Cursor::new(header, header.len() - params.len());
    let mut values: [Option<&str>; 5] = [None; 5];
    cursor.skip_spaces();
    loop {
        let name_at = cursor.at();
        let name =
            cursor.take_while(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-');
        if name.is_empty() {
            return Err(AuthorizationError::Malformed {
                at: name_at,
                expected: "a parameter name",
            });
        }
        cursor.skip_spaces();
        cursor.consume(b'=', "'=' after the parameter name")?;
        cursor.skip_spaces();
        cursor.consume(b'"', "a quoted value")?;
        let value =
            cursor.take_while(|byte| byte.is_ascii_graphic() && byte != b'"' && byte != b'\\');
        cursor.consume(
            b'"',
            "a closing quote after a value of printable ASCII without escapes",
        )?;

        let slot = NAMES
            .iter()
            .position(|&known| known == name)
            .ok_or_else(|| AuthorizationError::UnknownParameter(clip(name)))?;
        if values[slot].replace(value).is_some() {
            return Err(AuthorizationError::DuplicateParameter(NAMES[slot]));
        }

        cursor.skip_spaces();
        if cursor.at_end() {
            break;
        }
        cursor.consume(b',', "',' between parameters")?;
        cursor.skip_spaces();
    }

    let [mchid, nonce_str, timestamp, serial_no, signature] = values;
    let mchid = mchid.ok_or(AuthorizationError::MissingParameter(MCHID))?;
    let nonce_str = nonce_str.ok_or(AuthorizationError::MissingParameter(NONCE_STR))?;
    let timestamp_text = timestamp.ok_or(AuthorizationError::MissingParameter(TIMESTAMP))?;
    let serial_no = serial_no.ok_or(AuthorizationError::MissingParameter(SERIAL_NO))?;
    let signature = signature.ok_or(AuthorizationError::MissingParameter(SIGNATURE))?;

    check_mchid(mchid)?;
    check_nonce(nonce_str)?;
    check_serial_no(serial_no)?;
    let timestamp =
        parse_unix_seconds(timestamp_text).ok_or(AuthorizationError::InvalidParameter {
            name: TIMESTAMP,
            reason: "must be unix seconds in ASCII digits",
        })?;
    let signature = STANDARD
        .decode(signature)
        .ok()
        .filter(|bytes| !bytes.is_empty())
        .ok_or(AuthorizationError::MalformedSignature)?;

    Ok(Authorization {
        mchid: mchid.to_owned(),
        nonce_str: nonce_str.to_owned(),
        timestamp,
        timestamp_text: timestamp_text.to_owned(),
        serial_no: serial_no.to_owned(),
        signature,
    })
}

/// An unknown name is echoed back to help whoever sent it, but only so much of it.
fn clip(name: &str) -> String {
    crate::clip::clip(name, crate::clip::HEADER_CHARS)
}
