#[derive(::wechatpay_runtime::WireEnum)]
enum Scene {
    #[wire(9223372036854775808)]
    TooLarge,
    #[wire(-9223372036854775809)]
    TooSmall,
    #[wire(3u8)]
    Suffixed,
    #[wire(-)]
    LoneMinus,
    #[wire(-"3")]
    MinusString,
    #[wire(4, alias = -)]
    AliasLoneMinus,
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownInt),
}

fn main() {}
