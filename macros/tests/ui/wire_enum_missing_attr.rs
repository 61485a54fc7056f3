#[derive(::wechatpay_runtime::WireEnum)]
enum Status {
    #[wire("SUCCESS")]
    Success,
    Closed,
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
}

fn main() {}
