//! A user's own specs served by the mock on top of the project's shared definitions: what they
//! take from the project (here an enum) follows the same rules as in the project's own specs.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use serde_json::{Value, json};
use wechatpay_mock::MockServer;
use wechatpay_runtime::protocol::authorization::MerchantSigner;
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_runtime::protocol::keys::PrivateKey;
use wechatpay_tests::keys::{self, MCHID, MERCHANT_SERIAL};
use wechatpay_tests::{NOW, SigningKey, mock_config, repo_path};

async fn mock() -> MockServer {
    let clock = ManualClock::new(NOW);
    let config = mock_config(SigningKey::PublicKey, &clock)
        .user_spec_dir(repo_path("tests/data/specs/base_enum"));
    MockServer::start(config).await.unwrap()
}

/// POSTs `body` to `target`, signed by the test merchant; the answer's status and JSON body.
async fn post(mock: &MockServer, target: &str, body: &Value) -> (u16, Value) {
    let body = serde_json::to_vec(body).unwrap();
    let key = PrivateKey::from_pkcs8_pem(keys::pem("merchant_test_key.pem")).unwrap();
    let signer = MerchantSigner::new(MCHID, MERCHANT_SERIAL, key).unwrap();
    let authorization = signer.authorize("POST", target, &body, NOW).unwrap();
    let answer = reqwest::Client::new()
        .post(format!("{}{target}", mock.url()))
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (
        status,
        serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap(),
    )
}

#[tokio::test]
async fn a_project_enum_in_a_user_request_accepts_only_its_documented_values() {
    let mock = mock().await;
    let (status, answer) = post(
        &mock,
        "/v3/reasons",
        &json!({"out_no": "N1", "reason": "ACCOUNT_ABNORMAL"}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let (status, answer) = post(
        &mock,
        "/v3/reasons",
        &json!({"out_no": "N2", "reason": "NOT_A_REASON"}),
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["code"], "PARAM_ERROR");
    assert_eq!(answer["detail"]["field"], "reason");
    assert_eq!(answer["detail"]["location"], "body");
}

#[tokio::test]
async fn a_project_enum_in_a_user_response_is_made_up_from_its_values() {
    let mock = mock().await;
    let (status, answer) = post(&mock, "/v3/reasons", &json!({"out_no": "N3"})).await;
    assert_eq!(status, 200, "{answer}");
    // Nothing in the request supplies it, so the mock takes the first documented value.
    assert_eq!(answer["fail_reason"], "ACCOUNT_ABNORMAL", "{answer}");
}
