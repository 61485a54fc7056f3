//! The merchant's side: signing a request and writing its `Authorization` header.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::AuthorizationError;
use super::fields::{
    MCHID, NONCE_STR, SERIAL_NO, SIGNATURE, TIMESTAMP, check_mchid, check_nonce, check_serial_no,
};
use crate::protocol::SCHEME;
use crate::protocol::keys::PrivateKey;
use crate::protocol::message::{nonce, request_message};

/// Signs requests as one merchant: its id, its API certificate serial number and private key.
///
/// Cloning is cheap (the key is shared). `Debug` shows the merchant id, the serial number and
/// the key size, never the key.
#[derive(Debug, Clone)]
pub struct MerchantSigner {
    mchid: String,
    serial_no: String,
    key: PrivateKey,
}

impl MerchantSigner {
    /// A signer for merchant `mchid` whose API certificate has serial number `serial_no` and
    /// private key `key`.
    ///
    /// Both strings go into the header verbatim, so they are checked here: 1 to 32 (`mchid`)
    /// or 1 to 64 (`serial_no`) ASCII letters or digits.
    pub fn new(
        mchid: impl Into<String>,
        serial_no: impl Into<String>,
        key: PrivateKey,
    ) -> Result<Self, AuthorizationError> {
        let mchid = mchid.into();
        let serial_no = serial_no.into();
        check_mchid(&mchid)?;
        check_serial_no(&serial_no)?;
        Ok(Self {
            mchid,
            serial_no,
            key,
        })
    }

    /// The merchant id.
    pub fn mchid(&self) -> &str {
        &self.mchid
    }

    /// The merchant API certificate serial number.
    pub fn serial_no(&self) -> &str {
        &self.serial_no
    }

    /// The merchant private key: the client decrypts sensitive answer fields with it.
    pub(crate) fn private_key(&self) -> &PrivateKey {
        &self.key
    }

    /// The `Authorization` header value for one request, with a fresh nonce.
    ///
    /// `target` is the path plus `?query` when there is one, exactly as sent; `body` is the
    /// exact bytes sent (empty without a body); `timestamp` is unix seconds now.
    pub fn authorize(
        &self,
        method: &str,
        target: &str,
        body: &[u8],
        timestamp: i64,
    ) -> Result<String, AuthorizationError> {
        self.authorization(method, target, body, timestamp, &nonce()?)
    }

    /// The `Authorization` header value for one request, with the nonce given (for
    /// reproducible tests; requests should use [`MerchantSigner::authorize`]).
    ///
    /// `nonce` must be 1 to 32 ASCII letters or digits and `timestamp` not negative.
    pub fn authorization(
        &self,
        method: &str,
        target: &str,
        body: &[u8],
        timestamp: i64,
        nonce: &str,
    ) -> Result<String, AuthorizationError> {
        check_nonce(nonce)?;
        if timestamp < 0 {
            return Err(AuthorizationError::InvalidParameter {
                name: TIMESTAMP,
                reason: "must not be negative",
            });
        }
        let message = request_message(method, target, timestamp, nonce, body);
        let signature = self.key.sign_sha256(&message)?;
        Ok(self.header(nonce, timestamp, &signature))
    }

    /// `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",timestamp="…",serial_no="…",signature="…"`,
    /// with the signature's base64 written in place rather than through a string of its own: a
    /// header is made for every request.
    fn header(&self, nonce: &str, timestamp: i64, signature: &[u8]) -> String {
        let mut header = format!(
            "{SCHEME} {MCHID}=\"{}\",{NONCE_STR}=\"{nonce}\",{TIMESTAMP}=\"{timestamp}\",{SERIAL_NO}=\"{}\",{SIGNATURE}=\"",
            self.mchid, self.serial_no,
        );
        STANDARD.encode_string(signature, &mut header);
        header.push('"');
        header
    }
}
