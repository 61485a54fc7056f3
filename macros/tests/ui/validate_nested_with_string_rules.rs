#[derive(::wechatpay_runtime::Validate)]
struct Receiver {
    #[validate(required)]
    account: String,
}

#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(nested, required, length(max = 3))]
    receiver: Receiver,
}

fn main() {}
