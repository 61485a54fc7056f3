//! One download of `GET /v3/certificates`: sent signed, its answer checked, its certificates
//! decrypted, parsed and sorted by whether they are valid now.

use serde::Deserialize;

use super::CertificateError;
use crate::client::{Body, Client, ERROR_BODY_READ_BYTES, read_at_most};
use crate::clip::{HEADER_CHARS, MESSAGE_CHARS, REQUEST_ID_CHARS, clip};
use crate::protocol::aead::{ALGORITHM, decrypt_aes_256_gcm};
use crate::protocol::apiv3_key::ApiV3Key;
use crate::protocol::headers;
use crate::protocol::keys::Certificate;
use crate::protocol::verify::{ResponseVerifier, VerificationError};

/// The path of the download, which is also the whole request target (no query).
pub(super) const PATH: &str = super::CERTIFICATES_PATH;

/// The answer: `{"data": [{"serial_no", "effective_time", "expire_time", "encrypt_certificate"}]}`.
#[derive(Deserialize)]
struct CertificateList {
    data: Vec<Listed>,
}

/// One certificate of the list. `effective_time` and `expire_time` are not read: the
/// certificate's own validity is what verification checks (the page notes that during a
/// rotation the listed `expire_time` may differ from the certificate's).
#[derive(Deserialize)]
struct Listed {
    serial_no: String,
    encrypt_certificate: Encrypted,
}

#[derive(Deserialize)]
struct Encrypted {
    algorithm: String,
    nonce: String,
    #[serde(default)]
    associated_data: String,
    ciphertext: String,
}

/// An answer as it arrived: status, headers and the body, read bounded.
pub(super) struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    fn request_id(&self) -> Option<String> {
        self.header(headers::REQUEST_ID)
            .map(|id| clip(id, REQUEST_ID_CHARS))
    }
}

/// What a checked download gives.
pub(super) struct Downloaded {
    /// The certificates listed that are valid now: these are kept.
    pub(super) usable: Vec<Certificate>,
}

impl Client {
    /// Sends the signed `GET /v3/certificates` (to the backup domain after a connection
    /// failure) and reads its answer, bounded.
    pub(super) async fn send_certificates_request(
        &self,
        now: i64,
    ) -> Result<Answer, CertificateError> {
        let inner = &self.inner;
        let mut base = inner.primary.as_str();
        let mut response = loop {
            // Signed for each attempt: a fresh nonce.
            let authorization = inner
                .signer
                .authorize("GET", PATH, b"", now)
                .map_err(CertificateError::Sign)?;
            let mut request = inner
                .http
                .get(format!("{base}{PATH}"))
                .timeout(self.timeout)
                .header(headers::AUTHORIZATION, authorization)
                .header(headers::ACCEPT, "application/json")
                .header(headers::USER_AGENT, inner.user_agent.as_str());
            if let Some(serial) = inner.verifier.request_serial(now) {
                request = request.header(headers::WECHATPAY_SERIAL, serial);
            }
            match request.send().await {
                Ok(response) => break response,
                // At most one failover: the backup is tried once, after the primary.
                Err(error) if error.is_connect() && base != inner.backup => {
                    tracing::warn!(
                        "connection failed; downloading the certificates from the backup domain"
                    );
                    base = inner.backup.as_str();
                }
                Err(error) => return Err(CertificateError::Transport(error)),
            }
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let success = (200..300).contains(&status);
        // An error answer is read only as far as any APIv3 error body goes.
        let limit = if success {
            inner.max_response_bytes
        } else {
            ERROR_BODY_READ_BYTES
        };
        let body = match read_at_most(&mut response, limit).await {
            Ok(Body::Whole(body)) => body,
            Ok(Body::Over(body)) if !success => body,
            Ok(Body::Over(_)) => return Err(CertificateError::TooLarge { limit }),
            Err(error) => return Err(CertificateError::Transport(error)),
        };
        Ok(Answer {
            status,
            headers,
            body,
        })
    }
}

/// The error an answer other than 2xx stands for.
fn error_answer(answer: &Answer) -> Option<CertificateError> {
    if (200..300).contains(&answer.status) {
        return None;
    }
    #[derive(Deserialize)]
    struct ErrorBody {
        code: Option<String>,
        message: Option<String>,
    }
    let parsed: Option<ErrorBody> = serde_json::from_slice(&answer.body).ok();
    let (code, message) = parsed.map_or((None, None), |body| (body.code, body.message));
    let request_id = answer.request_id();
    if answer.status == 404 && code.as_deref() == Some("RESOURCE_NOT_EXISTS") {
        return Some(CertificateError::NotProvisioned { request_id });
    }
    Some(CertificateError::Api {
        status: answer.status,
        code: code.map(|code| clip(&code, HEADER_CHARS)),
        message: message.map(|message| clip(&message, MESSAGE_CHARS)),
        request_id,
    })
}

/// Checks an answer and returns its certificates.
///
/// An answer other than 2xx is an error: 404 `RESOURCE_NOT_EXISTS` says the merchant has no
/// platform certificates ([`CertificateError::NotProvisioned`]).
///
/// Every listed certificate is decrypted with `key` (AES-256-GCM authenticates it), parsed, and
/// its serial compared with the listed `serial_no`, before the answer's own signature is
/// checked: with `current`, when it knows the key `Wechatpay-Serial` names; otherwise, and only
/// when `bootstrap` (no download has succeeded yet), with the decrypted certificates
/// themselves, which only a holder of the APIv3 key could have produced.
pub(super) fn read_answer(
    answer: &Answer,
    key: &ApiV3Key,
    current: &ResponseVerifier,
    bootstrap: bool,
    now: i64,
) -> Result<Downloaded, CertificateError> {
    if let Some(error) = error_answer(answer) {
        return Err(error);
    }
    let list: CertificateList =
        serde_json::from_slice(&answer.body).map_err(|error| CertificateError::Decode {
            message: clip(&error.to_string(), MESSAGE_CHARS),
        })?;
    let certificates = list
        .data
        .iter()
        .map(|listed| decrypt(listed, key))
        .collect::<Result<Vec<_>, _>>()?;
    let header = |name: &str| answer.header(name);
    let known = !matches!(
        current.check_headers(header, now),
        Err(VerificationError::UnknownSerial(_))
    );
    let verified = if known || !bootstrap || certificates.is_empty() {
        current.verify(header, &answer.body, now)
    } else {
        let own = ResponseVerifier::builder()
            .certificates(certificates.iter().cloned())
            .build()
            .map_err(CertificateError::Conflict)?;
        own.verify(header, &answer.body, now)
    };
    verified.map_err(CertificateError::Unverified)?;
    let listed = certificates.len();
    let expired = certificates.iter().filter(|c| now > c.not_after()).count();
    let not_yet_valid = certificates.iter().filter(|c| now < c.not_before()).count();
    let usable: Vec<Certificate> = certificates
        .into_iter()
        .filter(|certificate| certificate.is_valid_at(now))
        .collect();
    if usable.is_empty() {
        return Err(CertificateError::NoUsableCertificate {
            listed,
            expired,
            not_yet_valid,
        });
    }
    Ok(Downloaded { usable })
}

/// One listed certificate, decrypted and parsed, its serial checked.
fn decrypt(listed: &Listed, key: &ApiV3Key) -> Result<Certificate, CertificateError> {
    let serial = clip(&listed.serial_no, HEADER_CHARS);
    let encrypted = &listed.encrypt_certificate;
    if encrypted.algorithm != ALGORITHM {
        return Err(CertificateError::UnsupportedAlgorithm {
            serial,
            algorithm: clip(&encrypted.algorithm, HEADER_CHARS),
        });
    }
    let pem = decrypt_aes_256_gcm(
        key,
        &encrypted.nonce,
        &encrypted.associated_data,
        &encrypted.ciphertext,
    )
    .map_err(|source| CertificateError::Decrypt {
        serial: serial.clone(),
        source,
    })?;
    let certificate =
        Certificate::from_pem(pem.as_slice()).map_err(|source| CertificateError::Parse {
            serial: serial.clone(),
            source,
        })?;
    if !certificate
        .serial_hex()
        .eq_ignore_ascii_case(&listed.serial_no)
    {
        return Err(CertificateError::SerialMismatch {
            listed: serial,
            actual: certificate.serial_hex().to_owned(),
        });
    }
    Ok(certificate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::aead::encrypt_aes_256_gcm;

    const KEY: &str = "ApiV3KeyForTestsOnly0123456789ab";
    const CERT: &str = include_str!("../../../tests/data/protocol/platform_test_cert.pem");
    const SERIAL: &str = "7E57000000000000000000000000000000000001";

    fn answer(status: u16, body: &serde_json::Value) -> Answer {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            headers::REQUEST_ID,
            reqwest::header::HeaderValue::from_static("REQ-1"),
        );
        Answer {
            status,
            headers,
            body: serde_json::to_vec(body).unwrap(),
        }
    }

    fn listing(algorithm: &str, ciphertext: &str) -> serde_json::Value {
        serde_json::json!({ "data": [{
            "serial_no": SERIAL,
            "effective_time": "2020-01-01T08:00:00+08:00",
            "expire_time": "2100-01-01T07:59:59+08:00",
            "encrypt_certificate": {
                "algorithm": algorithm,
                "nonce": "0123456789ab",
                "associated_data": "certificate",
                "ciphertext": ciphertext,
            },
        }]})
    }

    fn read(answer: &Answer) -> CertificateError {
        let key = ApiV3Key::new(KEY).unwrap();
        let current = ResponseVerifier::without_keys();
        match read_answer(answer, &key, &current, true, 1_763_683_200) {
            Ok(_) => panic!("expected an error"),
            Err(error) => error,
        }
    }

    fn sealed(plaintext: &str) -> String {
        let key = ApiV3Key::new(KEY).unwrap();
        encrypt_aes_256_gcm(&key, "0123456789ab", "certificate", plaintext.as_bytes()).unwrap()
    }

    #[test]
    fn only_resource_not_exists_says_there_are_no_certificates() {
        let missing =
            serde_json::json!({ "code": "RESOURCE_NOT_EXISTS", "message": "无可用的平台证书" });
        let error = read(&answer(404, &missing));
        assert!(error.is_not_provisioned());
        assert_eq!(error.request_id(), Some("REQ-1"));
        let other = serde_json::json!({ "code": "NOT_FOUND", "message": "?" });
        let error = read(&answer(404, &other));
        assert!(
            matches!(&error, CertificateError::Api { status: 404, code: Some(code), .. } if code == "NOT_FOUND"),
            "{error:?}"
        );
        assert!(matches!(
            read(&answer(500, &serde_json::json!("busy"))),
            CertificateError::Api {
                status: 500,
                code: None,
                ..
            }
        ));
    }

    #[test]
    fn each_check_of_a_listed_certificate_is_named() {
        let error = read(&answer(200, &serde_json::json!({ "certificates": [] })));
        assert!(
            matches!(error, CertificateError::Decode { .. }),
            "{error:?}"
        );
        let error = read(&answer(200, &listing("AEAD_SM4_GCM", &sealed(CERT))));
        assert!(
            matches!(&error, CertificateError::UnsupportedAlgorithm { serial, algorithm }
                if serial == SERIAL && algorithm == "AEAD_SM4_GCM"),
            "{error:?}"
        );
        let error = read(&answer(200, &listing(ALGORITHM, "%%%")));
        assert!(
            matches!(
                error,
                CertificateError::Decrypt {
                    source: crate::protocol::aead::AeadError::InvalidBase64,
                    ..
                }
            ),
            "{error:?}"
        );
        let error = read(&answer(
            200,
            &listing(ALGORITHM, &sealed("not a certificate")),
        ));
        assert!(matches!(error, CertificateError::Parse { .. }), "{error:?}");
        // Decrypted and parsed, but the answer is unsigned: refused.
        let error = read(&answer(200, &listing(ALGORITHM, &sealed(CERT))));
        assert!(
            matches!(
                error,
                CertificateError::Unverified(VerificationError::MissingHeader(_))
            ),
            "{error:?}"
        );
    }
}
