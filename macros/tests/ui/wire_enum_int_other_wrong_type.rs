#[derive(::wechatpay_runtime::WireEnum)]
enum Scene {
    #[wire(3)]
    Offline,
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
}

#[derive(::wechatpay_runtime::WireEnum)]
enum Channel {
    #[wire(1)]
    Web,
    #[wire(other)]
    Unknown(i64),
}

#[derive(::wechatpay_runtime::WireEnum)]
enum Status {
    #[wire("SUCCESS")]
    Success,
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownInt),
}

fn main() {}
