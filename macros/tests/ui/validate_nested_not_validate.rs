struct Receiver {
    account: String,
}

#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(nested)]
    receiver: Receiver,
    #[validate(nested)]
    name: String,
}

fn main() {}
