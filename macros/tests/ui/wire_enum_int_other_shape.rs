#[derive(::wechatpay_runtime::WireEnum)]
enum Scene {
    #[wire(3)]
    Offline(u8),
    #[wire(other)]
    Unknown,
}

#[derive(::wechatpay_runtime::WireEnum)]
enum NoCatchAll {
    #[wire(3)]
    Offline,
}

fn main() {}
