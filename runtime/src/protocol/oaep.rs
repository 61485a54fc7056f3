//! RSA-OAEP encryption of sensitive fields (敏感信息加解密).
//!
//! Source: WeChat Pay APIv3 documentation, 敏感信息加解密 (sensitive information encryption and
//! decryption). The rules it sets, and that this module implements:
//!
//! - A request field holding personal data (a profit-sharing receiver's `name`, an ID number, a
//!   bank account) is sent encrypted with RSA-OAEP under the **WeChat Pay** key the merchant
//!   uses: the WeChat Pay public key (id `PUB_KEY_ID_…`), or a platform certificate's public key.
//!   The request then carries `Wechatpay-Serial` naming that key (the public key id, or the
//!   certificate's serial number), so that WeChat Pay knows which private key opens it.
//! - An answer field holding personal data arrives encrypted the same way under the
//!   **merchant's** public key (its API certificate); the merchant opens it with its private key,
//!   the one that signs requests.
//! - OAEP uses SHA-1 as its hash and MGF1 with SHA-1 as its mask generation function, with an
//!   empty label (OpenSSL's `RSA_PKCS1_OAEP_PADDING`, Java's
//!   `RSA/ECB/OAEPWithSHA-1AndMGF1Padding`).
//! - The ciphertext travels as standard base64 (with padding): 344 characters for RSA-2048.
//! - OAEP with SHA-1 fits at most `k − 2·20 − 2` bytes of plaintext under a `k`-byte modulus:
//!   [`MAX_PLAINTEXT_BYTES`] = 214 bytes for the RSA-2048 keys WeChat Pay uses (RFC 8017,
//!   section 7.1.1). Longer text cannot be encrypted at all; validation refuses it first (see
//!   [`crate::SecretString`]).
//!
//! OAEP draws fresh randomness for every encryption: the same plaintext never gives the same
//! ciphertext twice. The client therefore encrypts a request's fields once per call and resends
//! those very bytes on a retry.
//!
//! The implementation is aws-lc-rs's (`OAEP_SHA1_MGF1SHA1`); errors never hold plaintext or key
//! material.

use aws_lc_rs::rsa::{OAEP_SHA1_MGF1SHA1, OaepPublicEncryptingKey, PublicEncryptingKey};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::keys::{Certificate, CryptoError, PrivateKey, PublicKey};
use crate::sensitive::SecretString;

/// The most plaintext bytes RSA-OAEP with SHA-1 encrypts under an RSA-2048 key, as WeChat Pay's
/// keys are: 256 − 2·20 − 2 = 214.
pub const MAX_PLAINTEXT_BYTES: usize = 214;

/// The bytes OAEP with SHA-1 adds to a message: two hashes and two bytes.
const OVERHEAD_BYTES: usize = 2 * 20 + 2;

/// A sensitive field could not be encrypted or decrypted. Each variant names the check that
/// failed; none holds plaintext, ciphertext or key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OaepError {
    /// The ciphertext is empty or not standard base64.
    #[error("the ciphertext is empty or not valid base64")]
    InvalidBase64,
    /// The ciphertext does not open under this private key: it was encrypted for another key
    /// (the WeChat Pay key where the merchant's was meant, or another merchant's), with other
    /// padding, or it is damaged.
    #[error(
        "the ciphertext cannot be decrypted with this private key: encrypted for another key, with another padding, or damaged"
    )]
    Undecryptable,
    /// The plaintext is longer than OAEP fits under the key.
    #[error(
        "the plaintext is {len} bytes, more than the {max} bytes RSA-OAEP (SHA-1) encrypts under this key"
    )]
    PlaintextTooLong {
        /// The plaintext's length in bytes.
        len: usize,
        /// The most the key fits ([`MAX_PLAINTEXT_BYTES`] for RSA-2048).
        max: usize,
    },
    /// The decrypted bytes are not UTF-8 text; sensitive fields are text.
    #[error("the decrypted plaintext is not UTF-8 text")]
    NotUtf8,
    /// The cryptographic library failed to encrypt (its random source, for instance).
    #[error("cannot encrypt")]
    Crypto(#[source] CryptoError),
}

impl PublicKey {
    /// The most plaintext bytes [`PublicKey::encrypt_oaep`] takes: the modulus length less 42
    /// ([`MAX_PLAINTEXT_BYTES`] = 214 for RSA-2048).
    pub fn max_oaep_plaintext_bytes(&self) -> usize {
        (self.modulus_bits() / 8).saturating_sub(OVERHEAD_BYTES)
    }

    /// Encrypts `plaintext` with RSA-OAEP (SHA-1, MGF1-SHA-1, empty label) and returns the
    /// ciphertext in standard base64, as WeChat Pay expects a sensitive request field (see the
    /// [module docs](self)).
    ///
    /// Every call gives a different ciphertext: OAEP is randomized.
    pub fn encrypt_oaep(&self, plaintext: &[u8]) -> Result<String, OaepError> {
        let max = self.max_oaep_plaintext_bytes();
        if plaintext.len() > max {
            return Err(OaepError::PlaintextTooLong {
                len: plaintext.len(),
                max,
            });
        }
        let crypto = |_| OaepError::Crypto(CryptoError(()));
        // The key was checked when it was loaded; parsing its public half again is cheap.
        let key = PublicEncryptingKey::from_der(self.spki_der())
            .map_err(|_| OaepError::Crypto(CryptoError(())))?;
        let key = OaepPublicEncryptingKey::new(key).map_err(crypto)?;
        let mut ciphertext = vec![0; key.ciphertext_size()];
        let written = key
            .encrypt(&OAEP_SHA1_MGF1SHA1, plaintext, &mut ciphertext, None)
            .map_err(crypto)?;
        Ok(STANDARD.encode(written))
    }
}

impl Certificate {
    /// Encrypts `plaintext` under the certificate's public key, as
    /// [`PublicKey::encrypt_oaep`] does; the request then names the certificate by its
    /// [`Certificate::serial_hex`] in `Wechatpay-Serial`.
    pub fn encrypt_oaep(&self, plaintext: &[u8]) -> Result<String, OaepError> {
        self.public_key().encrypt_oaep(plaintext)
    }
}

impl PrivateKey {
    /// Decrypts a sensitive field encrypted for this key with RSA-OAEP (SHA-1, MGF1-SHA-1, empty
    /// label), given as standard base64, as answers carry it (see the [module docs](self)).
    ///
    /// The plaintext comes back as a [`SecretString`]; the buffers it passed through are wiped.
    pub fn decrypt_oaep(&self, ciphertext_b64: &str) -> Result<SecretString, OaepError> {
        let ciphertext = STANDARD
            .decode(ciphertext_b64)
            .ok()
            .filter(|bytes| !bytes.is_empty())
            .ok_or(OaepError::InvalidBase64)?;
        let key = self.oaep_decrypting_key();
        let mut plaintext = vec![0; key.min_output_size()];
        let len = match key.decrypt(&OAEP_SHA1_MGF1SHA1, &ciphertext, &mut plaintext, None) {
            Ok(written) => written.len(),
            Err(_) => {
                wipe(plaintext);
                return Err(OaepError::Undecryptable);
            }
        };
        plaintext.truncate(len);
        match String::from_utf8(plaintext) {
            Ok(text) => Ok(SecretString::from(text)),
            Err(error) => {
                wipe(error.into_bytes());
                Err(OaepError::NotUtf8)
            }
        }
    }
}

/// Zeroes a buffer that may have held plaintext, then frees it.
fn wipe(mut bytes: Vec<u8>) {
    x509_cert::der::zeroize::Zeroize::zeroize(&mut bytes);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.
mod tests {
    use super::*;

    const WECHATPAY_KEY: &str =
        include_str!("../../tests/data/protocol/wechatpay_public_key_test_private.pem");
    const MERCHANT_KEY: &str = include_str!("../../tests/data/protocol/merchant_test_key.pem");

    fn key() -> PrivateKey {
        PrivateKey::from_pkcs8_pem(WECHATPAY_KEY).unwrap()
    }

    #[test]
    fn round_trips_and_is_randomized() {
        let key = key();
        let public = key.public_key();
        assert_eq!(public.max_oaep_plaintext_bytes(), MAX_PLAINTEXT_BYTES);
        let first = public.encrypt_oaep("张三".as_bytes()).unwrap();
        let second = public.encrypt_oaep("张三".as_bytes()).unwrap();
        assert_ne!(first, second);
        assert_eq!(first.len(), 344);
        assert_eq!(key.decrypt_oaep(&first).unwrap().expose(), "张三");
        assert_eq!(key.decrypt_oaep(&second).unwrap().expose(), "张三");
    }

    #[test]
    fn the_limit_is_214_bytes_for_rsa_2048() {
        let key = key();
        let fits = "a".repeat(MAX_PLAINTEXT_BYTES);
        let sealed = key.public_key().encrypt_oaep(fits.as_bytes()).unwrap();
        assert_eq!(key.decrypt_oaep(&sealed).unwrap().expose(), fits);
        let over = "a".repeat(MAX_PLAINTEXT_BYTES + 1);
        assert_eq!(
            key.public_key().encrypt_oaep(over.as_bytes()),
            Err(OaepError::PlaintextTooLong { len: 215, max: 214 })
        );
        // The empty text is a message too.
        let empty = key.public_key().encrypt_oaep(b"").unwrap();
        assert_eq!(key.decrypt_oaep(&empty).unwrap().expose(), "");
    }

    #[test]
    fn each_failure_is_named() {
        let key = key();
        assert_eq!(key.decrypt_oaep("").unwrap_err(), OaepError::InvalidBase64);
        assert_eq!(
            key.decrypt_oaep("not base64!").unwrap_err(),
            OaepError::InvalidBase64
        );
        // Another key's ciphertext.
        let merchant = PrivateKey::from_pkcs8_pem(MERCHANT_KEY).unwrap();
        let theirs = merchant.public_key().encrypt_oaep(b"secret").unwrap();
        let error = key.decrypt_oaep(&theirs).unwrap_err();
        assert_eq!(error, OaepError::Undecryptable);
        assert!(!error.to_string().contains("secret"));
        // A damaged ciphertext, and one of the wrong length.
        let mut damaged = STANDARD
            .decode(key.public_key().encrypt_oaep(b"secret").unwrap())
            .unwrap();
        damaged[100] ^= 1;
        let damaged = STANDARD.encode(&damaged);
        assert_eq!(key.decrypt_oaep(&damaged), Err(OaepError::Undecryptable));
        assert_eq!(
            key.decrypt_oaep(&STANDARD.encode([1; 16])),
            Err(OaepError::Undecryptable)
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused() {
        let key = key();
        let sealed = key.public_key().encrypt_oaep(&[0xFF, 0xFE]).unwrap();
        assert_eq!(key.decrypt_oaep(&sealed), Err(OaepError::NotUtf8));
    }
}
