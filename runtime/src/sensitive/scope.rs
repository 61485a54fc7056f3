//! The encryption key in force while a request body is written: [`with_encryptor`].
//!
//! A [`crate::SecretString`] cannot be handed a key through serde, whose `Serialize` takes no
//! context, so the key is installed for the current thread for the duration of one synchronous
//! call (`Operation::body()`, which never awaits), and restored afterwards, even on panic.

use std::cell::RefCell;
use std::fmt;

use crate::protocol::keys::{Certificate, PublicKey};
use crate::protocol::oaep::OaepError;

/// What serializing a [`crate::SecretString`] outside [`with_encryptor`] fails with: the
/// plaintext is never written.
pub const OUTSIDE_THE_CLIENT: &str =
    "a sensitive field can only be written by the client, which encrypts it";

/// The key sensitive request fields are encrypted with, and the `Wechatpay-Serial` that names
/// it: the WeChat Pay public key and its id (`PUB_KEY_ID_…`), or a platform certificate and its
/// serial number.
///
/// The client makes one per call from its configured keys; a caller writing a body by other
/// means makes one with [`Encryptor::new`] or [`Encryptor::for_certificate`] and sends
/// [`Encryptor::serial`] as `Wechatpay-Serial`. Cloning is cheap (the key is shared).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encryptor {
    serial: String,
    key: PublicKey,
}

impl Encryptor {
    /// Encrypts with `key`, named `serial` in `Wechatpay-Serial`: the WeChat Pay public key and
    /// its id.
    pub fn new(serial: impl Into<String>, key: PublicKey) -> Self {
        Self {
            serial: serial.into(),
            key,
        }
    }

    /// Encrypts with a platform certificate's key, named by its serial number.
    pub fn for_certificate(certificate: &Certificate) -> Self {
        Self::new(certificate.serial_hex(), certificate.public_key().clone())
    }

    /// What the request's `Wechatpay-Serial` must say: the key's id or serial number.
    pub fn serial(&self) -> &str {
        &self.serial
    }

    /// The key.
    pub fn public_key(&self) -> &PublicKey {
        &self.key
    }
}

/// The encryptor in force on this thread, and the first failure to encrypt under it.
struct Active {
    key: PublicKey,
    failure: Option<OaepError>,
}

thread_local! {
    static ACTIVE: RefCell<Option<Active>> = const { RefCell::new(None) };
}

/// Runs `write` (typically `|| request.body()`) with `encryptor` in force on this thread, so
/// that every [`crate::SecretString`] it serializes, at any depth, writes its ciphertext under
/// `encryptor`'s key. The previous state is restored when `write` returns or panics; scopes may
/// nest.
///
/// `Err` when a field could not be encrypted (its plaintext too long for the key, or a failure
/// of the cryptographic library): the first such failure, whatever `write` made of the serde
/// error it saw, since a body missing a field must not be sent.
pub fn with_encryptor<R>(encryptor: &Encryptor, write: impl FnOnce() -> R) -> Result<R, OaepError> {
    let scope = Scope::enter(encryptor);
    let written = write();
    match scope.leave() {
        Some(failure) => Err(failure),
        None => Ok(written),
    }
}

/// Why a sensitive field was not written; its `Display` becomes the serde error's message.
#[derive(Debug)]
pub(super) enum Refused {
    /// No encryptor in force.
    Outside,
    /// The encryption failed.
    Failed(OaepError),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Outside => f.write_str(OUTSIDE_THE_CLIENT),
            // A serde error holds one message, so the cause is spelled out here.
            Self::Failed(error) => write!(f, "cannot encrypt a sensitive field: {error}"),
        }
    }
}

/// The base64 ciphertext of `plaintext` under the encryptor in force on this thread.
pub(super) fn encrypt(plaintext: &[u8]) -> Result<String, Refused> {
    let encrypted = ACTIVE.try_with(|active| {
        // Never borrowed elsewhere while a field is written: only scopes entering and leaving
        // touch it, outside any serialization.
        let mut active = active.try_borrow_mut().map_err(|_| Refused::Outside)?;
        let active = active.as_mut().ok_or(Refused::Outside)?;
        active.key.encrypt_oaep(plaintext).map_err(|error| {
            active.failure.get_or_insert_with(|| error.clone());
            Refused::Failed(error)
        })
    });
    encrypted.unwrap_or(Err(Refused::Outside))
}

/// An open scope: what it replaced, put back when it closes or unwinds.
struct Scope {
    /// `Some` until the scope is left.
    previous: Option<Option<Active>>,
}

impl Scope {
    fn enter(encryptor: &Encryptor) -> Self {
        let ours = Active {
            key: encryptor.key.clone(),
            failure: None,
        };
        Self {
            previous: Some(swap(Some(ours))),
        }
    }

    /// Closes the scope, with the first failure to encrypt inside it.
    fn leave(mut self) -> Option<OaepError> {
        let previous = self.previous.take().flatten();
        swap(previous).and_then(|ours| ours.failure)
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        // Reached with `previous` still set only when `write` panicked.
        if let Some(previous) = self.previous.take() {
            swap(previous);
        }
    }
}

/// Puts `next` in force on this thread, returning what was.
fn swap(next: Option<Active>) -> Option<Active> {
    ACTIVE
        .try_with(|active| match active.try_borrow_mut() {
            Ok(mut slot) => std::mem::replace(&mut *slot, next),
            Err(_) => None,
        })
        .unwrap_or(None)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.
mod tests {
    use super::*;
    use crate::SecretString;
    use crate::protocol::keys::PrivateKey;

    const KEY: &str =
        include_str!("../../tests/data/protocol/wechatpay_public_key_test_private.pem");

    fn key() -> PrivateKey {
        PrivateKey::from_pkcs8_pem(KEY).unwrap()
    }

    #[derive(serde::Serialize)]
    struct Receiver {
        account: &'static str,
        name: SecretString,
    }

    #[derive(serde::Serialize)]
    struct Body {
        receivers: Vec<Receiver>,
        contact: Option<SecretString>,
    }

    #[test]
    fn fields_at_any_depth_are_written_encrypted() {
        let key = key();
        let encryptor = Encryptor::new("PUB_KEY_ID_1", key.public_key().clone());
        let body = Body {
            receivers: vec![Receiver {
                account: "1900000109",
                name: "张三".into(),
            }],
            contact: Some("李四".into()),
        };
        let json = with_encryptor(&encryptor, || serde_json::to_value(&body))
            .unwrap()
            .unwrap();
        assert_eq!(json["receivers"][0]["account"], "1900000109");
        let name = json["receivers"][0]["name"].as_str().unwrap();
        assert_eq!(key.decrypt_oaep(name).unwrap().expose(), "张三");
        let contact = json["contact"].as_str().unwrap();
        assert_eq!(key.decrypt_oaep(contact).unwrap().expose(), "李四");
        assert!(!json.to_string().contains("张三"));
        // The scope is closed again.
        assert!(serde_json::to_vec(&body).is_err());
    }

    #[test]
    fn a_failure_is_typed_whatever_the_writer_made_of_it() {
        let encryptor = Encryptor::new("PUB_KEY_ID_1", key().public_key().clone());
        let long = SecretString::from("a".repeat(215));
        let outcome = with_encryptor(&encryptor, || serde_json::to_vec(&long).ok());
        assert_eq!(
            outcome,
            Err(OaepError::PlaintextTooLong { len: 215, max: 214 })
        );
        // The serde error itself says why, without the text.
        let inner = with_encryptor(&encryptor, || serde_json::to_vec(&long));
        assert!(inner.is_err());
    }

    #[test]
    fn the_scope_is_restored_after_a_panic_and_nests() {
        let key = key();
        let outer = Encryptor::new("OUTER", key.public_key().clone());
        let secret = SecretString::from("x");
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            with_encryptor(&outer, || -> () { panic!("inside the scope") })
        }));
        assert!(caught.is_err());
        assert!(serde_json::to_vec(&secret).is_err());

        let other = PrivateKey::from_pkcs8_pem(include_str!(
            "../../tests/data/protocol/merchant_test_key.pem"
        ))
        .unwrap();
        let inner = Encryptor::new("INNER", other.public_key().clone());
        let (in_inner, after_inner) = with_encryptor(&outer, || {
            let in_inner = with_encryptor(&inner, || serde_json::to_string(&secret))
                .unwrap()
                .unwrap();
            (in_inner, serde_json::to_string(&secret).unwrap())
        })
        .unwrap();
        let unquote = |json: &str| json.trim_matches('"').to_owned();
        assert!(other.decrypt_oaep(&unquote(&in_inner)).is_ok());
        assert!(key.decrypt_oaep(&unquote(&after_inner)).is_ok());
        assert!(serde_json::to_vec(&secret).is_err());
    }

    #[test]
    fn an_encryptor_names_its_key() {
        let certificate = Certificate::from_pem(include_str!(
            "../../tests/data/protocol/platform_test_cert.pem"
        ))
        .unwrap();
        let encryptor = Encryptor::for_certificate(&certificate);
        assert_eq!(
            encryptor.serial(),
            "7E57000000000000000000000000000000000001"
        );
        assert_eq!(encryptor.public_key(), certificate.public_key());
    }
}
