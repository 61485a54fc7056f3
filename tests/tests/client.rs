//! The generated client against the mock server on 127.0.0.1: signing, verification, every
//! rejection, retries, failover, errors and polling.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::sync::Arc;
use std::time::Duration;

use wechatpay_apiv3::Apis as _;
use wechatpay_apiv3::ecommerce::profitsharing::{
    OrderRef, QueryOrderRequest, QueryReturnOrderRequest,
};
use wechatpay_apiv3::shared::{ErrorCode, ReturnOrderResult};
use wechatpay_mock::{Fault, MockServer, Record};
use wechatpay_runtime::client::ApiError;
use wechatpay_runtime::protocol::clock::{Clock as _, ManualClock};
use wechatpay_runtime::protocol::verify::VerificationError;
use wechatpay_runtime::{Client, Error, Operation, PollPolicy, RetryPolicy};
use wechatpay_tests::keys::{self, MCHID, MERCHANT_SERIAL, PLATFORM_SERIAL, PUBLIC_KEY_ID};
use wechatpay_tests::{
    Harness, NOW, RecordingSleeper, SigningKey, client_builder, mock_config, refusing_url,
};

const RETURN_ORDERS: &str = "GET /v3/ecommerce/profitsharing/returnorders";

fn return_order_request() -> QueryReturnOrderRequest {
    QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516001",
        OrderRef::out_order_no("P20150806125346"),
    )
}

#[tokio::test]
async fn a_query_is_signed_sent_verified_and_decoded() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let response = h
        .client
        .ecommerce()
        .profitsharing()
        .query_return_order(&return_order_request())
        .await
        .unwrap();
    assert_eq!(response.result, ReturnOrderResult::Success);
    assert_eq!(response.amount, 10);
    assert_eq!(response.attempts(), 1);
    assert_eq!(response.request_id().map(str::len), Some(32));

    let [request] = h.mock.received().try_into().unwrap();
    assert_eq!(request.status, 200, "the mock accepted the signature");
    assert_eq!(request.route, RETURN_ORDERS);
    assert_eq!(
        request.target,
        "/v3/ecommerce/profitsharing/returnorders?sub_mchid=1900000109&out_order_no=P20150806125346&out_return_no=R20190516001"
    );
    assert_eq!(request.header("Accept"), Some("application/json"));
    assert_eq!(request.header("Wechatpay-Serial"), Some(PUBLIC_KEY_ID));
    assert_eq!(request.header("Content-Type"), None);
    assert!(request.body.is_empty());
    let user_agent = request.header("User-Agent").unwrap();
    assert!(
        user_agent.starts_with(&format!("wechatpay-rs/{}", env!("CARGO_PKG_VERSION"))),
        "{user_agent}"
    );
    let authorization = request.header("Authorization").unwrap();
    assert!(
        authorization.starts_with("WECHATPAY2-SHA256-RSA2048 mchid=\"1900000109\","),
        "{authorization}"
    );
    assert!(
        authorization.contains(&format!("timestamp=\"{NOW}\"")),
        "{authorization}"
    );
    assert!(
        authorization.contains(&format!("serial_no=\"{MERCHANT_SERIAL}\"")),
        "{authorization}"
    );
}

#[tokio::test]
async fn platform_certificate_mode_names_the_certificate_serial() {
    let h = Harness::start(SigningKey::PlatformCertificate).await;
    h.client.execute(&return_order_request()).await.unwrap();
    assert_eq!(
        h.mock.received()[0].header("Wechatpay-Serial"),
        Some(PLATFORM_SERIAL)
    );
}

/// A client configured as a user would from files on disk, with one base URL (the mock's).
#[tokio::test]
async fn keys_from_files_and_one_base_url() {
    let clock = ManualClock::new(NOW);
    let config = mock_config(SigningKey::PlatformCertificate, &clock).other_serial(PUBLIC_KEY_ID);
    let mock = MockServer::start(config).await.unwrap();
    let client = Client::builder()
        .merchant_key_file(MCHID, MERCHANT_SERIAL, keys::path("merchant_test_key.pem"))
        .wechatpay_public_key_file(PUBLIC_KEY_ID, keys::path("wechatpay_public_key_test.pem"))
        .platform_certificate_file(keys::path("platform_test_cert.pem"))
        .clock(Arc::new(clock.clone()))
        .base_url(mock.url())
        .build()
        .unwrap();
    client.execute(&return_order_request()).await.unwrap();

    // A missing file and a file of the wrong kind: both errors name the path.
    let missing = Client::builder()
        .merchant_key_file(MCHID, MERCHANT_SERIAL, keys::path("merchant_test_key.pem"))
        .wechatpay_public_key_file(PUBLIC_KEY_ID, "/nonexistent/pub_key.pem")
        .build()
        .unwrap_err();
    assert!(
        missing.to_string().contains("/nonexistent/pub_key.pem"),
        "{missing}"
    );
    let wrong = keys::path("merchant_test_key.pem");
    let error = Client::builder()
        .merchant_key_file(MCHID, MERCHANT_SERIAL, &wrong)
        .platform_certificate_file(&wrong)
        .build()
        .unwrap_err();
    assert!(
        error.to_string().contains(&wrong.display().to_string()),
        "{error}"
    );
}

#[tokio::test]
async fn both_modes_together_accept_either_signer() {
    let clock = ManualClock::new(NOW);
    // The service knows the merchant's public key too, as during the move to it.
    let config = mock_config(SigningKey::PlatformCertificate, &clock).other_serial(PUBLIC_KEY_ID);
    let mock = MockServer::start(config).await.unwrap();
    let client = client_builder(&clock, Arc::new(RecordingSleeper::new(clock.clone())))
        .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
        .platform_certificate(keys::pem("platform_test_cert.pem"))
        .base_urls(mock.url(), mock.url())
        .build()
        .unwrap();
    client.execute(&return_order_request()).await.unwrap();
    // With a public key configured, that is what the request names.
    assert_eq!(
        mock.received()[0].header("Wechatpay-Serial"),
        Some(PUBLIC_KEY_ID)
    );
}

/// Every forged, stale or probing 2xx is rejected, never retried, and never decoded.
#[tokio::test]
async fn every_bad_signature_is_rejected_without_retry() {
    type Expect = fn(&VerificationError) -> bool;
    let cases: Vec<(Fault, Expect)> = vec![
        (Fault::Unsigned, |e| {
            matches!(e, VerificationError::MissingHeader(_))
        }),
        (Fault::MissingHeader("Wechatpay-Timestamp".into()), |e| {
            matches!(e, VerificationError::MissingHeader("Wechatpay-Timestamp"))
        }),
        (Fault::MissingHeader("Wechatpay-Nonce".into()), |e| {
            matches!(e, VerificationError::MissingHeader("Wechatpay-Nonce"))
        }),
        (Fault::MissingHeader("Wechatpay-Signature".into()), |e| {
            matches!(e, VerificationError::MissingHeader("Wechatpay-Signature"))
        }),
        (Fault::MissingHeader("Wechatpay-Serial".into()), |e| {
            matches!(e, VerificationError::MissingHeader("Wechatpay-Serial"))
        }),
        (Fault::WrongSignature, |e| {
            matches!(e, VerificationError::BadSignature)
        }),
        (Fault::TamperedBody, |e| {
            matches!(e, VerificationError::BadSignature)
        }),
        (Fault::TruncatedBody, |e| {
            matches!(e, VerificationError::BadSignature)
        }),
        (Fault::SignTest, |e| {
            matches!(e, VerificationError::SignTestProbe)
        }),
        (Fault::MalformedSignature, |e| {
            matches!(e, VerificationError::MalformedSignature)
        }),
        (Fault::UnknownSerial, |e| {
            matches!(e, VerificationError::UnknownSerial(_))
        }),
        (
            Fault::SignatureType("WECHATPAY2-SM2-WITH-SM3".into()),
            |e| matches!(e, VerificationError::UnsupportedSignatureType(_)),
        ),
        (Fault::StaleTimestamp(301), |e| {
            matches!(e, VerificationError::StaleTimestamp { .. })
        }),
        (Fault::StaleTimestamp(-301), |e| {
            matches!(e, VerificationError::StaleTimestamp { .. })
        }),
    ];
    let h = Harness::start(SigningKey::PublicKey).await;
    for (i, (fault, expected)) in cases.into_iter().enumerate() {
        h.mock
            .inject(RETURN_ORDERS, fault.clone(), Some(1))
            .unwrap();
        let error = h.client.execute(&return_order_request()).await.unwrap_err();
        match &error {
            Error::Verification {
                error: inner,
                status,
                request_id,
            } => {
                assert!(expected(inner), "{fault}: {inner}");
                assert_eq!(*status, 200);
                assert!(request_id.is_some(), "{fault}");
            }
            other => panic!("{fault}: expected a verification error, got {other}"),
        }
        assert_eq!(h.mock.received().len(), i + 1, "{fault} was retried");
    }
}

#[tokio::test]
async fn the_time_window_is_300_seconds_each_way() {
    let h = Harness::start(SigningKey::PublicKey).await;
    for offset in [300, -300] {
        h.mock
            .inject(RETURN_ORDERS, Fault::StaleTimestamp(offset), Some(1))
            .unwrap();
        h.client.execute(&return_order_request()).await.unwrap();
    }
}

#[tokio::test]
async fn not_found_is_a_typed_api_error_and_not_retried() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let request = QueryReturnOrderRequest::new("1900000109", "R-none", OrderRef::order_id("4000"));
    let error = h.client.execute(&request).await.unwrap_err();
    assert!(error.is_not_found());
    let api = error.api().unwrap();
    assert_eq!(api.status, 404);
    assert_eq!(api.code, Some(ErrorCode::ResourceNotExists));
    assert_eq!(api.message.as_deref(), Some("记录不存在"));
    assert!(!api.is_retryable());
    assert!(error.request_id().is_some());
    assert!(
        error
            .to_string()
            .contains("HTTP 404 RESOURCE_NOT_EXISTS: 记录不存在"),
        "{error}"
    );
    assert_eq!(h.mock.received().len(), 1);
}

/// Which codes mean "not found" comes from each endpoint's error table (the codes it lists under
/// HTTP 404), not from a list in the runtime.
#[tokio::test]
async fn not_found_codes_come_from_the_endpoints_error_table() {
    type Brand = wechatpay_apiv3::brand::profitsharing::QueryReturnOrderRequest;
    let h = Harness::start(SigningKey::PublicKey).await;
    let no_header = |_: &str| None;
    let body = |code: &str| format!(r#"{{"code":"{code}","message":"m"}}"#).into_bytes();
    // The e-commerce page lists 404 RESOURCE_NOT_EXISTS: the code says not found on any status.
    let error = h
        .client
        .read_response::<QueryReturnOrderRequest>(400, no_header, &body("RESOURCE_NOT_EXISTS"))
        .unwrap_err();
    assert!(error.is_not_found(), "{error}");
    // The brand page lists no such code, and no endpoint lists ORDER_NOT_EXIST: only the status
    // can say so.
    for code in ["RESOURCE_NOT_EXISTS", "ORDER_NOT_EXIST"] {
        let error = h
            .client
            .read_response::<Brand>(400, no_header, &body(code))
            .unwrap_err();
        assert!(!error.is_not_found(), "{error}");
        let error = h
            .client
            .read_response::<Brand>(404, no_header, &body(code))
            .unwrap_err();
        assert!(error.is_not_found(), "{error}");
    }
    assert_eq!(
        QueryReturnOrderRequest::NOT_FOUND_CODES,
        ["RESOURCE_NOT_EXISTS"]
    );
    assert!(Brand::NOT_FOUND_CODES.is_empty());
}

/// Codes whose documented solution is "try again later" are retried on idempotent endpoints,
/// whatever their status; the mock answers with any code its tables give, at their status.
#[tokio::test]
async fn retryable_codes_are_retried_and_the_mock_answers_any_code() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let code = Fault::Error {
        code: "RATELIMIT_EXCEEDED".into(),
        status: Some(400),
    };
    h.mock.inject(RETURN_ORDERS, code, Some(1)).unwrap();
    let response = h.client.execute(&return_order_request()).await.unwrap();
    assert_eq!(response.attempts(), 2);
    let statuses: Vec<u16> = h.mock.received().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [400, 200]);

    // A code from the endpoint's table, at the table's status; not retried.
    let not_found = Fault::Error {
        code: "RESOURCE_NOT_EXISTS".into(),
        status: None,
    };
    h.mock.inject(RETURN_ORDERS, not_found, Some(1)).unwrap();
    let error = h.client.execute(&return_order_request()).await.unwrap_err();
    let api = error.api().unwrap();
    assert_eq!(
        (api.status, api.code.clone()),
        (404, Some(ErrorCode::ResourceNotExists))
    );
    assert_eq!(api.message.as_deref(), Some("记录不存在"));
    assert!(!api.is_retryable());
    assert!(error.is_not_found());
    let system =
        ApiError::<ErrorCode>::parse(400, br#"{"code":"SYSTEM_ERROR","message":"m"}"#, None);
    assert!(system.is_retryable());
}

#[tokio::test]
async fn an_unknown_error_body_keeps_status_and_text() {
    let h = Harness::start(SigningKey::PublicKey).await;
    h.mock
        .inject(RETURN_ORDERS, Fault::Gateway(502), None)
        .unwrap();
    let error = h.client.execute(&return_order_request()).await.unwrap_err();
    let api: &ApiError<ErrorCode> = error.api().unwrap();
    assert_eq!((api.status, api.code.as_ref()), (502, None));
    assert!(api.body.contains("<html>"), "{}", api.body);
    assert!(error.to_string().contains("unknown shape"), "{error}");
    assert_eq!(h.mock.received().len(), 3, "a gateway answer is retried");
}

#[tokio::test]
async fn rate_limits_and_server_faults_are_retried_with_backoff_and_retry_after() {
    let h = Harness::start(SigningKey::PublicKey).await;
    h.mock
        .inject(
            RETURN_ORDERS,
            Fault::RateLimited(Some(Duration::from_secs(2))),
            Some(1),
        )
        .unwrap();
    h.mock
        .inject(RETURN_ORDERS, Fault::SystemError, Some(1))
        .unwrap();
    let response = h.client.execute(&return_order_request()).await.unwrap();
    assert_eq!(response.attempts(), 3);
    let statuses: Vec<u16> = h.mock.received().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 500, 200]);
    let slept = h.sleeper.slept();
    assert_eq!(slept[0], Duration::from_secs(2), "Retry-After is honoured");
    let backoff = RetryPolicy::default();
    assert!(
        slept[1] >= backoff.initial_backoff && slept[1] <= backoff.initial_backoff * 2,
        "{slept:?}"
    );
    // Every attempt is signed afresh.
    let authorizations: std::collections::HashSet<_> = h
        .mock
        .received()
        .iter()
        .map(|r| r.header("Authorization").unwrap().to_owned())
        .collect();
    assert_eq!(authorizations.len(), 3);
}

#[tokio::test]
async fn gateway_answers_are_retried_and_the_last_error_returned() {
    let h = Harness::start(SigningKey::PublicKey).await;
    for status in [502, 503, 504] {
        h.mock
            .inject(RETURN_ORDERS, Fault::Gateway(status), Some(3))
            .unwrap();
        let before = h.mock.received().len();
        let error = h.client.execute(&return_order_request()).await.unwrap_err();
        assert_eq!(error.api().unwrap().status, status);
        assert_eq!(h.mock.received().len() - before, 3, "{status}");
    }
}

#[tokio::test]
async fn a_connection_failure_moves_to_the_backup_domain() {
    let clock = ManualClock::new(NOW);
    let backup = MockServer::start(mock_config(SigningKey::PublicKey, &clock))
        .await
        .unwrap();
    backup
        .inject(RETURN_ORDERS, Fault::SystemError, Some(1))
        .unwrap();
    let client = client_builder(&clock, Arc::new(RecordingSleeper::new(clock.clone())))
        .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
        .base_urls(refusing_url().await, backup.url())
        .build()
        .unwrap();
    let response = client.execute(&return_order_request()).await.unwrap();
    assert_eq!(response.attempts(), 3);
    // The failover holds for the rest of the call: both later attempts went to the backup.
    assert_eq!(backup.received().len(), 2);
}

#[tokio::test]
async fn connection_failures_everywhere_end_in_a_transport_error() {
    let clock = ManualClock::new(NOW);
    let client = client_builder(&clock, Arc::new(RecordingSleeper::new(clock.clone())))
        .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
        .base_urls(refusing_url().await, refusing_url().await)
        .build()
        .unwrap();
    let error = client.execute(&return_order_request()).await.unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 3, .. }),
        "{error}"
    );
    assert_eq!(error.request_id(), None);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_on_the_same_domain() {
    let h = Harness::start(SigningKey::PublicKey).await;
    h.mock
        .inject(RETURN_ORDERS, Fault::DropConnection, Some(1))
        .unwrap();
    let response = h.client.execute(&return_order_request()).await.unwrap();
    assert_eq!(response.attempts(), 2);
}

#[tokio::test]
async fn a_timeout_is_retried_and_the_limit_is_per_call() {
    let h = Harness::start(SigningKey::PublicKey).await;
    h.mock
        .inject(
            RETURN_ORDERS,
            Fault::Latency(Duration::from_millis(500)),
            Some(1),
        )
        .unwrap();
    let response = h
        .client
        .with_timeout(Duration::from_millis(100))
        .execute(&return_order_request())
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);
}

#[tokio::test]
async fn a_non_idempotent_post_is_signed_over_its_body_and_never_retried() {
    use wechatpay_golden_sample::shared::ReceiverType;
    use wechatpay_golden_sample::sharing::{CreateOrderRequest, Receiver};

    let h = Harness::start(SigningKey::PublicKey).await;
    h.mock
        .inject(
            "POST /v3/sample/profitsharing/orders",
            Fault::SystemError,
            Some(1),
        )
        .unwrap();
    let request = CreateOrderRequest::new(
        "1900000109",
        "4208450740201411110007820472",
        "P20150806125346",
        vec![Receiver::new(ReceiverType::MerchantId, "1900000110", 100).name("分给商户")],
        true,
    )
    .request_tag("batch-1");
    let error = h.client.execute(&request).await.unwrap_err();
    assert_eq!(error.api().unwrap().status, 500);
    let [sent] = h.mock.received().try_into().unwrap();
    assert_eq!(
        sent.status, 500,
        "the signature over the exact body bytes verified"
    );
    assert_eq!(sent.body, request.body().unwrap().unwrap());
    assert_eq!(sent.header("Content-Type"), Some("application/json"));
    assert_eq!(sent.header("Request-Tag"), Some("batch-1"));
}

#[tokio::test]
async fn an_invalid_request_never_leaves_the_process() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let request = QueryReturnOrderRequest::new("", "R 1", OrderRef::order_id("x".repeat(65)));
    let error = h.client.execute(&request).await.unwrap_err();
    let Error::Validation(validation) = &error else {
        panic!("{error}")
    };
    assert_eq!(validation.violations().len(), 3);
    assert!(h.mock.received().is_empty());
}

#[tokio::test]
async fn a_verified_body_of_the_wrong_shape_is_a_decode_error_with_its_path() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let record: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
        r#"{"sub_mchid":"1900000109","transaction_id":"42","out_order_no":"P1","order_id":"4","status":"FINISHED","receivers":[{"amount":"ten","description":"d","result":"SUCCESS"}]}"#,
    )
    .unwrap();
    h.mock.insert(
        "ecommerce/profitsharing/profit_sharing_order",
        Record::new(record),
    );
    let request = QueryOrderRequest::new("1900000109", "42", "P1");
    let error = h.client.execute(&request).await.unwrap_err();
    let Error::Decode {
        path,
        message,
        request_id,
    } = &error
    else {
        panic!("{error}")
    };
    assert_eq!(path, "receivers[0].amount");
    assert!(message.contains("expected i64"), "{message}");
    assert!(request_id.is_some());
}

/// A correctly signed answer whose JSON is cut short passes verification and fails decoding,
/// and is not retried.
#[tokio::test]
async fn a_verified_but_truncated_body_is_a_decode_error() {
    let h = Harness::start(SigningKey::PublicKey).await;
    h.mock
        .inject(RETURN_ORDERS, Fault::TruncatedJson, Some(1))
        .unwrap();
    let error = h.client.execute(&return_order_request()).await.unwrap_err();
    let Error::Decode { message, .. } = &error else {
        panic!("{error}")
    };
    assert!(message.contains("EOF"), "{message}");
    assert_eq!(h.mock.received().len(), 1);
}

#[tokio::test]
async fn polling_gives_up_at_the_deadline() {
    let h = Harness::start(SigningKey::PublicKey).await;
    // R20190516002 settles after 60 s; a 10 s deadline does not wait for it.
    let request = QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516002",
        OrderRef::out_order_no("P20150806125346"),
    );
    let policy = PollPolicy::new(
        Duration::from_secs(1),
        Duration::from_secs(4),
        Duration::from_secs(10),
    );
    let error = h
        .client
        .poll_until_final(&request, &policy)
        .await
        .unwrap_err();
    // Waits of 1, 2 and 4 s fit in 10 s; the next 4 s would not.
    assert!(matches!(error, Error::PollDeadline { polls: 4 }), "{error}");
    assert_eq!(h.clock.now_unix() - NOW, 7);
}

#[tokio::test]
async fn no_secret_appears_in_debug_or_errors() {
    let h = Harness::start(SigningKey::PublicKey).await;
    h.mock
        .inject(RETURN_ORDERS, Fault::WrongSignature, Some(1))
        .unwrap();
    let error = h.client.execute(&return_order_request()).await.unwrap_err();
    let authorization = h.mock.received()[0]
        .header("Authorization")
        .unwrap()
        .to_owned();
    let signed = h.client.sign_request(&return_order_request()).unwrap();
    for shown in [
        format!("{:?}", h.client),
        format!("{error}"),
        format!("{error:?}"),
        format!("{signed:?}"),
    ] {
        wechatpay_tests::assert_no_secret(&shown, &authorization);
    }
}

#[tokio::test]
async fn configuration_errors_are_clear() {
    let missing = Client::builder().build().unwrap_err();
    assert!(missing.to_string().contains("missing setting"), "{missing}");
    let no_verifier = Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, keys::pem("merchant_test_key.pem"))
        .build()
        .unwrap_err();
    assert!(
        no_verifier.to_string().contains("verification keys"),
        "{no_verifier}"
    );
    let bad_key = Client::builder()
        .merchant(
            MCHID,
            MERCHANT_SERIAL,
            b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        )
        .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
        .build()
        .unwrap_err();
    assert!(
        bad_key.to_string().contains("merchant private key"),
        "{bad_key}"
    );
    let bad_url = Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, keys::pem("merchant_test_key.pem"))
        .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
        .base_urls("api.mch.weixin.qq.com", "https://api2.mch.weixin.qq.com")
        .build()
        .unwrap_err();
    assert!(
        bad_url.to_string().contains("invalid base URL"),
        "{bad_url}"
    );
}

#[test]
fn the_client_is_send_sync_and_cheap_to_clone() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Client>();
}

#[tokio::test]
async fn sign_request_and_read_response_serve_any_http_stack() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let signed = h.client.sign_request(&return_order_request()).unwrap();
    assert_eq!(signed.method, "GET");
    assert_eq!(
        signed.url,
        format!(
            "{}/v3/ecommerce/profitsharing/returnorders?sub_mchid=1900000109&out_order_no=P20150806125346&out_return_no=R20190516001",
            h.mock.url()
        )
    );
    let shown = format!("{signed:?}");
    assert!(shown.contains("<redacted>"), "{shown}");

    let http = reqwest::Client::new();
    let mut outgoing = http.get(&signed.url);
    for (name, value) in &signed.headers {
        outgoing = outgoing.header(*name, value);
    }
    let answer = outgoing.send().await.unwrap();
    let status = answer.status().as_u16();
    let headers = answer.headers().clone();
    let body = answer.bytes().await.unwrap();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let response = h
        .client
        .read_response::<QueryReturnOrderRequest>(status, header, &body)
        .unwrap();
    assert_eq!(response.amount, 10);

    // The same answer with one byte changed is rejected.
    let mut forged = body.to_vec();
    let last = forged.len() - 3;
    forged[last] ^= 1;
    let error = h
        .client
        .read_response::<QueryReturnOrderRequest>(status, header, &forged)
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Verification {
                error: VerificationError::BadSignature,
                ..
            }
        ),
        "{error}"
    );
}
