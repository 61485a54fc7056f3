#[derive(::wechatpay_runtime::WireEnum)]
enum Status {
    #[wire("")]
    Empty,
    #[wire("CLOSED", alias = "")]
    Closed,
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
}

fn main() {}
