//! The standalone server answers a client configured only from what it printed.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

use wechatpay_apiv3::Apis as _;
use wechatpay_apiv3::ecommerce::profitsharing::{OrderRef, QueryReturnOrderRequest};
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

#[tokio::test]
async fn a_client_configured_from_the_printed_lines_gets_answers() {
    let keys = tempfile::tempdir().unwrap();
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wechatpay-mock"))
        .args(["serve", "--port", "0", "--spec", spec, "--keys-dir"])
        .arg(keys.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let _running = Running(child);

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
    let client = Client::builder()
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
        .build()
        .unwrap();
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
