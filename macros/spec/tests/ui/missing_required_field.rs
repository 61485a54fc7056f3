wechatpay_spec_macros::include_spec!("../../../../examples/custom-endpoint/spec");

use ecommerce::profitsharing::CreateReturnOrderRequest;

fn main() {
    // return_mchid, amount, description and the order (a one-of) are required: new() takes them all.
    let _ = CreateReturnOrderRequest::new("1900000109", "R1");
}
