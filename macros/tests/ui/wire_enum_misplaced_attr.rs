#[derive(::wechatpay_runtime::WireEnum)]
#[wire("STATUS")]
enum Status {
    #[wire("SUCCESS")]
    Success,
    #[wire(other)]
    Unknown(#[wire(other)] ::wechatpay_runtime::UnknownValue),
}

fn main() {}
