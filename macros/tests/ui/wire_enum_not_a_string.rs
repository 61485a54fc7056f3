#[derive(::wechatpay_runtime::WireEnum)]
enum Status {
    #[wire(1.5)]
    Success,
    #[wire("CLOSED", alias = 3.0)]
    Closed,
    #[wire(b"REFUND")]
    Refund,
    #[wire(true)]
    Processing,
    #[wire('R')]
    Returned,
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
}

fn main() {}
