//! A sensitive answer field as it arrives: [`Encrypted`].

use std::fmt;

use super::SecretString;
use crate::Client;
use crate::protocol::keys::PrivateKey;
use crate::protocol::oaep::OaepError;

/// A sensitive answer field as received: the base64 RSA-OAEP ciphertext of its text under the
/// merchant's public key (see [`crate::protocol::oaep`]).
///
/// It reads and writes JSON as that string, unchanged. [`Encrypted::decrypt`] opens it with the
/// merchant key the client signs with; [`Encrypted::decrypt_with`] with any private key.
/// `Debug` shows that it is ciphertext and its length, not the text.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Encrypted(String);

impl Encrypted {
    /// A ciphertext in standard base64, as an answer carries it.
    pub fn new(ciphertext_b64: impl Into<String>) -> Self {
        Self(ciphertext_b64.into())
    }

    /// The ciphertext, in base64.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ciphertext, in base64, by value.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The plaintext, decrypted with the merchant private key `client` signs requests with
    /// ([`Client::decrypt`]).
    pub fn decrypt(&self, client: &Client) -> Result<SecretString, OaepError> {
        client.decrypt(self)
    }

    /// The plaintext, decrypted with `key` ([`PrivateKey::decrypt_oaep`]).
    pub fn decrypt_with(&self, key: &PrivateKey) -> Result<SecretString, OaepError> {
        key.decrypt_oaep(&self.0)
    }
}

impl From<String> for Encrypted {
    fn from(ciphertext_b64: String) -> Self {
        Self(ciphertext_b64)
    }
}

impl fmt::Debug for Encrypted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Encrypted(<RSA-OAEP ciphertext, {} base64 characters>)",
            self.0.len()
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_json_as_its_string() {
        let key = PrivateKey::from_pkcs8_pem(include_str!(
            "../../tests/data/protocol/merchant_test_key.pem"
        ))
        .unwrap();
        let sealed = key.public_key().encrypt_oaep("张三".as_bytes()).unwrap();
        let json = format!("\"{sealed}\"");
        let encrypted: Encrypted = serde_json::from_str(&json).unwrap();
        assert_eq!(encrypted.as_str(), sealed);
        assert_eq!(serde_json::to_string(&encrypted).unwrap(), json);
        assert_eq!(
            format!("{encrypted:?}"),
            "Encrypted(<RSA-OAEP ciphertext, 344 base64 characters>)"
        );
        assert_eq!(encrypted.decrypt_with(&key).unwrap().expose(), "张三");
        assert_eq!(Encrypted::from(sealed.clone()).into_string(), sealed);
    }
}
