//! Platform certificates downloaded by the client (`GET /v3/certificates`), against a real
//! local server: the first download bootstraps from its own certificate, a wrong APIv3 key
//! refuses it, an unknown serial refreshes once however many calls see it and no more often
//! than the minimum interval, expired certificates are not used, a merchant without
//! certificates is told to use the public key, a public-key client never downloads, a client
//! with both keys takes either, and no secret reaches an error. That no secret reaches a log,
//! and that a certificate about to expire is logged, is `certificates_logs.rs`.
//!
//! The server encrypts each certificate as WeChat Pay does (证书和回调报文解密): AES-256-GCM
//! under the APIv3 key, a 12-character nonce and `associated_data` "certificate", base64 of
//! ciphertext ‖ tag, with [`encrypt_aes_256_gcm`].

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;
#[path = "certificates/support.rs"]
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use common::certificates::certificate_list;
use wechatpay_apiv3::shared::ErrorCode;
use wechatpay_runtime::client::{CertificateError, CertificateRefreshPolicy, ConfigError};
use wechatpay_runtime::protocol::aead::AeadError;
use wechatpay_runtime::protocol::verify::VerificationError;
use wechatpay_runtime::{
    ApiV3Key, Client, Error, FieldPath, Method as ApiMethod, Operation, Validate, Violation,
};

use common::{MCHID, MERCHANT_KEY, MERCHANT_SERIAL, PUBLIC_KEY_ID, WECHATPAY_PUBLIC_KEY};

use support::*;

fn certificates_error(error: Error<ErrorCode>) -> CertificateError {
    match error {
        Error::Certificates(error) => error,
        other => panic!("expected a certificate error, got {other:?}"),
    }
}

fn verification_error(error: Error<ErrorCode>) -> VerificationError {
    match error {
        Error::Verification { error, .. } => error,
        other => panic!("expected a verification error, got {other:?}"),
    }
}

fn serials(client: &Client) -> Vec<String> {
    client
        .platform_certificates()
        .iter()
        .map(|certificate| certificate.serial_hex().to_owned())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Bootstrap.

#[tokio::test]
async fn the_first_download_bootstraps_from_its_own_certificate() {
    let server = Server::with_first_certificate().await;
    let client = server.auto_client();
    assert!(client.platform_certificates().is_empty());
    ping(&client).await.unwrap();
    ping(&client).await.unwrap();
    let seen = server.seen();
    let paths: Vec<&str> = seen.iter().map(|seen| seen.path.as_str()).collect();
    assert_eq!(paths, ["/v3/certificates", "/v3/ping", "/v3/ping"]);
    // Before the download the client has no serial to name; after it, the certificate's.
    assert_eq!(seen[0].serial, None);
    assert_eq!(seen[1].serial.as_deref(), Some(SERIAL_1));
    assert_eq!(serials(&client), [SERIAL_1]);
}

#[tokio::test]
async fn a_wrong_apiv3_key_refuses_the_bootstrap() {
    let server = Server::with_first_certificate().await;
    let client = server.client(|builder| builder.apiv3_key(WRONG_KEY).auto_platform_certificates());
    let error = certificates_error(ping(&client).await.unwrap_err());
    assert!(
        matches!(
            &error,
            CertificateError::Decrypt { serial, source: AeadError::Authentication }
                if serial == SERIAL_1
        ),
        "{error:?}"
    );
    // Nothing was trusted, and the call was not sent.
    assert!(client.platform_certificates().is_empty());
    assert_eq!(server.downloads(), 1);
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn a_first_download_signed_by_a_certificate_it_does_not_hold_is_refused() {
    // Signed under a serial the list does not carry: nothing vouches for the signing key.
    let server = Server::start(|path| match path {
        "/v3/certificates" => Reply::json(
            &certificate_list(&[(SERIAL_1, CERT_1)], APIV3_KEY),
            Signer::Platform(SERIAL_3),
        ),
        _ => Reply::ok(Signer::Platform(SERIAL_1)),
    })
    .await;
    let error = certificates_error(ping(&server.auto_client()).await.unwrap_err());
    assert!(
        matches!(
            &error,
            CertificateError::Unverified(VerificationError::UnknownSerial(serial))
                if serial == SERIAL_3
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_listed_serial_must_be_the_certificates_own() {
    let server = Server::start(|path| match path {
        "/v3/certificates" => Reply::json(
            &certificate_list(&[(SERIAL_3, CERT_1)], APIV3_KEY),
            Signer::Platform(SERIAL_3),
        ),
        _ => Reply::ok(Signer::Platform(SERIAL_1)),
    })
    .await;
    let error = certificates_error(ping(&server.auto_client()).await.unwrap_err());
    assert!(
        matches!(
            &error,
            CertificateError::SerialMismatch { listed, actual }
                if listed == SERIAL_3 && actual == SERIAL_1
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn after_the_bootstrap_only_known_keys_vouch_for_a_download() {
    let rotated = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&rotated);
    let server = Server::start(move |path| {
        let rotated = flag.load(Ordering::SeqCst);
        match path {
            // Once rotated, the list is signed by a certificate only it carries.
            "/v3/certificates" if rotated => Reply::json(
                &certificate_list(&[(SERIAL_3, CERT_3)], APIV3_KEY),
                Signer::Platform(SERIAL_3),
            ),
            "/v3/certificates" => Reply::json(
                &certificate_list(&[(SERIAL_1, CERT_1)], APIV3_KEY),
                Signer::Platform(SERIAL_1),
            ),
            _ => Reply::ok(Signer::Platform(SERIAL_1)),
        }
    })
    .await;
    let client = server.auto_client();
    client.refresh_platform_certificates().await.unwrap();
    rotated.store(true, Ordering::SeqCst);
    let error = client.refresh_platform_certificates().await.unwrap_err();
    assert!(
        matches!(
            &error,
            CertificateError::Unverified(VerificationError::UnknownSerial(serial))
                if serial == SERIAL_3
        ),
        "{error:?}"
    );
    // The certificates known stay in use.
    assert_eq!(serials(&client), [SERIAL_1]);
    ping(&client).await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Refresh.

#[tokio::test]
async fn an_unknown_serial_refreshes_once_for_20_concurrent_calls() {
    refreshes_once_for_20_concurrent_calls(CertificateRefreshPolicy::default()).await;
}

/// Without a minimum interval, the one download in flight alone keeps it to one.
#[tokio::test]
async fn one_download_is_in_flight_whatever_the_minimum_interval() {
    let mut policy = CertificateRefreshPolicy::default();
    policy.min_interval = Duration::ZERO;
    refreshes_once_for_20_concurrent_calls(policy).await;
}

async fn refreshes_once_for_20_concurrent_calls(policy: CertificateRefreshPolicy) {
    let rotated = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&rotated);
    let server = Server::start(move |path| {
        let rotated = flag.load(Ordering::SeqCst);
        match path {
            // The rotation: the new certificate is listed, still signed by the old one; the
            // download is slow, so that every call is waiting for it.
            "/v3/certificates" if rotated => Reply::json(
                &certificate_list(&[(SERIAL_1, CERT_1), (SERIAL_3, CERT_3)], APIV3_KEY),
                Signer::Platform(SERIAL_1),
            )
            .delay(Duration::from_millis(300)),
            "/v3/certificates" => Reply::json(
                &certificate_list(&[(SERIAL_1, CERT_1)], APIV3_KEY),
                Signer::Platform(SERIAL_1),
            ),
            _ if rotated => Reply::ok(Signer::Platform(SERIAL_3)),
            _ => Reply::ok(Signer::Platform(SERIAL_1)),
        }
    })
    .await;
    let client = server.client(|builder| {
        builder
            .apiv3_key(APIV3_KEY)
            .auto_platform_certificates_with(policy)
    });
    ping(&client).await.unwrap();
    assert_eq!(server.downloads(), 1);

    // WeChat Pay starts signing with the new certificate, past the minimum interval.
    rotated.store(true, Ordering::SeqCst);
    server.clock().advance(61);
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { ping(&client).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(server.downloads(), 2, "one refresh for all 20 calls");
    assert_eq!(serials(&client), [SERIAL_1, SERIAL_3]);
    // Requests now name the newest certificate.
    ping(&client).await.unwrap();
    let last = server.seen().pop().unwrap();
    assert_eq!(last.serial.as_deref(), Some(SERIAL_3));
}

#[tokio::test]
async fn downloads_are_at_least_the_minimum_interval_apart() {
    let server = Server::start(|path| match path {
        "/v3/certificates" => Reply::json(
            &certificate_list(&[(SERIAL_1, CERT_1)], APIV3_KEY),
            Signer::Platform(SERIAL_1),
        ),
        // A server naming a serial it never lists.
        _ => Reply::ok(Signer::Platform(SERIAL_NONE)),
    })
    .await;
    let client = server.auto_client();
    let unknown = |error: VerificationError| match error {
        VerificationError::UnknownSerialAfterRefresh {
            serial,
            downloaded_secs_ago,
        } => {
            assert_eq!(serial, SERIAL_NONE);
            downloaded_secs_ago
        }
        other => panic!("expected an unknown serial after a refresh, got {other:?}"),
    };
    // The bootstrap was the download: too recent to repeat.
    let error = verification_error(ping(&client).await.unwrap_err());
    assert_eq!(unknown(error), 0);
    assert_eq!(server.downloads(), 1);
    server.clock().advance(59);
    let error = verification_error(ping(&client).await.unwrap_err());
    assert_eq!(unknown(error), 59);
    assert_eq!(server.downloads(), 1);
    // Past the interval: one more download, which does not list the serial either.
    server.clock().advance(1);
    let error = verification_error(ping(&client).await.unwrap_err());
    assert_eq!(unknown(error), 0);
    assert_eq!(server.downloads(), 2);
    let error = verification_error(ping(&client).await.unwrap_err());
    assert_eq!(unknown(error), 0);
    assert_eq!(server.downloads(), 2);
}

#[tokio::test]
async fn certificates_are_downloaded_again_on_schedule_and_a_failure_keeps_the_known_ones() {
    let fail = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&fail);
    let server = Server::start(move |path| match path {
        "/v3/certificates" if flag.load(Ordering::SeqCst) => Reply::json(
            &serde_json::json!({ "code": "SYSTEM_ERROR", "message": "busy" }),
            Signer::Platform(SERIAL_1),
        )
        .status(500),
        "/v3/certificates" => Reply::json(
            &certificate_list(&[(SERIAL_1, CERT_1)], APIV3_KEY),
            Signer::Platform(SERIAL_1),
        ),
        _ => Reply::ok(Signer::Platform(SERIAL_1)),
    })
    .await;
    let client = server.auto_client();
    ping(&client).await.unwrap();
    server.clock().advance(12 * 3600 - 1);
    ping(&client).await.unwrap();
    assert_eq!(server.downloads(), 1);
    server.clock().advance(1);
    ping(&client).await.unwrap();
    assert_eq!(server.downloads(), 2);
    // Twelve hours on, the download fails: the call goes ahead with the certificate known, and
    // the next calls do not download again before the minimum interval.
    fail.store(true, Ordering::SeqCst);
    server.clock().advance(12 * 3600);
    ping(&client).await.unwrap();
    ping(&client).await.unwrap();
    assert_eq!(server.downloads(), 3);
    server.clock().advance(60);
    ping(&client).await.unwrap();
    assert_eq!(server.downloads(), 4);
}

// ---------------------------------------------------------------------------------------------
// Validity.

#[tokio::test]
async fn an_expired_certificate_is_not_used() {
    let server = Server::start(|path| match path {
        "/v3/certificates" => Reply::json(
            &certificate_list(
                &[(SERIAL_EXPIRED, CERT_EXPIRED), (SERIAL_1, CERT_1)],
                APIV3_KEY,
            ),
            Signer::Platform(SERIAL_1),
        ),
        // Signed with the expired certificate's key, under its serial.
        _ => Reply::ok(Signer::Platform(SERIAL_EXPIRED)),
    })
    .await;
    let client = server.auto_client();
    let error = verification_error(ping(&client).await.unwrap_err());
    assert!(
        matches!(&error, VerificationError::UnknownSerialAfterRefresh { serial, .. } if serial == SERIAL_EXPIRED),
        "{error:?}"
    );
    assert_eq!(serials(&client), [SERIAL_1]);
}

#[tokio::test]
async fn a_list_with_no_certificate_valid_now_is_an_error() {
    let server = Server::start(|path| match path {
        "/v3/certificates" => Reply::json(
            &certificate_list(&[(SERIAL_EXPIRED, CERT_EXPIRED)], APIV3_KEY),
            Signer::PublicKey,
        ),
        _ => Reply::ok(Signer::PublicKey),
    })
    .await;
    // With the public key too, the download is verified, then found useless.
    let client = server.client(|builder| {
        builder
            .wechatpay_public_key(PUBLIC_KEY_ID, WECHATPAY_PUBLIC_KEY)
            .apiv3_key(APIV3_KEY)
            .auto_platform_certificates()
    });
    let error = client.refresh_platform_certificates().await.unwrap_err();
    assert!(
        matches!(
            error,
            CertificateError::NoUsableCertificate {
                listed: 1,
                expired: 1,
                not_yet_valid: 0
            }
        ),
        "{error:?}"
    );
    // Calls go ahead with the public key.
    ping(&client).await.unwrap();
    assert!(client.platform_certificates().is_empty());
}

// ---------------------------------------------------------------------------------------------
// The public key.

#[tokio::test]
async fn a_merchant_without_certificates_is_told_to_use_the_public_key() {
    let server = Server::start(|path| match path {
        "/v3/certificates" => Reply::json(
            &serde_json::json!({ "code": "RESOURCE_NOT_EXISTS", "message": "无可用的平台证书" }),
            Signer::PublicKey,
        )
        .status(404),
        _ => Reply::ok(Signer::PublicKey),
    })
    .await;
    let client = server.auto_client();
    let error = ping(&client).await.unwrap_err();
    let report = error.report();
    assert!(report.contains("wechatpay_public_key"), "{report}");
    assert!(report.contains("RESOURCE_NOT_EXISTS"), "{report}");
    assert_eq!(error.request_id(), Some("REQ-TEST"));
    assert!(certificates_error(error).is_not_provisioned());
    // With the public key configured as well, calls go ahead, and the list is asked for again
    // only on the schedule.
    let both = server.client(|builder| {
        builder
            .wechatpay_public_key(PUBLIC_KEY_ID, WECHATPAY_PUBLIC_KEY)
            .apiv3_key(APIV3_KEY)
            .auto_platform_certificates()
    });
    let before = server.downloads();
    ping(&both).await.unwrap();
    server.clock().advance(3600);
    ping(&both).await.unwrap();
    assert_eq!(server.downloads(), before + 1);
    server.clock().advance(11 * 3600);
    ping(&both).await.unwrap();
    assert_eq!(server.downloads(), before + 2);
}

#[tokio::test]
async fn a_public_key_client_never_asks_for_certificates() {
    let server = Server::start(|path| match path {
        "/v3/ping" => Reply::ok(Signer::PublicKey),
        // An answer naming a certificate: refused, without a download.
        _ => Reply::ok(Signer::Platform(SERIAL_1)),
    })
    .await;
    let client = server.client(|builder| {
        builder
            .wechatpay_public_key(PUBLIC_KEY_ID, WECHATPAY_PUBLIC_KEY)
            .apiv3_key(APIV3_KEY)
    });
    ping(&client).await.unwrap();
    server.clock().advance(13 * 3600);
    ping(&client).await.unwrap();
    let other = client.execute(&Other).await.unwrap_err();
    assert!(matches!(
        verification_error(other),
        VerificationError::UnknownSerial(_)
    ));
    assert_eq!(server.downloads(), 0);
    assert!(matches!(
        client.refresh_platform_certificates().await,
        Err(CertificateError::NotEnabled)
    ));
    assert_eq!(server.downloads(), 0);
}

/// `GET /v3/other`: answered under a platform certificate's serial.
#[derive(Debug, Clone)]
struct Other;

impl Validate for Other {
    fn validate_at(&self, _path: &FieldPath<'_>, _out: &mut Vec<Violation>) {}
}

impl Operation for Other {
    type Response = serde_json::Value;
    type ErrorCode = ErrorCode;
    const METHOD: ApiMethod = ApiMethod::Get;
    const PATH_TEMPLATE: &'static str = "/v3/other";
    const IDEMPOTENT: bool = true;
    const SIGNED_RESPONSE: bool = true;
}

#[tokio::test]
async fn a_client_with_both_keys_accepts_either_signature() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let server = Server::start(move |path| match path {
        "/v3/certificates" => Reply::json(
            &certificate_list(&[(SERIAL_1, CERT_1)], APIV3_KEY),
            Signer::PublicKey,
        ),
        // During the move, answers come signed by either key.
        _ if counter.fetch_add(1, Ordering::SeqCst).is_multiple_of(2) => {
            Reply::ok(Signer::PublicKey)
        }
        _ => Reply::ok(Signer::Platform(SERIAL_1)),
    })
    .await;
    let client = server.client(|builder| {
        builder
            .wechatpay_public_key(PUBLIC_KEY_ID, WECHATPAY_PUBLIC_KEY)
            .apiv3_key(APIV3_KEY)
            .auto_platform_certificates()
    });
    for _ in 0..4 {
        ping(&client).await.unwrap();
    }
    assert_eq!(calls.load(Ordering::SeqCst), 4);
    assert_eq!(server.downloads(), 1);
    assert_eq!(serials(&client), [SERIAL_1]);
    // Requests name the public key, which WeChat Pay is moving to.
    let seen = server.seen();
    assert!(
        seen.iter()
            .all(|seen| seen.serial.as_deref() == Some(PUBLIC_KEY_ID))
    );
}

// ---------------------------------------------------------------------------------------------
// Configuration and secrets.

#[test]
fn a_wrong_length_apiv3_key_fails_the_build() {
    let builder = || {
        Client::builder()
            .merchant(MCHID, MERCHANT_SERIAL, MERCHANT_KEY)
            .wechatpay_public_key(PUBLIC_KEY_ID, WECHATPAY_PUBLIC_KEY)
    };
    for key in ["short-secret-key", "ApiV3KeyForTestsOnly0123456789abc"] {
        let error = builder()
            .apiv3_key(key)
            .auto_platform_certificates()
            .build()
            .unwrap_err();
        let len = key.len();
        assert!(
            matches!(error, ConfigError::ApiV3Key { len: got } if got == len),
            "{error:?}"
        );
        let shown = format!("{error} {error:?}");
        assert!(shown.contains("exactly 32 bytes"), "{shown}");
        assert!(shown.contains(&format!("got {len}")), "{shown}");
        assert!(!shown.contains(key), "{shown}");
        // Without the download too: the key is checked wherever it is given.
        assert!(matches!(
            builder().apiv3_key(key).build(),
            Err(ConfigError::ApiV3Key { .. })
        ));
    }
    // The download needs the key.
    let error = builder().auto_platform_certificates().build().unwrap_err();
    assert!(matches!(error, ConfigError::Missing(_)), "{error:?}");
    assert!(error.to_string().contains("APIv3 key"), "{error}");
    // With it, and no other key, the client builds: it will download its certificates.
    let client = Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, MERCHANT_KEY)
        .apiv3_key(APIV3_KEY)
        .auto_platform_certificates()
        .build()
        .unwrap();
    assert!(client.platform_certificates().is_empty());
    assert!(client.apiv3_key().is_some());
}

#[tokio::test]
async fn no_secret_appears_in_errors_or_debug() {
    let server = Server::with_first_certificate().await;
    let wrong = server.client(|builder| builder.apiv3_key(WRONG_KEY).auto_platform_certificates());
    let decrypt = ping(&wrong).await.unwrap_err();
    let right = server.auto_client();
    ping(&right).await.unwrap();
    let build = Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, MERCHANT_KEY)
        .apiv3_key(&APIV3_KEY[..31])
        .build()
        .unwrap_err();
    let key = ApiV3Key::new(APIV3_KEY).unwrap();
    let length = ApiV3Key::new(&APIV3_KEY[..31]).unwrap_err();
    let builder = Client::builder().apiv3_key(APIV3_KEY);
    let shown = [
        format!("{decrypt} {decrypt:?} {}", decrypt.report()),
        format!("{build} {build:?}"),
        format!("{key:?} {length} {length:?}"),
        format!("{builder:?}"),
        format!("{wrong:?} {right:?} {:?}", right.response_verifier()),
        format!("{:?}", right.apiv3_key()),
    ];
    let platform_pem_body = CERT_1.lines().nth(1).unwrap();
    for text in &shown {
        for secret in [
            APIV3_KEY,
            &APIV3_KEY[..31],
            WRONG_KEY,
            platform_pem_body,
            "BEGIN",
        ] {
            assert!(!text.contains(secret), "{secret:?} shown in {text}");
        }
    }
    // The failure itself is named.
    assert!(
        shown[0].contains("cannot decrypt platform certificate"),
        "{}",
        shown[0]
    );
    assert!(shown[0].contains("authentication failed"), "{}", shown[0]);
}
