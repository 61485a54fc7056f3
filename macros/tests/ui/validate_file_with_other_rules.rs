// `file` checks an `UploadFile`: the string rules, `nested` and `each` are refused beside it,
// each naming what to write instead.
use wechatpay_runtime::UploadFile;

#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(file, required)]
    required: UploadFile,
    #[validate(file(max_bytes = 2097152), length(max = 128), charset = "a-z", pattern = "[a-z]+")]
    strings: UploadFile,
    #[validate(file, nested)]
    nested: UploadFile,
    #[validate(file, each(length(max = 1)))]
    each: Vec<UploadFile>,
}

fn main() {}
