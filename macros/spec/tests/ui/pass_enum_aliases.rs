//! A local enum with an alias, and the project's shared enum, reused rather than emitted again.
wechatpay_spec_macros::include_spec!("../../../../examples/custom-endpoint/spec");

use ecommerce::profitsharing::{ReturnOrder, ReturnResult};
use wechatpay_apiv3::shared::ReturnOrderFailReason;
use wechatpay_runtime::Pollable;

fn main() {
    let order: ReturnOrder = serde_json::from_str(
        r#"{"sub_mchid":"1","out_return_no":"R1","return_no":"3","amount":10,"result":"FAIL","fail_reason":"TIME_OUT_CLOSED"}"#,
    )
    .unwrap();
    assert_eq!(order.result, ReturnResult::Failed);
    assert_eq!(order.result.as_str(), "FAILED");
    // The type is the checked-in crate's own.
    let reason: Option<ReturnOrderFailReason> = order.fail_reason.clone();
    assert_eq!(reason, Some(ReturnOrderFailReason::TimeOutClosed));
    assert!(!order.is_pending());
}
