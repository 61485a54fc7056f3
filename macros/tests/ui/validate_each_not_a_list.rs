#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(each(length(max = 3)))]
    one_string: String,
    #[validate(each(pattern = "[0-9]+"))]
    amounts: Vec<i64>,
}

fn main() {}
