//! Why a key could not be loaded, or a cryptographic operation failed.

use std::path::PathBuf;

/// A key, public key or certificate could not be loaded.
///
/// Messages name the kind of input and what was wrong with it; they never contain key material.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The input holds no PEM block at all.
    #[error("no PEM block found: expected -----BEGIN {expected}-----")]
    NotPem {
        /// The PEM label that was expected.
        expected: &'static str,
    },
    /// The input holds PEM, but not the kind expected (a certificate where a key belongs, a
    /// PKCS#1 key where a PKCS#8 key belongs).
    #[error(
        "found -----BEGIN {found}----- where -----BEGIN {expected}----- was expected{}",
        label_hint(expected, found)
    )]
    WrongPemLabel {
        /// The PEM label that was expected.
        expected: &'static str,
        /// The label of the first PEM block found.
        found: String,
    },
    /// A PEM block of the expected kind is damaged (bad base64, no END line).
    #[error("malformed PEM (-----BEGIN {expected}-----): {reason}")]
    MalformedPem {
        /// The PEM label that was expected.
        expected: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The DER inside is not a valid structure of the expected kind.
    #[error("malformed {what}: {reason}")]
    Malformed {
        /// What was being parsed.
        what: &'static str,
        /// What is wrong with it (never key material).
        reason: String,
    },
    /// The key is well formed but not an RSA key.
    #[error("{what} is not an RSA key; WeChat Pay APIv3 uses RSA (WECHATPAY2-SHA256-RSA2048)")]
    NotRsa {
        /// What was being parsed.
        what: &'static str,
    },
    /// The RSA key is shorter than 2048 bits or longer than 8192 bits.
    #[error("{what} is an RSA key outside the supported 2048 to 8192 bits")]
    UnsupportedKeySize {
        /// What was being parsed.
        what: &'static str,
    },
    /// A key file could not be read.
    #[error("cannot read {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        #[source]
        source: std::io::Error,
    },
}

/// The one conversion people reliably trip over gets its command spelled out.
fn label_hint(expected: &str, found: &str) -> &'static str {
    match (expected, found) {
        ("PRIVATE KEY", "RSA PRIVATE KEY") => {
            " (a PKCS#1 key; convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem`)"
        }
        ("PRIVATE KEY", "ENCRYPTED PRIVATE KEY") => {
            " (an encrypted key; decrypt it with `openssl pkcs8 -in key.pem`)"
        }
        ("PUBLIC KEY", "CERTIFICATE") => {
            " (a certificate; load it as a platform certificate instead)"
        }
        ("CERTIFICATE", "PUBLIC KEY") => {
            " (a bare public key; load it as the WeChat Pay public key instead)"
        }
        _ => "",
    }
}

/// The cryptographic library reported an internal failure while signing or drawing random
/// bytes.
///
/// Not caused by any input: it means the library could not do its job (for example, the
/// operating system's random source failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the cryptographic library reported an internal failure")]
pub struct CryptoError(pub(crate) ());

/// Translates the cryptographic library's rejection of a key into what the user must fix.
pub(super) fn rejected(rejection: &aws_lc_rs::error::KeyRejected, what: &'static str) -> KeyError {
    match rejection.description_() {
        "WrongAlgorithm" => KeyError::NotRsa { what },
        "TooSmall" | "TooLarge" => KeyError::UnsupportedKeySize { what },
        "InvalidEncoding" => KeyError::Malformed {
            what,
            reason: "not a valid encoding".to_owned(),
        },
        other => KeyError::Malformed {
            what,
            reason: format!("rejected by the cryptographic library ({other})"),
        },
    }
}
