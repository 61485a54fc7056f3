//! Notifications read by the client: made as WeChat Pay makes them (sealed with the APIv3 key,
//! signed with the WeChat Pay key or a platform certificate), then damaged one part at a time.
//! Each failure is its own error, in the documented order, with no secret in its message; an
//! unknown serial downloads the platform certificates as answers do; duplicates are told apart
//! on the client's clock.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;
#[path = "notify/support.rs"]
mod support;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use wechatpay_runtime::Client;
use wechatpay_runtime::client::CertificateError;
use wechatpay_runtime::notify::{
    DEFAULT_MAX_NOTIFICATION_BYTES, Delivery, InMemorySeenNotifications, NotificationReceiver,
    NotifyError, SEEN_RETENTION, SeenNotifications as _, SeenState,
};
use wechatpay_runtime::protocol::aead::AeadError;
use wechatpay_runtime::protocol::verify::VerificationError;

use common::certificates::certificate_list;
use common::{Answer, NOW, Server};
use support::{
    APIV3_KEY, CERT_1, Make, SERIAL_1, SERIAL_3, Sent, Signer, TradeState, Transaction,
    TransactionEvent, WRONG_KEY, assert_no_secret, client, client_with,
};

async fn read(
    client: &Client,
    sent: &Sent,
) -> Result<wechatpay_runtime::notify::Notification<Transaction>, NotifyError> {
    client
        .notification::<Transaction>(|name| sent.header(name), &sent.body)
        .await
}

/// The error `sent` gets, after checking that no message of it shows a secret.
async fn refused(client: &Client, sent: &Sent) -> NotifyError {
    let error = read(client, sent).await.unwrap_err();
    assert_no_secret(&format!("{error} | {error:?} | {}", error.report()));
    error
}

fn verification(error: NotifyError) -> VerificationError {
    match error {
        NotifyError::Verification(error) => error,
        other => panic!("expected a verification error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// The valid notification.

#[tokio::test]
async fn a_valid_notification_is_decrypted_and_read() {
    let (client, _) = client();
    let sent = Make::transaction("1217752501201407033233368018-A").build();
    let notification = read(&client, &sent).await.unwrap();
    assert_eq!(
        notification.id,
        "EV-2018022511223320873-1217752501201407033233368018-A"
    );
    assert_eq!(notification.event_type, TransactionEvent::Success);
    assert_eq!(notification.create_time.unix_timestamp(), NOW);
    assert_eq!(notification.create_time.offset().whole_hours(), 8);
    assert_eq!(notification.resource_type, "encrypt-resource");
    assert_eq!(notification.summary, "支付成功");
    assert_eq!(notification.original_type, "transaction");
    assert_eq!(notification.associated_data, "transaction");
    let transaction = notification.resource;
    assert_eq!(transaction.out_trade_no, "1217752501201407033233368018-A");
    assert_eq!(transaction.trade_state, TradeState::Success);
    assert_eq!(
        (
            transaction.amount.total,
            transaction.amount.currency.as_str()
        ),
        (100, "CNY")
    );
}

#[tokio::test]
async fn header_names_are_matched_whatever_their_case_and_the_type_header_is_optional() {
    let (client, _) = client();
    let mut sent = Make::transaction("CASE").build();
    sent.headers.signature_type = None;
    let lowercase = |name: &str| sent.header(&name.to_ascii_lowercase());
    let notification = client
        .notification::<Transaction>(lowercase, &sent.body)
        .await
        .unwrap();
    assert_eq!(notification.resource.out_trade_no, "CASE");
}

#[tokio::test]
async fn absent_associated_data_is_empty() {
    let (client, _) = client();
    let mut make = Make::transaction("NO-AAD");
    make.sealed_with = "";
    make.associated_data = None;
    let notification = read(&client, &make.build()).await.unwrap();
    assert_eq!(notification.associated_data, "");
}

#[tokio::test]
async fn an_unknown_event_type_is_kept() {
    let (client, _) = client();
    let mut make = Make::transaction("NEW-EVENT");
    make.event_type = "TRANSACTION.PARTIALLY_REFUNDED_LATER".to_owned();
    let notification = read(&client, &make.build()).await.unwrap();
    assert!(!notification.event_type.is_known());
    assert_eq!(
        notification.event_type.as_str(),
        "TRANSACTION.PARTIALLY_REFUNDED_LATER"
    );
    assert!(matches!(
        notification.event_type,
        TransactionEvent::Unknown(_)
    ));
}

#[tokio::test]
async fn fields_added_to_the_envelope_are_ignored() {
    let (client, _) = client();
    let make = Make::transaction("NEWER");
    let mut envelope = make.envelope();
    envelope["added_later"] = serde_json::json!({"any": "thing"});
    envelope["resource"]["added_later"] = "x".into();
    let sent = make.sign(serde_json::to_vec(&envelope).unwrap());
    assert!(read(&client, &sent).await.is_ok());
}

// ---------------------------------------------------------------------------------------------
// The size limit, first.

#[tokio::test]
async fn a_body_over_the_limit_is_refused_before_anything_else() {
    let (client, _) = client();
    // Unsigned and not JSON: the limit is still what is reported.
    let huge = Sent {
        headers: Make::transaction("BIG").build().headers,
        body: vec![b' '; DEFAULT_MAX_NOTIFICATION_BYTES + 1],
    };
    let error = refused(&client, &huge).await;
    assert!(
        matches!(error, NotifyError::TooLarge { limit } if limit == DEFAULT_MAX_NOTIFICATION_BYTES)
    );
    assert_eq!(error.status(), 413);
    assert_eq!(
        error.to_string(),
        "the notification body is over 65536 bytes; refused unread"
    );
}

#[tokio::test]
async fn the_receiver_limit_is_configurable() {
    let (client, _) = client();
    let sent = Make::transaction("LIMIT").build();
    let exact = NotificationReceiver::new(client.clone()).max_body_bytes(sent.body.len());
    assert!(
        exact
            .read::<Transaction>(|name| sent.header(name), &sent.body)
            .await
            .is_ok()
    );
    let under = NotificationReceiver::new(client).max_body_bytes(sent.body.len() - 1);
    let error = under
        .read::<Transaction>(|name| sent.header(name), &sent.body)
        .await
        .unwrap_err();
    assert!(matches!(error, NotifyError::TooLarge { .. }), "{error:?}");
}

// ---------------------------------------------------------------------------------------------
// The signature.

#[tokio::test]
async fn a_forged_signature_is_refused() {
    let (client, _) = client();
    let mut make = Make::transaction("FORGED");
    make.signer = Signer::Forger;
    let error = refused(&client, &make.build()).await;
    assert_eq!(error.status(), 401);
    assert_eq!(
        error.to_string(),
        "notification rejected as unsigned or forged"
    );
    assert_eq!(verification(error), VerificationError::BadSignature);
}

#[tokio::test]
async fn a_body_changed_after_signing_is_refused() {
    let (client, _) = client();
    let mut sent = Make::transaction("ALTERED").build();
    let other = Make::transaction("ALTERED-2").build();
    sent.body = other.body;
    assert_eq!(
        verification(refused(&client, &sent).await),
        VerificationError::BadSignature
    );
}

#[tokio::test]
async fn a_signature_probe_is_refused_as_a_probe() {
    let (client, _) = client();
    let mut sent = Make::transaction("PROBE").build();
    sent.headers.signature = format!("WECHATPAY/SIGNTEST/{}", sent.headers.signature);
    assert_eq!(
        verification(refused(&client, &sent).await),
        VerificationError::SignTestProbe
    );
}

#[tokio::test]
async fn each_missing_signature_header_is_named() {
    let (client, _) = client();
    let sent = Make::transaction("HEADERS").build();
    for missing in [
        "Wechatpay-Serial",
        "Wechatpay-Signature",
        "Wechatpay-Timestamp",
        "Wechatpay-Nonce",
    ] {
        let header = |name: &str| {
            (!name.eq_ignore_ascii_case(missing))
                .then(|| sent.header(name))
                .flatten()
        };
        let error = client
            .notification::<Transaction>(header, &sent.body)
            .await
            .unwrap_err();
        assert_eq!(
            verification(error),
            VerificationError::MissingHeader(missing)
        );
    }
    // No headers at all, whatever the body.
    let error = client
        .notification::<Transaction>(|_| None, b"{}")
        .await
        .unwrap_err();
    assert!(matches!(
        verification(error),
        VerificationError::MissingHeader(_)
    ));
}

#[tokio::test]
async fn the_timestamp_must_be_within_300_seconds() {
    let (client, _) = client();
    for (skew, accepted) in [(-300, true), (300, true), (-301, false), (301, false)] {
        let mut make = Make::transaction("WINDOW");
        make.timestamp = NOW + skew;
        let result = read(&client, &make.build()).await;
        match (result, accepted) {
            (Ok(_), true) => {}
            (Err(error), false) => assert_eq!(
                verification(error),
                VerificationError::StaleTimestamp {
                    timestamp: NOW + skew,
                    now: NOW
                }
            ),
            (result, _) => panic!("skew {skew}: {result:?}"),
        }
    }
}

#[tokio::test]
async fn a_replay_is_refused_once_the_clock_moves_on() {
    let (client, clock) = client();
    let sent = Make::transaction("REPLAY").build();
    assert!(read(&client, &sent).await.is_ok());
    clock.advance(301);
    assert!(matches!(
        verification(refused(&client, &sent).await),
        VerificationError::StaleTimestamp { .. }
    ));
}

#[tokio::test]
async fn an_unknown_serial_is_refused_by_a_client_that_does_not_download_certificates() {
    let (client, _) = client();
    let mut make = Make::transaction("UNKNOWN");
    make.signer = Signer::Platform(SERIAL_1);
    assert_eq!(
        verification(refused(&client, &make.build()).await),
        VerificationError::UnknownSerial(SERIAL_1.to_owned())
    );
}

#[tokio::test]
async fn an_unknown_serial_downloads_the_platform_certificates_once() {
    let server = Server::start(|received| {
        assert_eq!(received.target, "/v3/certificates");
        Answer::json(200, &certificate_list(&[(SERIAL_1, CERT_1)], APIV3_KEY))
    })
    .await;
    let (client, _) = common::client_with(&server, |builder| {
        builder.apiv3_key(APIV3_KEY).auto_platform_certificates()
    });
    let mut make = Make::transaction("PLATFORM");
    make.signer = Signer::Platform(SERIAL_1);
    let notification = read(&client, &make.build()).await.unwrap();
    assert_eq!(notification.resource.out_trade_no, "PLATFORM");
    assert_eq!(server.received().len(), 1);
    // Known now: the next one downloads nothing.
    let mut make = Make::transaction("PLATFORM-2");
    make.signer = Signer::Platform(SERIAL_1);
    assert!(read(&client, &make.build()).await.is_ok());
    // The public key still verifies too.
    assert!(
        read(&client, &Make::transaction("PUBLIC").build())
            .await
            .is_ok()
    );
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_serial_the_download_does_not_list_is_refused() {
    let server =
        Server::start(|_| Answer::json(200, &certificate_list(&[(SERIAL_1, CERT_1)], APIV3_KEY)))
            .await;
    let (client, _) = common::client_with(&server, |builder| {
        builder.apiv3_key(APIV3_KEY).auto_platform_certificates()
    });
    let mut make = Make::transaction("NOT-LISTED");
    make.signer = Signer::Platform(SERIAL_3);
    let error = verification(refused(&client, &make.build()).await);
    assert_eq!(
        error,
        VerificationError::UnknownSerialAfterRefresh {
            serial: SERIAL_3.to_owned(),
            downloaded_secs_ago: 0
        }
    );
    // Within the minimum interval, a second unknown serial downloads nothing more.
    assert!(matches!(
        verification(refused(&client, &make.build()).await),
        VerificationError::UnknownSerialAfterRefresh { .. }
    ));
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_failed_download_is_a_certificates_error() {
    let server = Server::start(|_| {
        Answer::json(
            500,
            &serde_json::json!({"code": "SYSTEM_ERROR", "message": "busy"}),
        )
    })
    .await;
    let (client, _) = common::client_with(&server, |builder| {
        builder
            .apiv3_key(APIV3_KEY)
            .auto_platform_certificates()
            .retry_policy(wechatpay_runtime::RetryPolicy::none())
    });
    let mut make = Make::transaction("DOWNLOAD-FAILS");
    make.signer = Signer::Platform(SERIAL_1);
    let error = refused(&client, &make.build()).await;
    assert!(
        matches!(
            error,
            NotifyError::Certificates(CertificateError::Api { status: 500, .. })
        ),
        "{error:?}"
    );
    assert_eq!(error.status(), 500);
}

// ---------------------------------------------------------------------------------------------
// The envelope.

#[tokio::test]
async fn a_body_that_is_not_the_envelope_names_what_is_missing() {
    let (client, _) = client();
    let make = Make::transaction("ENVELOPE");
    let cases: [(serde_json::Value, &str, &str); 6] = [
        (serde_json::json!([]), ".", "the body is not a JSON object"),
        (serde_json::json!({}), ".", "missing field `id`"),
        (
            serde_json::json!({"id": 1}),
            "id",
            "invalid type (value not shown), expected a string",
        ),
        (
            {
                let mut envelope = make.envelope();
                envelope["resource"]
                    .as_object_mut()
                    .unwrap()
                    .remove("nonce");
                envelope
            },
            "resource",
            "missing field `nonce`",
        ),
        (
            {
                let mut envelope = make.envelope();
                envelope.as_object_mut().unwrap().remove("summary");
                envelope
            },
            ".",
            "missing field `summary`",
        ),
        (
            {
                let mut envelope = make.envelope();
                envelope["create_time"] = "yesterday".into();
                envelope
            },
            "create_time",
            "invalid time (value not shown): ",
        ),
    ];
    for (envelope, at, starts) in cases {
        let sent = make.sign(serde_json::to_vec(&envelope).unwrap());
        match refused(&client, &sent).await {
            NotifyError::Envelope { path, message } => {
                assert_eq!(path, at, "{message}");
                assert!(message.starts_with(starts), "{message}");
            }
            other => panic!("expected an envelope error, got {other:?}"),
        }
    }
    // Not JSON at all.
    let sent = make.sign(b"id=1&resource=2".to_vec());
    assert!(matches!(
        refused(&client, &sent).await,
        NotifyError::Envelope { .. }
    ));
}

#[tokio::test]
async fn an_unsigned_body_that_is_not_the_envelope_is_refused_for_its_signature() {
    let (client, _) = client();
    let mut sent = Make::transaction("ORDER").build();
    sent.body = b"not json".to_vec();
    assert_eq!(
        verification(refused(&client, &sent).await),
        VerificationError::BadSignature
    );
}

#[tokio::test]
async fn another_algorithm_is_refused() {
    let (client, _) = client();
    let mut make = Make::transaction("ALGORITHM");
    make.algorithm = "AEAD_SM4_GCM";
    let error = refused(&client, &make.build()).await;
    assert!(
        matches!(&error, NotifyError::UnsupportedAlgorithm { algorithm, .. } if algorithm == "AEAD_SM4_GCM"),
        "{error:?}"
    );
    assert_eq!(
        error.notification_id(),
        Some("EV-2018022511223320873-ALGORITHM")
    );
    assert_eq!(error.status(), 500);
}

#[tokio::test]
async fn another_original_type_is_refused() {
    let (client, _) = client();
    let mut make = Make::transaction("REFUND");
    make.original_type = "refund";
    let error = refused(&client, &make.build()).await;
    assert!(
        matches!(&error, NotifyError::OriginalType { expected: "transaction", received, .. } if received == "refund"),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "notification EV-2018022511223320873-REFUND carries a \"refund\" resource, where \"transaction\" is read"
    );
}

// ---------------------------------------------------------------------------------------------
// Decryption.

fn decrypt_error(error: NotifyError) -> AeadError {
    match error {
        NotifyError::Decrypt { source, .. } => source,
        other => panic!("expected a decryption error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_client_without_an_apiv3_key_says_so() {
    let (client, _) = client_with(|builder| builder);
    let error = refused(&client, &Make::transaction("NO-KEY").build()).await;
    assert!(matches!(error, NotifyError::NoApiV3Key { .. }), "{error:?}");
    assert!(
        error.to_string().contains("ClientBuilder::apiv3_key"),
        "{error}"
    );
}

#[tokio::test]
async fn a_wrong_apiv3_key_fails_authentication() {
    let (client, _) = client_with(|builder| builder.apiv3_key(WRONG_KEY));
    let error = refused(&client, &Make::transaction("WRONG-KEY").build()).await;
    assert_eq!(error.status(), 500);
    assert_eq!(decrypt_error(error), AeadError::Authentication);
}

#[tokio::test]
async fn tampered_ciphertext_fails_authentication() {
    let (client, _) = client();
    let make = Make::transaction("TAMPERED");
    let mut envelope = make.envelope();
    let mut bytes = STANDARD
        .decode(envelope["resource"]["ciphertext"].as_str().unwrap())
        .unwrap();
    bytes[3] ^= 0x20;
    envelope["resource"]["ciphertext"] = STANDARD.encode(bytes).into();
    // Signed after the change: only the decryption can notice.
    let sent = make.sign(serde_json::to_vec(&envelope).unwrap());
    assert_eq!(
        decrypt_error(refused(&client, &sent).await),
        AeadError::Authentication
    );
}

#[tokio::test]
async fn other_associated_data_fails_authentication() {
    let (client, _) = client();
    let mut make = Make::transaction("AAD");
    make.associated_data = Some("refund");
    assert_eq!(
        decrypt_error(refused(&client, &make.build()).await),
        AeadError::Authentication
    );
    make.associated_data = None;
    assert_eq!(
        decrypt_error(refused(&client, &make.build()).await),
        AeadError::Authentication
    );
}

#[tokio::test]
async fn a_malformed_nonce_or_ciphertext_is_named() {
    let (client, _) = client();
    let mut make = Make::transaction("NONCE");
    let mut envelope = make.envelope();
    envelope["resource"]["nonce"] = "short".into();
    let sent = make.sign(serde_json::to_vec(&envelope).unwrap());
    assert_eq!(
        decrypt_error(refused(&client, &sent).await),
        AeadError::NonceLength { len: 5 }
    );
    make.nonce = "000000000000".to_owned();
    let mut envelope = make.envelope();
    envelope["resource"]["ciphertext"] = "not base64!".into();
    let sent = make.sign(serde_json::to_vec(&envelope).unwrap());
    assert_eq!(
        decrypt_error(refused(&client, &sent).await),
        AeadError::InvalidBase64
    );
}

// ---------------------------------------------------------------------------------------------
// The resource.

#[tokio::test]
async fn a_resource_that_does_not_fit_names_its_path_and_no_value() {
    let (client, _) = client();
    let mut make = Make::transaction("SHAPE");
    let mut plaintext = support::transaction_json("SHAPE");
    plaintext["amount"]["total"] = support::SECRET_OPENID.into();
    make.plaintext = serde_json::to_vec(&plaintext).unwrap();
    match refused(&client, &make.build()).await {
        NotifyError::Resource { id, path, message } => {
            assert_eq!(id, "EV-2018022511223320873-SHAPE");
            assert_eq!(path, "amount.total");
            assert!(
                message.starts_with("invalid type (value not shown), expected u64"),
                "{message}"
            );
        }
        other => panic!("expected a resource error, got {other:?}"),
    }
    let mut plaintext = support::transaction_json("SHAPE");
    plaintext["payer"].as_object_mut().unwrap().remove("openid");
    make.plaintext = serde_json::to_vec(&plaintext).unwrap();
    match refused(&client, &make.build()).await {
        NotifyError::Resource { path, message, .. } => {
            assert_eq!(path, "payer");
            assert!(message.starts_with("missing field `openid`"), "{message}");
        }
        other => panic!("expected a resource error, got {other:?}"),
    }
    // Plaintext that is not JSON.
    make.plaintext = format!("openid={}", support::SECRET_OPENID).into_bytes();
    assert!(matches!(
        refused(&client, &make.build()).await,
        NotifyError::Resource { .. }
    ));
}

// ---------------------------------------------------------------------------------------------
// Acknowledgements.

#[tokio::test]
async fn errors_answer_the_documented_failure_without_details() {
    let (client, _) = client();
    let mut make = Make::transaction("ACK");
    make.signer = Signer::Forger;
    let ack = refused(&client, &make.build()).await.acknowledgement();
    assert_eq!(ack.status, 401);
    assert_eq!(ack.content_type(), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&ack.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"code": "FAIL", "message": "signature verification failed"})
    );
    let (client, _) = client_with(|builder| builder.apiv3_key(WRONG_KEY));
    let ack = refused(&client, &Make::transaction("ACK").build())
        .await
        .acknowledgement();
    assert_eq!(ack.status, 500);
    assert_no_secret(&String::from_utf8(ack.body).unwrap());
}

// ---------------------------------------------------------------------------------------------
// Duplicates.

#[tokio::test]
async fn a_duplicate_is_told_apart_until_it_expires() {
    let (client, clock) = client();
    let receiver = NotificationReceiver::new(client);
    let sent = Make::transaction("DUP").build();
    let notification = receiver
        .read::<Transaction>(|name| sent.header(name), &sent.body)
        .await
        .unwrap();
    let Delivery::First(claim) = receiver.claim(&notification.id) else {
        panic!("the first delivery is first");
    };
    // Delivered again while the first is handled: asked to come back later.
    assert!(matches!(
        receiver.claim(&notification.id),
        Delivery::InProgress
    ));
    claim.handled();
    assert!(matches!(
        receiver.claim(&notification.id),
        Delivery::Duplicate
    ));
    // Still a duplicate at the end of WeChat Pay's retries; forgotten after the retention.
    clock.advance(24 * 3600 + 4 * 60);
    assert!(matches!(
        receiver.claim(&notification.id),
        Delivery::Duplicate
    ));
    clock.set(NOW + i64::try_from(SEEN_RETENTION.as_secs()).unwrap());
    assert!(matches!(
        receiver.claim(&notification.id),
        Delivery::First(_)
    ));
}

#[tokio::test]
async fn a_claim_dropped_unhandled_lets_the_next_delivery_through() {
    let (client, _) = client();
    let receiver = NotificationReceiver::new(client);
    let Delivery::First(claim) = receiver.claim("EV-1") else {
        panic!("first");
    };
    assert_eq!(claim.id(), "EV-1");
    drop(claim);
    assert!(matches!(receiver.claim("EV-1"), Delivery::First(_)));
}

#[tokio::test]
async fn a_shared_store_is_used_by_every_clone() {
    let (client, _) = client();
    let store = std::sync::Arc::new(InMemorySeenNotifications::with_capacity(2));
    let receiver = NotificationReceiver::new(client).seen_notifications(store.clone());
    let other = receiver.clone();
    if let Delivery::First(claim) = receiver.claim("EV-A") {
        claim.handled();
    }
    assert!(matches!(other.claim("EV-A"), Delivery::Duplicate));
    assert_eq!(store.claim("EV-A", NOW), SeenState::Handled);
    // The cap evicts the oldest.
    for id in ["EV-B", "EV-C"] {
        if let Delivery::First(claim) = other.claim(id) {
            claim.handled();
        }
    }
    assert_eq!(store.len(), 2);
    assert!(matches!(receiver.claim("EV-A"), Delivery::First(_)));
}

#[tokio::test]
async fn debug_output_shows_no_secret() {
    let (client, _) = client();
    let receiver = NotificationReceiver::new(client);
    assert_no_secret(&format!("{receiver:?}"));
    assert_eq!(APIV3_KEY.len(), 32);
}
