//! The merchant's APIv3 key: the 32-byte secret that decrypts what WeChat Pay encrypts for the
//! merchant.
//!
//! The merchant sets it in the merchant platform (商户平台 → 账户中心 → API安全 → 设置APIv3密钥)
//! as 32 characters; those characters, as UTF-8 bytes, are the AES-256-GCM key of the
//! `AEAD_AES_256_GCM` resources: downloaded platform certificates (`GET /v3/certificates`, see
//! [`crate::client::certificates`]) and the `resource` of callback notifications (WeChat Pay
//! APIv3 documentation, 证书和回调报文解密). [`crate::protocol::aead`] decrypts with it.
//!
//! The key is unrelated to the merchant's API certificate and private key, which sign requests.

use std::fmt;
use std::str::FromStr;

use x509_cert::der::zeroize::Zeroizing;

/// The length of an APIv3 key, in bytes.
pub const APIV3_KEY_LEN: usize = 32;

/// The merchant's APIv3 key: exactly 32 bytes, wiped from memory when dropped.
///
/// Its `Debug` shows no byte of it. Cloning copies the 32 bytes; every copy is wiped when
/// dropped.
#[derive(Clone)]
pub struct ApiV3Key(Zeroizing<[u8; APIV3_KEY_LEN]>);

/// An APIv3 key was not 32 bytes long.
///
/// It says how long the input was, never what it held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "an APIv3 key must be exactly 32 bytes (the 32 characters set in the merchant platform), got {len}"
)]
pub struct ApiV3KeyError {
    len: usize,
}

impl ApiV3KeyError {
    /// How many bytes the refused input had.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the refused input was empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl ApiV3Key {
    /// The key from its bytes: the 32 characters set in the merchant platform, as given (for
    /// example `"<32 characters>"` or its bytes). Anything but 32 bytes is refused.
    pub fn new(key: impl AsRef<[u8]>) -> Result<Self, ApiV3KeyError> {
        let key = key.as_ref();
        if key.len() != APIV3_KEY_LEN {
            return Err(ApiV3KeyError { len: key.len() });
        }
        let mut bytes = Zeroizing::new([0_u8; APIV3_KEY_LEN]);
        bytes.copy_from_slice(key);
        Ok(Self(bytes))
    }

    /// The key's bytes, for a decryption ([`crate::protocol::aead`]).
    pub(crate) fn expose_secret(&self) -> &[u8; APIV3_KEY_LEN] {
        &self.0
    }
}

impl FromStr for ApiV3Key {
    type Err = ApiV3KeyError;

    fn from_str(key: &str) -> Result<Self, Self::Err> {
        Self::new(key)
    }
}

impl TryFrom<&str> for ApiV3Key {
    type Error = ApiV3KeyError;

    fn try_from(key: &str) -> Result<Self, Self::Error> {
        Self::new(key)
    }
}

impl TryFrom<&[u8]> for ApiV3Key {
    type Error = ApiV3KeyError;

    fn try_from(key: &[u8]) -> Result<Self, Self::Error> {
        Self::new(key)
    }
}

impl fmt::Debug for ApiV3Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiV3Key(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_32_bytes() {
        let key = ApiV3Key::new("0123456789abcdef0123456789ABCDEF").unwrap();
        assert_eq!(key.expose_secret()[..4], *b"0123");
        assert!(
            "0123456789abcdef0123456789ABCDEF"
                .parse::<ApiV3Key>()
                .is_ok()
        );
        assert!(ApiV3Key::try_from([7_u8; 32].as_slice()).is_ok());
        for len in [0, 16, 31, 33, 64] {
            let error = ApiV3Key::new(vec![b'k'; len]).unwrap_err();
            assert_eq!(error.len(), len);
            assert!(error.to_string().contains("exactly 32 bytes"), "{error}");
            assert!(
                error.to_string().ends_with(&format!("got {len}")),
                "{error}"
            );
        }
    }

    #[test]
    fn debug_and_errors_show_no_byte() {
        let secret = "SECRETsecretSECRETsecretSECRETse";
        let key = ApiV3Key::new(secret).unwrap();
        assert_eq!(format!("{key:?}"), "ApiV3Key(<redacted>)");
        let error = ApiV3Key::new("SECRETsecretSECRETsecret").unwrap_err();
        assert!(!format!("{error} {error:?}").contains("SECRET"));
    }
}
