//! Encrypted fields end to end: the client encrypts a receiver's name under the WeChat Pay key
//! it uses and names that key, the mock opens and checks it, and the answer's name comes back
//! encrypted under the merchant's key, which the client opens.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use serde_json::Value;
use wechatpay_golden_sample::Apis as _;
use wechatpay_golden_sample::shared::ReceiverType;
use wechatpay_golden_sample::sharing::AddReceiverRequest;
use wechatpay_runtime::Error;
use wechatpay_tests::keys::PUBLIC_KEY_ID;
use wechatpay_tests::{Harness, SigningKey};

fn add(name: &str) -> AddReceiverRequest {
    AddReceiverRequest::new(ReceiverType::MerchantId, "1900000110", "PARTNER").name(name)
}

#[tokio::test]
async fn a_name_travels_encrypted_both_ways() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let added = h
        .client
        .sharing()
        .add_receiver(&add("示例商户全称"))
        .await
        .unwrap();
    // What was sent: ciphertext, under the key the request names.
    let received = h.mock.received();
    let last = received.last().unwrap();
    let sent: Value = serde_json::from_slice(&last.body).unwrap();
    let ciphertext = sent["name"].as_str().unwrap();
    assert_eq!(ciphertext.len(), 344, "{ciphertext}");
    assert!(!ciphertext.contains("示例"));
    let serial = last
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("Wechatpay-Serial"))
        .map(|(_, value)| value.as_str());
    assert_eq!(serial, Some(PUBLIC_KEY_ID));
    // What came back: ciphertext under the merchant's key, which the client opens.
    let name = added.name.as_ref().unwrap();
    assert_ne!(name.as_str(), "示例商户全称");
    assert_eq!(name.decrypt(&h.client).unwrap().expose(), "示例商户全称");
}

#[tokio::test]
async fn a_name_too_long_to_encrypt_is_refused_before_sending() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let before = h.mock.received_count();
    let error = h
        .client
        .sharing()
        .add_receiver(&add(&"名".repeat(72)))
        .await
        .unwrap_err();
    let Error::Validation(violations) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(violations.violations()[0].field, "name");
    // The plaintext is never shown.
    assert!(!format!("{error:?} {error}").contains("名名"), "{error:?}");
    assert_eq!(h.mock.received_count(), before);
}

#[tokio::test]
async fn the_mock_refuses_a_name_it_cannot_open() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let body = br#"{"type":"MERCHANT_ID","account":"1900000110","name":"bm90IGEgY2lwaGVydGV4dA==","relation_type":"PARTNER"}"#;
    let (status, _, answer) = wechatpay_tests::raw_request(
        &h,
        "POST",
        "/v3/sample/profitsharing/receivers/add",
        body,
        None,
    )
    .await;
    assert_eq!(status, 400);
    let answer: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(answer["detail"]["field"], "Wechatpay-Serial", "{answer}");
}
