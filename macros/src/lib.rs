//! Derive macros for the generated WeChat Pay APIv3 client.
//!
//! Use them through `wechatpay_runtime`, which re-exports both and supplies everything their
//! expansions name: the expansions refer only to `::wechatpay_runtime`, so a crate using them
//! needs no other dependency (not even serde).
#![forbid(unsafe_code)]

mod errors;
mod lit;
mod validate;
mod wire_enum;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives `WireEnum` for an enum whose values travel as strings.
///
/// Each known variant names its spelling on the wire with `#[wire("VALUE")]`, optionally with
/// other spellings that read as the same variant (`alias = "…"`, repeatable); those are never
/// written. Exactly one variant is the catch-all, `#[wire(other)]`, holding any other value
/// exactly as received, so reading never fails and an unknown value is written back unchanged.
///
/// Besides `wechatpay_runtime::WireEnum`, the derive implements inherent `as_str` and
/// `is_known`, `Display` (the wire spelling), `FromStr` (infallible: any string parses),
/// `Serialize` and `Deserialize`.
///
/// ```
/// use wechatpay_runtime::{UnknownValue, WireEnum};
///
/// #[derive(Debug, Clone, PartialEq, Eq, Hash, WireEnum)]
/// pub enum ReturnOrderResult {
///     #[wire("PROCESSING")]
///     Processing,
///     #[wire("FAILED", alias = "FAIL")]
///     Failed,
///     #[wire(other)]
///     Unknown(UnknownValue),
/// }
///
/// let read: Vec<ReturnOrderResult> = serde_json::from_str(r#"["FAIL", "ON_HOLD"]"#).unwrap();
/// assert_eq!(read[0], ReturnOrderResult::Failed);
/// assert!(!read[1].is_known());
/// assert_eq!(serde_json::to_string(&read).unwrap(), r#"["FAILED","ON_HOLD"]"#);
/// assert_eq!("PROCESSING".parse(), Ok(ReturnOrderResult::Processing));
/// assert_eq!(ReturnOrderResult::KNOWN, ["PROCESSING", "FAILED"]);
/// ```
///
/// Misuse is a compile error pointing at the offending token: a struct, union or generic enum;
/// a variant without `#[wire]`; an unknown key; a value or alias that is not a non-empty string
/// literal, or that another variant already reads; a missing or repeated catch-all, or one not
/// written `Name(UnknownValue)`; a known variant holding data.
#[proc_macro_derive(WireEnum, attributes(wire))]
pub fn derive_wire_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    wire_enum::derive(&input).into()
}

/// Derives `Validate`, checking the documented rules of a request.
///
/// On a struct with named fields, each field with a `#[validate(...)]` attribute is checked;
/// the others are not. On a one-of enum (every variant holding one value), each variant's
/// attribute applies to its value; the members of a one-of group sit beside the other fields
/// on the wire, so the paths name the member (`out_order_no`), not the Rust field holding the
/// group.
///
/// | key | meaning |
/// |---|---|
/// | `name = "…"` | the wire name in violation paths; default: the field name (without `r#`), or the `snake_case` of the variant |
/// | `required` | present and non-empty (`None` breaks it too); an empty value is not also reported as too short |
/// | `length(min = N, max = N, unit = "chars" \| "bytes")` | length bounds, inclusive, either optional; counted in characters (Unicode scalar values) unless `unit = "bytes"` |
/// | `charset = "…"` | every character in the class: ranges (`a-z`) and single characters; a `-` first or last stands for itself. Parsed at compile time |
/// | `nested` | the value implements `Validate` (also `Option`, `Vec`, `Box` of one); not combinable with the string rules |
///
/// The string rules apply to `String`, `&str`, `Box<str>`, `Cow<str>` and `Option` of those.
///
/// ```
/// use wechatpay_runtime::Validate;
///
/// #[derive(Validate)]
/// pub struct Request {
///     #[validate(required, length(min = 1, max = 32))]
///     pub sub_mchid: String,
///     #[validate(nested)]
///     pub order_ref: OrderRef,
///     #[validate(required, charset = "0-9A-Za-z_*@-")]
///     pub out_return_no: String,
///     #[validate(name = "type", length(max = 32, unit = "bytes"))]
///     pub receiver_type: Option<String>,
/// }
///
/// #[derive(Validate)]
/// pub enum OrderRef {
///     #[validate(required, length(max = 64))]
///     OrderId(String),
///     #[validate(required, length(max = 64))]
///     OutOrderNo(String),
/// }
///
/// let request = Request {
///     sub_mchid: String::new(),
///     order_ref: OrderRef::OutOrderNo(String::new()),
///     out_return_no: "R#1".into(),
///     receiver_type: None,
/// };
/// assert_eq!(
///     request.validate().unwrap_err().to_string(),
///     "3 invalid fields: sub_mchid: is required but empty; \
///      out_order_no: is required but empty; \
///      out_return_no: must contain only 0-9A-Za-z_*@- (found '#') in \"R#1\""
/// );
/// ```
///
/// Misuse is a compile error pointing at the offending token: a union, tuple struct, or enum
/// variant not holding exactly one value; an unknown or repeated key; a literal of the wrong
/// type; `min` greater than `max`; a malformed character class; `nested` with a string rule; an
/// attribute with no rule.
#[proc_macro_derive(Validate, attributes(validate))]
pub fn derive_validate(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    validate::derive(&input).into()
}
