#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(charset = "z-a")]
    reversed: String,
    #[validate(charset = "")]
    empty: String,
    #[validate(charset = "a-z-0")]
    dangling_dash: String,
}

fn main() {}
