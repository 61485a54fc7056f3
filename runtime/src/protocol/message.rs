//! The exact bytes that are signed, and the nonces that go into them.
//!
//! Both messages are lines, each ending in `\n`, the last one included. The body is taken as
//! raw bytes: it is signed exactly as it travels, never re-serialized.

use aws_lc_rs::rand::{SecureRandom, SystemRandom};

use super::keys::CryptoError;

/// The length of a nonce made by [`nonce`].
pub const NONCE_LEN: usize = 32;

/// The message a request's `Authorization` signature covers:
/// `METHOD\nTARGET\nTIMESTAMP\nNONCE\nBODY\n`.
///
/// - `method`: uppercase, as in the request line (`GET`, `POST`).
/// - `target`: the path, plus `?` and the query string when there is one, byte for byte as
///   sent (percent-encoding included).
/// - `timestamp`: unix seconds, the same value as in the header.
/// - `body`: the exact bytes sent; empty for a request without a body (so a `GET` message ends
///   in `\n\n`).
pub fn request_message(
    method: &str,
    target: &str,
    timestamp: i64,
    nonce: &str,
    body: &[u8],
) -> Vec<u8> {
    request_message_with_raw_timestamp(method, target, &timestamp.to_string(), nonce, body)
}

/// [`request_message`] with the timestamp as the text that was signed, so a server rebuilds the
/// message from exactly what the client sent.
pub(crate) fn request_message_with_raw_timestamp(
    method: &str,
    target: &str,
    timestamp: &str,
    nonce: &str,
    body: &[u8],
) -> Vec<u8> {
    lines(&[
        method.as_bytes(),
        target.as_bytes(),
        timestamp.as_bytes(),
        nonce.as_bytes(),
        body,
    ])
}

/// The message a response's `Wechatpay-Signature` covers: `TIMESTAMP\nNONCE\nBODY\n`.
///
/// `timestamp` and `nonce` are the `Wechatpay-Timestamp` and `Wechatpay-Nonce` header values as
/// received; `body` is the raw response body.
pub fn response_message(timestamp: &str, nonce: &str, body: &[u8]) -> Vec<u8> {
    lines(&[timestamp.as_bytes(), nonce.as_bytes(), body])
}

/// Unix seconds written as plain ASCII digits, as both signed timestamps are: no sign, no
/// spaces, no fraction.
pub(crate) fn parse_unix_seconds(text: &str) -> Option<i64> {
    // `i64::from_str` alone would also take a leading `+` or `-`.
    if text.bytes().all(|byte| byte.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

fn lines(parts: &[&[u8]]) -> Vec<u8> {
    let len = parts.iter().map(|part| part.len() + 1).sum();
    let mut message = Vec::with_capacity(len);
    for part in parts {
        message.extend_from_slice(part);
        message.push(b'\n');
    }
    message
}

/// A fresh nonce: [`NONCE_LEN`] characters drawn uniformly from `0-9A-Za-z`, from the operating
/// system's cryptographic random source.
pub fn nonce() -> Result<String, CryptoError> {
    const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    // 248 = 4 × 62: bytes from 248 up are dropped, because mapping all 256 values with `% 62`
    // would make the first 8 characters more likely than the rest.
    const LIMIT: u8 = 248;

    let random = SystemRandom::new();
    let mut nonce = String::with_capacity(NONCE_LEN);
    // 48 bytes leave room for the ~3% that are dropped, so one draw almost always suffices.
    let mut bytes = [0_u8; 48];
    while nonce.len() < NONCE_LEN {
        random.fill(&mut bytes).map_err(|_| CryptoError(()))?;
        for &byte in bytes.iter().filter(|&&byte| byte < LIMIT) {
            if nonce.len() == NONCE_LEN {
                break;
            }
            nonce.push(char::from(ALPHABET[usize::from(byte % 62)]));
        }
    }
    Ok(nonce)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_message_ends_with_an_empty_body_line() {
        let message = request_message("GET", "/v3/certificates", 1554208460, "N", b"");
        assert_eq!(message, b"GET\n/v3/certificates\n1554208460\nN\n\n");
    }

    #[test]
    fn unix_seconds_are_plain_digits() {
        assert_eq!(parse_unix_seconds("1554208460"), Some(1554208460));
        assert_eq!(parse_unix_seconds("0042"), Some(42));
        for bad in [
            "",
            "+1",
            "-1",
            " 1",
            "1 ",
            "1.5",
            "1e3",
            "99999999999999999999",
        ] {
            assert_eq!(parse_unix_seconds(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn raw_timestamp_is_kept_as_sent() {
        let message = request_message_with_raw_timestamp("GET", "/", "0042", "N", b"");
        assert_eq!(message, b"GET\n/\n0042\nN\n\n");
    }
}
