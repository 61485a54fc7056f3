#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate()]
    sub_mchid: String,
    #[validate(name = "type")]
    receiver_type: String,
    #[validate]
    description: String,
}

fn main() {}
