//! Emitters: each reads the [`wechatpay_spec::model::Api`] and produces files. None reads YAML.

#[cfg(feature = "docs")]
pub mod docs;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod rust;

/// One generated file.
#[cfg(feature = "files")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the output directory, with `/` separators.
    pub path: String,
    /// The full contents.
    pub contents: String,
}
