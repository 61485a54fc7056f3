//! The hand-written runtime beneath the generated WeChat Pay APIv3 client.
//!
//! It knows no endpoint. The generated crate (`wechatpay-apiv3`) describes each endpoint through
//! [`Operation`], its enums through [`WireEnum`] and its validation rules through [`Validate`];
//! this crate supplies the behaviour they share, once.
//!
//! Generated code names everything here by the absolute path `::wechatpay_runtime`, so the same
//! tokens work in the checked-in crate, in a `build.rs` output and in a macro expansion.
#![forbid(unsafe_code)]

pub mod client;
mod clip;
pub mod datetime;
pub mod decode;
pub mod json;
pub mod notify;
pub mod operation;
pub mod protocol;
pub mod query;
mod report;
pub mod sensitive;
pub mod upload;
pub mod validate;
pub mod wire_enum;
pub mod wire_int_enum;

pub use client::{Call, Client, ClientBuilder, Error, PollPolicy, Pollable, Response, RetryPolicy};
pub use client::{CertificateError, CertificateRefreshPolicy};
pub use client::{DownloadError, DownloadRequest, Downloaded};
pub use json::{Decimal, JsonObject};
pub use operation::{Method, Operation};
pub use operation::{NoContent, OffsetUnit, Page, Paged, ResponseBody};
pub use protocol::ApiV3Key;
pub use query::QueryString;
pub use sensitive::{Encrypted, SecretString};
pub use upload::UploadFile;
pub use validate::{FieldPath, LengthUnit, Rule, Validate, ValidationError, Violation};
/// Derive macros used by generated code (and available to hand-written types).
pub use wechatpay_macros::{DecodeObject, Validate, WireEnum};
pub use wire_enum::{UnknownValue, WireEnum};
pub use wire_int_enum::{UnknownInt, WireIntEnum};

/// Re-exported: a paged list is read as a [`Stream`] of its items ([`Client::items`]).
pub use futures_util::stream::Stream;
/// Re-exported so generated code and its derives reach serde through this crate alone.
pub use serde;
/// Re-exported so generated code and its derives reach serde_json through this crate alone.
pub use serde_json;
/// Re-exported: response times are [`time::OffsetDateTime`], keeping the offset the service sent.
pub use time;
/// Re-exported: a file is downloaded into a path or into any [`AsyncWrite`].
pub use tokio::io::AsyncWrite;
