#[derive(::wechatpay_runtime::WireEnum)]
enum Status {
    #[wire(rename = "SUCCESS")]
    Success,
    #[wire("CLOSED", default)]
    Closed,
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
}

fn main() {}
