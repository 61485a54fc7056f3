#[derive(::wechatpay_runtime::WireEnum)]
enum Scene {
    #[wire(3)]
    Offline,
    #[wire("APP")]
    App,
    #[wire(5, alias = "FIVE")]
    Five,
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownInt),
}

#[derive(::wechatpay_runtime::WireEnum)]
enum Status {
    #[wire("SUCCESS", alias = 1)]
    Success,
    #[wire(-2)]
    Failed,
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
}

fn main() {}
