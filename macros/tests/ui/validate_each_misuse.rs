#[derive(::wechatpay_runtime::Validate)]
struct Receiver {
    #[validate(required)]
    account: String,
}

#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(nested, each(length(max = 3)))]
    with_nested: Vec<Receiver>,
    #[validate(required, length(max = 3), each(charset = "0-9"), pattern = "[0-9]+")]
    with_outer_rules: Vec<String>,
    #[validate(each())]
    empty: Vec<String>,
    #[validate(each)]
    bare: Vec<String>,
    #[validate(each(required))]
    required_inside: Vec<String>,
    #[validate(each(nested))]
    nested_inside: Vec<Receiver>,
    #[validate(each(name = "id"))]
    name_inside: Vec<String>,
    #[validate(each(each(length(max = 1))))]
    each_inside: Vec<Vec<String>>,
    #[validate(each(size = 3))]
    unknown_inside: Vec<String>,
    #[validate(each(length(max = 1), length(max = 2)))]
    twice_inside: Vec<String>,
    #[validate(each(pattern = "(a"))]
    bad_pattern_inside: Vec<String>,
}

fn main() {}
