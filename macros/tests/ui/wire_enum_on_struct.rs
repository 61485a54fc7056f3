#[derive(::wechatpay_runtime::WireEnum)]
struct Status {
    value: String,
}

fn main() {}
