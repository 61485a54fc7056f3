#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(length(min = 32, max = 1))]
    sub_mchid: String,
}

fn main() {}
