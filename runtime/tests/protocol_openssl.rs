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

// ---- RSA-OAEP (SHA-1, MGF1-SHA-1) for sensitive fields, both ways ----

/// openssl's options for the OAEP WeChat Pay uses: SHA-1 and MGF1 with SHA-1.
const OAEP_SHA1: [&str; 6] = [
    "-pkeyopt",
    "rsa_padding_mode:oaep",
    "-pkeyopt",
    "rsa_oaep_md:sha1",
    "-pkeyopt",
    "rsa_mgf1_md:sha1",
];

/// Plaintexts the cross-checks cover: Chinese text, an ID number, the empty text, and the
/// longest RSA-2048 OAEP-SHA1 fits (214 bytes).
fn oaep_plaintexts() -> [String; 4] {
    [
        "张三".to_owned(),
        "110101199003074477".to_owned(),
        String::new(),
        "分".repeat(71) + "a", // 71 × 3 + 1 = 214 bytes
    ]
}

/// openssl's decryption of `ciphertext` with the PEM private key at `private_key`, with
/// `options` (OAEP-SHA1 unless a test says otherwise).
fn openssl_decrypt(dir: &Path, private_key: &Path, ciphertext: &[u8], options: &[&str]) -> Output {
    let input = dir.join("ciphertext.bin");
    std::fs::write(&input, ciphertext).unwrap();
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
        &"pkeyutl",
        &"-decrypt",
        &"-inkey",
        &private_key,
        &"-in",
        &input,
    ];
    args.extend(
        options
            .iter()
            .map(|option| option as &dyn AsRef<std::ffi::OsStr>),
    );
    openssl(&args)
}

/// openssl's encryption of `plaintext` under the PEM public key at `public_key`, with
/// `options`; `None` when openssl refuses.
fn openssl_encrypt(
    dir: &Path,
    public_key: &Path,
    plaintext: &[u8],
    options: &[&str],
) -> Option<Vec<u8>> {
    let input = dir.join("plaintext.bin");
    let output = dir.join("ciphertext.bin");
    std::fs::write(&input, plaintext).unwrap();
    let _ = std::fs::remove_file(&output);
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
        &"pkeyutl",
        &"-encrypt",
        &"-pubin",
        &"-inkey",
        &public_key,
        &"-in",
        &input,
        &"-out",
        &output,
    ];
    args.extend(
        options
            .iter()
            .map(|option| option as &dyn AsRef<std::ffi::OsStr>),
    );
    openssl(&args)
        .status
        .success()
        .then(|| std::fs::read(&output).unwrap())
}

fn wechatpay_public_key() -> PublicKey {
    PublicKey::from_spki_pem(include_str!("data/protocol/wechatpay_public_key_test.pem")).unwrap()
}

#[test]
fn our_oaep_ciphertext_opens_with_openssl() {
    let dir = tempfile::tempdir().unwrap();
    let certificate =
        Certificate::from_pem(include_str!("data/protocol/platform_test_cert.pem")).unwrap();
    for plaintext in oaep_plaintexts() {
        // Under the WeChat Pay public key, and under a platform certificate: what requests send.
        let sealed = [
            (
                wechatpay_public_key()
                    .encrypt_oaep(plaintext.as_bytes())
                    .unwrap(),
                "wechatpay_public_key_test_private.pem",
            ),
            (
                certificate.encrypt_oaep(plaintext.as_bytes()).unwrap(),
                "platform_test_key.pem",
            ),
        ];
        for (ciphertext, private_key) in sealed {
            let ciphertext = STANDARD.decode(ciphertext).unwrap();
            assert_eq!(ciphertext.len(), 256);
            let output = openssl_decrypt(dir.path(), &data(private_key), &ciphertext, &OAEP_SHA1);
            assert!(
                output.status.success(),
                "{private_key}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert_eq!(output.stdout, plaintext.as_bytes(), "{private_key}");
            // The check can fail: another key, or OAEP with SHA-256, does not open it.
            let other = openssl_decrypt(
                dir.path(),
                &data("merchant_test_key.pem"),
                &ciphertext,
                &OAEP_SHA1,
            );
            assert!(!other.status.success(), "{private_key}");
            let sha256 = [
                "-pkeyopt",
                "rsa_padding_mode:oaep",
                "-pkeyopt",
                "rsa_oaep_md:sha256",
                "-pkeyopt",
                "rsa_mgf1_md:sha256",
            ];
            let sha256 = openssl_decrypt(dir.path(), &data(private_key), &ciphertext, &sha256);
            assert!(!sha256.status.success(), "{private_key}");
        }
    }
}

#[test]
fn openssl_oaep_ciphertext_opens_with_us() {
    let dir = tempfile::tempdir().unwrap();
    // The WeChat Pay key pair (what the service opens), and the merchant's (what answers carry,
    // opened by the client with the key it signs with).
    let client = wechatpay_runtime::Client::builder()
        .merchant(
            MCHID,
            SERIAL_NO,
            include_str!("data/protocol/merchant_test_key.pem"),
        )
        .wechatpay_public_key(
            PUBLIC_KEY_ID,
            include_str!("data/protocol/wechatpay_public_key_test.pem"),
        )
        .build()
        .unwrap();
    let wechatpay = PrivateKey::from_pkcs8_pem(include_str!(
        "data/protocol/wechatpay_public_key_test_private.pem"
    ))
    .unwrap();
    for plaintext in oaep_plaintexts() {
        for (public_key, private_key) in [
            ("merchant_test_public_key.pem", merchant_key()),
            ("wechatpay_public_key_test.pem", wechatpay.clone()),
        ] {
            let ciphertext = openssl_encrypt(
                dir.path(),
                &data(public_key),
                plaintext.as_bytes(),
                &OAEP_SHA1,
            )
            .unwrap();
            let encoded = STANDARD.encode(&ciphertext);
            let opened = private_key.decrypt_oaep(&encoded).unwrap();
            assert_eq!(opened.expose(), plaintext, "{public_key}");
            if public_key.starts_with("merchant") {
                let field = wechatpay_runtime::Encrypted::new(encoded.clone());
                assert_eq!(field.decrypt(&client).unwrap().expose(), plaintext);
            } else {
                assert_eq!(
                    client.decrypt(&wechatpay_runtime::Encrypted::new(encoded)),
                    Err(wechatpay_runtime::sensitive::OaepError::Undecryptable),
                    "the client's merchant key opens only the merchant's ciphertext"
                );
            }
        }
    }
}

#[test]
fn openssl_agrees_on_the_parameters_and_the_214_byte_limit() {
    use wechatpay_runtime::sensitive::{MAX_PLAINTEXT_BYTES, OaepError};
    let dir = tempfile::tempdir().unwrap();
    let public_key = data("merchant_test_public_key.pem");
    let key = merchant_key();
    // Other paddings are refused, not misread.
    let pkcs1 = ["-pkeyopt", "rsa_padding_mode:pkcs1"];
    let sha256 = [
        "-pkeyopt",
        "rsa_padding_mode:oaep",
        "-pkeyopt",
        "rsa_oaep_md:sha256",
        "-pkeyopt",
        "rsa_mgf1_md:sha256",
    ];
    for options in [&pkcs1[..], &sha256[..]] {
        let ciphertext =
            openssl_encrypt(dir.path(), &public_key, "张三".as_bytes(), options).unwrap();
        assert_eq!(
            key.decrypt_oaep(&STANDARD.encode(ciphertext)),
            Err(OaepError::Undecryptable),
            "{options:?}"
        );
    }
    // 214 bytes fit, 215 do not, for openssl as for us.
    let fits = vec![b'a'; MAX_PLAINTEXT_BYTES];
    assert!(openssl_encrypt(dir.path(), &public_key, &fits, &OAEP_SHA1).is_some());
    let over = vec![b'a'; MAX_PLAINTEXT_BYTES + 1];
    assert!(openssl_encrypt(dir.path(), &public_key, &over, &OAEP_SHA1).is_none());
    assert_eq!(
        key.public_key().encrypt_oaep(&over),
        Err(OaepError::PlaintextTooLong { len: 215, max: 214 })
    );
}
