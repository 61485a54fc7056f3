//! The example's route, served on a real port, receiving what the mock sends as WeChat Pay
//! would: movements booked once each, a duplicate delivery acknowledged and not booked again, a
//! forgery refused.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::time::Duration;

use serde_json::{Value, json};
use wechatpay_example_notifications::{Ledger, NOTIFY_PATH, app};
use wechatpay_mock::keys::DevKeys;
use wechatpay_mock::{Delivery, Fault, MockConfig, MockServer};
use wechatpay_runtime::notify::NotificationReceiver;
use wechatpay_runtime::protocol::ApiV3Key;

/// The APIv3 key both sides hold (32 characters, as WeChat Pay's merchant platform sets them).
const APIV3_KEY: &str = "notifications-example-apiv3-key!";

const MOVEMENT: &str = "ecommerce/profitsharing/profit_sharing_movement";

/// The example's server, and a mock sending to it.
async fn start() -> (MockServer, Ledger) {
    let keys = DevKeys::generate().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}{NOTIFY_PATH}", listener.local_addr().unwrap());
    let config = MockConfig::new(keys.merchant(), keys.signing())
        .spec_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec"))
        .apiv3_key(ApiV3Key::new(APIV3_KEY).unwrap())
        // WeChat Pay's retry schedule, a thousand times faster.
        .notify_url(url, 0.001);
    let mock = MockServer::start(config).await.unwrap();
    let client = keys
        .client_builder()
        .base_url(mock.url())
        .apiv3_key(APIV3_KEY)
        .build()
        .unwrap();
    let ledger = Ledger::default();
    let route = app(NotificationReceiver::new(client), ledger.clone());
    tokio::spawn(async move { axum::serve(listener, route).await });
    (mock, ledger)
}

fn movement(order_id: &str, amount: i64) -> serde_json::Map<String, Value> {
    let Value::Object(resource) = json!({
        "sub_mchid": "1900000109",
        "transaction_id": "4208450740201411110007820472",
        "order_id": order_id,
        "out_order_no": "P20150806125346",
        "receiver": {"type": "MERCHANT_ID", "account": "1900000110", "amount": amount, "description": "分给商户1900000110"},
        "success_time": "2025-11-21T08:00:05+08:00",
    }) else {
        unreachable!("an object literal")
    };
    resource
}

/// The attempts at delivering `id` once `enough` of them were made (within 10 s).
async fn attempts(mock: &MockServer, id: &str, enough: usize) -> Vec<Delivery> {
    for _ in 0..1_000 {
        let made: Vec<Delivery> = mock
            .deliveries()
            .into_iter()
            .filter(|d| d.id == id)
            .collect();
        if made.len() >= enough {
            return made;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!(
        "{id} was not delivered {enough} times: {:?}",
        mock.deliveries()
    );
}

#[tokio::test]
async fn movements_are_booked_once_and_forgeries_refused() {
    let (mock, ledger) = start().await;

    // A credit, delivered twice by WeChat Pay: booked once, both deliveries acknowledged.
    let id = mock
        .notify(
            MOVEMENT,
            Some("PROFITSHARING.SUCCESS"),
            movement("3008450740201411110007820472", 100),
            vec![Fault::DuplicateDelivery],
        )
        .unwrap();
    let made = attempts(&mock, &id, 2).await;
    assert!(made.iter().all(|d| d.status == Some(204)), "{made:?}");
    assert_eq!(ledger.balance("1900000110"), 100);
    assert_eq!(ledger.times_booked("3008450740201411110007820472"), 1);

    // A return takes it back.
    let id = mock
        .notify(
            MOVEMENT,
            Some("PROFITSHARING.RETURN"),
            movement("3008450740201411110007820473", 30),
            Vec::new(),
        )
        .unwrap();
    attempts(&mock, &id, 1).await;
    assert_eq!(ledger.balance("1900000110"), 70);

    // A forgery is answered 401 each time it comes, and books nothing.
    let id = mock
        .notify(
            MOVEMENT,
            None,
            movement("3008450740201411110007820474", 1_000),
            vec![Fault::WrongSignature],
        )
        .unwrap();
    let made = attempts(&mock, &id, 2).await;
    assert!(
        made.iter()
            .all(|d| d.status == Some(401) && !d.acknowledged),
        "{made:?}"
    );
    assert_eq!(ledger.balance("1900000110"), 70);

    // An amount the ledger refuses is answered FAIL (500), to come again later.
    let id = mock
        .notify(
            MOVEMENT,
            None,
            movement("3008450740201411110007820475", 0),
            Vec::new(),
        )
        .unwrap();
    let made = attempts(&mock, &id, 1).await;
    assert_eq!(made[0].status, Some(500));
    assert_eq!(ledger.times_booked("3008450740201411110007820475"), 0);
}
