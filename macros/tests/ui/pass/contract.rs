//! The forms generated code emits, exactly as it emits them, in a crate that depends on
//! `wechatpay_runtime` alone: no `serde` import, no trait import for `as_str`/`is_known`.
#![deny(warnings, missing_docs)]

/// 回退结果
#[derive(Debug, Clone, PartialEq, Eq, Hash, ::wechatpay_runtime::WireEnum)]
#[non_exhaustive]
pub enum ReturnOrderResult {
    /// `PROCESSING`: 处理中
    #[wire("PROCESSING")]
    Processing,
    /// `FAILED`: 已失败
    #[wire("FAILED", alias = "FAIL")]
    Failed,
    /// A value this version does not know, kept as received.
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
}

/// 查询分账回退结果
#[derive(Debug, Clone, PartialEq, Eq, ::wechatpay_runtime::Validate)]
#[non_exhaustive]
pub struct QueryReturnOrderRequest {
    /// 二级商户号
    #[validate(required, length(min = 1, max = 32))]
    pub sub_mchid: String,
    /// 微信分账单号 or 商户分账单号
    #[validate(nested)]
    pub order_ref: OrderRef,
    /// 商户回退单号
    #[validate(required, length(min = 1, max = 64), charset = "0-9A-Za-z_*@-")]
    pub out_return_no: String,
    /// 分账接收方类型
    #[validate(name = "type", length(max = 32, unit = "bytes"))]
    pub receiver_type: Option<String>,
    /// 分账接收方列表
    #[validate(nested)]
    pub receivers: Vec<Receiver>,
    /// 金额
    pub amount: i64,
}

/// 分账接收方
#[derive(Debug, Clone, PartialEq, Eq, ::wechatpay_runtime::Validate)]
pub struct Receiver {
    /// 分账接收方账号
    #[validate(required, length(max = 64))]
    pub account: String,
}

/// 二选一
#[derive(Debug, Clone, PartialEq, Eq, ::wechatpay_runtime::Validate)]
pub enum OrderRef {
    /// 微信分账单号
    #[validate(name = "order_id", required, length(min = 1, max = 64))]
    OrderId(String),
    /// 商户分账单号
    #[validate(required, length(min = 1, max = 64))]
    OutOrderNo(String),
}

fn main() {
    let result: ReturnOrderResult = ::wechatpay_runtime::serde_json::from_str("\"FAIL\"").unwrap();
    assert_eq!(result.as_str(), "FAILED");
    assert!(result.is_known());

    let request = QueryReturnOrderRequest {
        sub_mchid: String::new(),
        order_ref: OrderRef::OutOrderNo("P20150806125346".to_owned()),
        out_return_no: "R20190516001".to_owned(),
        receiver_type: None,
        receivers: vec![Receiver { account: String::new() }],
        amount: 1,
    };
    let error = ::wechatpay_runtime::Validate::validate(&request).unwrap_err();
    assert_eq!(error.violations().len(), 2);
}
