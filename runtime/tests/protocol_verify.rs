//! Response verification: each key source alone and together, every refusal, the 300-second
//! window at its edges, certificate validity, and the request serial.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use wechatpay_runtime::protocol::clock::{Clock, ManualClock};
use wechatpay_runtime::protocol::keys::{Certificate, PrivateKey, PublicKey};
use wechatpay_runtime::protocol::verify::{
    ResponseVerifier, VerificationError, VerifierConfigError,
};
use wechatpay_runtime::protocol::{ResponseSignatureHeaders, sign_response};

const PLATFORM_KEY: &str = include_str!("data/protocol/platform_test_key.pem");
const PLATFORM_CERT: &str = include_str!("data/protocol/platform_test_cert.pem");
const EXPIRED_CERT: &str = include_str!("data/protocol/platform_test_cert_expired.pem");
const ROTATED_CERT: &str = include_str!("data/protocol/platform_test_cert_rotated.pem");
const CONFLICTING_CERT: &str = include_str!("data/protocol/platform_test_cert_conflicting.pem");
const WECHATPAY_PUBLIC_KEY: &str = include_str!("data/protocol/wechatpay_public_key_test.pem");
const WECHATPAY_PRIVATE_KEY: &str =
    include_str!("data/protocol/wechatpay_public_key_test_private.pem");

const PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0114232134912410000000000000";
const SERIAL: &str = "7E57000000000000000000000000000000000001";
const EXPIRED_SERIAL: &str = "8E57000000000000000000000000000000000002";
const ROTATED_SERIAL: &str = "7E57000000000000000000000000000000000003";
/// 2019-12-31T23:59:59Z, 2020-01-01T00:00:00Z, 2024-01-01T00:00:00Z, 2099-12-31T23:59:59Z.
const EXPIRED_UNTIL: i64 = 1_577_836_799;
const VALID_FROM: i64 = 1_577_836_800;
const ROTATED_FROM: i64 = 1_704_067_200;
const VALID_UNTIL: i64 = 4_102_444_799;
/// 2023-11-14T22:13:20Z: the valid certificate is in force, the rotated one not yet.
const NOW: i64 = 1_700_000_000;

const BODY: &[u8] =
    r#"{"prepay_id":"wx26112221580621e9b071c00d9e093b0000","说明":"支付成功"}"#.as_bytes();

fn platform_key() -> PrivateKey {
    PrivateKey::from_pkcs8_pem(PLATFORM_KEY).unwrap()
}

fn wechatpay_key() -> PrivateKey {
    PrivateKey::from_pkcs8_pem(WECHATPAY_PRIVATE_KEY).unwrap()
}

fn certificate(pem: &str) -> Certificate {
    Certificate::from_pem(pem).unwrap()
}

fn public_key() -> PublicKey {
    PublicKey::from_spki_pem(WECHATPAY_PUBLIC_KEY).unwrap()
}

/// A verifier with every key source: the public key, the valid and the expired certificate.
fn verifier() -> ResponseVerifier {
    ResponseVerifier::builder()
        .public_key(PUBLIC_KEY_ID, public_key())
        .certificate(certificate(PLATFORM_CERT))
        .certificate(certificate(EXPIRED_CERT))
        .build()
        .unwrap()
}

fn signed(key: &PrivateKey, serial: &str, timestamp: i64) -> ResponseSignatureHeaders {
    ResponseSignatureHeaders::sign(key, serial, timestamp, BODY).unwrap()
}

fn check(
    verifier: &ResponseVerifier,
    headers: &ResponseSignatureHeaders,
    now: i64,
) -> Result<(), VerificationError> {
    verifier.verify(|name| headers.get(name), BODY, now)
}

#[test]
fn response_signed_with_the_public_key_verifies() {
    let headers = signed(&wechatpay_key(), PUBLIC_KEY_ID, NOW);
    check(&verifier(), &headers, NOW).unwrap();
    let public_key_only = ResponseVerifier::builder()
        .public_key(PUBLIC_KEY_ID, public_key())
        .build()
        .unwrap();
    check(&public_key_only, &headers, NOW).unwrap();
}

#[test]
fn response_signed_with_a_platform_certificate_verifies() {
    let headers = signed(&platform_key(), SERIAL, NOW);
    check(&verifier(), &headers, NOW).unwrap();
    let certificate_only = ResponseVerifier::builder()
        .certificate(certificate(PLATFORM_CERT))
        .build()
        .unwrap();
    check(&certificate_only, &headers, NOW).unwrap();
}

#[test]
fn certificate_serial_matches_in_any_case() {
    let headers = signed(&platform_key(), &SERIAL.to_ascii_lowercase(), NOW);
    check(&verifier(), &headers, NOW).unwrap();
}

#[test]
fn the_signature_type_header_may_be_absent() {
    let mut headers = signed(&platform_key(), SERIAL, NOW);
    headers.signature_type = None;
    check(&verifier(), &headers, NOW).unwrap();
}

#[test]
fn header_names_are_looked_up_as_documented() {
    let headers = signed(&platform_key(), SERIAL, NOW);
    let mut asked = Vec::new();
    let asked_cell = std::cell::RefCell::new(&mut asked);
    verifier()
        .verify(
            |name| {
                asked_cell.borrow_mut().push(name.to_owned());
                headers.get(name)
            },
            BODY,
            NOW,
        )
        .unwrap();
    assert_eq!(
        asked,
        [
            "Wechatpay-Signature-Type",
            "Wechatpay-Serial",
            "Wechatpay-Signature",
            "Wechatpay-Timestamp",
            "Wechatpay-Nonce"
        ]
    );
}

#[test]
fn each_missing_header_is_named() {
    let headers = signed(&platform_key(), SERIAL, NOW);
    for missing in [
        "Wechatpay-Serial",
        "Wechatpay-Signature",
        "Wechatpay-Timestamp",
        "Wechatpay-Nonce",
    ] {
        let result = verifier().verify(
            |name| {
                if name == missing {
                    None
                } else {
                    headers.get(name)
                }
            },
            BODY,
            NOW,
        );
        assert_eq!(result, Err(VerificationError::MissingHeader(missing)));
        assert!(result.unwrap_err().to_string().contains(missing));
    }
}

#[test]
fn another_signature_type_is_refused() {
    let mut headers = signed(&platform_key(), SERIAL, NOW);
    headers.signature_type = Some("WECHATPAY2-SM2-WITH-SM3".to_owned());
    assert_eq!(
        check(&verifier(), &headers, NOW),
        Err(VerificationError::UnsupportedSignatureType(
            "WECHATPAY2-SM2-WITH-SM3".to_owned()
        ))
    );
}

#[test]
fn a_signature_probe_is_reported_as_such() {
    let mut headers = signed(&platform_key(), SERIAL, NOW);
    headers.signature = "WECHATPAY/SIGNTEST/6e8c2b1b9e3a4f7c".to_owned();
    assert_eq!(
        check(&verifier(), &headers, NOW),
        Err(VerificationError::SignTestProbe)
    );
    // Whatever else is wrong with it, a probe is a probe.
    headers.serial = "UNKNOWN".to_owned();
    headers.timestamp = "1".to_owned();
    assert_eq!(
        check(&verifier(), &headers, NOW),
        Err(VerificationError::SignTestProbe)
    );
}

#[test]
fn a_timestamp_that_is_not_unix_seconds_is_refused() {
    let mut headers = signed(&platform_key(), SERIAL, NOW);
    for bad in [
        "",
        "abc",
        "-1700000000",
        "+1700000000",
        "1700000000.0",
        " 1700000000",
        "99999999999999999999",
    ] {
        headers.timestamp = bad.to_owned();
        assert_eq!(
            check(&verifier(), &headers, NOW),
            Err(VerificationError::InvalidTimestamp(bad.to_owned())),
            "{bad:?}"
        );
    }
}

#[test]
fn long_header_values_are_shortened_in_errors() {
    let mut headers = signed(&platform_key(), SERIAL, NOW);
    headers.timestamp = "9".repeat(1000) + "x";
    let Err(VerificationError::InvalidTimestamp(shown)) = check(&verifier(), &headers, NOW) else {
        panic!("expected InvalidTimestamp");
    };
    assert_eq!(shown, "9".repeat(64) + "…");
}

#[test]
fn window_is_300_seconds_each_way() {
    let verifier = verifier();
    let key = platform_key();
    for signed_at in [NOW - 300, NOW, NOW + 300] {
        check(&verifier, &signed(&key, SERIAL, signed_at), NOW).unwrap();
    }
    for signed_at in [NOW - 301, NOW + 301] {
        assert_eq!(
            check(&verifier, &signed(&key, SERIAL, signed_at), NOW),
            Err(VerificationError::StaleTimestamp {
                timestamp: signed_at,
                now: NOW
            })
        );
    }
}

#[test]
fn a_response_goes_stale_as_the_clock_moves() {
    let clock = ManualClock::new(NOW);
    let verifier = verifier();
    let headers = signed(&platform_key(), SERIAL, NOW);
    clock.advance(300);
    check(&verifier, &headers, clock.now_unix()).unwrap();
    clock.advance(1);
    assert!(matches!(
        check(&verifier, &headers, clock.now_unix()),
        Err(VerificationError::StaleTimestamp { .. })
    ));
    clock.set(NOW - 300);
    check(&verifier, &headers, clock.now_unix()).unwrap();
    clock.advance(-1);
    assert!(matches!(
        check(&verifier, &headers, clock.now_unix()),
        Err(VerificationError::StaleTimestamp { .. })
    ));
}

#[test]
fn an_unknown_serial_is_refused() {
    let headers = signed(&platform_key(), "DEADBEEF", NOW);
    assert_eq!(
        check(&verifier(), &headers, NOW),
        Err(VerificationError::UnknownSerial("DEADBEEF".to_owned()))
    );
    // The public key id is matched exactly.
    let headers = signed(&wechatpay_key(), &PUBLIC_KEY_ID.to_ascii_lowercase(), NOW);
    assert!(matches!(
        check(&verifier(), &headers, NOW),
        Err(VerificationError::UnknownSerial(_))
    ));
    // A certificate-only verifier knows no public key id.
    let certificate_only = ResponseVerifier::builder()
        .certificate(certificate(PLATFORM_CERT))
        .build()
        .unwrap();
    let headers = signed(&wechatpay_key(), PUBLIC_KEY_ID, NOW);
    assert_eq!(
        check(&certificate_only, &headers, NOW),
        Err(VerificationError::UnknownSerial(PUBLIC_KEY_ID.to_owned()))
    );
}

#[test]
fn an_expired_certificate_is_not_used() {
    let verifier = verifier();
    let headers = signed(&platform_key(), EXPIRED_SERIAL, NOW);
    let error = check(&verifier, &headers, NOW).unwrap_err();
    assert_eq!(
        error,
        VerificationError::CertificateExpired {
            serial: EXPIRED_SERIAL.to_owned(),
            not_after: EXPIRED_UNTIL,
            now: NOW,
        }
    );
    assert!(error.to_string().contains("expired"), "{error}");
    // At its last second it was still good.
    let headers = signed(&platform_key(), EXPIRED_SERIAL, EXPIRED_UNTIL);
    check(&verifier, &headers, EXPIRED_UNTIL).unwrap();
    assert!(matches!(
        check(
            &verifier,
            &signed(&platform_key(), EXPIRED_SERIAL, EXPIRED_UNTIL + 1),
            EXPIRED_UNTIL + 1
        ),
        Err(VerificationError::CertificateExpired { .. })
    ));
}

#[test]
fn a_certificate_not_yet_valid_is_not_used() {
    let headers = signed(&platform_key(), SERIAL, VALID_FROM - 1);
    let error = check(&verifier(), &headers, VALID_FROM - 1).unwrap_err();
    assert_eq!(
        error,
        VerificationError::CertificateNotYetValid {
            serial: SERIAL.to_owned(),
            not_before: VALID_FROM,
            now: VALID_FROM - 1,
        }
    );
    assert!(error.to_string().contains("not valid until"), "{error}");
    check(
        &verifier(),
        &signed(&platform_key(), SERIAL, VALID_FROM),
        VALID_FROM,
    )
    .unwrap();
}

#[test]
fn a_signature_that_is_not_base64_is_refused() {
    let mut headers = signed(&platform_key(), SERIAL, NOW);
    let valid = headers.signature.clone();
    for garbage in [
        "",
        "@@@@",
        "abc",
        &valid[..valid.len() - 1],
        &format!("{valid}="),
    ] {
        headers.signature = garbage.to_owned();
        assert_eq!(
            check(&verifier(), &headers, NOW),
            Err(VerificationError::MalformedSignature),
            "{garbage:?}"
        );
    }
}

#[test]
fn a_signature_over_anything_else_is_refused() {
    let verifier = verifier();
    let headers = signed(&platform_key(), SERIAL, NOW);

    let other_body = br#"{"prepay_id":"wx26112221580621e9b071c00d9e093b0001"}"#;
    assert_eq!(
        verifier.verify(|name| headers.get(name), other_body, NOW),
        Err(VerificationError::BadSignature)
    );
    assert_eq!(
        verifier.verify(|name| headers.get(name), b"", NOW),
        Err(VerificationError::BadSignature)
    );

    let mut other_nonce = headers.clone();
    other_nonce.nonce.push('x');
    assert_eq!(
        check(&verifier, &other_nonce, NOW),
        Err(VerificationError::BadSignature)
    );

    let mut other_time = headers.clone();
    other_time.timestamp = (NOW + 1).to_string();
    assert_eq!(
        check(&verifier, &other_time, NOW),
        Err(VerificationError::BadSignature)
    );

    // Signed by the platform key but claiming the public key, and the other way round.
    let mut wrong_key = headers.clone();
    wrong_key.serial = PUBLIC_KEY_ID.to_owned();
    assert_eq!(
        check(&verifier, &wrong_key, NOW),
        Err(VerificationError::BadSignature)
    );
    let mut wrong_key = signed(&wechatpay_key(), PUBLIC_KEY_ID, NOW);
    wrong_key.serial = SERIAL.to_owned();
    assert_eq!(
        check(&verifier, &wrong_key, NOW),
        Err(VerificationError::BadSignature)
    );

    let mut damaged = headers.clone();
    damaged.signature = damaged
        .signature
        .replacen(|c: char| c.is_ascii_alphanumeric(), "+", 1);
    assert_eq!(
        check(&verifier, &damaged, NOW),
        Err(VerificationError::BadSignature)
    );
}

#[test]
fn request_serial_prefers_the_public_key() {
    assert_eq!(verifier().request_serial(NOW), Some(PUBLIC_KEY_ID));
    assert_eq!(
        verifier().request_serial(VALID_UNTIL + 1),
        Some(PUBLIC_KEY_ID)
    );
}

#[test]
fn request_serial_is_the_newest_valid_certificate() {
    let verifier = ResponseVerifier::builder()
        .certificates([
            certificate(ROTATED_CERT),
            certificate(PLATFORM_CERT),
            certificate(EXPIRED_CERT),
        ])
        .build()
        .unwrap();
    assert_eq!(verifier.request_serial(EXPIRED_UNTIL), Some(EXPIRED_SERIAL));
    assert_eq!(verifier.request_serial(VALID_FROM), Some(SERIAL));
    assert_eq!(verifier.request_serial(ROTATED_FROM - 1), Some(SERIAL));
    assert_eq!(verifier.request_serial(ROTATED_FROM), Some(ROTATED_SERIAL));
    assert_eq!(verifier.request_serial(VALID_UNTIL), Some(ROTATED_SERIAL));
    assert_eq!(verifier.request_serial(VALID_UNTIL + 1), None);
    assert_eq!(verifier.request_serial(0), None);
}

#[test]
fn during_a_rotation_both_certificates_verify() {
    let verifier = ResponseVerifier::builder()
        .certificates([certificate(PLATFORM_CERT), certificate(ROTATED_CERT)])
        .build()
        .unwrap();
    let at = ROTATED_FROM + 60;
    check(&verifier, &signed(&platform_key(), SERIAL, at), at).unwrap();
    check(&verifier, &signed(&platform_key(), ROTATED_SERIAL, at), at).unwrap();
}

#[test]
fn builder_refuses_an_unusable_configuration() {
    assert_eq!(
        ResponseVerifier::builder().build().unwrap_err(),
        VerifierConfigError::NoKeys
    );
    for id in ["", "PUB KEY", "PUB_KEY_ID\"", &"A".repeat(65)] {
        assert_eq!(
            ResponseVerifier::builder()
                .public_key(id, public_key())
                .build()
                .unwrap_err(),
            VerifierConfigError::InvalidPublicKeyId(id.to_owned())
        );
    }
    assert_eq!(
        ResponseVerifier::builder()
            .certificate(certificate(PLATFORM_CERT))
            .certificate(certificate(CONFLICTING_CERT))
            .build()
            .unwrap_err(),
        VerifierConfigError::ConflictingCertificates(SERIAL.to_owned())
    );
}

#[test]
fn the_same_certificate_twice_is_kept_once() {
    let verifier = ResponseVerifier::builder()
        .certificate(certificate(PLATFORM_CERT))
        .certificate(certificate(PLATFORM_CERT))
        .build()
        .unwrap();
    assert_eq!(verifier.certificates().count(), 1);
    assert_eq!(verifier.public_key_id(), None);
}

#[test]
fn verifier_is_cheap_to_share_across_threads() {
    fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync_clone::<ResponseVerifier>();

    let verifier = verifier();
    let headers = signed(&platform_key(), SERIAL, NOW);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            let verifier = verifier.clone();
            let headers = &headers;
            scope.spawn(move || check(&verifier, headers, NOW).unwrap());
        }
    });
}

#[test]
fn verifier_debug_lists_its_keys() {
    let debug = format!("{:?}", verifier());
    assert!(
        debug.starts_with(&format!(
            "ResponseVerifier {{ public_key_id: Some(\"{PUBLIC_KEY_ID}\"), certificates: ["
        )),
        "{debug}"
    );
    assert!(
        debug.contains(SERIAL) && debug.contains(EXPIRED_SERIAL),
        "{debug}"
    );
}

#[test]
fn response_signature_headers_are_complete() {
    let headers =
        ResponseSignatureHeaders::sign_with_nonce(&platform_key(), SERIAL, NOW, "nonce1", BODY)
            .unwrap();
    assert_eq!(
        headers.signature,
        sign_response(&platform_key(), NOW, "nonce1", BODY).unwrap()
    );
    let pairs: Vec<_> = headers.pairs().collect();
    assert_eq!(
        pairs,
        [
            ("Wechatpay-Serial", SERIAL),
            ("Wechatpay-Timestamp", "1700000000"),
            ("Wechatpay-Nonce", "nonce1"),
            ("Wechatpay-Signature", headers.signature.as_str()),
            ("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048"),
        ]
    );
    assert_eq!(headers.get("wechatpay-nonce"), Some("nonce1"));
    assert_eq!(headers.get("WECHATPAY-SERIAL"), Some(SERIAL));
    assert_eq!(headers.get("Content-Type"), None);

    let fresh = signed(&platform_key(), SERIAL, NOW);
    assert_eq!(fresh.nonce.len(), 32);
    assert_ne!(fresh.nonce, signed(&platform_key(), SERIAL, NOW).nonce);
}
