//! Loading keys and certificates: every accepted form, every refusal with its reason, and
//! `Debug` output that never shows a private key.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::path::PathBuf;

use wechatpay_runtime::protocol::keys::{Certificate, KeyError, PrivateKey, PublicKey};

const MERCHANT_KEY: &str = include_str!("data/protocol/merchant_test_key.pem");
const MERCHANT_PUBLIC_KEY: &str = include_str!("data/protocol/merchant_test_public_key.pem");
const MERCHANT_KEY_PKCS1: &str = include_str!("data/protocol/merchant_test_key_pkcs1.pem");
const PLATFORM_KEY: &str = include_str!("data/protocol/platform_test_key.pem");
const PLATFORM_CERT: &str = include_str!("data/protocol/platform_test_cert.pem");
const EXPIRED_CERT: &str = include_str!("data/protocol/platform_test_cert_expired.pem");
const WECHATPAY_PUBLIC_KEY: &str = include_str!("data/protocol/wechatpay_public_key_test.pem");
const RSA1024_KEY: &str = include_str!("data/protocol/rsa1024_test_key.pem");
const RSA1024_PUBLIC_KEY: &str = include_str!("data/protocol/rsa1024_test_public_key.pem");
const EC_KEY: &str = include_str!("data/protocol/ec_test_key.pem");
const EC_PUBLIC_KEY: &str = include_str!("data/protocol/ec_test_public_key.pem");
const EC_CERT: &str = include_str!("data/protocol/ec_test_cert.pem");

/// 2020-01-01T00:00:00Z and 2099-12-31T23:59:59Z.
const VALID_FROM: i64 = 1_577_836_800;
const VALID_UNTIL: i64 = 4_102_444_799;
/// 2015-01-01T00:00:00Z and 2019-12-31T23:59:59Z.
const EXPIRED_FROM: i64 = 1_420_070_400;
const EXPIRED_UNTIL: i64 = 1_577_836_799;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/protocol")
        .join(name)
}

/// The base64 lines of a PEM file: the key material itself.
fn pem_body_lines(pem: &str) -> Vec<&str> {
    pem.lines()
        .filter(|line| !line.starts_with("-----"))
        .collect()
}

fn assert_send_sync_clone<T: Send + Sync + Clone>() {}

#[test]
fn merchant_key_loads_with_its_public_half() {
    let key = PrivateKey::from_pkcs8_pem(MERCHANT_KEY).unwrap();
    assert_eq!(key.modulus_bits(), 2048);
    assert_eq!(
        key.public_key(),
        &PublicKey::from_spki_pem(MERCHANT_PUBLIC_KEY).unwrap()
    );
    assert_eq!(key.public_key().modulus_bits(), 2048);
}

#[test]
fn every_input_form_is_accepted() {
    let expected = PrivateKey::from_pkcs8_pem(MERCHANT_KEY).unwrap();
    let string: String = MERCHANT_KEY.into();
    let bytes: Vec<u8> = MERCHANT_KEY.into();
    let forms = [
        PrivateKey::from_pkcs8_pem(string).unwrap(),
        PrivateKey::from_pkcs8_pem(MERCHANT_KEY.as_bytes()).unwrap(),
        PrivateKey::from_pkcs8_pem(bytes).unwrap(),
        PrivateKey::from_pem_file(data("merchant_test_key.pem")).unwrap(),
    ];
    for key in forms {
        assert_eq!(key.public_key(), expected.public_key());
    }
    assert_eq!(
        PublicKey::from_pem_file(data("wechatpay_public_key_test.pem")).unwrap(),
        PublicKey::from_spki_pem(WECHATPAY_PUBLIC_KEY).unwrap()
    );
    assert_eq!(
        Certificate::from_pem_file(data("platform_test_cert.pem")).unwrap(),
        Certificate::from_pem(PLATFORM_CERT).unwrap()
    );
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_are_accepted() {
    let crlf = MERCHANT_KEY.replace('\n', "\r\n");
    PrivateKey::from_pkcs8_pem(&crlf).unwrap();
    let with_bom = format!("\u{FEFF}{PLATFORM_CERT}");
    Certificate::from_pem(with_bom).unwrap();
}

#[test]
fn the_block_of_the_wanted_kind_is_found_among_others() {
    // A file holding the certificate and then the key, as some tools write them.
    let bundle = format!("{PLATFORM_CERT}{MERCHANT_KEY}");
    let key = PrivateKey::from_pkcs8_pem(&bundle).unwrap();
    assert_eq!(
        key.public_key(),
        &PublicKey::from_spki_pem(MERCHANT_PUBLIC_KEY).unwrap()
    );
    let certificate = Certificate::from_pem(&bundle).unwrap();
    assert_eq!(
        certificate.serial_hex(),
        "7E57000000000000000000000000000000000001"
    );
}

#[test]
fn public_key_der_round_trips() {
    let key = PublicKey::from_spki_pem(WECHATPAY_PUBLIC_KEY).unwrap();
    assert_eq!(PublicKey::from_spki_der(key.spki_der()).unwrap(), key);
}

#[test]
fn sign_and_verify_round_trip() {
    let key = PrivateKey::from_pkcs8_pem(MERCHANT_KEY).unwrap();
    let signature = key.sign_sha256(b"message\n").unwrap();
    assert_eq!(signature.len(), 256);
    // PKCS#1 v1.5 is deterministic.
    assert_eq!(key.sign_sha256(b"message\n").unwrap(), signature);
    assert!(key.public_key().verify_sha256(b"message\n", &signature));
    assert!(!key.public_key().verify_sha256(b"message", &signature));
    let mut damaged = signature.clone();
    damaged[100] ^= 1;
    assert!(!key.public_key().verify_sha256(b"message\n", &damaged));
    assert!(
        !key.public_key()
            .verify_sha256(b"message\n", &signature[..255])
    );
    assert!(!key.public_key().verify_sha256(b"message\n", b""));
    let other = PublicKey::from_spki_pem(WECHATPAY_PUBLIC_KEY).unwrap();
    assert!(!other.verify_sha256(b"message\n", &signature));
}

#[test]
fn keys_are_cheap_to_share() {
    assert_send_sync_clone::<PrivateKey>();
    assert_send_sync_clone::<PublicKey>();
    assert_send_sync_clone::<Certificate>();
}

#[test]
fn platform_certificate_fields() {
    let certificate = Certificate::from_pem(PLATFORM_CERT).unwrap();
    assert_eq!(
        certificate.serial_hex(),
        "7E57000000000000000000000000000000000001"
    );
    assert_eq!(certificate.not_before(), VALID_FROM);
    assert_eq!(certificate.not_after(), VALID_UNTIL);
    let platform_key = PrivateKey::from_pkcs8_pem(PLATFORM_KEY).unwrap();
    assert_eq!(certificate.public_key(), platform_key.public_key());
}

#[test]
fn serial_with_top_bit_set_has_no_sign_octet() {
    let certificate = Certificate::from_pem(EXPIRED_CERT).unwrap();
    assert_eq!(
        certificate.serial_hex(),
        "8E57000000000000000000000000000000000002"
    );
    assert_eq!(certificate.not_before(), EXPIRED_FROM);
    assert_eq!(certificate.not_after(), EXPIRED_UNTIL);
}

#[test]
fn validity_includes_both_ends() {
    let certificate = Certificate::from_pem(PLATFORM_CERT).unwrap();
    assert!(!certificate.is_valid_at(VALID_FROM - 1));
    assert!(certificate.is_valid_at(VALID_FROM));
    assert!(certificate.is_valid_at(1_700_000_000));
    assert!(certificate.is_valid_at(VALID_UNTIL));
    assert!(!certificate.is_valid_at(VALID_UNTIL + 1));
}

#[test]
fn pkcs1_key_is_refused_with_the_conversion_command() {
    let error = PrivateKey::from_pkcs8_pem(MERCHANT_KEY_PKCS1).unwrap_err();
    assert!(
        matches!(&error, KeyError::WrongPemLabel { expected: "PRIVATE KEY", found } if found == "RSA PRIVATE KEY"),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("openssl pkcs8 -topk8 -nocrypt"),
        "{error}"
    );
}

#[test]
fn a_block_of_another_kind_is_named() {
    let error = PrivateKey::from_pkcs8_pem(PLATFORM_CERT).unwrap_err();
    assert!(
        matches!(&error, KeyError::WrongPemLabel { found, .. } if found == "CERTIFICATE"),
        "{error:?}"
    );

    let error = PublicKey::from_spki_pem(PLATFORM_CERT).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("load it as a platform certificate"),
        "{error}"
    );

    let error = Certificate::from_pem(WECHATPAY_PUBLIC_KEY).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("load it as the WeChat Pay public key"),
        "{error}"
    );

    let error = PublicKey::from_spki_pem(MERCHANT_KEY).unwrap_err();
    assert!(
        matches!(&error, KeyError::WrongPemLabel { found, .. } if found == "PRIVATE KEY"),
        "{error:?}"
    );

    let encrypted =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
    let error = PrivateKey::from_pkcs8_pem(encrypted).unwrap_err();
    assert!(error.to_string().contains("decrypt it"), "{error}");
}

#[test]
fn input_without_pem_is_refused() {
    for input in ["", "not a key", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"] {
        let error = PrivateKey::from_pkcs8_pem(input).unwrap_err();
        assert!(
            matches!(
                error,
                KeyError::NotPem {
                    expected: "PRIVATE KEY"
                }
            ),
            "{error:?}"
        );
    }
    let error = Certificate::from_pem([0x30_u8, 0x82, 0x01, 0x0a]).unwrap_err();
    assert!(
        matches!(
            error,
            KeyError::NotPem {
                expected: "CERTIFICATE"
            }
        ),
        "{error:?}"
    );
}

#[test]
fn damaged_pem_is_refused() {
    let bad_base64 = MERCHANT_KEY.replacen('M', "*", 1);
    let error = PrivateKey::from_pkcs8_pem(&bad_base64).unwrap_err();
    assert!(
        matches!(
            error,
            KeyError::MalformedPem {
                reason: "the body is not valid base64",
                ..
            }
        ),
        "{error:?}"
    );

    let no_end = MERCHANT_KEY.replace("-----END PRIVATE KEY-----", "");
    let error = PrivateKey::from_pkcs8_pem(&no_end).unwrap_err();
    assert!(
        matches!(
            error,
            KeyError::MalformedPem {
                reason: "the -----END----- line is missing",
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn damaged_der_is_refused() {
    let garbage = "-----BEGIN PRIVATE KEY-----\nAAECAwQF\n-----END PRIVATE KEY-----\n";
    let error = PrivateKey::from_pkcs8_pem(garbage).unwrap_err();
    assert!(matches!(error, KeyError::Malformed { .. }), "{error:?}");

    let garbage = "-----BEGIN PUBLIC KEY-----\nAAECAwQF\n-----END PUBLIC KEY-----\n";
    let error = PublicKey::from_spki_pem(garbage).unwrap_err();
    assert!(matches!(error, KeyError::Malformed { .. }), "{error:?}");

    let garbage = "-----BEGIN CERTIFICATE-----\nAAECAwQF\n-----END CERTIFICATE-----\n";
    let error = Certificate::from_pem(garbage).unwrap_err();
    assert!(
        matches!(
            error,
            KeyError::Malformed {
                what: "X.509 certificate",
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn keys_that_are_not_rsa_are_refused() {
    let error = PrivateKey::from_pkcs8_pem(EC_KEY).unwrap_err();
    assert!(matches!(error, KeyError::NotRsa { .. }), "{error:?}");
    let error = PublicKey::from_spki_pem(EC_PUBLIC_KEY).unwrap_err();
    assert!(matches!(error, KeyError::NotRsa { .. }), "{error:?}");
    let error = Certificate::from_pem(EC_CERT).unwrap_err();
    assert!(
        matches!(
            error,
            KeyError::NotRsa {
                what: "certificate's public key"
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("not an RSA key"), "{error}");
}

#[test]
fn rsa_keys_under_2048_bits_are_refused() {
    let error = PrivateKey::from_pkcs8_pem(RSA1024_KEY).unwrap_err();
    assert!(
        matches!(error, KeyError::UnsupportedKeySize { .. }),
        "{error:?}"
    );
    let error = PublicKey::from_spki_pem(RSA1024_PUBLIC_KEY).unwrap_err();
    assert!(
        matches!(error, KeyError::UnsupportedKeySize { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("2048 to 8192 bits"), "{error}");
}

#[test]
fn a_missing_file_names_its_path() {
    let path = data("no_such_key.pem");
    let error = PrivateKey::from_pem_file(&path).unwrap_err();
    assert!(
        matches!(&error, KeyError::Io { path: p, .. } if *p == path),
        "{error:?}"
    );
    assert!(error.to_string().contains("no_such_key.pem"), "{error}");
}

#[test]
fn debug_never_shows_the_private_key() {
    let key = PrivateKey::from_pkcs8_pem(MERCHANT_KEY).unwrap();
    assert_eq!(format!("{key:?}"), "PrivateKey { bits: 2048, .. }");
    assert_eq!(
        format!("{key:#?}"),
        "PrivateKey {\n    bits: 2048,\n    ..\n}"
    );
    assert_eq!(
        format!("{:?}", key.public_key()),
        "PublicKey { bits: 2048, .. }"
    );
}

#[test]
fn errors_never_show_the_private_key() {
    // A key damaged in its last line: the loader reads all the rest of it.
    let mut lines: Vec<&str> = MERCHANT_KEY.lines().collect();
    let last_body = lines.len() - 2;
    lines[last_body] = "!!!!";
    let damaged = lines.join("\n");
    let mut messages = Vec::new();
    for input in [
        damaged.as_str(),
        MERCHANT_KEY_PKCS1,
        &MERCHANT_KEY[..MERCHANT_KEY.len() / 2],
    ] {
        let error = PrivateKey::from_pkcs8_pem(input).unwrap_err();
        messages.push(format!("{error} {error:?}"));
    }
    for message in &messages {
        for line in pem_body_lines(MERCHANT_KEY)
            .into_iter()
            .chain(pem_body_lines(MERCHANT_KEY_PKCS1))
        {
            assert!(!message.contains(line), "{message}");
        }
    }
}

#[test]
fn certificate_debug_names_serial_and_validity() {
    let certificate = Certificate::from_pem(PLATFORM_CERT).unwrap();
    assert_eq!(
        format!("{certificate:?}"),
        "Certificate { serial: \"7E57000000000000000000000000000000000001\", not_before: 1577836800, \
         not_after: 4102444799, public_key: PublicKey { bits: 2048, .. } }"
    );
}
