#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(required, required)]
    sub_mchid: String,
    #[validate(length(max = 32))]
    #[validate(length(max = 64))]
    out_order_no: String,
    #[validate(length(min = 1, min = 2))]
    description: String,
}

fn main() {}
