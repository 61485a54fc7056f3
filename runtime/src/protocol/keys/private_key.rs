//! The merchant's RSA private key, which signs requests.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use aws_lc_rs::encoding::{AsDer, PublicKeyX509Der};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{OaepPrivateDecryptingKey, PrivateDecryptingKey};
use aws_lc_rs::signature::{KeyPair, RSA_PKCS1_SHA256, RsaKeyPair};
use rustls_pki_types::PrivatePkcs8KeyDer;
use x509_cert::der::zeroize::Zeroize;

use super::error::rejected;
use super::pem::{first_block, read_file};
use super::{CryptoError, KeyError, PublicKey};

const WHAT: &str = "private key (PKCS#8)";

/// The merchant's RSA private key of 2048 to 8192 bits, parsed once.
///
/// Cloning is cheap (a reference count) and shares the one parsed key; it is `Send + Sync`.
/// Its `Debug` output shows only the key size.
#[derive(Clone)]
pub struct PrivateKey(Arc<Inner>);

struct Inner {
    pair: RsaKeyPair,
    // Derived once at load time, so asking for it can neither fail nor re-encode.
    public: PublicKey,
    /// The same key for RSA-OAEP decryption of sensitive answer fields (`protocol::oaep`).
    oaep: OaepPrivateDecryptingKey,
}

impl PrivateKey {
    /// Loads a `-----BEGIN PRIVATE KEY-----` PEM block (unencrypted PKCS#8), the format of the
    /// merchant's `apiclient_key.pem`. Takes `&str`, `String`, `&[u8]` or `Vec<u8>`.
    pub fn from_pkcs8_pem(pem: impl AsRef<[u8]>) -> Result<Self, KeyError> {
        let mut der: PrivatePkcs8KeyDer<'static> = first_block(pem.as_ref(), "PRIVATE KEY")?;
        let key = Self::from_pkcs8_der(der.secret_pkcs8_der());
        // The decoded copy of the key is ours to wipe; the parsed key lives on inside the
        // cryptographic library.
        der.zeroize();
        key
    }

    /// Reads a PEM file and loads it as [`PrivateKey::from_pkcs8_pem`] does.
    pub fn from_pem_file(path: impl AsRef<Path>) -> Result<Self, KeyError> {
        Self::from_pkcs8_pem(read_file(path.as_ref())?.as_slice())
    }

    /// Loads a DER-encoded, unencrypted PKCS#8 RSA private key.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, KeyError> {
        let pair = RsaKeyPair::from_pkcs8(der).map_err(|error| rejected(&error, WHAT))?;
        let spki: PublicKeyX509Der<'static> =
            pair.public_key()
                .as_der()
                .map_err(|_| KeyError::Malformed {
                    what: WHAT,
                    reason: "its public half cannot be encoded".to_owned(),
                })?;
        let public = PublicKey::parse(spki.as_ref(), WHAT)?;
        let oaep = PrivateDecryptingKey::from_pkcs8(der)
            .map_err(|error| rejected(&error, WHAT))
            .and_then(|key| {
                OaepPrivateDecryptingKey::new(key).map_err(|_| KeyError::Malformed {
                    what: WHAT,
                    reason: "it cannot be used for RSA-OAEP decryption".to_owned(),
                })
            })?;
        Ok(Self(Arc::new(Inner { pair, public, oaep })))
    }

    /// The key as RSA-OAEP decrypts with it: `PrivateKey::decrypt_oaep` (`protocol::oaep`).
    pub(in crate::protocol) fn oaep_decrypting_key(&self) -> &OaepPrivateDecryptingKey {
        &self.0.oaep
    }

    /// Signs `message` with RSA PKCS#1 v1.5 over SHA-256.
    ///
    /// The signature is as long as the modulus (256 bytes for RSA-2048). Signing is
    /// deterministic: the same message always gives the same signature.
    pub fn sign_sha256(&self, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut signature = vec![0; self.0.pair.public_modulus_len()];
        // PKCS#1 v1.5 draws no randomness; the library takes a source only for API symmetry.
        self.0
            .pair
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                message,
                &mut signature,
            )
            .map_err(|_| CryptoError(()))?;
        Ok(signature)
    }

    /// The matching public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.0.public
    }

    /// The size of the RSA modulus in bits.
    pub fn modulus_bits(&self) -> usize {
        self.0.public.modulus_bits()
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("bits", &self.modulus_bits())
            .finish_non_exhaustive()
    }
}
