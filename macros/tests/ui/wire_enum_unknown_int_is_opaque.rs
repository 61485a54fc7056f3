// An integer catch-all cannot be built by hand to shadow a known value.
fn main() {
    let _ = ::wechatpay_runtime::UnknownInt(3);
}
