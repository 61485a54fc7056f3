// A class the derive would refuse is refused by the spec checker first, located in the spec.
wechatpay_spec_macros::include_spec!("../specs/bad_charset");

fn main() {}
