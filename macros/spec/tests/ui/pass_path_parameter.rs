//! A path parameter, percent-encoded into the path that is sent and signed.
wechatpay_spec_macros::include_spec!("../../../../examples/custom-endpoint/spec");

use ecommerce::profitsharing::QueryOrderAmountsRequest;
use wechatpay_runtime::Operation;

fn main() {
    let request = QueryOrderAmountsRequest::new("4208/45 07");
    assert_eq!(request.request_target(), "/v3/ecommerce/profitsharing/orders/4208%2F45%2007/amounts");
    assert!(request.body().unwrap().is_none());
}
