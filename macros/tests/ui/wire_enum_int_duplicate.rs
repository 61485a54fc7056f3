#[derive(::wechatpay_runtime::WireEnum)]
enum Scene {
    #[wire(3, alias = 30)]
    Offline,
    #[wire(0x3)]
    Three,
    #[wire(4, alias = 30, alias = 4)]
    OfficialAccount,
    #[wire(-1)]
    Minus,
    #[wire(- 1)]
    MinusAgain,
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownInt),
}

fn main() {}
