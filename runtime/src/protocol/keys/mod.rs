//! The keys the protocol signs and verifies with, each loaded and checked once.
//!
//! - [`PrivateKey`]: the merchant's API certificate key (`apiclient_key.pem`, PKCS#8), which
//!   signs requests.
//! - [`PublicKey`]: an RSA public key (SubjectPublicKeyInfo), such as the WeChat Pay public key
//!   (`pub_key.pem`, identified by an id like `PUB_KEY_ID_…`), which verifies responses.
//! - [`Certificate`]: a WeChat Pay platform certificate (X.509), the older way to verify
//!   responses, chosen by its serial number.
//!
//! Every key is an RSA key of 2048 to 8192 bits; anything else is refused at load time with a
//! [`KeyError`] that says what was found, so a misconfiguration never surfaces later as a
//! signature that "does not match".

mod certificate;
mod error;
mod pem;
mod private_key;
mod public_key;

pub use certificate::Certificate;
pub use error::{CryptoError, KeyError};
/// Reads a key file into a buffer wiped when dropped: the one reader of key files.
pub(crate) use pem::read_file as read_key_file;
pub use private_key::PrivateKey;
pub use public_key::PublicKey;
