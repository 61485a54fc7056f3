#[derive(::wechatpay_runtime::WireEnum)]
enum Status {
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
    #[wire(other)]
    Unrecognised(::wechatpay_runtime::UnknownValue),
}

fn main() {}
