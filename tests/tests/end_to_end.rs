//! Every seed endpoint end to end, generated client against the mock server: each enum path,
//! the mock's own checks (signature, parameters, unknown records and routes), its state moving on
//! by its clock, and faults asked for per request.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::time::Duration;

use wechatpay_apiv3::shared::{ErrorCode, ReturnOrderFailReason};
use wechatpay_apiv3::{Apis as _, brand, ecommerce};
use wechatpay_mock::Fault;
use wechatpay_runtime::protocol::clock::Clock as _;
use wechatpay_runtime::{PollPolicy, Response};
use wechatpay_tests::keys::{self, MCHID, MERCHANT_SERIAL, PUBLIC_KEY_ID};
use wechatpay_tests::{Harness, NOW, RawAnswer, SigningKey, client_builder};

fn return_order(out_return_no: &str) -> ecommerce::profitsharing::QueryReturnOrderRequest {
    ecommerce::profitsharing::QueryReturnOrderRequest::new(
        "1900000109",
        out_return_no,
        ecommerce::profitsharing::OrderRef::order_id("3008450740201411110007820472"),
    )
}

fn brand_return_order(out_return_no: &str) -> brand::profitsharing::QueryReturnOrderRequest {
    brand::profitsharing::QueryReturnOrderRequest::new(
        "1900000109",
        out_return_no,
        brand::profitsharing::OrderRef::out_order_no("P20150806125346"),
    )
}

fn policy() -> PollPolicy {
    PollPolicy::new(
        Duration::from_secs(5),
        Duration::from_secs(30),
        Duration::from_secs(300),
    )
}

/// Beijing time of `now`, as the mock writes settled times.
fn beijing(now: i64) -> wechatpay_runtime::time::OffsetDateTime {
    let offset = wechatpay_runtime::time::UtcOffset::from_hms(8, 0, 0).unwrap();
    wechatpay_runtime::time::OffsetDateTime::from_unix_timestamp(now)
        .unwrap()
        .to_offset(offset)
}

#[tokio::test]
async fn ecommerce_return_orders_success_failed_and_processing_to_success() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let api = h.client.ecommerce().profitsharing();
    use wechatpay_apiv3::shared::ReturnOrderResult as Result;

    let success = api
        .query_return_order(&return_order("R20190516001"))
        .await
        .unwrap();
    assert_eq!(
        (success.result.clone(), success.fail_reason.clone()),
        (Result::Success, None)
    );

    let failed = api
        .query_return_order(&return_order("R20190516003"))
        .await
        .unwrap();
    assert_eq!(failed.result, Result::Failed);
    assert_eq!(
        failed.fail_reason,
        Some(ReturnOrderFailReason::AccountAbnormal)
    );

    let processing = api
        .query_return_order(&return_order("R20190516002"))
        .await
        .unwrap();
    assert_eq!(
        (processing.result.clone(), processing.finish_time),
        (Result::Processing, None)
    );
    let settled = api
        .query_return_order_until_final(&return_order("R20190516002"), &policy())
        .await
        .unwrap();
    assert_eq!(settled.result, Result::Success);
    // It settled on the mock's clock, which the polling moved on: 5 + 10 + 20 + 30 s.
    assert_eq!(h.clock.now_unix() - NOW, 65);
    assert_eq!(settled.finish_time, Some(beijing(NOW + 65)));
    assert_eq!(settled.finish_time.unwrap().offset().whole_hours(), 8);
}

#[tokio::test]
async fn brand_return_orders_read_fail_in_their_own_spelling() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let api = h.client.brand().profitsharing();
    // The mock answers FAIL for this endpoint, as page 001 spells it; the shared enum reads it as
    // its canonical FAILED.
    use wechatpay_apiv3::shared::ReturnOrderResult as Result;
    let success = api
        .query_return_order(&brand_return_order("R20190516001"))
        .await
        .unwrap();
    assert_eq!(success.result, Result::Success);
    let settled = api
        .query_return_order_until_final(&brand_return_order("R20190516002"), &policy())
        .await
        .unwrap();
    assert_eq!(settled.result, Result::Failed);
    assert_eq!(
        settled.fail_reason,
        Some(ReturnOrderFailReason::TimeOutClosed)
    );
}

#[tokio::test]
async fn profit_sharing_orders_finished_and_processing_to_finished() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let api = h.client.ecommerce().profitsharing();
    use ecommerce::profitsharing::{
        ProfitSharingOrderStatus as Status, ReceiverResult, ReceiverType,
    };

    let request = ecommerce::profitsharing::QueryOrderRequest::new(
        "1900000109",
        "4208450740201411110007820472",
        "P20150806125346",
    );
    let finished = api.query_order(&request).await.unwrap();
    assert_eq!(finished.status, Status::Finished);
    let receivers = finished.receivers.as_ref().unwrap();
    assert_eq!(receivers[0].result, ReceiverResult::Success);
    assert_eq!(receivers[0].receiver_type, Some(ReceiverType::MerchantId));

    let request = ecommerce::profitsharing::QueryOrderRequest::new(
        "1900000109",
        "4208450740201411110007820473",
        "P20150806125347",
    );
    let pending = api.query_order(&request).await.unwrap();
    assert_eq!(pending.status, Status::Processing);
    let pending_receiver = &pending.receivers.as_ref().unwrap()[0];
    assert_eq!(pending_receiver.result, ReceiverResult::Pending);
    assert_eq!(
        pending_receiver.receiver_mchid, None,
        "a personal receiver has no merchant id"
    );

    let settled = api
        .query_order_until_final(&request, &policy())
        .await
        .unwrap();
    assert_eq!(settled.status, Status::Finished);
    let receiver = &settled.receivers.as_ref().unwrap()[0];
    assert_eq!(receiver.result, ReceiverResult::Success);
    assert_eq!(receiver.finish_time, Some(beijing(h.clock.now_unix())));
}

#[tokio::test]
async fn an_unknown_enum_value_is_kept_and_ends_polling() {
    let h = Harness::start(SigningKey::PublicKey).await;
    for route in [
        "GET /v3/ecommerce/profitsharing/returnorders",
        "GET /v3/brand/profitsharing/returnorders",
    ] {
        h.mock
            .inject(route, Fault::UnknownEnumValue, Some(1))
            .unwrap();
    }
    let ecommerce = h
        .client
        .ecommerce()
        .profitsharing()
        .query_return_order_until_final(&return_order("R20190516002"), &policy())
        .await
        .unwrap();
    assert!(!ecommerce.result.is_known());
    assert_eq!(ecommerce.result.as_str(), "MOCK_UNKNOWN_VALUE");
    let brand = h
        .client
        .brand()
        .profitsharing()
        .query_return_order(&brand_return_order("R20190516001"))
        .await
        .unwrap();
    assert_eq!(brand.result.to_string(), "MOCK_UNKNOWN_VALUE");
}

#[tokio::test]
async fn an_unknown_order_is_404_resource_not_exists() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let error = h
        .client
        .ecommerce()
        .profitsharing()
        .query_return_order(&return_order("R-NOT-THERE"))
        .await
        .unwrap_err();
    assert!(error.is_not_found());
    assert_eq!(
        error.api().unwrap().code,
        Some(ErrorCode::ResourceNotExists)
    );
}

#[tokio::test]
async fn a_request_signed_with_another_key_is_401_sign_error() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let impostor = client_builder(&h.clock, h.sleeper.clone())
        .merchant(MCHID, MERCHANT_SERIAL, keys::pem("platform_test_key.pem"))
        .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
        .base_urls(h.mock.url(), h.mock.url())
        .build()
        .unwrap();
    let error = impostor
        .ecommerce()
        .profitsharing()
        .query_return_order(&return_order("R20190516001"))
        .await
        .unwrap_err();
    let api = error.api().unwrap();
    assert_eq!(
        (api.status, api.code.clone()),
        (401, Some(ErrorCode::SignError))
    );
    assert_eq!(
        h.mock.received().len(),
        1,
        "a signature error is not retried"
    );
}

#[tokio::test]
async fn a_request_from_a_clock_far_off_is_401() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let skewed = wechatpay_runtime::protocol::clock::ManualClock::new(NOW - 400);
    let client = client_builder(&skewed, h.sleeper.clone())
        .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
        .base_urls(h.mock.url(), h.mock.url())
        .build()
        .unwrap();
    let error = client
        .execute(&return_order("R20190516001"))
        .await
        .unwrap_err();
    assert_eq!(error.api().unwrap().status, 401);
    assert!(
        error
            .api()
            .unwrap()
            .message
            .as_deref()
            .unwrap()
            .contains("timestamp"),
        "{error}"
    );
}

/// Sends a GET the way any APIv3 client would: the target as given, signed by the test merchant.
async fn raw_get(h: &Harness, target: &str, fault: Option<&str>) -> RawAnswer {
    wechatpay_tests::raw_request(h, "GET", target, b"", fault).await
}

/// Reads a raw answer as the generated client reads it.
fn read(
    h: &Harness,
    (status, headers, body): &(u16, reqwest::header::HeaderMap, Vec<u8>),
) -> Result<Response<ecommerce::profitsharing::ReturnOrder>, wechatpay_apiv3::Error> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    h.client
        .read_response::<ecommerce::profitsharing::QueryReturnOrderRequest>(*status, header, body)
}

#[tokio::test]
async fn parameter_errors_name_field_value_issue_and_location() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let base = "/v3/ecommerce/profitsharing/returnorders";
    let cases = [
        (
            format!("{base}?order_id=3008&out_return_no=R1"),
            "sub_mchid",
            "required",
        ),
        (
            format!("{base}?sub_mchid=1900000109&out_return_no=R1"),
            "order_id/out_order_no",
            "one of",
        ),
        (
            format!("{base}?sub_mchid=1900000109&order_id=3008&out_return_no=R%231"),
            "out_return_no",
            "`#` is not allowed",
        ),
        (
            format!(
                "{base}?sub_mchid={}&order_id=3008&out_return_no=R1",
                "1".repeat(33)
            ),
            "sub_mchid",
            "length 33",
        ),
    ];
    for (target, field, issue) in cases {
        let answer = raw_get(&h, &target, None).await;
        let error = read(&h, &answer).unwrap_err();
        let api = error.api().unwrap();
        assert_eq!(
            (api.status, api.code.clone()),
            (400, Some(ErrorCode::ParamError)),
            "{target}"
        );
        let detail = api.detail.as_ref().unwrap();
        assert_eq!(detail.field.as_deref(), Some(field), "{target}");
        assert!(
            detail.issue.as_deref().unwrap().contains(issue),
            "{target}: {detail:?}"
        );
        assert_eq!(detail.location.as_deref(), Some("query"));
    }
}

#[tokio::test]
async fn both_one_of_members_are_accepted_as_the_service_does() {
    let h = Harness::start(SigningKey::PublicKey).await;
    // 001's own sample sends both; the parameters may come in any order.
    let target = "/v3/ecommerce/profitsharing/returnorders?out_return_no=R20190516001&out_order_no=P20150806125346&sub_mchid=1900000109&order_id=3008450740201411110007820472";
    let order = read(&h, &raw_get(&h, target, None).await).unwrap();
    assert_eq!(order.amount, 10);
}

#[tokio::test]
async fn faults_can_be_asked_for_per_request() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let target = "/v3/ecommerce/profitsharing/returnorders?sub_mchid=1900000109&order_id=3008450740201411110007820472&out_return_no=R20190516001";
    let (status, ..) = raw_get(&h, target, Some("system_error")).await;
    assert_eq!(status, 500);
    let answer = raw_get(&h, target, Some("rate_limited=3s")).await;
    assert_eq!(answer.0, 429);
    assert_eq!(answer.1.get("Retry-After").unwrap(), "3");
    let answer = raw_get(&h, target, Some("latency=10ms, signtest")).await;
    assert!(read(&h, &answer).is_err());
    let (status, _, body) = raw_get(&h, target, Some("explode")).await;
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("unknown fault `explode`"));
}

#[tokio::test]
async fn an_unknown_route_is_404() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let (status, _, body) = raw_get(&h, "/v3/nothing/here", None).await;
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("NOT_FOUND"));
}

#[tokio::test]
async fn a_users_own_spec_is_served_beside_the_projects() {
    use wechatpay_golden_sample::shared::ReceiverType;
    use wechatpay_golden_sample::sharing::{CreateOrderRequest, Receiver};

    let h = Harness::start(SigningKey::PublicKey).await;
    assert!(
        h.mock
            .routes()
            .contains(&"POST /v3/sample/profitsharing/orders".to_owned())
    );
    let request = CreateOrderRequest::new(
        "1900000109",
        "4208450740201411110007820472",
        "P20150806125346",
        vec![Receiver::new(ReceiverType::MerchantId, "1900000110", 100)],
        false,
    );
    let created = h.client.execute(&request).await.unwrap();
    assert!(!created.order_id.is_empty());
    assert_eq!(created.receivers.as_ref().unwrap()[0].amount, 100);
    assert_eq!(created.create_time, beijing(NOW));
    // Creating it again finds the same record.
    let again = h.client.execute(&request).await.unwrap();
    assert_eq!(again.order_id, created.order_id);
}

#[tokio::test]
async fn the_request_log_keeps_only_the_most_recent_requests() {
    let clock = wechatpay_runtime::protocol::clock::ManualClock::new(NOW);
    let config = wechatpay_tests::mock_config(SigningKey::PublicKey, &clock).request_log_limit(2);
    let mock = wechatpay_mock::MockServer::start(config).await.unwrap();
    for out_return_no in ["R-1", "R-2", "R-3"] {
        let target = format!("/v3/nothing?{out_return_no}");
        reqwest::get(format!("{}{target}", mock.url()))
            .await
            .unwrap();
    }
    assert_eq!(mock.received_count(), 3);
    let kept: Vec<String> = mock.received().into_iter().map(|r| r.target).collect();
    assert_eq!(kept, ["/v3/nothing?R-2", "/v3/nothing?R-3"]);
}

#[tokio::test]
async fn a_broken_project_spec_is_reported_as_it_is() {
    // A user's directory loaded as a complete one fails on what it leaves to the project
    // (settings), not on a guess at what it meant.
    let clock = wechatpay_runtime::protocol::clock::ManualClock::new(NOW);
    let config = wechatpay_tests::mock_config(SigningKey::PublicKey, &clock)
        .spec_dir(wechatpay_tests::repo_path("examples/custom-endpoint/spec"));
    let error = wechatpay_mock::MockServer::start(config)
        .await
        .err()
        .unwrap();
    assert!(error.to_string().contains("settings.yaml"), "{error}");
    let config = wechatpay_tests::mock_config(SigningKey::PublicKey, &clock)
        .user_spec_dir(wechatpay_tests::repo_path("examples/custom-endpoint/spec"));
    let mock = wechatpay_mock::MockServer::start(config).await.unwrap();
    assert!(
        mock.routes().contains(
            &"GET /v3/ecommerce/profitsharing/orders/{transaction_id}/amounts".to_owned()
        )
    );
}

#[tokio::test]
async fn route_faults_from_the_configuration_apply_in_order_and_run_out() {
    let clock = wechatpay_runtime::protocol::clock::ManualClock::new(NOW);
    let route = "GET /v3/ecommerce/profitsharing/returnorders";
    let config = wechatpay_tests::mock_config(SigningKey::PublicKey, &clock)
        .fault(route, Fault::SystemError, Some(1))
        .fault(route, Fault::RateLimited(None), Some(1));
    let mock = wechatpay_mock::MockServer::start(config).await.unwrap();
    let client = wechatpay_tests::client_builder(
        &clock,
        std::sync::Arc::new(wechatpay_tests::RecordingSleeper::new(clock.clone())),
    )
    .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
    .base_urls(mock.url(), mock.url())
    .build()
    .unwrap();
    let order = client.execute(&return_order("R20190516001")).await.unwrap();
    assert_eq!(order.attempts(), 3);
    let statuses: Vec<u16> = mock.received().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [500, 429, 200]);
    let unknown = wechatpay_tests::mock_config(SigningKey::PublicKey, &clock).fault(
        "GET /v3/nowhere",
        Fault::SystemError,
        None,
    );
    let error = wechatpay_mock::MockServer::start(unknown)
        .await
        .err()
        .unwrap();
    assert!(
        error.to_string().contains("no route GET /v3/nowhere"),
        "{error}"
    );
}
