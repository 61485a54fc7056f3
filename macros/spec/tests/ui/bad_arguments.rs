mod a {
    wechatpay_spec_macros::include_spec!(spec);
}
mod b {
    wechatpay_spec_macros::include_spec!("../specs/broken", rot = crate::b);
}

fn main() {}
