//! Cross-checks against the `openssl` command line, in both directions: what we sign, openssl
//! verifies; what openssl signs, we verify; and certificates read as openssl reads them.
//!
//! These tests need `openssl` on PATH and fail (never skip) without it: a skipped cross-check
//! would look exactly like a passing one.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use time::PrimitiveDateTime;
use time::macros::format_description;
use wechatpay_runtime::protocol::authorization::{MerchantSigner, parse, verify_request};
use wechatpay_runtime::protocol::keys::{Certificate, PrivateKey, PublicKey};
use wechatpay_runtime::protocol::message::{request_message, response_message};
use wechatpay_runtime::protocol::verify::ResponseVerifier;
use wechatpay_runtime::protocol::{ResponseSignatureHeaders, sign_response};

const MCHID: &str = "1900009191";
const SERIAL_NO: &str = "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C";
const PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0114232134912410000000000000";
const PLATFORM_SERIAL: &str = "7E57000000000000000000000000000000000001";
const NOW: i64 = 1_700_000_000;
const NONCE: &str = "593BEC0C930BF1AFEB40B4A08C8FB242";

const GET_TARGET: &str =
    "/v3/pay/transactions/out-trade-no/1217752501201407033233368018?mchid=1230000109";
const POST_TARGET: &str = "/v3/pay/transactions/jsapi";
const POST_BODY: &str = r#"{"appid":"wxd678efh567hg6787","mchid":"1230000109","description":"Image形象店-深圳腾大-QQ公仔","out_trade_no":"1217752501201407033233368018","amount":{"total":100,"currency":"CNY"},"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}}"#;
const RESPONSE_BODY: &str =
    r#"{"prepay_id":"wx26112221580621e9b071c00d9e093b0000","提示":"下单成功"}"#;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/protocol")
        .join(name)
}

/// Runs openssl, failing the test with an actionable message when it is not installed.
fn openssl(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut command = Command::new("openssl");
    command.args(args.iter().map(|arg| arg.as_ref()));
    match command.output() {
        Ok(output) => output,
        Err(error) if error.kind() == ErrorKind::NotFound => panic!(
            "the `openssl` command is not installed or not on PATH; the protocol cross-checks \
             need it (on Debian or Ubuntu: apt-get install openssl)"
        ),
        Err(error) => panic!("cannot run openssl: {error}"),
    }
}

fn openssl_ok(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let output = openssl(args);
    assert!(
        output.status.success(),
        "openssl {:?} failed: {}",
        args.iter()
            .map(|arg| arg.as_ref().to_owned())
            .collect::<Vec<_>>(),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Whether openssl accepts `signature` over `message` under the PEM public key at `public_key`.
fn openssl_verifies(dir: &Path, public_key: &Path, message: &[u8], signature: &[u8]) -> bool {
    let message_file = dir.join("message.bin");
    let signature_file = dir.join("signature.bin");
    std::fs::write(&message_file, message).unwrap();
    std::fs::write(&signature_file, signature).unwrap();
    let output = openssl(&[
        &"dgst",
        &"-sha256",
        &"-verify",
        &public_key,
        &"-signature",
        &signature_file,
        &message_file,
    ]);
    let verified = String::from_utf8_lossy(&output.stdout).contains("Verified OK");
    assert_eq!(
        verified,
        output.status.success(),
        "openssl disagrees with itself"
    );
    verified
}

/// openssl's SHA-256 RSA signature of `message` with the PEM private key at `private_key`.
fn openssl_sign(dir: &Path, private_key: &Path, message: &[u8]) -> Vec<u8> {
    let message_file = dir.join("message.bin");
    let signature_file = dir.join("signature.bin");
    std::fs::write(&message_file, message).unwrap();
    openssl_ok(&[
        &"dgst",
        &"-sha256",
        &"-sign",
        &private_key,
        &"-out",
        &signature_file,
        &message_file,
    ]);
    std::fs::read(&signature_file).unwrap()
}

/// The two request messages every cross-check covers: a GET (ending in an empty body line) and
/// a POST with a Chinese JSON body.
fn request_messages() -> [(&'static str, Vec<u8>); 2] {
    let get = request_message("GET", GET_TARGET, NOW, NONCE, b"");
    assert!(get.ends_with(b"\n\n"));
    let post = request_message("POST", POST_TARGET, NOW, NONCE, POST_BODY.as_bytes());
    [("GET", get), ("POST", post)]
}

fn merchant_key() -> PrivateKey {
    PrivateKey::from_pkcs8_pem(include_str!("data/protocol/merchant_test_key.pem")).unwrap()
}

fn platform_key() -> PrivateKey {
    PrivateKey::from_pkcs8_pem(include_str!("data/protocol/platform_test_key.pem")).unwrap()
}

#[test]
fn our_request_signatures_verify_with_openssl() {
    let dir = tempfile::tempdir().unwrap();
    let key = merchant_key();
    let public_key = data("merchant_test_public_key.pem");
    for (method, message) in request_messages() {
        let signature = key.sign_sha256(&message).unwrap();
        assert!(
            openssl_verifies(dir.path(), &public_key, &message, &signature),
            "{method}"
        );
        // The check can fail: a message one byte short does not verify.
        assert!(
            !openssl_verifies(dir.path(), &public_key, &message[1..], &signature),
            "{method}"
        );
    }
}

#[test]
fn our_authorization_header_verifies_with_openssl() {
    let dir = tempfile::tempdir().unwrap();
    let signer = MerchantSigner::new(MCHID, SERIAL_NO, merchant_key()).unwrap();
    let header = signer
        .authorization("POST", POST_TARGET, POST_BODY.as_bytes(), NOW, NONCE)
        .unwrap();
    let signature = parse(&header).unwrap().signature().to_vec();
    let (_, message) = &request_messages()[1];
    assert!(openssl_verifies(
        dir.path(),
        &data("merchant_test_public_key.pem"),
        message,
        &signature
    ));
}

#[test]
fn openssl_request_signatures_verify_with_us() {
    let dir = tempfile::tempdir().unwrap();
    let key = merchant_key();
    let public_key =
        PublicKey::from_spki_pem(include_str!("data/protocol/merchant_test_public_key.pem"))
            .unwrap();
    for (method, message) in request_messages() {
        let signature = openssl_sign(dir.path(), &data("merchant_test_key.pem"), &message);
        assert!(public_key.verify_sha256(&message, &signature), "{method}");
        assert!(
            !public_key.verify_sha256(&message[1..], &signature),
            "{method}"
        );
        // PKCS#1 v1.5 is deterministic, so the two implementations agree to the byte.
        assert_eq!(key.sign_sha256(&message).unwrap(), signature, "{method}");
    }
}

#[test]
fn authorization_built_from_an_openssl_signature_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let public_key =
        PublicKey::from_spki_pem(include_str!("data/protocol/merchant_test_public_key.pem"))
            .unwrap();
    for ((method, message), (target, body)) in request_messages()
        .into_iter()
        .zip([(GET_TARGET, ""), (POST_TARGET, POST_BODY)])
    {
        let signature = STANDARD.encode(openssl_sign(
            dir.path(),
            &data("merchant_test_key.pem"),
            &message,
        ));
        let header = format!(
            "WECHATPAY2-SHA256-RSA2048 signature=\"{signature}\", serial_no=\"{SERIAL_NO}\", timestamp=\"{NOW}\", nonce_str=\"{NONCE}\", mchid=\"{MCHID}\""
        );
        let authorization = parse(&header).unwrap();
        verify_request(&authorization, method, target, body.as_bytes(), &public_key).unwrap();
    }
}

#[test]
fn our_response_signatures_verify_with_openssl() {
    let dir = tempfile::tempdir().unwrap();
    // openssl reads the certificate's public key, not ours.
    let certificate_key = dir.path().join("certificate_public_key.pem");
    openssl_ok(&[
        &"x509",
        &"-in",
        &data("platform_test_cert.pem"),
        &"-pubkey",
        &"-noout",
        &"-out",
        &certificate_key,
    ]);
    let signature = sign_response(&platform_key(), NOW, NONCE, RESPONSE_BODY.as_bytes()).unwrap();
    let message = response_message(&NOW.to_string(), NONCE, RESPONSE_BODY.as_bytes());
    let signature = STANDARD.decode(signature).unwrap();
    assert!(openssl_verifies(
        dir.path(),
        &certificate_key,
        &message,
        &signature
    ));
    assert!(!openssl_verifies(
        dir.path(),
        &certificate_key,
        &message[..message.len() - 1],
        &signature
    ));
}

#[test]
fn openssl_response_signatures_verify_with_us() {
    let dir = tempfile::tempdir().unwrap();
    let verifier = ResponseVerifier::builder()
        .public_key(
            PUBLIC_KEY_ID,
            PublicKey::from_spki_pem(include_str!("data/protocol/wechatpay_public_key_test.pem"))
                .unwrap(),
        )
        .certificate(
            Certificate::from_pem(include_str!("data/protocol/platform_test_cert.pem")).unwrap(),
        )
        .build()
        .unwrap();
    let message = response_message(&NOW.to_string(), NONCE, RESPONSE_BODY.as_bytes());
    for (serial, private_key) in [
        (PLATFORM_SERIAL, "platform_test_key.pem"),
        (PUBLIC_KEY_ID, "wechatpay_public_key_test_private.pem"),
    ] {
        let headers = ResponseSignatureHeaders {
            serial: serial.to_owned(),
            timestamp: NOW.to_string(),
            nonce: NONCE.to_owned(),
            signature: STANDARD.encode(openssl_sign(dir.path(), &data(private_key), &message)),
            signature_type: Some("WECHATPAY2-SHA256-RSA2048".to_owned()),
        };
        verifier
            .verify(|name| headers.get(name), RESPONSE_BODY.as_bytes(), NOW)
            .unwrap_or_else(|error| panic!("{serial}: {error}"));
    }
}

#[test]
fn certificates_read_as_openssl_reads_them() {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]Z");
    let unix = |text: &str| {
        PrimitiveDateTime::parse(text, format)
            .unwrap()
            .assume_utc()
            .unix_timestamp()
    };
    for file in [
        "platform_test_cert.pem",
        "platform_test_cert_expired.pem",
        "platform_test_cert_rotated.pem",
        "platform_test_cert_conflicting.pem",
    ] {
        let output = openssl_ok(&[
            &"x509",
            &"-in",
            &data(file),
            &"-noout",
            &"-serial",
            &"-startdate",
            &"-enddate",
            &"-dateopt",
            &"iso_8601",
        ]);
        let stdout = String::from_utf8(output.stdout).unwrap();
        let field = |name: &str| {
            stdout
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .unwrap_or_else(|| panic!("no {name} in {stdout}"))
                .to_owned()
        };
        let certificate = Certificate::from_pem_file(data(file)).unwrap();
        assert_eq!(certificate.serial_hex(), field("serial="), "{file}");
        assert_eq!(
            certificate.not_before(),
            unix(&field("notBefore=")),
            "{file}"
        );
        assert_eq!(certificate.not_after(), unix(&field("notAfter=")), "{file}");
    }
}
