//! Requests are validated before anything is sent, and every violation is reported with the
//! wire field name, the rule and the offending value.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use wechatpay_apiv3::{brand, ecommerce};
use wechatpay_runtime::{LengthUnit, Rule, Validate};

#[test]
fn a_valid_request_passes() {
    let request = ecommerce::profitsharing::QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516001",
        ecommerce::profitsharing::OrderRef::order_id("3008450740201411110007820472"),
    );
    request.validate().unwrap();
}

#[test]
fn every_violation_is_listed_with_field_rule_and_value() {
    let request = ecommerce::profitsharing::QueryReturnOrderRequest::new(
        "",
        "R#2019",
        ecommerce::profitsharing::OrderRef::out_order_no("P".repeat(65)),
    );
    let error = request.validate().unwrap_err();
    let violations = error.violations();
    assert_eq!(violations.len(), 3, "{error}");

    assert_eq!(violations[0].field, "sub_mchid");
    assert_eq!(violations[0].rule, Rule::Required);
    assert_eq!(violations[0].value, "");

    assert_eq!(violations[1].field, "out_order_no");
    assert_eq!(
        violations[1].rule,
        Rule::Length {
            min: Some(1),
            max: Some(64),
            unit: LengthUnit::Chars,
            actual: 65
        }
    );
    assert_eq!(violations[1].value, "P".repeat(65));

    assert_eq!(violations[2].field, "out_return_no");
    assert!(
        matches!(violations[2].rule, Rule::Charset { found: '#', .. }),
        "{:?}",
        violations[2].rule
    );
    assert_eq!(violations[2].value, "R#2019");

    let message = error.to_string();
    for needle in ["sub_mchid", "out_order_no", "out_return_no", "R#2019", "64"] {
        assert!(
            message.contains(needle),
            "`{needle}` missing from: {message}"
        );
    }
}

#[test]
fn lengths_count_characters_not_bytes() {
    // 32 Chinese characters are 96 UTF-8 bytes, and still within string[1,32].
    let request = ecommerce::profitsharing::QueryOrderRequest::new("商".repeat(32), "4208", "P1");
    request.validate().unwrap();
    let request = ecommerce::profitsharing::QueryOrderRequest::new("商".repeat(33), "4208", "P1");
    let error = request.validate().unwrap_err();
    assert!(matches!(
        error.violations()[0].rule,
        Rule::Length { actual: 33, .. }
    ));
}

#[test]
fn the_charset_admits_exactly_digits_letters_and_the_four_symbols() {
    let with = |out_return_no: &str| {
        ecommerce::profitsharing::QueryReturnOrderRequest::new(
            "1900000109",
            out_return_no,
            ecommerce::profitsharing::OrderRef::order_id("3008"),
        )
        .validate()
    };
    with("Az09_-*@").unwrap();
    for bad in ["R 1", "R/1", "R.1", "回退1", "R+1"] {
        let error = with(bad).unwrap_err();
        assert_eq!(error.violations()[0].field, "out_return_no", "{bad}");
    }
}

#[test]
fn the_brand_endpoint_keeps_its_own_limits() {
    // 001 gives string(32) / string(64) and no charset rule; empty values are still missing values.
    let request = brand::profitsharing::QueryReturnOrderRequest::new(
        "1900000109",
        "R 2019",
        brand::profitsharing::OrderRef::order_id(""),
    );
    let error = request.validate().unwrap_err();
    let fields: Vec<&str> = error
        .violations()
        .iter()
        .map(|v| v.field.as_str())
        .collect();
    assert_eq!(fields, ["order_id"], "{error}");
}

#[test]
fn the_query_string_is_percent_encoded_in_table_order() {
    let request = ecommerce::profitsharing::QueryOrderRequest::new("19 00&", "42=08", "P/中");
    assert_eq!(
        wechatpay_runtime::Operation::query_string(&request),
        "sub_mchid=19%2000%26&transaction_id=42%3D08&out_order_no=P%2F%E4%B8%AD"
    );
}

#[test]
fn the_message_names_one_of_members_as_they_are_sent() {
    let request = ecommerce::profitsharing::QueryReturnOrderRequest::new(
        "",
        "R1",
        ecommerce::profitsharing::OrderRef::order_id(""),
    );
    assert_eq!(
        request.validate().unwrap_err().to_string(),
        "2 invalid fields: sub_mchid: is required but empty; order_id: is required but empty"
    );
}

/// The e-commerce and brand return-order queries take their arguments in the same order (the
/// required fields in table order, then the one-of), and one `OrderRef` serves both.
#[test]
fn same_shaped_requests_share_their_constructor_order_and_their_choice() {
    let order = ecommerce::profitsharing::OrderRef::out_order_no("P20150806125346");
    let ecommerce = ecommerce::profitsharing::QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516001",
        order.clone(),
    );
    let brand = brand::profitsharing::QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516001",
        order.into(),
    );
    let back: ecommerce::profitsharing::OrderRef = brand.order_ref.clone().into();
    assert_eq!(back, ecommerce.order_ref);
    assert_eq!(
        brand.order_ref,
        brand::profitsharing::OrderRef::out_order_no("P20150806125346")
    );
}
