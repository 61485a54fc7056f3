// `file(...)` on a field that is not an `UploadFile` is a type error at the field, saying which
// types it takes.
#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(file(max_bytes = 2097152))]
    photo: Vec<u8>,
    #[validate(file)]
    filename: String,
}

fn main() {}
