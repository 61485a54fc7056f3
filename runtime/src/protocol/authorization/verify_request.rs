//! The server's side: does a parsed header's signature cover this request?

use super::{Authorization, AuthorizationError};
use crate::protocol::keys::PublicKey;

/// Checks that `authorization`'s signature covers this request under the merchant's public key.
///
/// `method`, `target` (path plus `?query`) and `body` must be what the server received, byte for
/// byte. Freshness is a separate check: [`Authorization::check_timestamp`].
pub fn verify_request(
    authorization: &Authorization,
    method: &str,
    target: &str,
    body: &[u8],
    key: &PublicKey,
) -> Result<(), AuthorizationError> {
    let message = authorization.signed_message(method, target, body);
    if key.verify_sha256(&message, authorization.signature()) {
        Ok(())
    } else {
        Err(AuthorizationError::BadSignature)
    }
}
