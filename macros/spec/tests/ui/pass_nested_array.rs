//! A body with an array of objects, each built by its constructor and validated in place; a
//! user-supplied header.
wechatpay_spec_macros::include_spec!("../../../../examples/custom-endpoint/spec");

use ecommerce::profitsharing::{CreateOrderRequest, Receiver, ReceiverType};
use wechatpay_runtime::{Operation, Validate};

fn main() {
    let receivers = vec![
        Receiver::new(ReceiverType::MerchantId, "1900000110", 100, "分账"),
        Receiver::new(ReceiverType::PersonalOpenid, "", 1, "分账").receiver_name("x".repeat(10241)),
    ];
    let request = CreateOrderRequest::new("1900000109", "4208", "P1", receivers, true).idempotency_key("k-1");
    let error = request.validate().unwrap_err();
    let fields: Vec<&str> = error.violations().iter().map(|v| v.field.as_str()).collect();
    assert_eq!(fields, ["receivers[1].receiver_account", "receivers[1].receiver_name"]);
    let mut headers = Vec::new();
    request.write_headers(&mut headers);
    assert_eq!(headers, [("Idempotency-Key", "k-1".to_owned())]);
    assert!(!<CreateOrderRequest as Operation>::IDEMPOTENT);
}
