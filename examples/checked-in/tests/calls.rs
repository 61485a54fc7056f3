//! The checked-in sources call the user's endpoints against the mock, which serves them from the
//! same specs; an endpoint's own error code arrives as a named variant.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use wechatpay_example_checked_in::Apis as _;
use wechatpay_example_checked_in::ecommerce::profitsharing::{
    CreateReturnOrderRequest, OrderRef, ReturnResult,
};
use wechatpay_example_checked_in::shared::ErrorCode;
use wechatpay_mock::{Fault, MockServer};
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_tests::keys::{self, PUBLIC_KEY_ID};
use wechatpay_tests::{NOW, SigningKey, mock_config};

#[tokio::test]
async fn the_checked_in_client_calls_the_users_endpoints() {
    let clock = ManualClock::new(NOW);
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../custom-endpoint/spec");
    let mock = MockServer::start(mock_config(SigningKey::PublicKey, &clock).user_spec_dir(spec))
        .await
        .unwrap();
    let client = wechatpay_tests::client_builder(
        &clock,
        std::sync::Arc::new(wechatpay_tests::RecordingSleeper::new(clock.clone())),
    )
    .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
    .base_url(mock.url())
    .build()
    .unwrap();
    let request = CreateReturnOrderRequest::new(
        "1900000109",
        "R20190516009",
        "86693852",
        10,
        "用户退款",
        OrderRef::out_order_no("P20150806125346"),
    );
    let profitsharing = client.ecommerce().profitsharing();
    let returned = profitsharing.create_return_order(&request).await.unwrap();
    assert_eq!(returned.result, ReturnResult::Processing);

    // The endpoint's own code, from its table, is a variant of this crate's ErrorCode.
    let route = "POST /v3/ecommerce/profitsharing/returnorders";
    let code = Fault::Error {
        code: "NOT_ENOUGH".into(),
        status: None,
    };
    mock.inject(route, code, Some(1)).unwrap();
    let error = profitsharing
        .create_return_order(&request)
        .await
        .unwrap_err();
    let api = error.api().unwrap();
    assert_eq!(
        (api.status, api.code.clone()),
        (403, Some(ErrorCode::NotEnough))
    );
}
