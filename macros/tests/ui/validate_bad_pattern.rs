#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(pattern = "[0-9")]
    unclosed: String,
    #[validate(required, pattern = "")]
    empty: String,
    #[validate(pattern = "a)|(b")]
    closes_early: String,
    #[validate(pattern = r"\p{Han}+")]
    unicode_class: String,
    #[validate(pattern = "a{1000}{1000}")]
    too_large: String,
    #[validate(pattern = 8)]
    not_a_string: String,
    #[validate(pattern = "[0-9]+", pattern = "[a-z]+")]
    twice: String,
}

fn main() {}
