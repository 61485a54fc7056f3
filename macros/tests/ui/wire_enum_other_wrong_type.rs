#[derive(::wechatpay_runtime::WireEnum)]
enum Status {
    #[wire("SUCCESS")]
    Success,
    #[wire(other)]
    Unknown(String),
}

fn main() {}
