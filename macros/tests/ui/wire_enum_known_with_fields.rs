#[derive(::wechatpay_runtime::WireEnum)]
enum Status {
    #[wire("SUCCESS")]
    Success(u32),
    #[wire("CLOSED")]
    Closed { at: String },
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
}

fn main() {}
