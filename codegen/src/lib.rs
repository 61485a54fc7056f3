//! Generates a typed, validated WeChat Pay APIv3 client from YAML transcriptions of the
//! documentation tables.
//!
//! The pipeline has one model in the middle: [`load`] reads `spec/` (strictly, every error
//! located at file:line:column), [`check`] resolves it into a [`model::Api`], and the emitters in
//! [`emit`] read only that model. [`generate`] writes or checks the checked-in crate.
#![forbid(unsafe_code)]

pub mod base;
pub mod build;
pub mod check;
pub mod diagnostics;
pub mod doc_type;
pub mod embed;
pub mod emit;
pub mod generate;
pub mod load;
pub mod model;
pub mod names;
pub mod spec;
pub mod yaml;

pub use diagnostics::{SpecError, SpecErrors};
pub use load::load_api;
