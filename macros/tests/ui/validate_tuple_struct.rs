#[derive(::wechatpay_runtime::Validate)]
struct Request(#[validate(required)] String);

fn main() {}
