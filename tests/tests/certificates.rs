//! Platform certificates end to end: the client downloads and decrypts them from the mock with
//! the APIv3 key, verifies answers with them, follows the merchant's move to the WeChat Pay
//! public key, and is told plainly when the merchant has no certificate at all.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::sync::Arc;

use wechatpay_apiv3::Apis as _;
use wechatpay_apiv3::ecommerce::profitsharing::{OrderRef, QueryReturnOrderRequest};
use wechatpay_mock::{MockServer, ResponseSigning};
use wechatpay_runtime::protocol::ApiV3Key;
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_runtime::protocol::keys::PrivateKey;
use wechatpay_runtime::{Client, Error};
use wechatpay_tests::keys::{self, PUBLIC_KEY_ID};
use wechatpay_tests::{NOW, RecordingSleeper, SigningKey, client_builder, mock_config};

/// The test merchant's APIv3 key.
const APIV3_KEY: &str = "0123456789abcdefghijklmnopqrstuv";

fn query() -> QueryReturnOrderRequest {
    QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516001",
        OrderRef::order_id("3008450740201411110007820472"),
    )
}

fn certificate_pem() -> String {
    String::from_utf8(keys::pem("platform_test_cert.pem")).unwrap()
}

/// A mock signing with the test platform certificate and listing it, and a client that
/// downloads certificates (and, when `with_public_key`, also knows the public key).
async fn start(with_public_key: bool) -> (MockServer, Client) {
    let clock = ManualClock::new(NOW);
    let config = mock_config(SigningKey::PlatformCertificate, &clock)
        .apiv3_key(ApiV3Key::new(APIV3_KEY).unwrap())
        .platform_certificate(certificate_pem())
        .other_serial(PUBLIC_KEY_ID);
    let mock = MockServer::start(config).await.unwrap();
    let sleeper = Arc::new(RecordingSleeper::new(clock.clone()));
    let mut builder = client_builder(&clock, sleeper)
        .base_url(mock.url())
        .apiv3_key(APIV3_KEY)
        .auto_platform_certificates();
    if with_public_key {
        builder =
            builder.wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"));
    }
    (mock, builder.build().unwrap())
}

fn certificate_downloads(mock: &MockServer) -> usize {
    mock.received()
        .iter()
        .filter(|r| r.target == "/v3/certificates")
        .count()
}

#[tokio::test]
async fn certificates_are_downloaded_decrypted_and_used_to_verify_answers() {
    let (mock, client) = start(false).await;
    let order = client
        .ecommerce()
        .profitsharing()
        .query_return_order(&query())
        .await
        .unwrap();
    assert_eq!(order.out_return_no, "R20190516001");
    assert_eq!(certificate_downloads(&mock), 1);
    let known: Vec<String> = client
        .platform_certificates()
        .iter()
        .map(|c| c.serial_hex().to_owned())
        .collect();
    assert_eq!(known.len(), 1);
    // Later calls use what was downloaded.
    client
        .ecommerce()
        .profitsharing()
        .query_return_order(&query())
        .await
        .unwrap();
    assert_eq!(certificate_downloads(&mock), 1);
}

#[tokio::test]
async fn the_move_to_the_public_key_is_followed_call_by_call() {
    let (mock, client) = start(true).await;
    let api = client.ecommerce().profitsharing();
    api.query_return_order(&query()).await.unwrap();

    // The service starts signing with the public key: answers name `PUB_KEY_ID_…`, which the
    // client knows, so nothing else is downloaded.
    mock.set_signing(ResponseSigning::PublicKey {
        id: PUBLIC_KEY_ID.to_owned(),
        key: PrivateKey::from_pkcs8_pem(keys::pem("wechatpay_public_key_test_private.pem"))
            .unwrap(),
    });
    let before = certificate_downloads(&mock);
    api.query_return_order(&query()).await.unwrap();
    assert_eq!(certificate_downloads(&mock), before);
    // And back to the certificate, which is still known.
    mock.set_signing(ResponseSigning::PlatformCertificate {
        certificate: wechatpay_runtime::protocol::keys::Certificate::from_pem(certificate_pem())
            .unwrap(),
        key: PrivateKey::from_pkcs8_pem(keys::pem("platform_test_key.pem")).unwrap(),
    });
    api.query_return_order(&query()).await.unwrap();
}

#[tokio::test]
async fn a_merchant_without_certificates_is_told_to_use_the_public_key() {
    let (mock, client) = start(false).await;
    mock.set_platform_certificates(&[]).unwrap();
    let error = client
        .ecommerce()
        .profitsharing()
        .query_return_order(&query())
        .await
        .unwrap_err();
    let Error::Certificates(certificates) = &error else {
        panic!("{error:?}");
    };
    assert!(certificates.is_not_provisioned(), "{certificates}");
    assert!(
        certificates.to_string().contains("wechatpay_public_key"),
        "{certificates}"
    );
}

#[tokio::test]
async fn a_wrong_apiv3_key_refuses_the_certificates() {
    let clock = ManualClock::new(NOW);
    let config = mock_config(SigningKey::PlatformCertificate, &clock)
        .apiv3_key(ApiV3Key::new(APIV3_KEY).unwrap())
        .platform_certificate(certificate_pem());
    let mock = MockServer::start(config).await.unwrap();
    let sleeper = Arc::new(RecordingSleeper::new(clock.clone()));
    let wrong = "vutsrqponmlkjihgfedcba9876543210";
    let client = client_builder(&clock, sleeper)
        .base_url(mock.url())
        .apiv3_key(wrong)
        .auto_platform_certificates()
        .build()
        .unwrap();
    let error = client
        .ecommerce()
        .profitsharing()
        .query_return_order(&query())
        .await
        .unwrap_err();
    let shown = format!("{error:?} {}", error.report());
    assert!(matches!(error, Error::Certificates(_)), "{shown}");
    assert!(
        !shown.contains(wrong) && !shown.contains(APIV3_KEY),
        "{shown}"
    );
}
