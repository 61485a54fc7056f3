#[derive(::wechatpay_runtime::WireEnum)]
enum Status {
    #[wire]
    Success,
    #[wire()]
    Closed,
    #[wire(alias = "R")]
    Refund,
    #[wire = "P"]
    Processing,
    #[wire("F", other)]
    Failed,
    #[wire(other, "X")]
    Unknown(::wechatpay_runtime::UnknownValue),
}

fn main() {}
