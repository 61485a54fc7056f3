//! The runtime driven the way generated code drives it: a request that validates and lays
//! itself out through `Operation`, and a response with wire enums and times, written as the
//! generator writes them (everything through `::wechatpay_runtime`).

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::borrow::Cow;

use wechatpay_runtime::time::OffsetDateTime;
use wechatpay_runtime::{Method, Operation, QueryString, Rule, Validate};

/// 查询分账回退结果
#[derive(Debug, Clone, PartialEq, Eq, ::wechatpay_runtime::Validate)]
struct QueryReturnOrderRequest {
    #[validate(required, length(min = 1, max = 32))]
    sub_mchid: String,
    #[validate(nested)]
    order_ref: OrderRef,
    #[validate(required, length(min = 1, max = 64), charset = "0-9A-Za-z_*@-")]
    out_return_no: String,
}

#[derive(Debug, Clone, PartialEq, Eq, ::wechatpay_runtime::Validate)]
enum OrderRef {
    #[validate(required, length(min = 1, max = 64))]
    OrderId(String),
    #[validate(required, length(min = 1, max = 64))]
    OutOrderNo(String),
}

impl Operation for QueryReturnOrderRequest {
    type Response = ReturnOrder;
    type ErrorCode = ErrorCode;
    const METHOD: Method = Method::Get;
    const PATH_TEMPLATE: &'static str = "/v3/ecommerce/profitsharing/returnorders/{out_return_no}";
    const IDEMPOTENT: bool = true;
    const SIGNED_RESPONSE: bool = true;

    fn path(&self) -> Cow<'static, str> {
        let out_return_no = ::wechatpay_runtime::query::encode_path_segment(&self.out_return_no);
        Cow::Owned(format!(
            "/v3/ecommerce/profitsharing/returnorders/{out_return_no}"
        ))
    }

    fn write_query(&self, query: &mut QueryString) {
        query.push("sub_mchid", &self.sub_mchid);
        match &self.order_ref {
            OrderRef::OrderId(value) => query.push("order_id", value),
            OrderRef::OutOrderNo(value) => query.push("out_order_no", value),
        }
    }
}

/// The error codes, as the generated crate's `shared::ErrorCode`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, ::wechatpay_runtime::WireEnum)]
#[non_exhaustive]
enum ErrorCode {
    #[wire("RESOURCE_NOT_EXISTS")]
    ResourceNotExists,
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
}

/// 回退结果
#[derive(Debug, Clone, PartialEq, Eq, Hash, ::wechatpay_runtime::WireEnum)]
#[non_exhaustive]
enum ReturnOrderResult {
    #[wire("PROCESSING")]
    Processing,
    #[wire("SUCCESS")]
    Success,
    #[wire("FAILED", alias = "FAIL")]
    Failed,
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
}

#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    ::wechatpay_runtime::serde::Serialize,
    ::wechatpay_runtime::serde::Deserialize,
)]
#[serde(crate = "::wechatpay_runtime::serde")]
struct ReturnOrder {
    out_return_no: String,
    result: ReturnOrderResult,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fail_reason: Option<String>,
    #[serde(with = "::wechatpay_runtime::datetime::rfc3339")]
    create_time: OffsetDateTime,
    #[serde(default, with = "::wechatpay_runtime::datetime::rfc3339_option")]
    finish_time: Option<OffsetDateTime>,
}

fn request() -> QueryReturnOrderRequest {
    QueryReturnOrderRequest {
        sub_mchid: "1900000109".to_owned(),
        order_ref: OrderRef::OutOrderNo("P20150806125346".to_owned()),
        out_return_no: "R20190516001".to_owned(),
    }
}

#[test]
fn request_target_is_path_then_encoded_query() {
    assert_eq!(request().validate(), Ok(()));
    assert_eq!(
        request().request_target(),
        "/v3/ecommerce/profitsharing/returnorders/R20190516001\
         ?sub_mchid=1900000109&out_order_no=P20150806125346"
    );
}

#[test]
fn values_that_fail_validation_would_also_be_encoded_safely() {
    let mut request = request();
    request.out_return_no = "R 1/分".to_owned();
    request.order_ref = OrderRef::OrderId("a&b=c+d".to_owned());
    assert_eq!(
        request.request_target(),
        "/v3/ecommerce/profitsharing/returnorders/R%201%2F%E5%88%86\
         ?sub_mchid=1900000109&order_id=a%26b%3Dc%2Bd"
    );
    let error = request.validate().unwrap_err();
    assert_eq!(error.violations().len(), 1);
    assert_eq!(error.violations()[0].field, "out_return_no");
    assert_eq!(
        error.violations()[0].rule,
        Rule::Charset {
            allowed: "0-9A-Za-z_*@-",
            found: ' '
        }
    );
}

#[test]
fn validation_names_one_of_members_as_sent() {
    let mut request = request();
    request.sub_mchid.clear();
    request.order_ref = OrderRef::OrderId(String::new());
    assert_eq!(
        request.validate().unwrap_err().to_string(),
        "2 invalid fields: sub_mchid: is required but empty; order_id: is required but empty"
    );
}

#[test]
fn response_with_known_alias_unknown_and_missing_times() {
    let json = r#"{
        "out_return_no": "R20190516001",
        "result": "FAIL",
        "fail_reason": "ACCOUNT_ABNORMAL",
        "create_time": "2015-05-20T13:29:35:120+08:00",
        "finish_time": ""
    }"#;
    let order: ReturnOrder = ::wechatpay_runtime::serde_json::from_str(json).unwrap();
    assert_eq!(order.result, ReturnOrderResult::Failed);
    assert_eq!(order.create_time.offset().whole_hours(), 8);
    assert_eq!(order.create_time.millisecond(), 120);
    assert_eq!(order.finish_time, None);
    assert_eq!(
        ::wechatpay_runtime::serde_json::to_string(&order).unwrap(),
        r#"{"out_return_no":"R20190516001","result":"FAILED","fail_reason":"ACCOUNT_ABNORMAL","create_time":"2015-05-20T13:29:35.120+08:00","finish_time":null}"#
    );
}

#[test]
fn response_with_a_result_added_later_roundtrips() {
    let json = r#"{"out_return_no":"R1","result":"PARTIALLY_RETURNED","create_time":"2015-05-20T13:29:35+08:00","finish_time":"2015-05-20T13:29:36+08:00"}"#;
    let order: ReturnOrder = ::wechatpay_runtime::serde_json::from_str(json).unwrap();
    assert!(!order.result.is_known());
    assert_eq!(order.result.as_str(), "PARTIALLY_RETURNED");
    assert_eq!(
        ::wechatpay_runtime::serde_json::to_string(&order).unwrap(),
        json
    );
}
