// Each field holds one mistake in `file(...)`; every one is reported, at its token.
use wechatpay_runtime::UploadFile;

#[derive(::wechatpay_runtime::Validate)]
struct Request {
    #[validate(file(max_bytes = "2MB"))]
    quoted_size: UploadFile,
    #[validate(file(max_bytes = 0))]
    zero_size: UploadFile,
    #[validate(file(max_bytes = -1))]
    negative_size: UploadFile,
    #[validate(file(content_types = ""))]
    no_types: UploadFile,
    #[validate(file(content_types = "image/jpeg,,image/png"))]
    empty_item: UploadFile,
    #[validate(file(content_types = "jpeg"))]
    not_a_media_type: UploadFile,
    #[validate(file(content_types = "image/png; q=1"))]
    with_parameters: UploadFile,
    #[validate(file(content_types = "image/png,IMAGE/PNG"))]
    listed_twice: UploadFile,
    #[validate(file(content_types = ["image/png"]))]
    not_a_string: UploadFile,
    #[validate(file(max_size = 10))]
    unknown_key: UploadFile,
    #[validate(file(max_bytes = 1, max_bytes = 2))]
    duplicate_key: UploadFile,
    #[validate(file())]
    empty_group: UploadFile,
    #[validate(file = "image/png")]
    with_a_value: UploadFile,
    #[validate(file, file(max_bytes = 1))]
    twice: UploadFile,
}

fn main() {}
