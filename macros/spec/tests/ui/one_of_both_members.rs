wechatpay_spec_macros::include_spec!("../../../../examples/custom-endpoint/spec");

use ecommerce::profitsharing::OrderRef;

fn main() {
    // 二选一: the group is an enum; a value holding both members does not exist.
    let _ = OrderRef { order_id: "3008".into(), out_order_no: "P1".into() };
}
