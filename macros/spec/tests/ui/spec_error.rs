wechatpay_spec_macros::include_spec!("../specs/broken");

fn main() {}
