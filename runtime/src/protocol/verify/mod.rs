//! Checking a response's signature headers.
//!
//! WeChat Pay signs every response with either its public key (`Wechatpay-Serial` is then the
//! key id, `PUB_KEY_ID_…`) or a platform certificate (`Wechatpay-Serial` is then the
//! certificate's serial number). A [`ResponseVerifier`] holds either or both and picks the key
//! each response names.

mod builder;
mod error;
mod verifier;

pub use builder::ResponseVerifierBuilder;
pub use error::{VerificationError, VerifierConfigError};
pub use verifier::{ResponseVerifier, SIGN_TEST_PREFIX, SignatureHeaders};
