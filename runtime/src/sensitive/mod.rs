//! Sensitive fields (敏感信息): personal data sent encrypted under WeChat Pay's key, and
//! answered encrypted under the merchant's.
//!
//! Source: WeChat Pay APIv3 documentation, 敏感信息加解密; the cryptographic rules (RSA-OAEP
//! with SHA-1 and MGF1-SHA-1, base64, at most 214 bytes of plaintext under RSA-2048, the
//! `Wechatpay-Serial` header naming the key) are in [`crate::protocol::oaep`].
//!
//! - A request field that is sent encrypted holds its plaintext in a [`SecretString`]: checked
//!   by the string rules like any text, never shown by `Debug`, wiped when dropped. Serialized,
//!   it writes the base64 RSA-OAEP ciphertext of its plaintext under the [`Encryptor`] the
//!   client installs around [`crate::Operation::body`] ([`with_encryptor`]); anywhere else,
//!   serializing it is an error, never its plaintext.
//! - An answer field that arrives encrypted is an [`Encrypted`]: the ciphertext as received,
//!   opened with [`Encrypted::decrypt`] (the client's merchant key) or
//!   [`Encrypted::decrypt_with`] (any [`crate::protocol::keys::PrivateKey`]).
//!
//! Generated code writes, for a request whose body holds an encrypted field (at any depth):
//!
//! ```ignore
//! pub struct AddReceiverRequest {
//!     // `required` when the table says so; a plaintext limit of the page as `length(…)`. The
//!     // 214-byte limit of the encryption is checked on any `SecretString` the rules check.
//!     #[validate(length(max = 214, unit = "bytes"))]
//!     pub name: Option<::wechatpay_runtime::SecretString>,
//! }
//! impl ::wechatpay_runtime::Operation for AddReceiverRequest {
//!     const ENCRYPTS: bool = true;
//!     // …, and `body()` serialized with serde as for any other request.
//! }
//! ```
//!
//! and, for an answer field: `pub name: Option<::wechatpay_runtime::Encrypted>`, which the
//! caller opens with `response.name.as_ref().map(|name| name.decrypt(&client)).transpose()?`.

mod encrypted;
mod scope;
mod secret;

pub use self::encrypted::Encrypted;
pub use self::scope::{Encryptor, OUTSIDE_THE_CLIENT, with_encryptor};
pub use self::secret::SecretString;
pub use crate::protocol::oaep::{MAX_PLAINTEXT_BYTES, OaepError};
