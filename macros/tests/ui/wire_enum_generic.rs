#[derive(::wechatpay_runtime::WireEnum)]
enum Status<T> {
    #[wire("A")]
    A,
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
    #[wire("B")]
    B(T),
}

fn main() {}
