//! The names of the HTTP headers the protocol reads and writes, spelled as WeChat Pay documents
//! them. Header names are case-insensitive on the wire.

/// The request header carrying the merchant's signature.
pub const AUTHORIZATION: &str = "Authorization";
/// On a request: the WeChat Pay public key id or platform certificate serial the merchant
/// expects responses to be signed with (and encrypts sensitive fields for). On a response: the
/// id or serial of the key that signed it.
pub const WECHATPAY_SERIAL: &str = "Wechatpay-Serial";
/// The response header carrying the signing time, in unix seconds.
pub const WECHATPAY_TIMESTAMP: &str = "Wechatpay-Timestamp";
/// The response header carrying the signature's nonce.
pub const WECHATPAY_NONCE: &str = "Wechatpay-Nonce";
/// The response header carrying the base64 signature.
pub const WECHATPAY_SIGNATURE: &str = "Wechatpay-Signature";
/// The optional response header naming the signature scheme.
pub const WECHATPAY_SIGNATURE_TYPE: &str = "Wechatpay-Signature-Type";
