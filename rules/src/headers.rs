//! The names of the HTTP headers the protocol reads and writes, spelled as WeChat Pay documents
//! them. Header names are case-insensitive on the wire.

/// The request header carrying the merchant's signature.
pub const AUTHORIZATION: &str = "Authorization";
/// The request header saying which answers the client reads.
pub const ACCEPT: &str = "Accept";
/// The request header naming the client.
pub const USER_AGENT: &str = "User-Agent";
/// The header naming the body's media type.
pub const CONTENT_TYPE: &str = "Content-Type";
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
/// The response header carrying the service's request id.
pub const REQUEST_ID: &str = "Request-ID";

/// The request headers the client sets itself on every request (`Wechatpay-Serial` and
/// `Content-Type` when they apply). A spec lists them under `protocol_headers`, never as
/// request fields, since a field would be sent twice or overwrite the protocol's value.
pub const SET_BY_CLIENT: &[&str] = &[
    AUTHORIZATION,
    ACCEPT,
    WECHATPAY_SERIAL,
    USER_AGENT,
    CONTENT_TYPE,
];

/// Whether the client sets the request header `name` itself (compared case-insensitively).
pub fn is_set_by_client(name: &str) -> bool {
    SET_BY_CLIENT
        .iter()
        .any(|header| header.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_headers_match_case_insensitively() {
        assert!(is_set_by_client("authorization"));
        assert!(is_set_by_client("WECHATPAY-SERIAL"));
        assert!(!is_set_by_client("Wechatpay-Timestamp"));
    }
}
