//! The few rules of WeChat Pay APIv3 that more than one crate of this project applies, each
//! implemented once here and called everywhere else:
//!
//! - [`Method`]: the HTTP methods an endpoint may use (the spec reads them, the generated code
//!   names them, the runtime sends them, the mock routes them);
//! - [`LengthUnit`]: how a documented length is counted (the spec checker checks examples with
//!   it, the mock checks requests, the runtime validates before sending);
//! - [`headers`]: the protocol's header names, and which request headers the client always sets
//!   itself (so a spec may not list them as fields);
//! - [`charset`]: the grammar of a documented character class such as `0-9A-Za-z_*@-` (the spec
//!   checker, the `Validate` derive and the runtime's check share it);
//! - [`pattern`]: how a field's regular expression is compiled (matched against the whole value,
//!   its size capped), so the `Validate` derive and the runtime agree on every pattern;
//! - [`media_type`]: the grammar of a media type (`image/jpeg`), which the spec checker, the
//!   `Validate` derive and the runtime's upload check share;
//! - [`names`]: the wire name the `Validate` derive assumes for a one-of variant, which the
//!   generator relies on when it leaves the name out;
//! - [`is_missing`]: when a required text value counts as not sent (the client's validation and
//!   the mock's parameter check agree on it).
//!
//! It depends on nothing heavy, because a proc-macro crate and the runtime both build it.
#![forbid(unsafe_code)]

pub mod charset;
pub mod domains;
pub mod headers;
mod length;
pub mod media_type;
mod method;
pub mod names;
pub mod pattern;

pub use charset::Charset;

/// Whether a required text value counts as not sent: absent, or empty. The client refuses to
/// send such a request, and the mock answers it as the service does, `… is required`.
pub fn is_missing(value: Option<&str>) -> bool {
    value.is_none_or(str::is_empty)
}
pub use length::LengthUnit;
pub use method::Method;
