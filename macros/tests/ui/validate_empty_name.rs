#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(name = "", required)]
    sub_mchid: String,
}

fn main() {}
