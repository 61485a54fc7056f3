//! Assembling a verifier's keys, checked once.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use super::VerifierConfigError;
use super::verifier::{Keys, ResponseVerifier};
use crate::protocol::keys::{Certificate, PublicKey};

/// Collects the keys for a [`ResponseVerifier`]; see [`ResponseVerifier::builder`].
#[derive(Debug, Default)]
pub struct ResponseVerifierBuilder {
    public_key: Option<(String, PublicKey)>,
    certificates: Vec<Certificate>,
}

impl ResponseVerifierBuilder {
    /// The WeChat Pay public key and its id (`PUB_KEY_ID_…`, as shown in the merchant
    /// platform). A second call replaces the first.
    #[must_use = "the builder is consumed; use the builder it returns"]
    pub fn public_key(mut self, id: impl Into<String>, key: PublicKey) -> Self {
        self.public_key = Some((id.into(), key));
        self
    }

    /// A platform certificate. Give every certificate currently in use: during a rotation
    /// WeChat Pay signs with the new one while the old one is still valid.
    #[must_use = "the builder is consumed; use the builder it returns"]
    pub fn certificate(mut self, certificate: Certificate) -> Self {
        self.certificates.push(certificate);
        self
    }

    /// Several platform certificates.
    #[must_use = "the builder is consumed; use the builder it returns"]
    pub fn certificates(mut self, certificates: impl IntoIterator<Item = Certificate>) -> Self {
        self.certificates.extend(certificates);
        self
    }

    /// The verifier.
    ///
    /// Refuses a builder with no key at all, a public key id that could not be a header value,
    /// and two different certificates with one serial number (the same certificate given twice
    /// is kept once).
    pub fn build(self) -> Result<ResponseVerifier, VerifierConfigError> {
        if self.public_key.is_none() && self.certificates.is_empty() {
            return Err(VerifierConfigError::NoKeys);
        }
        if let Some((id, _)) = &self.public_key {
            let valid = (1..=64).contains(&id.len())
                && id
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_');
            if !valid {
                return Err(VerifierConfigError::InvalidPublicKeyId(id.clone()));
            }
        }
        let mut certificates = BTreeMap::new();
        for certificate in self.certificates {
            match certificates.entry(certificate.serial_hex().to_owned()) {
                Entry::Vacant(slot) => {
                    slot.insert(certificate);
                }
                Entry::Occupied(existing) if *existing.get() == certificate => {}
                Entry::Occupied(existing) => {
                    return Err(VerifierConfigError::ConflictingCertificates(
                        existing.key().clone(),
                    ));
                }
            }
        }
        Ok(ResponseVerifier::from_keys(Keys {
            public_key: self.public_key,
            certificates,
        }))
    }
}
