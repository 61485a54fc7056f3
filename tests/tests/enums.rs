//! Enums read every documented spelling, write their canonical one, and keep values
//! they do not know byte for byte.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::str::FromStr;

use wechatpay_apiv3::shared::{ErrorCode, ReturnOrderFailReason, ReturnOrderResult};
use wechatpay_apiv3::{brand, ecommerce};

fn read<T: serde::de::DeserializeOwned>(value: &str) -> T {
    serde_json::from_value(serde_json::Value::String(value.to_owned())).unwrap()
}

fn write<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn fail_and_failed_read_as_one_value_shared_by_both_return_order_endpoints() {
    // 000 documents FAILED, 001 documents FAIL; the service may send either. One shared enum
    // serves both endpoints and writes the canonical FAILED.
    for spelling in ["FAIL", "FAILED"] {
        assert_eq!(
            read::<ReturnOrderResult>(spelling),
            ReturnOrderResult::Failed
        );
        assert_eq!(
            ReturnOrderResult::from_str(spelling).unwrap().as_str(),
            "FAILED"
        );
    }
    assert_eq!(write(&ReturnOrderResult::Failed), "FAILED");
    assert_eq!(ReturnOrderResult::Failed.to_string(), "FAILED");
    let brand: brand::profitsharing::ReturnOrder = serde_json::from_value(serde_json::json!({
        "sub_mchid": "1900000109", "order_id": "1", "out_order_no": "2",
        "out_return_no": "3", "return_no": "4", "return_mchid": "5", "amount": 1,
        "result": "FAIL"
    }))
    .unwrap();
    let ecommerce: ecommerce::profitsharing::ReturnOrder =
        serde_json::from_value(serde_json::json!({
            "sub_mchid": "1900000109", "order_id": "1", "out_order_no": "2",
            "out_return_no": "3", "return_no": "4", "return_mchid": "5", "amount": 1,
            "result": "FAILED"
        }))
        .unwrap();
    assert_eq!(brand.result, ecommerce.result);
}

#[test]
fn unknown_values_round_trip_byte_for_byte() {
    for raw in ["REFUNDED", "failed", "FAIL ", "新状态", ""] {
        let value: ReturnOrderResult = read(raw);
        assert!(!value.is_known(), "{raw:?}");
        assert_eq!(value.as_str(), raw);
        assert_eq!(write(&value), raw);
        assert_eq!(value.to_string(), raw);
    }
}

#[test]
fn known_values_are_known_and_display_their_wire_name() {
    let value: ReturnOrderFailReason = read("PAYER_ACCOUNT_ABNORMAL");
    assert_eq!(value, ReturnOrderFailReason::PayerAccountAbnormal);
    assert!(value.is_known());
    assert_eq!(value.to_string(), "PAYER_ACCOUNT_ABNORMAL");
}

#[test]
fn values_added_by_errata_are_known() {
    use ecommerce::profitsharing::{ProfitSharingOrderStatus, ReceiverResult};
    assert_eq!(
        read::<ProfitSharingOrderStatus>("CLOSED"),
        ProfitSharingOrderStatus::Closed
    );
    assert_eq!(read::<ReceiverResult>("RETURNED"), ReceiverResult::Returned);
    // The changelog's SUCEESS typo is not a spelling of SUCCESS.
    assert!(!read::<ReceiverResult>("SUCEESS").is_known());
}

#[test]
fn error_codes_cover_the_public_and_endpoint_tables() {
    for (code, expected) in [
        ("SIGN_ERROR", ErrorCode::SignError),
        ("PARAM_ERROR", ErrorCode::ParamError),
        ("INVALID_REQUEST", ErrorCode::InvalidRequest),
        ("SYSTEM_ERROR", ErrorCode::SystemError),
        ("FREQUENCY_LIMITED", ErrorCode::FrequencyLimited),
        ("RESOURCE_NOT_EXISTS", ErrorCode::ResourceNotExists),
    ] {
        assert_eq!(read::<ErrorCode>(code), expected);
    }
    assert_eq!(read::<ErrorCode>("NO_AUTH").as_str(), "NO_AUTH");
}
