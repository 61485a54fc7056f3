//! `GET /v3/certificates` answers as WeChat Pay gives them, for the certificate and notification
//! tests.

use std::sync::atomic::{AtomicUsize, Ordering};

use wechatpay_runtime::protocol::ApiV3Key;
use wechatpay_runtime::protocol::aead::encrypt_aes_256_gcm;

/// The answer to `GET /v3/certificates` listing `certificates`, each encrypted with `key` as
/// WeChat Pay does.
pub fn certificate_list(certificates: &[(&str, &str)], key: &str) -> serde_json::Value {
    static NONCES: AtomicUsize = AtomicUsize::new(0);
    let key = ApiV3Key::new(key).unwrap();
    let data: Vec<serde_json::Value> = certificates
        .iter()
        .map(|(serial, pem)| {
            // A fresh 12-character nonce for each certificate.
            let nonce = format!("{:012x}", NONCES.fetch_add(1, Ordering::Relaxed));
            let ciphertext =
                encrypt_aes_256_gcm(&key, &nonce, "certificate", pem.as_bytes()).unwrap();
            serde_json::json!({
                "serial_no": serial,
                "effective_time": "2020-01-01T08:00:00+08:00",
                "expire_time": "2100-01-01T07:59:59+08:00",
                "encrypt_certificate": {
                    "algorithm": "AEAD_AES_256_GCM",
                    "nonce": nonce,
                    "associated_data": "certificate",
                    "ciphertext": ciphertext,
                },
            })
        })
        .collect();
    serde_json::json!({ "data": data })
}
