#[derive(::wechatpay_runtime::WireEnum)]
enum Status {
    #[wire("SUCCESS")]
    Success,
}

fn main() {}
