//! The generated client against a real local HTTP server: signing, verification, every
//! rejection, retries, failover, errors and polling.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use wechatpay_apiv3::Apis as _;
use wechatpay_apiv3::ecommerce::profitsharing::{
    OrderRef, ProfitSharingOrderStatus, QueryOrderRequest, QueryReturnOrderRequest,
    ReturnOrderResult,
};
use wechatpay_apiv3::shared::ErrorCode;
use wechatpay_runtime::client::{ApiError, Sleeper};
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_runtime::protocol::verify::VerificationError;
use wechatpay_runtime::{Client, Error, Operation, PollPolicy, RetryPolicy};
use wechatpay_tests::keys::{self, MCHID, MERCHANT_SERIAL, PLATFORM_SERIAL, PUBLIC_KEY_ID};
use wechatpay_tests::server::{Reply, Signing, SigningKey, TestServer, refusing_url};

/// 2025-11-21T00:00:00Z: inside the platform certificate's validity.
const NOW: i64 = 1_763_683_200;

const RETURN_ORDER: &str = r#"{"sub_mchid":"1900000109","order_id":"3008450740201411110007820472","out_order_no":"P20150806125346","out_return_no":"R20190516001","return_mchid":"86693852","amount":10,"return_no":"3008450740201411110007820472","result":"SUCCESS","finish_time":"2015-05-20T13:29:35.120+08:00"}"#;

/// Waits nothing, records what was asked, and moves the clock on by it.
#[derive(Debug)]
struct RecordingSleeper {
    slept: Mutex<Vec<Duration>>,
    clock: ManualClock,
}

impl Sleeper for RecordingSleeper {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        self.slept.lock().unwrap().push(duration);
        self.clock
            .advance(i64::try_from(duration.as_secs()).unwrap());
        Box::pin(async {})
    }
}

struct Harness {
    server: TestServer,
    clock: ManualClock,
    sleeper: Arc<RecordingSleeper>,
    client: Client,
}

impl Harness {
    async fn new(key: SigningKey) -> Self {
        let clock = ManualClock::new(NOW);
        let server = TestServer::start(key, clock.clone()).await;
        let sleeper = Arc::new(RecordingSleeper {
            slept: Mutex::new(Vec::new()),
            clock: clock.clone(),
        });
        let builder = Client::builder()
            .merchant(MCHID, MERCHANT_SERIAL, keys::pem("merchant_test_key.pem"))
            .base_urls(server.url(), server.url())
            .clock(Arc::new(clock.clone()))
            .sleeper(sleeper.clone());
        let builder = match key {
            SigningKey::PublicKey => builder
                .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem")),
            SigningKey::PlatformCertificate => {
                builder.platform_certificate(keys::pem("platform_test_cert.pem"))
            }
        };
        Self {
            server,
            clock,
            sleeper,
            client: builder.build().unwrap(),
        }
    }

    fn slept(&self) -> Vec<Duration> {
        self.sleeper.slept.lock().unwrap().clone()
    }
}

fn return_order_request() -> QueryReturnOrderRequest {
    QueryReturnOrderRequest::new(
        "1900000109",
        OrderRef::out_order_no("P20150806125346"),
        "R20190516001",
    )
}

#[tokio::test]
async fn a_query_is_signed_sent_verified_and_decoded() {
    let h = Harness::new(SigningKey::PublicKey).await;
    h.server.push([Reply::ok(RETURN_ORDER)]);
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
    assert_eq!(
        response.request_id(),
        Some(format!("08F7{NOW:X}-200").as_str())
    );

    let [request] = h.server.requests().try_into().unwrap();
    assert_eq!(request.authorization, Ok(()));
    assert_eq!(request.method, "GET");
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
    let h = Harness::new(SigningKey::PlatformCertificate).await;
    h.server.push([Reply::ok(RETURN_ORDER)]);
    h.client.execute(&return_order_request()).await.unwrap();
    assert_eq!(
        h.server.requests()[0].header("Wechatpay-Serial"),
        Some(PLATFORM_SERIAL)
    );
}

#[tokio::test]
async fn both_modes_together_accept_either_signer() {
    let clock = ManualClock::new(NOW);
    let server = TestServer::start(SigningKey::PlatformCertificate, clock.clone()).await;
    let client = Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, keys::pem("merchant_test_key.pem"))
        .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
        .platform_certificate(keys::pem("platform_test_cert.pem"))
        .base_urls(server.url(), server.url())
        .clock(Arc::new(clock))
        .build()
        .unwrap();
    server.push([Reply::ok(RETURN_ORDER)]);
    client.execute(&return_order_request()).await.unwrap();
    // With a public key configured, that is what the request names.
    assert_eq!(
        server.requests()[0].header("Wechatpay-Serial"),
        Some(PUBLIC_KEY_ID)
    );
}

/// Every forged, stale or probing 2xx is rejected, never retried, and never decoded.
#[tokio::test]
async fn every_bad_signature_is_rejected_without_retry() {
    type Expect = fn(&VerificationError) -> bool;
    let cases: Vec<(Signing, Expect)> = vec![
        (Signing::Unsigned, |e| {
            matches!(e, VerificationError::MissingHeader(_))
        }),
        (Signing::Omit("Wechatpay-Timestamp"), |e| {
            matches!(e, VerificationError::MissingHeader("Wechatpay-Timestamp"))
        }),
        (Signing::Omit("Wechatpay-Nonce"), |e| {
            matches!(e, VerificationError::MissingHeader("Wechatpay-Nonce"))
        }),
        (Signing::Omit("Wechatpay-Signature"), |e| {
            matches!(e, VerificationError::MissingHeader("Wechatpay-Signature"))
        }),
        (Signing::Omit("Wechatpay-Serial"), |e| {
            matches!(e, VerificationError::MissingHeader("Wechatpay-Serial"))
        }),
        (Signing::WrongKey, |e| {
            matches!(e, VerificationError::BadSignature)
        }),
        (
            Signing::OverBody(RETURN_ORDER.replace("\"amount\":10", "\"amount\":10000")),
            |e| matches!(e, VerificationError::BadSignature),
        ),
        (Signing::SignTest, |e| {
            matches!(e, VerificationError::SignTestProbe)
        }),
        (Signing::Garbage, |e| {
            matches!(e, VerificationError::MalformedSignature)
        }),
        (
            Signing::Serial("PUB_KEY_ID_0000000000000000000000000000".into()),
            |e| matches!(e, VerificationError::UnknownSerial(_)),
        ),
        (
            Signing::SignatureType("WECHATPAY2-SM2-WITH-SM3".into()),
            |e| matches!(e, VerificationError::UnsupportedSignatureType(_)),
        ),
        (Signing::TimestampOffset(301), |e| {
            matches!(e, VerificationError::StaleTimestamp { .. })
        }),
        (Signing::TimestampOffset(-301), |e| {
            matches!(e, VerificationError::StaleTimestamp { .. })
        }),
    ];
    for (signing, expected) in cases {
        let h = Harness::new(SigningKey::PublicKey).await;
        h.server.push([
            Reply::signed(200, RETURN_ORDER, signing.clone()),
            Reply::ok(RETURN_ORDER),
        ]);
        let error = h.client.execute(&return_order_request()).await.unwrap_err();
        match &error {
            Error::Verification {
                error: inner,
                status,
                request_id,
            } => {
                assert!(expected(inner), "{signing:?}: {inner}");
                assert_eq!(*status, 200);
                assert!(request_id.is_some(), "{signing:?}");
            }
            other => panic!("{signing:?}: expected a verification error, got {other}"),
        }
        assert_eq!(h.server.requests().len(), 1, "{signing:?} was retried");
    }
}

#[tokio::test]
async fn the_time_window_is_300_seconds_each_way() {
    for offset in [300, -300] {
        let h = Harness::new(SigningKey::PublicKey).await;
        h.server.push([Reply::signed(
            200,
            RETURN_ORDER,
            Signing::TimestampOffset(offset),
        )]);
        h.client.execute(&return_order_request()).await.unwrap();
    }
}

#[tokio::test]
async fn not_found_is_a_typed_api_error_and_not_retried() {
    let h = Harness::new(SigningKey::PublicKey).await;
    h.server
        .push([Reply::error(404, "RESOURCE_NOT_EXISTS", "记录不存在")]);
    let error = h.client.execute(&return_order_request()).await.unwrap_err();
    assert!(error.is_not_found());
    let api = error.api().unwrap();
    assert_eq!(api.status, 404);
    assert_eq!(api.code, Some(ErrorCode::ResourceNotExists));
    assert_eq!(api.message.as_deref(), Some("记录不存在"));
    assert!(!api.is_retryable());
    assert_eq!(
        error.request_id(),
        Some(format!("08F7{NOW:X}-404").as_str())
    );
    assert!(
        error
            .to_string()
            .contains("HTTP 404 RESOURCE_NOT_EXISTS: 记录不存在"),
        "{error}"
    );
    assert_eq!(h.server.requests().len(), 1);
}

#[tokio::test]
async fn a_param_error_keeps_its_detail() {
    let h = Harness::new(SigningKey::PublicKey).await;
    h.server.push([Reply::signed(
        400,
        r#"{"code":"PARAM_ERROR","message":"参数错误","detail":{"field":"sub_mchid","value":1900000109,"issue":"商户号未设置","location":"query"}}"#,
        Signing::Valid,
    )]);
    let error = h.client.execute(&return_order_request()).await.unwrap_err();
    let api = error.api().unwrap();
    assert_eq!(api.code, Some(ErrorCode::ParamError));
    let detail = api.detail.as_ref().unwrap();
    assert_eq!(detail.field.as_deref(), Some("sub_mchid"));
    assert_eq!(detail.value, Some(serde_json::json!(1_900_000_109)));
    assert_eq!(detail.location.as_deref(), Some("query"));
    assert!(error.to_string().contains("field sub_mchid"), "{error}");
}

#[tokio::test]
async fn an_unknown_error_body_keeps_status_and_text() {
    let h = Harness::new(SigningKey::PublicKey).await;
    h.server
        .push([Reply::signed(418, "<html>teapot</html>", Signing::Unsigned)]);
    let error = h.client.execute(&return_order_request()).await.unwrap_err();
    let api: &ApiError<ErrorCode> = error.api().unwrap();
    assert_eq!((api.status, api.code.as_ref()), (418, None));
    assert_eq!(api.body, "<html>teapot</html>");
    assert!(error.to_string().contains("unknown shape"), "{error}");
}

#[tokio::test]
async fn rate_limits_and_server_faults_are_retried_with_backoff_and_retry_after() {
    let h = Harness::new(SigningKey::PublicKey).await;
    h.server.push([
        Reply::error(429, "FREQUENCY_LIMITED", "频率限制").retry_after("2"),
        Reply::error(500, "SYSTEM_ERROR", "系统错误"),
        Reply::ok(RETURN_ORDER),
    ]);
    let response = h.client.execute(&return_order_request()).await.unwrap();
    assert_eq!(response.attempts(), 3);
    let slept = h.slept();
    assert_eq!(slept[0], Duration::from_secs(2), "Retry-After is honoured");
    let backoff = RetryPolicy::default();
    assert!(
        slept[1] >= backoff.initial_backoff && slept[1] <= backoff.initial_backoff * 2,
        "{slept:?}"
    );
    // Every attempt is signed afresh and verifies.
    let requests = h.server.requests();
    assert!(requests.iter().all(|r| r.authorization.is_ok()));
    let nonces: std::collections::HashSet<_> = requests
        .iter()
        .map(|r| r.header("Authorization").unwrap().to_owned())
        .collect();
    assert_eq!(nonces.len(), 3);
}

#[tokio::test]
async fn gateway_answers_are_retried_and_the_last_error_returned() {
    for status in [502, 503, 504] {
        let h = Harness::new(SigningKey::PublicKey).await;
        let reply = Reply::signed(status, "bad gateway", Signing::Unsigned);
        h.server.push([reply.clone(), reply.clone(), reply]);
        let error = h.client.execute(&return_order_request()).await.unwrap_err();
        assert_eq!(error.api().unwrap().status, status);
        assert_eq!(h.server.requests().len(), 3, "{status}");
    }
}

#[tokio::test]
async fn a_connection_failure_moves_to_the_backup_domain() {
    let clock = ManualClock::new(NOW);
    let backup = TestServer::start(SigningKey::PublicKey, clock.clone()).await;
    let client = Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, keys::pem("merchant_test_key.pem"))
        .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
        .base_urls(refusing_url().await, backup.url())
        .clock(Arc::new(clock.clone()))
        .sleeper(Arc::new(RecordingSleeper {
            slept: Mutex::new(Vec::new()),
            clock,
        }))
        .build()
        .unwrap();
    backup.push([
        Reply::error(500, "SYSTEM_ERROR", "x"),
        Reply::ok(RETURN_ORDER),
    ]);
    let response = client.execute(&return_order_request()).await.unwrap();
    assert_eq!(response.attempts(), 3);
    // The failover holds for the rest of the call: both later attempts went to the backup.
    assert_eq!(backup.requests().len(), 2);
}

#[tokio::test]
async fn connection_failures_everywhere_end_in_a_transport_error() {
    let clock = ManualClock::new(NOW);
    let client = Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, keys::pem("merchant_test_key.pem"))
        .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
        .base_urls(refusing_url().await, refusing_url().await)
        .clock(Arc::new(clock.clone()))
        .sleeper(Arc::new(RecordingSleeper {
            slept: Mutex::new(Vec::new()),
            clock,
        }))
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
async fn a_body_cut_short_is_retried_on_the_same_domain() {
    let h = Harness::new(SigningKey::PublicKey).await;
    h.server.push([Reply::Abort, Reply::ok(RETURN_ORDER)]);
    let response = h.client.execute(&return_order_request()).await.unwrap();
    assert_eq!(response.attempts(), 2);
}

#[tokio::test]
async fn a_timeout_is_retried_and_the_limit_is_per_call() {
    let h = Harness::new(SigningKey::PublicKey).await;
    let slow = Reply::Delay(
        Duration::from_millis(500),
        Box::new(Reply::ok(RETURN_ORDER)),
    );
    h.server.push([slow, Reply::ok(RETURN_ORDER)]);
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
    use wechatpay_golden_sample::profitsharing::{CreateOrderRequest, Receiver};
    use wechatpay_golden_sample::shared::ReceiverType;

    let h = Harness::new(SigningKey::PublicKey).await;
    h.server.push([
        Reply::error(500, "SYSTEM_ERROR", "系统错误"),
        Reply::ok("{}"),
    ]);
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
    let [sent] = h.server.requests().try_into().unwrap();
    assert_eq!(
        sent.authorization,
        Ok(()),
        "the signature covers the exact body bytes"
    );
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.body, request.body().unwrap().unwrap());
    assert_eq!(sent.header("Content-Type"), Some("application/json"));
    assert_eq!(sent.header("Request-Tag"), Some("batch-1"));
}

#[tokio::test]
async fn an_invalid_request_never_leaves_the_process() {
    let h = Harness::new(SigningKey::PublicKey).await;
    let request = QueryReturnOrderRequest::new("", OrderRef::order_id("x".repeat(65)), "R 1");
    let error = h.client.execute(&request).await.unwrap_err();
    let Error::Validation(validation) = &error else {
        panic!("{error}")
    };
    assert_eq!(validation.violations().len(), 3);
    assert!(h.server.requests().is_empty());
}

#[tokio::test]
async fn a_verified_body_of_the_wrong_shape_is_a_decode_error_with_its_path() {
    let h = Harness::new(SigningKey::PublicKey).await;
    let body = r#"{"sub_mchid":"1","transaction_id":"2","out_order_no":"3","order_id":"4","status":"FINISHED","receivers":[{"amount":"ten","description":"d","result":"SUCCESS"}]}"#;
    h.server.push([Reply::ok(body)]);
    let request = QueryOrderRequest::new("1900000109", "4208450740201411110007820472", "P1");
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

#[tokio::test]
async fn polling_repeats_until_the_spec_says_final() {
    let h = Harness::new(SigningKey::PublicKey).await;
    let processing = RETURN_ORDER.replace("SUCCESS", "PROCESSING");
    h.server.push([
        Reply::ok(processing.clone()),
        Reply::ok(processing),
        Reply::ok(RETURN_ORDER.replace("SUCCESS", "FAILED")),
    ]);
    let policy = PollPolicy::new(
        Duration::from_secs(1),
        Duration::from_secs(30),
        Duration::from_secs(60),
    );
    let response = h
        .client
        .ecommerce()
        .profitsharing()
        .query_return_order_until_final(&return_order_request(), &policy)
        .await
        .unwrap();
    assert_eq!(response.result, ReturnOrderResult::Failed);
    assert_eq!(h.slept(), [Duration::from_secs(1), Duration::from_secs(2)]);
    assert_eq!(h.server.requests().len(), 3);
}

#[tokio::test]
async fn polling_gives_up_at_the_deadline() {
    let h = Harness::new(SigningKey::PublicKey).await;
    let processing = RETURN_ORDER.replace("SUCCESS", "PROCESSING");
    h.server
        .push(std::iter::repeat_n(Reply::ok(processing), 10));
    let policy = PollPolicy::new(
        Duration::from_secs(1),
        Duration::from_secs(4),
        Duration::from_secs(10),
    );
    let error = h
        .client
        .poll_until_final(&return_order_request(), &policy)
        .await
        .unwrap_err();
    // Waits of 1, 2 and 4 s fit in 10 s; the next 4 s would not.
    assert!(matches!(error, Error::PollDeadline { polls: 4 }), "{error}");
    assert_eq!(h.clock_now() - NOW, 7);
}

#[tokio::test]
async fn an_unknown_status_ends_polling_rather_than_waiting_on_it() {
    let h = Harness::new(SigningKey::PublicKey).await;
    let body = r#"{"sub_mchid":"1","transaction_id":"2","out_order_no":"3","order_id":"4","status":"SUSPENDED"}"#;
    h.server.push([Reply::ok(body)]);
    let request = QueryOrderRequest::new("1900000109", "4208450740201411110007820472", "P1");
    let response = h
        .client
        .ecommerce()
        .profitsharing()
        .query_order_until_final(&request, &PollPolicy::default())
        .await
        .unwrap();
    assert!(!response.status.is_known());
    assert_ne!(response.status, ProfitSharingOrderStatus::Processing);
}

#[tokio::test]
async fn no_secret_appears_in_debug_or_errors() {
    let h = Harness::new(SigningKey::PublicKey).await;
    h.server
        .push([Reply::signed(200, RETURN_ORDER, Signing::WrongKey)]);
    let error = h.client.execute(&return_order_request()).await.unwrap_err();
    let authorization = {
        h.server.push([Reply::ok(RETURN_ORDER)]);
        h.client.execute(&return_order_request()).await.unwrap();
        h.server.requests()[1]
            .header("Authorization")
            .unwrap()
            .to_owned()
    };
    let signature = authorization
        .split("signature=\"")
        .nth(1)
        .unwrap()
        .trim_end_matches('"');
    let key_pem = String::from_utf8(keys::pem("merchant_test_key.pem")).unwrap();
    let key_line = key_pem.lines().nth(1).unwrap();
    for shown in [
        format!("{:?}", h.client),
        format!("{error}"),
        format!("{error:?}"),
    ] {
        assert!(!shown.contains(signature), "{shown}");
        assert!(!shown.contains(key_line), "{shown}");
        assert!(!shown.contains("PRIVATE KEY"), "{shown}");
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
    let _: fn(&QueryReturnOrderRequest) -> String = Operation::request_target;
}

impl Harness {
    fn clock_now(&self) -> i64 {
        use wechatpay_runtime::protocol::clock::Clock as _;
        self.clock.now_unix()
    }
}

#[tokio::test]
async fn sign_request_and_read_response_serve_any_http_stack() {
    let h = Harness::new(SigningKey::PublicKey).await;
    let signed = h.client.sign_request(&return_order_request()).unwrap();
    assert_eq!(signed.method, "GET");
    assert_eq!(
        signed.url,
        format!(
            "{}/v3/ecommerce/profitsharing/returnorders?sub_mchid=1900000109&out_order_no=P20150806125346&out_return_no=R20190516001",
            h.server.url()
        )
    );
    let shown = format!("{signed:?}");
    assert!(
        shown.contains("<redacted>") && !shown.contains("signature="),
        "{shown}"
    );

    h.server.push([Reply::ok(RETURN_ORDER)]);
    let http = reqwest::Client::new();
    let mut outgoing = http.get(&signed.url);
    for (name, value) in &signed.headers {
        outgoing = outgoing.header(*name, value);
    }
    let answer = outgoing.send().await.unwrap();
    let status = answer.status().as_u16();
    let headers = answer.headers().clone();
    let body = answer.bytes().await.unwrap();
    assert_eq!(h.server.requests()[0].authorization, Ok(()));
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
