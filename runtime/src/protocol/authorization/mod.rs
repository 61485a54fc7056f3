//! The request `Authorization` header: built by the merchant, checked by the server.
//!
//! ```text
//! Authorization: WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",timestamp="1554208460",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C",signature="uOVRnA4q…"
//! ```
//!
//! [`MerchantSigner`] builds it. [`parse`] and [`verify_request`] are the server's side, for a
//! test server that must hold a client to the same rules WeChat Pay does: parameters in any
//! order, spaces allowed after commas, and duplicates, unknown names, missing names and other
//! schemes refused.

mod cursor;
mod error;
mod fields;
mod header;
mod signer;
mod verify_request;

pub use error::AuthorizationError;
pub use header::{Authorization, parse};
pub use signer::MerchantSigner;
pub use verify_request::verify_request;
