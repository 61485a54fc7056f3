//! An RSA public key that verifies SHA-256 PKCS#1 v1.5 signatures.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use aws_lc_rs::rsa::PublicEncryptingKey;
use aws_lc_rs::signature::{ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
use rustls_pki_types::SubjectPublicKeyInfoDer;
use x509_cert::der::Decode;
use x509_cert::der::oid::db::rfc5912::RSA_ENCRYPTION;
use x509_cert::spki::SubjectPublicKeyInfoRef;

use super::KeyError;
use super::error::rejected;
use super::pem::{first_block, read_file};

const WHAT: &str = "public key (SubjectPublicKeyInfo)";

/// An RSA public key of 2048 to 8192 bits, parsed once.
///
/// Cloning is cheap (a reference count); the key is `Send + Sync`. Two keys are equal when
/// their SubjectPublicKeyInfo encodings are.
#[derive(Clone)]
pub struct PublicKey(Arc<Inner>);

struct Inner {
    // Parsed once here rather than per verification: parsing costs as much as verifying.
    key: ParsedPublicKey,
    spki: Box<[u8]>,
    bits: usize,
}

impl PublicKey {
    /// Loads a `-----BEGIN PUBLIC KEY-----` PEM block (SubjectPublicKeyInfo), such as the
    /// WeChat Pay public key `pub_key.pem`. Takes `&str`, `String`, `&[u8]` or `Vec<u8>`.
    pub fn from_spki_pem(pem: impl AsRef<[u8]>) -> Result<Self, KeyError> {
        let der: SubjectPublicKeyInfoDer<'static> = first_block(pem.as_ref(), "PUBLIC KEY")?;
        Self::from_spki_der(&der)
    }

    /// Reads a PEM file and loads it as [`PublicKey::from_spki_pem`] does.
    pub fn from_pem_file(path: impl AsRef<Path>) -> Result<Self, KeyError> {
        Self::from_spki_pem(read_file(path.as_ref())?.as_slice())
    }

    /// Loads a DER-encoded SubjectPublicKeyInfo.
    pub fn from_spki_der(der: &[u8]) -> Result<Self, KeyError> {
        Self::parse(der, WHAT)
    }

    /// Parses and checks a SubjectPublicKeyInfo; `what` names it in errors.
    pub(super) fn parse(der: &[u8], what: &'static str) -> Result<Self, KeyError> {
        // Read the algorithm ourselves: the cryptographic library reports a non-RSA public key
        // only as "unspecified", which would tell the user nothing.
        let spki = SubjectPublicKeyInfoRef::from_der(der).map_err(|error| KeyError::Malformed {
            what,
            reason: error.to_string(),
        })?;
        if spki.algorithm.oid != RSA_ENCRYPTION {
            return Err(KeyError::NotRsa { what });
        }
        let sized = PublicEncryptingKey::from_der(der).map_err(|error| rejected(&error, what))?;
        let key = ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, der)
            .map_err(|error| rejected(&error, what))?;
        Ok(Self(Arc::new(Inner {
            key,
            spki: der.into(),
            bits: sized.key_size_bits(),
        })))
    }

    /// Whether `signature` is this key's RSA PKCS#1 v1.5 SHA-256 signature of `message`.
    #[must_use]
    pub fn verify_sha256(&self, message: &[u8], signature: &[u8]) -> bool {
        self.0.key.verify_sig(message, signature).is_ok()
    }

    /// The size of the RSA modulus in bits.
    pub fn modulus_bits(&self) -> usize {
        self.0.bits
    }

    /// The DER-encoded SubjectPublicKeyInfo.
    pub fn spki_der(&self) -> &[u8] {
        &self.0.spki
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.0.spki == other.0.spki
    }
}

impl Eq for PublicKey {}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("bits", &self.0.bits)
            .finish_non_exhaustive()
    }
}
