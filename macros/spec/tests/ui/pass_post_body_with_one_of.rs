//! A POST whose JSON body carries a one-of group; the project's shared format applies.
wechatpay_spec_macros::include_spec!("../../../../examples/custom-endpoint/spec");

use ecommerce::profitsharing::{CreateReturnOrderRequest, OrderRef};
use wechatpay_runtime::{Method, Operation, Validate};

fn main() {
    let request = CreateReturnOrderRequest::new("1900000109", "R1", "86693852", 10, "退款", OrderRef::out_order_no("P1"));
    assert_eq!(CreateReturnOrderRequest::METHOD, Method::Post);
    assert_eq!(request.request_target(), "/v3/ecommerce/profitsharing/returnorders");
    let body = String::from_utf8(request.body().unwrap().unwrap()).unwrap();
    assert_eq!(body, r#"{"sub_mchid":"1900000109","out_order_no":"P1","out_return_no":"R1","return_mchid":"86693852","amount":10,"description":"退款"}"#);
    // merchant_return_no is the project's format: its charset applies here too.
    let bad = CreateReturnOrderRequest::new("1900000109", "R 1", "86693852", 10, "退款", OrderRef::order_id("3008"));
    assert_eq!(bad.validate().unwrap_err().violations()[0].field, "out_return_no");
}
