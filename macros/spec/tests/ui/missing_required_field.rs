wechatpay_spec_macros::include_spec!("../../../../examples/custom-endpoint/spec");

use ecommerce::profitsharing::{CreateReturnOrderRequest, OrderRef};

fn main() {
    // out_return_no, return_mchid, amount and description are required: new() takes them all.
    let _ = CreateReturnOrderRequest::new("1900000109", OrderRef::order_id("3008"));
}
