//! Notifications end to end: the mock sends them as WeChat Pay does (signed with either key
//! kind, the resource encrypted with the APIv3 key, again on the retry schedule until
//! acknowledged) to a merchant's axum route (`wechatpay_runtime::notify::axum`), which reads them
//! into the generated types. Every fault the mock can put in a notification is refused, and a
//! duplicate delivery is acknowledged without being handled twice.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde_json::{Map, Value, json};
use wechatpay_apiv3::ecommerce::profitsharing::{
    ProfitSharingMovement, ProfitSharingMovementEventType,
};
use wechatpay_mock::{Delivery, Fault, MockServer};
use wechatpay_runtime::Client;
use wechatpay_runtime::notify::{Notification, NotificationReceiver};
use wechatpay_runtime::protocol::ApiV3Key;
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_tests::keys::{self, PUBLIC_KEY_ID};
use wechatpay_tests::{NOW, RecordingSleeper, SigningKey, client_builder, mock_config};

/// The test merchant's APIv3 key, set on both sides.
const APIV3_KEY: &str = "0123456789abcdefghijklmnopqrstuv";

/// The notification, as the mock names it.
const MOVEMENT: &str = "ecommerce/profitsharing/profit_sharing_movement";

/// WeChat Pay's schedule (15 s, 15 s, 30 s, …) in milliseconds: 15 ms, 15 ms, 30 ms, …
const TIME_SCALE: f64 = 0.001;

/// The merchant's side: the notifications its handler was given, in order.
type Handled = Arc<Mutex<Vec<Notification<ProfitSharingMovement>>>>;

struct Setup {
    mock: MockServer,
    clock: ManualClock,
    handled: Handled,
}

/// A merchant server whose handler records each movement (failing the first `failures` calls),
/// and a mock sending it notifications signed in `signing` mode.
async fn start(signing: SigningKey, failures: u32) -> Setup {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let notify_url = format!("http://{}/wechatpay/notify", listener.local_addr().unwrap());
    let clock = ManualClock::new(NOW);
    let config = mock_config(signing, &clock)
        .apiv3_key(ApiV3Key::new(APIV3_KEY).unwrap())
        .notify_url(notify_url, TIME_SCALE);
    let mock = MockServer::start(config).await.unwrap();
    let client = client(signing, &clock, &mock);
    let handled = Handled::default();
    let failures = Arc::new(AtomicU32::new(failures));
    let seen = Arc::clone(&handled);
    let route = wechatpay_runtime::notify::axum::post(
        NotificationReceiver::new(client),
        move |movement: Notification<ProfitSharingMovement>| {
            let (seen, failures) = (Arc::clone(&seen), Arc::clone(&failures));
            async move {
                let fail = failures
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok();
                if fail {
                    return Err(std::io::Error::other("the ledger is down"));
                }
                seen.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(movement);
                Ok(())
            }
        },
    );
    let app = axum::Router::new().route("/wechatpay/notify", route);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Setup {
        mock,
        clock,
        handled,
    }
}

/// The merchant's client: the key the mock signs with, the APIv3 key, the shared clock.
fn client(signing: SigningKey, clock: &ManualClock, mock: &MockServer) -> Client {
    let sleeper = Arc::new(RecordingSleeper::new(clock.clone()));
    let builder = client_builder(clock, sleeper)
        .base_url(mock.url())
        .apiv3_key(APIV3_KEY);
    match signing {
        SigningKey::PublicKey => {
            builder.wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
        }
        SigningKey::PlatformCertificate => {
            builder.platform_certificate(keys::pem("platform_test_cert.pem"))
        }
    }
    .build()
    .unwrap()
}

fn movement(out_order_no: &str) -> Map<String, Value> {
    let Value::Object(resource) = json!({
        "sp_mchid": "1900000100",
        "sub_mchid": "1900000109",
        "transaction_id": "4208450740201411110007820472",
        "order_id": "3008450740201411110007820472",
        "out_order_no": out_order_no,
        "receiver": {
            "type": "MERCHANT_ID",
            "account": "1900000110",
            "amount": 100,
            "description": "分给商户1900000110",
        },
        "success_time": "2025-11-21T08:00:05+08:00",
    }) else {
        unreachable!("an object literal")
    };
    resource
}

/// The attempts at delivering notification `id`, once `done` holds of them (within 10 s).
async fn deliveries_of(
    mock: &MockServer,
    id: &str,
    done: impl Fn(&[Delivery]) -> bool,
) -> Vec<Delivery> {
    for _ in 0..1_000 {
        let attempts: Vec<Delivery> = mock
            .deliveries()
            .into_iter()
            .filter(|d| d.id == id)
            .collect();
        if done(&attempts) {
            return attempts;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!(
        "the deliveries of {id} never settled: {:?}",
        mock.deliveries()
    );
}

fn handled(setup: &Setup) -> Vec<Notification<ProfitSharingMovement>> {
    setup
        .handled
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
}

#[tokio::test]
async fn a_notification_arrives_typed_with_either_key_kind() {
    for signing in [SigningKey::PublicKey, SigningKey::PlatformCertificate] {
        let setup = start(signing, 0).await;
        let id = setup
            .mock
            .notify(
                MOVEMENT,
                Some("PROFITSHARING.RETURN"),
                movement("P1"),
                Vec::new(),
            )
            .unwrap();
        let attempts = deliveries_of(&setup.mock, &id, |a| !a.is_empty()).await;
        assert_eq!(attempts.len(), 1, "{attempts:?}");
        assert_eq!(
            (attempts[0].status, attempts[0].acknowledged),
            (Some(204), true)
        );
        let handled = handled(&setup);
        assert_eq!(handled.len(), 1, "{signing:?}");
        let movement = &handled[0];
        assert_eq!(movement.id, id);
        assert_eq!(movement.event_type, ProfitSharingMovementEventType::Return);
        assert_eq!(movement.original_type, "profitsharing");
        assert_eq!(movement.summary, "分账动账通知");
        let resource = &movement.resource;
        assert_eq!(resource.out_order_no, "P1");
        assert_eq!(resource.sub_mchid.as_deref(), Some("1900000109"));
        assert_eq!(
            resource.receiver.receiver_type,
            wechatpay_apiv3::shared::EcommerceReceiverType::MerchantId
        );
        assert_eq!(resource.receiver.amount, 100);
        assert_eq!(resource.success_time.unix_timestamp(), NOW + 5);
    }
}

#[tokio::test]
async fn every_fault_is_refused_and_delivered_again() {
    let setup = start(SigningKey::PublicKey, 0).await;
    // Each fault, and the status the route answers it with: 401 for what fails the signature
    // check, 500 for what fails after it (the notification is WeChat Pay's; the key is wrong).
    let faults = [
        ("wrong_signature", 401),
        ("signtest", 401),
        ("stale_timestamp", 401),
        ("unknown_serial", 401),
        ("missing_header=Wechatpay-Signature", 401),
        ("tampered_ciphertext", 500),
        ("wrong_apiv3_key", 500),
    ];
    for (fault, status) in faults {
        let faults = wechatpay_mock::faults::parse_list(fault).unwrap();
        let id = setup
            .mock
            .notify(MOVEMENT, None, movement(fault), faults)
            .unwrap();
        // Three attempts (15 ms and 15 ms apart, scaled), each refused.
        let attempts = deliveries_of(&setup.mock, &id, |a| a.len() >= 3).await;
        for attempt in &attempts[..3] {
            assert_eq!(attempt.status, Some(status), "{fault}: {attempt:?}");
            assert!(!attempt.acknowledged, "{fault}");
        }
        assert_eq!(
            attempts
                .iter()
                .map(|a| a.attempt)
                .take(3)
                .collect::<Vec<_>>(),
            [1, 2, 3],
            "{fault}"
        );
    }
    assert!(
        handled(&setup).is_empty(),
        "a faulty notification was handled"
    );
}

#[tokio::test]
async fn a_duplicate_delivery_is_acknowledged_without_handling_it_again() {
    let setup = start(SigningKey::PlatformCertificate, 0).await;
    let id = setup
        .mock
        .notify(
            MOVEMENT,
            None,
            movement("P2"),
            vec![Fault::DuplicateDelivery],
        )
        .unwrap();
    let attempts = deliveries_of(&setup.mock, &id, |a| a.len() >= 2).await;
    assert!(
        attempts
            .iter()
            .all(|a| a.acknowledged && a.status == Some(204)),
        "{attempts:?}"
    );
    let handled = handled(&setup);
    assert_eq!(handled.len(), 1);
    assert_eq!(
        handled[0].event_type,
        ProfitSharingMovementEventType::Success
    );
}

#[tokio::test]
async fn a_failed_handler_gets_the_notification_again_on_the_schedule() {
    let setup = start(SigningKey::PublicKey, 2).await;
    let id = setup
        .mock
        .notify(MOVEMENT, None, movement("P3"), Vec::new())
        .unwrap();
    let attempts = deliveries_of(&setup.mock, &id, |a| a.iter().any(|d| d.acknowledged)).await;
    let answers: Vec<_> = attempts.iter().map(|a| (a.attempt, a.status)).collect();
    assert_eq!(answers, [(1, Some(500)), (2, Some(500)), (3, Some(204))]);
    // 15 s, then 15 s more, scaled: the attempts come no sooner than the schedule says.
    assert!(
        attempts[1].after >= Duration::from_millis(15),
        "{attempts:?}"
    );
    assert!(
        attempts[2].after >= Duration::from_millis(30),
        "{attempts:?}"
    );
    assert_eq!(handled(&setup).len(), 1);
}

#[tokio::test]
async fn a_settled_order_is_announced() {
    let setup = start(SigningKey::PublicKey, 0).await;
    // The fixtures' PROCESSING order (P20150806125347) finishes 60 s after the mock starts.
    setup.clock.advance(61);
    let mut waited = 0;
    while handled(&setup).is_empty() && waited < 1_000 {
        tokio::time::sleep(Duration::from_millis(10)).await;
        waited += 1;
    }
    let handled = handled(&setup);
    assert_eq!(handled.len(), 1, "{:?}", setup.mock.deliveries());
    let movement = &handled[0].resource;
    assert_eq!(movement.out_order_no, "P20150806125347");
    assert_eq!(movement.transaction_id, "4208450740201411110007820473");
    assert_eq!(movement.order_id, "3008450740201411110007820475");
    assert_eq!(
        handled[0].event_type,
        ProfitSharingMovementEventType::Success
    );
}

#[tokio::test]
async fn the_control_route_sends_on_demand() {
    let setup = start(SigningKey::PublicKey, 0).await;
    let asked = json!({
        "notification": MOVEMENT,
        "event_type": "PROFITSHARING.SOMETHING_NEW",
        "resource": movement("P4"),
    });
    let answer = reqwest::Client::new()
        .post(format!(
            "{}{}",
            setup.mock.url(),
            wechatpay_mock::notify::CONTROL_PATH
        ))
        .body(asked.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 202);
    let answer: Value = serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap();
    let id = answer["id"].as_str().unwrap().to_owned();
    deliveries_of(&setup.mock, &id, |a| a.iter().any(|d| d.acknowledged)).await;
    let handled = handled(&setup);
    // An event type this version does not know is kept, not refused.
    let ProfitSharingMovementEventType::Unknown(kept) = &handled[0].event_type else {
        panic!("{:?}", handled[0].event_type);
    };
    assert_eq!(kept.as_str(), "PROFITSHARING.SOMETHING_NEW");
    // A notification no spec defines is refused by name.
    let unknown = reqwest::Client::new()
        .post(format!(
            "{}{}",
            setup.mock.url(),
            wechatpay_mock::notify::CONTROL_PATH
        ))
        .body(json!({"notification": "ecommerce/nothing", "resource": {}}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status().as_u16(), 400);
    assert!(unknown.text().await.unwrap().contains("ecommerce/nothing"));
}
