#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(rename = "mchid")]
    sub_mchid: String,
    #[validate(length(minimum = 1))]
    out_order_no: String,
    #[validate(serde::nested)]
    receiver: String,
}

fn main() {}
