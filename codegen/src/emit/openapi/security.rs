//! The APIv3 signature as a security scheme. OpenAPI has no scheme for a request signature, so
//! it is declared as the `Authorization` header it travels in, with its details in an extension.

use serde_json::{Value, json};
use wechatpay_spec::openapi_ext as ext;

/// The name of the security scheme.
pub(super) const SCHEME: &str = "WechatPayV3";

/// The security scheme object.
pub(super) fn scheme() -> Value {
    json!({
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "WECHATPAY2-SHA256-RSA2048: every request carries `Authorization: \
            WECHATPAY2-SHA256-RSA2048 mchid=\"…\",nonce_str=\"…\",signature=\"…\",timestamp=\"…\",serial_no=\"…\"`, \
            an RSA-2048 SHA-256 (PKCS#1 v1.5) signature by the merchant's API key. Not a fixed \
            key: the client computes it for each request (see x-wechatpay-signature).",
        (ext::SIGNATURE): {
            "scheme": "WECHATPAY2-SHA256-RSA2048",
            "algorithm": "SHA256withRSA (RSASSA-PKCS1-v1_5, SHA-256), RSA-2048, base64",
            "request_message": "HTTP method\\nURL path with query\\ntimestamp\\nnonce\\nbody\\n",
            "authorization_parameters": ["mchid", "nonce_str", "signature", "timestamp", "serial_no"],
            "key": "the merchant API private key whose certificate serial is serial_no",
            "response_headers": ["Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial"],
            "response_message": "timestamp\\nnonce\\nbody\\n",
            "response_key": "the WeChat Pay public key or platform certificate named in Wechatpay-Serial",
            "timestamp_window_seconds": 300,
        },
    })
}
