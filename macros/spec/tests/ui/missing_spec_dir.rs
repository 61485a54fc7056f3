wechatpay_spec_macros::include_spec!("../specs/nowhere");

fn main() {}
