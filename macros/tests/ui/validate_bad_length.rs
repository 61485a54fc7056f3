#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(length)]
    bare: String,
    #[validate(length())]
    empty: String,
    #[validate(length(unit = "bytes"))]
    unit_only: String,
    #[validate(length(max = 3, unit = "runes"))]
    unknown_unit: String,
}

fn main() {}
