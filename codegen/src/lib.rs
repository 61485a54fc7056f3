//! Generates a typed, validated WeChat Pay APIv3 client from the spec model.
//!
//! The model comes from [`wechatpay_spec`] (loaded strictly, every error located at
//! file:line:column); the emitters in [`emit`] read only that model. [`embed`] expands a user's
//! specs into one token stream (what `include_spec!` does). With the `files` feature (on by
//! default), [`generate`] writes or checks the checked-in crate and [`build`] serves build
//! scripts.
#![forbid(unsafe_code)]

#[cfg(feature = "files")]
pub mod build;
pub mod embed;
pub mod emit;
#[cfg(feature = "files")]
pub mod generate;
#[cfg(feature = "files")]
pub mod manifest;
pub mod text;

/// The spec model this crate reads, re-exported so that a build script needs one dependency.
pub use wechatpay_spec as spec;
