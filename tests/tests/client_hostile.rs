//! The client against answers built to hurt it: huge or endless bodies, huge error payloads and
//! headers, and how its errors report their causes. The answers come from a raw TCP server on
//! loopback, which sends exactly the bytes a test gives it and then holds the connection open.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::error::Error as _;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use wechatpay_apiv3::ecommerce::profitsharing::{OrderRef, QueryReturnOrderRequest};
use wechatpay_runtime::Error;
use wechatpay_runtime::client::{ClientBuilder, ConfigError};
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_runtime::protocol::verify::VerificationError;
use wechatpay_tests::keys::{self, PUBLIC_KEY_ID};
use wechatpay_tests::{Harness, NOW, RecordingSleeper, SigningKey, client_builder};

fn request() -> QueryReturnOrderRequest {
    QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516001",
        OrderRef::out_order_no("P20150806125346"),
    )
}

/// A server that answers every connection with `head` (status line and headers, without the
/// blank line) and `body`, then keeps the connection open without sending more.
async fn raw_server(head: String, body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let (head, body) = (head.clone(), body.clone());
            tokio::spawn(async move {
                let mut request = [0; 4096];
                let _ = stream.read(&mut request).await;
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(b"\r\n\r\n").await;
                let _ = stream.write_all(&body).await;
                // Hold the connection: a client waiting for the rest waits until its timeout.
                tokio::time::sleep(Duration::from_secs(120)).await;
            });
        }
    });
    format!("http://{addr}")
}

/// A client trusting the test public key, pointed at `url`, whose attempts may take 60 s: a
/// test that ends with anything but a timeout shows the client did not wait for the body.
fn client_at(url: &str) -> ClientBuilder {
    let clock = ManualClock::new(NOW);
    client_builder(&clock, Arc::new(RecordingSleeper::new(clock.clone())))
        .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
        .base_urls(url, url)
        .timeout(Duration::from_secs(60))
}

#[tokio::test]
async fn a_2xx_without_signature_headers_is_refused_before_its_body_is_read() {
    // It announces a gigabyte and sends a kilobyte.
    let url = raw_server(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824".into(),
        vec![b' '; 1024],
    )
    .await;
    let client = client_at(&url).build().unwrap();
    let error = client.execute(&request()).await.unwrap_err();
    let Error::Verification { error, .. } = &error else {
        panic!("{}", error.report())
    };
    assert!(
        matches!(error, VerificationError::MissingHeader(_)),
        "{error}"
    );
}

#[tokio::test]
async fn a_2xx_body_over_the_limit_is_refused_unread() {
    // Signature headers that pass every check a header can, and a body declared far too big.
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\
         Wechatpay-Serial: {PUBLIC_KEY_ID}\r\nWechatpay-Timestamp: {NOW}\r\n\
         Wechatpay-Nonce: n\r\nWechatpay-Signature: c2lnbmF0dXJl\r\nRequest-ID: R1"
    );
    let url = raw_server(head, vec![b' '; 1024]).await;
    let client = client_at(&url).build().unwrap();
    let error = client.execute(&request()).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                limit: 16_777_216,
                status: 200,
                ..
            }
        ),
        "{}",
        error.report()
    );
    assert_eq!(error.request_id(), Some("R1"));

    // A real answer over a lower limit, read as it streams: refused as well.
    let h = Harness::start(SigningKey::PublicKey).await;
    let small = h.client.clone();
    let error = client_at(&h.mock.url())
        .max_response_bytes(64)
        .build()
        .unwrap()
        .execute(&request())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 64, .. }),
        "{}",
        error.report()
    );
    small.execute(&request()).await.unwrap();
}

#[tokio::test]
async fn huge_error_payloads_are_clipped_and_measured() {
    let declared: u64 = 512 << 20;
    let request_id = "R".repeat(60 << 10);
    let head = format!(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n\
         Content-Length: {declared}\r\nRequest-ID: {request_id}"
    );
    let url = raw_server(head, vec![b'x'; 100 << 10]).await;
    let client = client_at(&url).build().unwrap();
    let error = client.execute(&request()).await.unwrap_err();
    let api = error.api().unwrap_or_else(|| panic!("{}", error.report()));
    assert_eq!(api.status, 500);
    assert_eq!(api.body_len, declared);
    assert!(api.body.len() <= (4 << 10) + 4, "{}", api.body.len());
    let id = error.request_id().unwrap();
    assert!(
        id.chars().count() <= 129 && id.ends_with('…'),
        "{}",
        id.len()
    );
    let shown = error.to_string();
    assert!(shown.len() < 1024, "{} bytes shown", shown.len());
    assert!(format!("{error:?}").len() < 16 << 10);
}

/// Each message of a chain says its own part: no error repeats its cause's text, so reporters
/// walking the chain show each cause once.
#[tokio::test]
async fn error_chains_state_each_cause_once() {
    fn assert_each_once(error: &dyn std::error::Error) {
        let mut current = error;
        while let Some(cause) = current.source() {
            let (outer, inner) = (current.to_string(), cause.to_string());
            assert!(
                !outer.contains(&inner),
                "`{outer}` repeats its cause `{inner}`"
            );
            current = cause;
        }
    }
    let mut checked = 0;
    let mut check = |error: &dyn std::error::Error| {
        assert_each_once(error);
        checked += 1;
    };

    // Validation: the request breaks a rule.
    let h = Harness::start(SigningKey::PublicKey).await;
    let invalid = QueryReturnOrderRequest::new("", "R1", OrderRef::out_order_no("P1"));
    let error = h.client.execute(&invalid).await.unwrap_err();
    assert!(error.source().is_some());
    assert!(error.report().contains("sub_mchid"), "{}", error.report());
    check(&error);

    // Verification: a forged answer.
    h.mock
        .inject(
            "GET /v3/ecommerce/profitsharing/returnorders",
            wechatpay_mock::Fault::WrongSignature,
            Some(1),
        )
        .unwrap();
    let error = h.client.execute(&request()).await.unwrap_err();
    assert!(error.source().is_some());
    check(&error);

    // Transport: nothing listens.
    let refused = wechatpay_tests::refusing_url().await;
    let error = client_at(&refused)
        .build()
        .unwrap()
        .execute(&request())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }));
    check(&error);

    // Configuration: a key file that is not there.
    let error = client_at("http://127.0.0.1:9")
        .merchant_key_file("1900000109", "S", "/nonexistent/apiclient_key.pem")
        .build()
        .unwrap_err();
    assert!(matches!(error, ConfigError::Io { .. }), "{error}");
    assert!(error.to_string().contains("/nonexistent/apiclient_key.pem"));
    check(&error);

    // The mock, started on an address in use.
    let taken = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let config = wechatpay_tests::mock_config(SigningKey::PublicKey, &ManualClock::new(NOW));
    let error = wechatpay_mock::MockServer::bind(config, taken.local_addr().unwrap())
        .await
        .err()
        .unwrap();
    check(&error);

    // Development keys written where a file stands in the way.
    let blocker = tempfile::NamedTempFile::new().unwrap();
    let error = wechatpay_mock::keys::DevKeys::in_dir(&blocker.path().join("keys")).unwrap_err();
    assert!(error.source().is_some(), "{error}");
    check(&error);
    assert_eq!(checked, 6);
}
