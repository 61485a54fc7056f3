//! An upload endpoint as generated code describes it, in a crate that depends on
//! `wechatpay_runtime` alone: the file field and its rule, `file()`, and `body()` returning the
//! `meta` JSON that is signed.
#![deny(warnings, missing_docs)]

/// 图片上传
#[derive(Debug, Clone, PartialEq, Eq, ::wechatpay_runtime::Validate)]
#[non_exhaustive]
pub struct UploadImageRequest {
    /// 图片文件: JPG, BMP or PNG, at most 2 MB.
    #[validate(file(max_bytes = 2097152, content_types = "image/jpeg,image/bmp,image/png"))]
    pub file: ::wechatpay_runtime::UploadFile,
}

/// 图片上传的应答
#[derive(Debug, Clone, PartialEq, Eq, ::wechatpay_runtime::serde::Deserialize)]
#[serde(crate = "::wechatpay_runtime::serde")]
pub struct MediaId {
    /// 媒体文件标识 Id
    pub media_id: String,
}

/// The endpoint's error codes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, ::wechatpay_runtime::WireEnum)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `PARAM_ERROR`: 参数错误
    #[wire("PARAM_ERROR")]
    ParamError,
    /// A value this version does not know, kept as received.
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
}

impl ::wechatpay_runtime::Operation for UploadImageRequest {
    type Response = MediaId;
    type ErrorCode = ErrorCode;
    const METHOD: ::wechatpay_runtime::Method = ::wechatpay_runtime::Method::Post;
    const PATH_TEMPLATE: &'static str = "/v3/merchant/media/upload";
    const IDEMPOTENT: bool = false;
    const SIGNED_RESPONSE: bool = true;

    fn file(&self) -> ::core::option::Option<&::wechatpay_runtime::UploadFile> {
        ::core::option::Option::Some(&self.file)
    }

    fn body(
        &self,
    ) -> ::core::result::Result<
        ::core::option::Option<::std::vec::Vec<u8>>,
        ::wechatpay_runtime::serde_json::Error,
    > {
        ::wechatpay_runtime::serde_json::to_vec(&self.file.meta()).map(::core::option::Option::Some)
    }
}

fn main() {
    use ::wechatpay_runtime::{Operation as _, Validate as _};

    let request = UploadImageRequest {
        file: ::wechatpay_runtime::UploadFile::new("logo.gif", "image/gif", b"GIF89a".to_vec()),
    };
    let error = request.validate().unwrap_err();
    assert_eq!(error.violations().len(), 1);
    assert!(request.file().is_some());
    let meta = request.body().unwrap().unwrap();
    assert!(meta.starts_with(br#"{"filename":"logo.gif","sha256":""#));
}
