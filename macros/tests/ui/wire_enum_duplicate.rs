#[derive(::wechatpay_runtime::WireEnum)]
enum Status {
    #[wire("SUCCESS", alias = "OK")]
    Success,
    #[wire("SUCCESS")]
    Done,
    #[wire("FAILED", alias = "OK", alias = "FAILED")]
    Failed,
    #[wire("CLOSED")]
    #[wire("SHUT")]
    Closed,
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
}

fn main() {}
