//! PEM input: picking the block a loader wants (saying plainly what was there instead), and
//! reading a PEM file.

use std::path::Path;

use rustls_pki_types::pem::{self, PemObject};
use x509_cert::der::zeroize::Zeroizing;

use super::KeyError;

/// The UTF-8 byte order mark some editors put at the start of a text file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The whole file, wiped from memory when dropped (it may hold a private key).
pub(crate) fn read_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    std::fs::read(path)
        .map(Zeroizing::new)
        .map_err(|source| KeyError::Io {
            path: path.to_owned(),
            source,
        })
}

/// The first PEM block labelled `expected`, decoded by `T`.
///
/// Blocks with other labels before it are skipped, as in a file holding a certificate chain or a
/// key next to its certificate. When there is none, the error names the first label found.
pub(super) fn first_block<T: PemObject>(
    input: &[u8],
    expected: &'static str,
) -> Result<T, KeyError> {
    // The PEM reader only recognises a BEGIN line at the start of a line; a byte order mark
    // would hide the first block.
    let input = input.strip_prefix(BOM).unwrap_or(input);
    match T::from_pem_slice(input) {
        Ok(block) => Ok(block),
        Err(pem::Error::NoItemsFound) => Err(match first_label(input) {
            Some(found) => KeyError::WrongPemLabel { expected, found },
            None => KeyError::NotPem { expected },
        }),
        Err(error) => Err(KeyError::MalformedPem {
            expected,
            reason: describe(&error),
        }),
    }
}

/// The label of the first `-----BEGIN …-----` line, if there is one.
fn first_label(input: &[u8]) -> Option<String> {
    // Labels are short ASCII words; anything else is not worth echoing into an error message.
    const MAX_LABEL: usize = 64;
    input
        .split(|&byte| byte == b'\n' || byte == b'\r')
        .find_map(|line| line.strip_prefix(b"-----BEGIN "))
        .map(|rest| {
            let end = rest
                .iter()
                .position(|&byte| byte == b'-')
                .unwrap_or(rest.len());
            rest[..end]
                .iter()
                .take(MAX_LABEL)
                .map(|&byte| {
                    if byte.is_ascii_graphic() || byte == b' ' {
                        char::from(byte)
                    } else {
                        '?'
                    }
                })
                .collect()
        })
}

/// A fixed description, so no part of the (possibly secret) input reaches an error message.
fn describe(error: &pem::Error) -> &'static str {
    match error {
        pem::Error::MissingSectionEnd { .. } => "the -----END----- line is missing",
        pem::Error::IllegalSectionStart { .. } => "the -----BEGIN----- line is malformed",
        pem::Error::Base64Decode(_) => "the body is not valid base64",
        pem::Error::SectionTooLarge => "the block is too large",
        _ => "the PEM text is malformed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_label_reads_the_begin_line() {
        let input =
            b"junk\r\n-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(first_label(input).as_deref(), Some("RSA PRIVATE KEY"));
        assert_eq!(first_label(b"no pem here"), None);
        assert_eq!(
            first_label(b"-----BEGIN \x01odd-----").as_deref(),
            Some("?odd")
        );
    }
}
