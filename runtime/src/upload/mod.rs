//! Files sent to the upload endpoints (图片上传, 视频上传 and the like): the file a request
//! carries ([`UploadFile`]), the `meta` JSON derived from it ([`UploadMeta`]), and the
//! `multipart/form-data` body that carries both.
//!
//! # The protocol
//!
//! These rules are WeChat Pay's, from the pages named after each:
//!
//! - The request is `multipart/form-data` with two parts: `meta`, a JSON object sent with
//!   `Content-Type: application/json`, and `file`, the file's bytes, with its name in the
//!   `filename` of its `Content-Disposition` and its own content type. For 图片上传
//!   (`POST /v3/merchant/media/upload`) `meta` holds `filename` (the file's name,
//!   `string[1,128]`, ending in JPG, BMP or PNG) and `sha256` (the SHA-256 of the file's bytes,
//!   in hex); the file is a JPG, BMP or PNG image of at most 2 MB. Some upload endpoints send
//!   other `meta` fields. Sources: 图片上传, <https://pay.weixin.qq.com/doc/v3/partner/4012760509>;
//!   商户上传反馈图片, <https://pay.weixin.qq.com/doc/v3/partner/4012467222>; 视频上传
//!   (`POST /v3/merchant/media/video_upload`, at most 5 MB).
//! - The request signature (the `Authorization` header) covers the `meta` JSON, byte for byte as
//!   sent in the `meta` part, as the body line of the signed message; never the multipart body.
//!   Source: 签名生成, <https://pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_0.shtml>
//!   ("图片上传API，请使用meta对应的JSON报文"), and the same rule spelt out with an example on
//!   上传文件API, <https://pay.weixin.qq.com/wiki/doc/api_external/ch/apis/chapter4_1_11.shtml>
//!   ("参与签名计算的请求主体为meta的json串").
//! - The answer is ordinary signed JSON (`{"media_id": "…"}`), verified and decoded as any other.
//!
//! # How the runtime sends one
//!
//! An [`Operation`](crate::Operation) with a file returns it from
//! [`Operation::file`](crate::Operation::file), and returns the `meta` JSON bytes from
//! [`Operation::body`](crate::Operation::body) (for the common `meta`,
//! `serde_json::to_vec(&self.file.meta())`). The client signs those bytes as it signs any body,
//! then sends the multipart body built around them, once per call: every retry resends the same
//! bytes (a fresh signature each time, as for any request). [`crate::client::SignedRequest`]
//! carries that body and its `Content-Type`, so other HTTP stacks send the same thing.
//!
//! The multipart body is written here rather than with reqwest's `multipart` feature: the bytes
//! must be known exactly and kept (for [`crate::Client::sign_request`], which hands them to other
//! HTTP stacks, and for retries, which resend them), while reqwest's `Form` is a one-shot stream
//! whose bytes are never seen; and the format needed is small (RFC 7578). The boundary is drawn
//! from the operating system's random source and drawn again should it occur in the `meta` or
//! file bytes. The file name in `Content-Disposition` is escaped as the HTML standard's
//! multipart/form-data encoding does (`"` as `%22`, CR as `%0D`, LF as `%0A`), and so is every
//! other ASCII control character, which a strict part-header parser would refuse: a name cannot
//! end the header or add one. `meta` keeps the name as given, JSON-escaped.
//!
//! Before anything is sent, the client checks what the wire needs whatever the request's own
//! rules: a non-empty file with a non-empty name and a content type of the form `type/subtype`
//! (a violation reported at `file`, the part's name). The documented limits are the request's
//! rules: `#[validate(file(max_bytes = …, content_types = "…"))]`, see
//! [`crate::validate::FileRules`].

mod multipart;
#[cfg(test)]
mod tests;

use std::fmt;

use aws_lc_rs::digest;

pub(crate) use self::multipart::Multipart;

/// The name of the multipart part holding the `meta` JSON.
pub const META_PART: &str = "meta";
/// The name of the multipart part holding the file.
pub const FILE_PART: &str = "file";
/// The content type of the `meta` part.
pub const META_CONTENT_TYPE: &str = "application/json";

/// A file to upload: its name, its content type and its bytes.
///
/// `Debug` shows the name, the content type and the length, never the bytes.
///
/// ```
/// use wechatpay_runtime::UploadFile;
///
/// let file = UploadFile::new("logo.png", "image/png", b"abc".to_vec());
/// assert_eq!(file.len(), 3);
/// assert_eq!(
///     file.sha256_hex(),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// assert_eq!(
///     serde_json::to_string(&file.meta()).unwrap(),
///     r#"{"filename":"logo.png","sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}"#
/// );
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UploadFile {
    filename: String,
    content_type: String,
    bytes: Vec<u8>,
}

impl UploadFile {
    /// A file named `filename` (as the service will know it: the `meta` `filename` and the
    /// part's `filename`), of media type `content_type` (e.g. `image/png`), holding `bytes`.
    ///
    /// Nothing is checked here: validation reports an empty name or file, a malformed content
    /// type and the documented limits, all at once, before anything is sent.
    pub fn new(
        filename: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        Self {
            filename: filename.into(),
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }

    /// The file's name.
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The file's media type, e.g. `image/png`.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file's length in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the file has no byte at all (which validation refuses).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The file's bytes, by value.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The SHA-256 digest of the bytes in lowercase hex: the `sha256` of `meta`.
    pub fn sha256_hex(&self) -> String {
        hex(digest::digest(&digest::SHA256, &self.bytes).as_ref())
    }

    /// The `meta` object of the common upload endpoints: `{"filename": …, "sha256": …}`.
    ///
    /// An endpoint whose `meta` has more fields serializes a struct holding this one under
    /// `#[serde(flatten)]` beside them.
    pub fn meta(&self) -> UploadMeta<'_> {
        UploadMeta {
            filename: &self.filename,
            sha256: self.sha256_hex(),
        }
    }
}

impl fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A file may be megabytes of binary: a log line gets its length only.
        f.debug_struct("UploadFile")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// The `meta` JSON of the common upload endpoints, in the documented order: the file's name and
/// the hex SHA-256 of its bytes ([`UploadFile::meta`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct UploadMeta<'a> {
    /// The file's name.
    pub filename: &'a str,
    /// The lowercase hex SHA-256 of the file's bytes.
    pub sha256: String,
}

/// Lowercase hex, as the `sha256` field is documented (the example value is lowercase).
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

pub(crate) use wechatpay_rules::media_type::{essence as media_type_essence, is_media_type};
