#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(required, length(max = 3))]
    amount: i64,
    #[validate(required)]
    receivers: Vec<String>,
}

fn main() {}
