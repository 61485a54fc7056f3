#[derive(::wechatpay_runtime::WireEnum)]
enum Status {
    #[wire(1)]
    Success,
    #[wire("CLOSED", alias = 3)]
    Closed,
    #[wire(b"REFUND")]
    Refund,
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
}

fn main() {}
