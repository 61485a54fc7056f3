#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(length(min = "1"))]
    sub_mchid: String,
    #[validate(charset = 5)]
    out_order_no: String,
    #[validate(name = type)]
    receiver_type: String,
    #[validate(length(max = -1))]
    description: String,
    #[validate(length(max = 1.5))]
    remark: String,
    #[validate(required = true)]
    amount: String,
    #[validate(length = 3)]
    account: String,
}

fn main() {}
