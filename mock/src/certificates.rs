//! `GET /v3/certificates` as the service answers it: the merchant's platform certificates, each
//! encrypted with its APIv3 key (AEAD_AES_256_GCM, a fresh 12-character nonce, associated data
//! `certificate`), and 404 `RESOURCE_NOT_EXISTS` for a merchant on the public key alone (WeChat
//! Pay APIv3 下载平台证书 and 证书和回调报文解密). The runtime's
//! `client::certificates` reads what this writes.

use serde_json::{Value, json};
use wechatpay_runtime::protocol::aead;

use crate::server::App;

/// What the certificates are encrypted with besides the key: the documented associated data.
const ASSOCIATED_DATA: &str = "certificate";

/// The answer's JSON, or `None` when the merchant has no certificate to list (or the mock no
/// APIv3 key to encrypt with): the service then answers 404.
pub(crate) fn list(app: &App) -> Option<Vec<u8>> {
    let key = app.config.apiv3_key.as_ref()?;
    let keys = app.keys();
    if keys.certificates.is_empty() {
        return None;
    }
    let mut data = Vec::new();
    for (pem, certificate) in &keys.certificates {
        let nonce = nonce();
        let ciphertext =
            aead::encrypt_aes_256_gcm(key, &nonce, ASSOCIATED_DATA, pem.as_bytes()).ok()?;
        data.push(json!({
            "serial_no": certificate.serial_hex(),
            "effective_time": crate::records::now_text(certificate.not_before()),
            "expire_time": crate::records::now_text(certificate.not_after()),
            "encrypt_certificate": {
                "algorithm": aead::ALGORITHM,
                "nonce": nonce,
                "associated_data": ASSOCIATED_DATA,
                "ciphertext": ciphertext,
            },
        }));
    }
    Some(
        json!({ "data": Value::Array(data) })
            .to_string()
            .into_bytes(),
    )
}

/// Twelve random letters and digits: a nonce is never used twice with one key.
pub(crate) fn nonce() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut random = [0u8; 12];
    let _ = aws_lc_rs::rand::SecureRandom::fill(&aws_lc_rs::rand::SystemRandom::new(), &mut random);
    random
        .iter()
        .map(|byte| char::from(ALPHABET[usize::from(*byte) % ALPHABET.len()]))
        .collect()
}
