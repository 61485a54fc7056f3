#[derive(::wechatpay_runtime::WireEnum)]
enum Unit {
    #[wire(other)]
    Unknown,
}

#[derive(::wechatpay_runtime::WireEnum)]
enum Named {
    #[wire(other)]
    Unknown { raw: ::wechatpay_runtime::UnknownValue },
}

#[derive(::wechatpay_runtime::WireEnum)]
enum Two {
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue, u8),
}

fn main() {}
