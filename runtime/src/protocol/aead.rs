//! `AEAD_AES_256_GCM`: how WeChat Pay encrypts what only the merchant may read.
//!
//! Downloaded platform certificates (`encrypt_certificate` in the answer to
//! `GET /v3/certificates`) and the `resource` of callback notifications are encrypted alike
//! (WeChat Pay APIv3 documentation, 证书和回调报文解密):
//!
//! - the key is the merchant's [`ApiV3Key`] (32 bytes, so AES-256);
//! - `nonce` is a 12-character string, used as its 12 UTF-8 bytes;
//! - `associated_data` is a string (`"certificate"` for certificates; possibly empty), used as
//!   its UTF-8 bytes;
//! - `ciphertext` is standard base64 (with padding) of the AES-256-GCM ciphertext followed by
//!   its 16-byte authentication tag.
//!
//! [`decrypt_aes_256_gcm`] opens such a resource; [`encrypt_aes_256_gcm`] seals one, for a test
//! server or mock standing in for WeChat Pay.

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use x509_cert::der::zeroize::Zeroizing;

use super::apiv3_key::ApiV3Key;

/// The length of the authentication tag after the ciphertext, in bytes.
pub const TAG_LEN: usize = 16;

/// The algorithm name WeChat Pay writes beside an encrypted resource (`algorithm`).
pub const ALGORITHM: &str = "AEAD_AES_256_GCM";

/// Why an `AEAD_AES_256_GCM` resource could not be opened (or sealed).
///
/// It names the check that failed, never the key, the nonce's bytes or the plaintext.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AeadError {
    /// The nonce is not 12 bytes.
    #[error("the nonce is {len} bytes; AES-256-GCM takes a 12-byte nonce")]
    NonceLength {
        /// Its length in bytes.
        len: usize,
    },
    /// The ciphertext is not valid standard base64.
    #[error("the ciphertext is not valid base64")]
    InvalidBase64,
    /// The decoded ciphertext is shorter than the 16-byte authentication tag it must end with.
    #[error("the ciphertext is {len} bytes, shorter than its 16-byte authentication tag")]
    TooShort {
        /// Its decoded length in bytes.
        len: usize,
    },
    /// The authentication tag does not match: the APIv3 key is not the one WeChat Pay
    /// encrypted with, the ciphertext or its nonce was altered, or the associated data differs.
    /// AES-GCM cannot tell these apart.
    #[error(
        "authentication failed: wrong APIv3 key, altered ciphertext or nonce, or different associated data (AES-GCM cannot tell which)"
    )]
    Authentication,
    /// The cryptographic library failed while sealing (not caused by any input).
    #[error("the cryptographic library reported an internal failure")]
    Crypto,
}

/// Opens an `AEAD_AES_256_GCM` resource: `ciphertext_b64` (base64 of ciphertext ‖ tag) under
/// `key`, with `nonce` and `associated_data` as their UTF-8 bytes.
///
/// The plaintext is returned in a buffer wiped when dropped: a notification's resource may hold
/// personal data.
pub fn decrypt_aes_256_gcm(
    key: &ApiV3Key,
    nonce: &str,
    associated_data: &str,
    ciphertext_b64: &str,
) -> Result<Zeroizing<Vec<u8>>, AeadError> {
    let nonce = nonce_of(nonce)?;
    // Decoded straight into the buffer the plaintext replaces, so that it is wiped too.
    let mut buffer = Zeroizing::new(
        STANDARD
            .decode(ciphertext_b64.trim())
            .map_err(|_| AeadError::InvalidBase64)?,
    );
    if buffer.len() < TAG_LEN {
        return Err(AeadError::TooShort { len: buffer.len() });
    }
    let plaintext_len = sealing_key(key)?
        .open_in_place(
            nonce,
            Aad::from(associated_data.as_bytes()),
            buffer.as_mut_slice(),
        )
        .map_err(|_| AeadError::Authentication)?
        .len();
    buffer.truncate(plaintext_len);
    Ok(buffer)
}

/// Seals `plaintext` as WeChat Pay does, for a server standing in for it: the base64 of the
/// AES-256-GCM ciphertext ‖ tag under `key`, with `nonce` (12 bytes) and `associated_data` as
/// their UTF-8 bytes. [`decrypt_aes_256_gcm`] opens it.
///
/// A nonce must never be used twice with one key; a server draws a fresh one per resource.
pub fn encrypt_aes_256_gcm(
    key: &ApiV3Key,
    nonce: &str,
    associated_data: &str,
    plaintext: &[u8],
) -> Result<String, AeadError> {
    let nonce = nonce_of(nonce)?;
    let mut buffer = Zeroizing::new(Vec::with_capacity(plaintext.len() + TAG_LEN));
    buffer.extend_from_slice(plaintext);
    sealing_key(key)?
        .seal_in_place_append_tag(nonce, Aad::from(associated_data.as_bytes()), &mut *buffer)
        .map_err(|_| AeadError::Crypto)?;
    Ok(STANDARD.encode(buffer.as_slice()))
}

fn nonce_of(nonce: &str) -> Result<Nonce, AeadError> {
    let bytes = nonce.as_bytes();
    if bytes.len() != NONCE_LEN {
        return Err(AeadError::NonceLength { len: bytes.len() });
    }
    Nonce::try_assume_unique_for_key(bytes).map_err(|_| AeadError::NonceLength { len: bytes.len() })
}

fn sealing_key(key: &ApiV3Key) -> Result<LessSafeKey, AeadError> {
    // A 32-byte key is always accepted; the error is the library's own failure.
    UnboundKey::new(&AES_256_GCM, key.expose_secret())
        .map(LessSafeKey::new)
        .map_err(|_| AeadError::Crypto)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "0123456789abcdef0123456789ABCDEF";

    fn key() -> ApiV3Key {
        ApiV3Key::new(KEY).unwrap()
    }

    #[test]
    fn round_trip() {
        let sealed = encrypt_aes_256_gcm(&key(), "d215b0511e9c", "certificate", b"PEM").unwrap();
        let opened = decrypt_aes_256_gcm(&key(), "d215b0511e9c", "certificate", &sealed).unwrap();
        assert_eq!(opened.as_slice(), b"PEM");
        // An empty plaintext is the tag alone.
        let sealed = encrypt_aes_256_gcm(&key(), "d215b0511e9c", "", b"").unwrap();
        let opened = decrypt_aes_256_gcm(&key(), "d215b0511e9c", "", &sealed).unwrap();
        assert!(opened.is_empty());
    }

    /// A vector computed independently (Python `cryptography`'s AESGCM), so that the framing
    /// (ciphertext ‖ tag, UTF-8 nonce and associated data) is checked against another
    /// implementation, not only against itself.
    #[test]
    fn known_vector() {
        let sealed = encrypt_aes_256_gcm(&key(), "0123456789ab", "certificate", b"hello").unwrap();
        assert_eq!(sealed, KNOWN_VECTOR);
    }

    const KNOWN_VECTOR: &str = "XcJf/OJohaqu3ch5xpJzohlpf0FZ";

    #[test]
    fn each_failure_is_named() {
        let sealed = encrypt_aes_256_gcm(&key(), "d215b0511e9c", "certificate", b"PEM").unwrap();
        let open = |key: &ApiV3Key, nonce: &str, aad: &str, text: &str| {
            decrypt_aes_256_gcm(key, nonce, aad, text).unwrap_err()
        };
        let other = ApiV3Key::new([b'x'; 32]).unwrap();
        assert_eq!(
            open(&other, "d215b0511e9c", "certificate", &sealed),
            AeadError::Authentication
        );
        assert_eq!(
            open(&key(), "d215b0511e9c", "notification", &sealed),
            AeadError::Authentication
        );
        assert_eq!(
            open(&key(), "000000000000", "certificate", &sealed),
            AeadError::Authentication
        );
        assert_eq!(
            open(&key(), "short", "certificate", &sealed),
            AeadError::NonceLength { len: 5 }
        );
        assert_eq!(
            open(&key(), "d215b0511e9c", "certificate", "not base64!"),
            AeadError::InvalidBase64
        );
        assert_eq!(
            open(&key(), "d215b0511e9c", "certificate", "AAAA"),
            AeadError::TooShort { len: 3 }
        );
        let mut tampered = STANDARD.decode(&sealed).unwrap();
        tampered[0] ^= 1;
        assert_eq!(
            open(
                &key(),
                "d215b0511e9c",
                "certificate",
                &STANDARD.encode(tampered)
            ),
            AeadError::Authentication
        );
    }
}
