#[derive(::wechatpay_runtime::Validate)]
#[validate(required)]
struct Request {
    #[validate(required)]
    sub_mchid: String,
}

#[derive(::wechatpay_runtime::Validate)]
enum OrderRef {
    OrderId(#[validate(required)] String),
}

fn main() {}
