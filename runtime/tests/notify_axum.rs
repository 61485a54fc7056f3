//! The axum integration (`axum` feature) through a real axum server: notifications POSTed as
//! WeChat Pay POSTs them, answered as documented, each handled once; forgeries, bodies over the
//! limit (declared or streamed) and handler failures answered with `FAIL` and an error status,
//! after which a new delivery is handled.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;
#[path = "notify/axum_route.rs"]
mod route;
#[path = "notify/support.rs"]
mod support;

use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use wechatpay_runtime::notify::NotificationReceiver;

use route::{handled, post, start};
use support::{Make, Signer, assert_no_secret, client};

fn fail_message(body: &[u8]) -> String {
    let body: serde_json::Value = serde_json::from_slice(body).unwrap();
    assert_eq!(body["code"], "FAIL", "{body}");
    body["message"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_notification_is_handled_once_and_its_duplicate_acknowledged() {
    let (client, _) = client();
    let (server, log, _) = start(NotificationReceiver::new(client)).await;
    let sent = Make::transaction("ORDER-1").build();
    assert_eq!(post(&server.url, &sent).await, (204, Vec::new()));
    assert_eq!(handled(&log), ["ORDER-1"]);
    // WeChat Pay delivers it again (same id, new signature): acknowledged, not handled.
    let again = Make::transaction("ORDER-1").build();
    assert_eq!(post(&server.url, &again).await, (204, Vec::new()));
    assert_eq!(handled(&log), ["ORDER-1"]);
}

#[tokio::test]
async fn a_forgery_is_answered_401_fail_and_not_handled() {
    let (client, _) = client();
    let (server, log, _) = start(NotificationReceiver::new(client)).await;
    let mut make = Make::transaction("FORGED");
    make.signer = Signer::Forger;
    let (status, body) = post(&server.url, &make.build()).await;
    assert_eq!(status, 401);
    assert_eq!(fail_message(&body), "signature verification failed");
    let mut probe = Make::transaction("PROBE").build();
    probe.headers.signature = format!("WECHATPAY/SIGNTEST/{}", probe.headers.signature);
    assert_eq!(post(&server.url, &probe).await.0, 401);
    assert!(handled(&log).is_empty());
}

#[tokio::test]
async fn a_failed_check_after_the_signature_is_a_500_fail_without_details() {
    let (client, _) = support::client_with(|builder| builder.apiv3_key(support::WRONG_KEY));
    let (server, log, _) = start(NotificationReceiver::new(client)).await;
    let (status, body) = post(&server.url, &Make::transaction("WRONG-KEY").build()).await;
    assert_eq!(status, 500);
    assert_eq!(fail_message(&body), "cannot process the notification");
    assert_no_secret(&String::from_utf8(body).unwrap());
    assert!(handled(&log).is_empty());
}

#[tokio::test]
async fn a_declared_body_over_the_limit_is_413() {
    let (client, _) = client();
    let sent = Make::transaction("BIG").build();
    let receiver = NotificationReceiver::new(client).max_body_bytes(sent.body.len() - 1);
    let (server, log, _) = start(receiver).await;
    let (status, body) = post(&server.url, &sent).await;
    assert_eq!(status, 413);
    assert_eq!(fail_message(&body), "notification body too large");
    assert!(handled(&log).is_empty());
}

/// A chunked body declares no length: it is refused as it streams past the limit.
#[tokio::test]
async fn a_streamed_body_over_the_limit_is_413() {
    let (client, _) = client();
    let (server, log, _) = start(NotificationReceiver::new(client).max_body_bytes(1_000)).await;
    let address = server.url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST /notify HTTP/1.1\r\nHost: {address}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    for _ in 0..4 {
        let chunk = format!("{:x}\r\n{}\r\n", 600, " ".repeat(600));
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break; // The server may close once it has refused.
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
        .await
        .unwrap()
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains(r#""code":"FAIL""#), "{answer}");
    assert!(handled(&log).is_empty());
}

#[tokio::test]
async fn a_handler_failure_is_a_500_and_the_next_delivery_is_handled() {
    let (client, _) = client();
    let (server, log, _) = start(NotificationReceiver::new(client)).await;
    let (status, body) = post(&server.url, &Make::transaction("FAIL-ONCE").build()).await;
    assert_eq!(status, 500);
    assert_eq!(fail_message(&body), "cannot process the notification");
    assert_eq!(handled(&log), ["FAIL-ONCE failed"]);
    assert_eq!(
        post(&server.url, &Make::transaction("FAIL-ONCE").build())
            .await
            .0,
        204
    );
    assert_eq!(handled(&log), ["FAIL-ONCE failed", "FAIL-ONCE"]);
    assert_eq!(
        post(&server.url, &Make::transaction("FAIL-ONCE").build())
            .await
            .0,
        204
    );
    assert_eq!(handled(&log).len(), 2);
}

#[tokio::test]
async fn a_delivery_while_the_first_is_handled_is_asked_to_come_back() {
    let (client, _) = client();
    let (server, log, gates) = start(NotificationReceiver::new(client)).await;
    let url = server.url.clone();
    let first = tokio::spawn(async move { post(&url, &Make::transaction("SLOW").build()).await });
    // The first delivery's handler holds its claim, waiting for its gate.
    gates.started.notified().await;
    let (status, body) = post(&server.url, &Make::transaction("SLOW").build()).await;
    assert_eq!(status, 503);
    assert_eq!(fail_message(&body), "the notification is being handled");
    gates.release.notify_one();
    assert_eq!(first.await.unwrap(), (204, Vec::new()));
    assert_eq!(
        post(&server.url, &Make::transaction("SLOW").build())
            .await
            .0,
        204
    );
    assert_eq!(handled(&log), ["SLOW"]);
}

#[tokio::test]
async fn other_methods_are_refused_by_the_route() {
    let (client, _) = client();
    let (server, _, _) = start(NotificationReceiver::new(client)).await;
    let response = reqwest::get(format!("{}/notify", server.url))
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
}
