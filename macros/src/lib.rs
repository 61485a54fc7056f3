//! Derive macros for the generated WeChat Pay APIv3 client.
//!
//! Use them through `wechatpay_runtime`, which re-exports both and supplies everything their
//! expansions name: the expansions refer only to `::wechatpay_runtime`, so a crate using them
//! needs no other dependency (not even serde).
#![forbid(unsafe_code)]

mod decode_object;
mod errors;
mod lit;
mod validate;
mod wire_enum;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives serde's `Deserialize` for a struct with named fields, read from a JSON object: each
/// field by its name or its `#[serde(rename = "…")]`, unknown keys skipped, a key given twice an
/// error. A field that is an `Option` or carries `#[serde(default)]` may be missing (it is then
/// `None` or its default); any other missing field is an error naming it.
/// `#[serde(with = "path")]` reads the value with `path::deserialize`;
/// `skip_serializing_if` is accepted for the `Serialize` derive beside it.
///
/// The emitted code implements `wechatpay_runtime::decode::DecodeObject`: a slot per field, a
/// match arm per key, and one pattern that builds the struct. The loop over the object's keys
/// is the runtime's, checked once for every struct: a fraction of serde's derive, which gives
/// each struct a field enum, a map visitor and a sequence visitor an object never needs. The
/// generated crates use it for every struct they read, since those are most of what they
/// compile.
///
/// ```
/// #[derive(Debug, PartialEq, wechatpay_runtime::DecodeObject)]
/// pub struct Split {
///     receiver: String,
///     amount: i64,
///     #[serde(rename = "type")]
///     kind: Option<String>,
/// }
///
/// let split: Split = serde_json::from_str(r#"{"amount": 1, "receiver": "1900000109", "x": []}"#).unwrap();
/// assert_eq!(split, Split { receiver: "1900000109".into(), amount: 1, kind: None });
/// let missing = serde_json::from_str::<Split>(r#"{"amount": 1}"#).unwrap_err();
/// assert!(missing.to_string().starts_with("missing field `receiver`"));
/// let twice = serde_json::from_str::<Split>(r#"{"amount": 1, "amount": 2}"#).unwrap_err();
/// assert!(twice.to_string().starts_with("duplicate field `amount`"));
/// ```
///
/// Misuse is a compile error at the offending token: an enum, a union, generics, unnamed fields,
/// a `#[serde]` key other than those four, or two fields reading one key.
#[proc_macro_derive(DecodeObject, attributes(serde))]
pub fn derive_decode_object(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    decode_object::derive(&input).into()
}

/// Derives `WireEnum` for an enum whose values travel as strings, or `WireIntEnum` for one
/// whose values travel as JSON integers.
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
/// When every value is an integer literal (`#[wire(3)]`, `#[wire(-1)]`, aliases too:
/// `#[wire(4, alias = 40)]`, all in the range of `i64`), the enum travels as a JSON integer
/// instead: the derive implements `wechatpay_runtime::WireIntEnum`, inherent `as_i64` and
/// `is_known`, `Display` (the number), `FromStr` (the number's text; anything else is a
/// `wechatpay_runtime::wire_int_enum::ParseWireIntError`), `Serialize` (a number) and
/// `Deserialize` (any integer in the `i64` range; a larger one, a float or a string is an error),
/// and the catch-all holds `wechatpay_runtime::UnknownInt`. An enum with no value but its
/// catch-all is an integer enum when that catch-all holds `UnknownInt`.
///
/// ```
/// use wechatpay_runtime::{UnknownInt, WireEnum, WireIntEnum};
///
/// #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, WireEnum)]
/// pub enum Scene {
///     #[wire(3)]
///     Offline,
///     #[wire(124, alias = 1240)]
///     App,
///     #[wire(other)]
///     Unknown(UnknownInt),
/// }
///
/// let read: Vec<Scene> = serde_json::from_str("[1240, 5]").unwrap();
/// assert_eq!(read[0], Scene::App);
/// assert!(!read[1].is_known());
/// assert_eq!(serde_json::to_string(&read).unwrap(), "[124,5]");
/// assert_eq!("3".parse(), Ok(Scene::Offline));
/// assert!("APP".parse::<Scene>().is_err());
/// assert!(serde_json::from_str::<Scene>("\"3\"").is_err());
/// assert_eq!(Scene::KNOWN, [3, 124]);
/// ```
///
/// Misuse is a compile error pointing at the offending token: a struct, union or generic enum;
/// a variant without `#[wire]`; an unknown key; a value or alias that is neither a non-empty
/// string literal nor an integer literal in the `i64` range (without a suffix), that is a string
/// in an enum of integers or an integer in an enum of strings, or that another variant already
/// reads; a missing or repeated catch-all, or one not written `Name(UnknownValue)` (`Name(UnknownInt)`
/// for integers); a known variant holding data.
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
/// | `pattern = "…"` | the **whole** value matches the regular expression (regex-lite syntax: `\d`, `\w` are ASCII, no `\p{…}`; at most 1,024 bytes). Compiled at compile time by `wechatpay_rules::pattern::compile`, and once more on first use |
/// | `each(…)` | `length(…)`, `charset = "…"` and `pattern = "…"` for every item of a list of strings, each reported at `field[i]`; not combinable with `nested` or with string rules outside it |
/// | `nested` | the value implements `Validate` (also `Option`, `Vec`, `Box` of one); not combinable with the string rules |
/// | `file` / `file(max_bytes = N, content_types = "a/b,…")` | an `UploadFile` (or `Option` of one): a non-empty name and bytes, a well-formed content type, and the limits given; not combinable with the string rules |
///
/// The string rules apply to `String`, `&str`, `Box<str>`, `Cow<str>` and `Option` of those;
/// `each(…)` to a `Vec`, slice or `Box<[…]>` of those, and `Option` of one. An absent optional
/// value breaks no rule; an empty one is checked as it is (so `length(min = 1)` or a pattern that
/// needs a character refuses it), and an empty required one is reported as missing only.
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
///     #[validate(required, pattern = "[0-9]{8}")]
///     pub bill_date: String,
///     #[validate(each(length(min = 1, max = 32), charset = "0-9"))]
///     pub sub_mchids: Vec<String>,
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
///     bill_date: "2024-01-01".into(),
///     sub_mchids: vec!["1900000109".into(), "19x".into()],
/// };
/// assert_eq!(
///     request.validate().unwrap_err().to_string(),
///     "5 invalid fields: sub_mchid: is required but empty; \
///      out_order_no: is required but empty; \
///      out_return_no: must contain only 0-9A-Za-z_*@- (found '#') in \"R#1\"; \
///      bill_date: must match the pattern `[0-9]{8}` in \"2024-01-01\"; \
///      sub_mchids[1]: must contain only 0-9 (found 'x') in \"19x\""
/// );
/// ```
///
/// Misuse is a compile error pointing at the offending token: a union, tuple struct, or enum
/// variant not holding exactly one value; an unknown or repeated key; a literal of the wrong
/// type; `min` greater than `max`; a malformed character class or pattern (the regular expression
/// parser's message, naming the pattern); `nested` with a string rule or `each`; `each` with a
/// string rule outside it, empty, or holding `required`, `nested` or an unknown key; an
/// attribute with no rule. A field whose type the rules cannot check is a type error at the field,
/// saying which types they take.
#[proc_macro_derive(Validate, attributes(validate))]
pub fn derive_validate(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    validate::derive(&input).into()
}
