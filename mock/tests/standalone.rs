//! The standalone server answers a client configured only from what it printed.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

use wechatpay_apiv3::Apis as _;
use wechatpay_apiv3::ecommerce::profitsharing::{OrderRef, QueryReturnOrderRequest};
use wechatpay_apiv3::ecommerce::profitsharing::{
    ProfitSharingMovement, ProfitSharingMovementEventType,
};
use wechatpay_apiv3::shared::ReturnOrderResult;
use wechatpay_runtime::Client;

/// Kills the server however the test ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The standalone server, started with `extra` arguments and `env`, and the `name: value`
/// lines it printed before its routes.
fn serve(
    keys: &std::path::Path,
    extra: &[&str],
    env: &[(&str, &str)],
) -> (Running, HashMap<String, String>) {
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wechatpay-mock"))
        .args(["serve", "--port", "0", "--spec", spec, "--keys-dir"])
        .arg(keys)
        .args(extra)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let running = Running(child);
    // Everything a client needs is printed as `name: value` before the routes.
    let mut printed = HashMap::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some((name, value)) = line.split_once(": ") {
            if name == "route" {
                break;
            }
            printed.insert(name.to_owned(), value.to_owned());
        }
    }
    (running, printed)
}

/// A client holding the keys the server printed.
fn client(printed: &HashMap<String, String>) -> wechatpay_runtime::ClientBuilder {
    Client::builder()
        .merchant_key_file(
            &printed["mchid"],
            &printed["merchant_serial"],
            &printed["merchant_private_key"],
        )
        .wechatpay_public_key(
            &printed["wechatpay_public_key_id"],
            std::fs::read(&printed["wechatpay_public_key"]).unwrap(),
        )
        .base_urls(&printed["base_url"], &printed["base_url"])
}

#[tokio::test]
async fn a_client_configured_from_the_printed_lines_gets_answers() {
    let keys = tempfile::tempdir().unwrap();
    let (_running, printed) = serve(keys.path(), &[], &[]);
    let client = client(&printed).build().unwrap();
    let request = QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516001",
        OrderRef::out_order_no("P20150806125346"),
    );
    let order = client
        .ecommerce()
        .profitsharing()
        .query_return_order(&request)
        .await
        .unwrap();
    assert_eq!(order.result, ReturnOrderResult::Success);
    assert_eq!(order.amount, 10);
}

#[test]
fn serve_never_overwrites_a_key_it_did_not_write() {
    let keys = tempfile::tempdir().unwrap();
    let theirs = keys.path().join("apiclient_key.pem");
    std::fs::write(&theirs, "a merchant's real key").unwrap();
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
    let output = Command::new(env!("CARGO_BIN_EXE_wechatpay-mock"))
        .args(["serve", "--port", "0", "--spec", spec, "--keys-dir"])
        .arg(keys.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("is not one of this mock's development keys"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&theirs).unwrap(),
        "a merchant's real key"
    );
}

/// The APIv3 key of the notification test, as a merchant sets it (32 characters).
const APIV3_KEY: &str = "standalone-mock-test-apiv3-key!!";

#[tokio::test]
async fn notifications_go_to_the_url_given_and_read_with_the_printed_keys() {
    // The merchant's side: an axum route handing over what it receives.
    let (sender, mut received) = tokio::sync::mpsc::channel::<(axum::http::HeaderMap, Vec<u8>)>(4);
    let route = axum::routing::post(
        move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
            let sender = sender.clone();
            async move {
                let _ = sender.send((headers, body.to_vec())).await;
                axum::http::StatusCode::NO_CONTENT
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/notify", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, axum::Router::new().route("/notify", route)).await
    });

    let keys = tempfile::tempdir().unwrap();
    let (_running, printed) = serve(
        keys.path(),
        &["--notify-url", &url, "--notify-time-scale", "0.001"],
        &[("WECHATPAY_APIV3_KEY", APIV3_KEY)],
    );
    let asked = serde_json::json!({
        "notification": "ecommerce/profitsharing/profit_sharing_movement",
        "resource": {
            "transaction_id": "4208450740201411110007820472",
            "order_id": "3008450740201411110007820472",
            "out_order_no": "P20150806125346",
            "receiver": {"type": "MERCHANT_ID", "account": "1900000110", "amount": 100, "description": "分给商户"},
            "success_time": "2025-11-21T08:00:05+08:00",
        },
    });
    let answer = reqwest::Client::new()
        .post(format!(
            "{}{}",
            printed["base_url"],
            wechatpay_mock::notify::CONTROL_PATH
        ))
        .body(asked.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 202);

    let (headers, body) = tokio::time::timeout(std::time::Duration::from_secs(10), received.recv())
        .await
        .unwrap()
        .unwrap();
    let client = client(&printed).apiv3_key(APIV3_KEY).build().unwrap();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let movement = client
        .notification::<ProfitSharingMovement>(header, &body)
        .await
        .unwrap();
    assert_eq!(movement.resource.receiver.amount, 100);
    assert_eq!(movement.event_type, ProfitSharingMovementEventType::Success);
}

#[test]
fn a_notify_url_without_an_apiv3_key_is_refused_at_start() {
    let keys = tempfile::tempdir().unwrap();
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
    let output = Command::new(env!("CARGO_BIN_EXE_wechatpay-mock"))
        .args(["serve", "--port", "0", "--spec", spec, "--keys-dir"])
        .arg(keys.path())
        .args(["--notify-url", "http://127.0.0.1:9/notify"])
        .env_remove("WECHATPAY_APIV3_KEY")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("set WECHATPAY_APIV3_KEY"), "{stderr}");
}
