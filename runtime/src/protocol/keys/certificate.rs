//! A WeChat Pay platform certificate: a public key with a serial number and a validity period.

use std::fmt;
use std::path::Path;

use rustls_pki_types::CertificateDer;
use x509_cert::der::{Decode, Encode};
use x509_cert::time::Time;

use super::pem::{first_block, read_file};
use super::{KeyError, PublicKey};

const WHAT: &str = "X.509 certificate";
const KEY_WHAT: &str = "certificate's public key";

/// A platform certificate, reduced to what response verification needs.
///
/// Its issuer signature is not checked: platform certificates reach the merchant through the
/// signed and encrypted `/v3/certificates` download (or are placed by hand), not through a
/// chain of trust.
#[derive(Clone, PartialEq, Eq)]
pub struct Certificate {
    serial_hex: String,
    not_before: i64,
    not_after: i64,
    public_key: PublicKey,
}

impl Certificate {
    /// Loads the first `-----BEGIN CERTIFICATE-----` PEM block. Takes `&str`, `String`,
    /// `&[u8]` or `Vec<u8>`.
    pub fn from_pem(pem: impl AsRef<[u8]>) -> Result<Self, KeyError> {
        let der: CertificateDer<'static> = first_block(pem.as_ref(), "CERTIFICATE")?;
        Self::from_der(&der)
    }

    /// Reads a PEM file and loads it as [`Certificate::from_pem`] does.
    pub fn from_pem_file(path: impl AsRef<Path>) -> Result<Self, KeyError> {
        Self::from_pem(read_file(path.as_ref())?.as_slice())
    }

    /// Loads a DER-encoded X.509 certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, KeyError> {
        let malformed = |error: x509_cert::der::Error| KeyError::Malformed {
            what: WHAT,
            reason: error.to_string(),
        };
        let certificate = x509_cert::Certificate::from_der(der).map_err(malformed)?;
        let tbs = certificate.tbs_certificate();
        let spki = tbs.subject_public_key_info().to_der().map_err(malformed)?;
        let validity = tbs.validity();
        Ok(Self {
            serial_hex: serial_hex(tbs.serial_number().as_bytes()),
            not_before: unix_seconds(validity.not_before),
            not_after: unix_seconds(validity.not_after),
            public_key: PublicKey::parse(&spki, KEY_WHAT)?,
        })
    }

    /// The serial number in uppercase hexadecimal without leading zeros, as WeChat Pay writes
    /// it in `Wechatpay-Serial` (for example `5157F09EFDC096DE15EBE81A47057A7232F1B8E1`).
    pub fn serial_hex(&self) -> &str {
        &self.serial_hex
    }

    /// The certificate's public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// The start of the validity period, in unix seconds (inclusive).
    pub fn not_before(&self) -> i64 {
        self.not_before
    }

    /// The end of the validity period, in unix seconds (inclusive).
    pub fn not_after(&self) -> i64 {
        self.not_after
    }

    /// Whether `now_unix` falls within the validity period, both ends included (RFC 5280).
    pub fn is_valid_at(&self, now_unix: i64) -> bool {
        (self.not_before..=self.not_after).contains(&now_unix)
    }
}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificate")
            .field("serial", &self.serial_hex)
            .field("not_before", &self.not_before)
            .field("not_after", &self.not_after)
            .field("public_key", &self.public_key)
            .finish()
    }
}

/// Uppercase hex of a DER integer's content octets.
fn serial_hex(bytes: &[u8]) -> String {
    // DER prefixes a 0x00 octet to a positive number whose top bit is set; the serial as
    // printed (by OpenSSL, by WeChat Pay) is the number, without it.
    let significant = match bytes.iter().position(|&byte| byte != 0) {
        Some(first) => &bytes[first..],
        None => &bytes[bytes.len().saturating_sub(1)..],
    };
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut hex = String::with_capacity(2 * significant.len());
    for &byte in significant {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0x0F)]));
    }
    hex
}

/// A certificate time as unix seconds; certificate times cannot precede 1970.
fn unix_seconds(time: Time) -> i64 {
    i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_hex_drops_the_sign_octet_only() {
        assert_eq!(serial_hex(&[0x00, 0x8E, 0x57, 0x01]), "8E5701");
        assert_eq!(serial_hex(&[0x0A, 0x00]), "0A00");
        assert_eq!(serial_hex(&[0x00]), "00");
        assert_eq!(serial_hex(&[]), "");
    }
}
