//! The header's parameters: their names, and the rules their values follow. The signer and the
//! parser share them, so the signer never writes what the parser would refuse.

use super::AuthorizationError;

pub(super) const MCHID: &str = "mchid";
pub(super) const NONCE_STR: &str = "nonce_str";
pub(super) const TIMESTAMP: &str = "timestamp";
pub(super) const SERIAL_NO: &str = "serial_no";
pub(super) const SIGNATURE: &str = "signature";

/// The parameters in the order the signer writes them.
pub(super) const NAMES: [&str; 5] = [MCHID, NONCE_STR, TIMESTAMP, SERIAL_NO, SIGNATURE];

/// A merchant id: 1 to 32 ASCII letters or digits.
pub(super) fn check_mchid(value: &str) -> Result<(), AuthorizationError> {
    check_alphanumeric(MCHID, value, 32, "must be 1 to 32 ASCII letters or digits")
}

/// A nonce: 1 to 32 ASCII letters or digits.
pub(super) fn check_nonce(value: &str) -> Result<(), AuthorizationError> {
    check_alphanumeric(
        NONCE_STR,
        value,
        32,
        "must be 1 to 32 ASCII letters or digits",
    )
}

/// A certificate serial number: 1 to 64 ASCII letters or digits (hexadecimal in practice).
pub(super) fn check_serial_no(value: &str) -> Result<(), AuthorizationError> {
    check_alphanumeric(
        SERIAL_NO,
        value,
        64,
        "must be 1 to 64 ASCII letters or digits",
    )
}

fn check_alphanumeric(
    name: &'static str,
    value: &str,
    max: usize,
    reason: &'static str,
) -> Result<(), AuthorizationError> {
    if (1..=max).contains(&value.len()) && value.bytes().all(|byte| byte.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err(AuthorizationError::InvalidParameter { name, reason })
    }
}
