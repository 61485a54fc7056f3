//! Checking a request against the documented rules before it is sent.
//!
//! The rules come from the documentation tables (必填, `string[1,32]`, allowed characters) and
//! reach a type through [`#[derive(Validate)]`](macro@crate::Validate).
//! Validation reports every violation at once, each naming the field by its wire path
//! (`receivers[1].amount`), so one failed call tells the whole story.
//!
//! The success path does not allocate: paths are borrowed chains that are rendered only when a
//! violation is recorded.

use std::borrow::Cow;
use std::fmt;

// ---------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------

/// Where a value sits in the request, as a chain of borrowed links from the root.
///
/// It displays as the wire path: `sub_mchid`, `receivers[1].amount`; the root displays as the
/// empty string.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum FieldPath<'a> {
    /// The value being validated.
    Root,
    /// A field of the object at `parent`.
    Field {
        /// The object holding the field.
        parent: &'a FieldPath<'a>,
        /// The field's wire name.
        name: &'static str,
    },
    /// An item of the array at `parent`.
    Index {
        /// The array holding the item.
        parent: &'a FieldPath<'a>,
        /// The item's position, from 0.
        index: usize,
    },
}

impl FieldPath<'_> {
    /// The path of the field `name` of the object at this path.
    pub fn field(&self, name: &'static str) -> FieldPath<'_> {
        FieldPath::Field { parent: self, name }
    }

    /// The path of item `index` of the array at this path.
    pub fn index(&self, index: usize) -> FieldPath<'_> {
        FieldPath::Index {
            parent: self,
            index,
        }
    }
}

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Root => Ok(()),
            FieldPath::Field { parent, name } => {
                if !matches!(parent, FieldPath::Root) {
                    write!(f, "{parent}.")?;
                }
                f.write_str(name)
            }
            FieldPath::Index { parent, index } => write!(f, "{parent}[{index}]"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Violations
// ---------------------------------------------------------------------------------------------

/// How the length of a string is counted (one definition, shared with the spec model and the
/// derive).
pub use wechatpay_rules::LengthUnit;

/// A documented rule that a value broke.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// The field must be present and non-empty.
    Required,
    /// The string's length must lie within bounds.
    Length {
        /// The least length allowed, if any.
        min: Option<usize>,
        /// The greatest length allowed, if any.
        max: Option<usize>,
        /// How the bounds and `actual` are counted.
        unit: LengthUnit,
        /// The length the value has.
        actual: usize,
    },
    /// Every character must belong to a set.
    Charset {
        /// The set as documented, e.g. `0-9A-Za-z_*@-`.
        allowed: &'static str,
        /// The first character outside the set.
        found: char,
    },
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Rule::Required => f.write_str("is required but empty"),
            Rule::Length {
                min,
                max,
                unit,
                actual,
            } => {
                match (min, max) {
                    (Some(min), Some(max)) if min == max => {
                        write!(f, "must be exactly {max} {} long", unit.noun(max))?;
                    }
                    (Some(min), Some(max)) => {
                        write!(f, "must be {min} to {max} {} long", unit.noun(max))?
                    }
                    (Some(min), None) => {
                        write!(f, "must be at least {min} {} long", unit.noun(min))?
                    }
                    (None, Some(max)) => {
                        write!(f, "must be at most {max} {} long", unit.noun(max))?
                    }
                    (None, None) => write!(f, "has a length out of bounds")?,
                }
                write!(f, " (found {actual})")
            }
            Rule::Charset { allowed, found } => {
                write!(f, "must contain only {allowed} (found {found:?})")
            }
        }
    }
}

/// One broken rule: which field, which rule, and the value that broke it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The field's wire path, e.g. `receivers[1].description`.
    pub field: String,
    /// The rule the value broke.
    pub rule: Rule,
    /// The offending value; empty for a missing one.
    pub value: String,
}

impl Violation {
    /// How many characters of the value [`Display`](fmt::Display) shows before cutting it short,
    /// so a runaway value cannot flood a log line. [`Violation::value`] always holds all of it.
    pub const DISPLAY_VALUE_CHARS: usize = 64;

    fn new(path: &FieldPath<'_>, rule: Rule, value: &str) -> Self {
        Violation {
            field: path.to_string(),
            rule,
            value: value.to_owned(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.rule)?;
        if self.rule == Rule::Required {
            return Ok(());
        }
        match self.value.char_indices().nth(Self::DISPLAY_VALUE_CHARS) {
            Some((cut, _)) => write!(f, " in {:?}…", &self.value[..cut]),
            None => write!(f, " in {:?}", self.value),
        }
    }
}

/// Every violation found in a value; never empty.
///
/// It displays as one line listing them all, for example
/// `2 invalid fields: sub_mchid: is required but empty; out_return_no: must contain only
/// 0-9A-Za-z_*@- (found '#') in "R#1"`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// The violations, in the order the fields are declared.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The violations, by value.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A field may break several rules; the count is of fields, as a reader expects.
        let fields = self
            .violations
            .iter()
            .enumerate()
            .filter(|(i, v)| {
                !self.violations[..*i]
                    .iter()
                    .any(|seen| seen.field == v.field)
            })
            .count();
        let noun = if fields == 1 { "field" } else { "fields" };
        write!(f, "{fields} invalid {noun}: ")?;
        for (i, violation) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The trait
// ---------------------------------------------------------------------------------------------

/// A value that can be checked against the documented rules.
///
/// Derive it with `#[derive(Validate)]`. A hand-written implementation supplies
/// [`Validate::validate_at`], pushing a [`Violation`] for each broken rule (see [`StrRules`]).
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement `Validate`",
    label = "cannot be validated",
    note = "derive it with `#[derive(wechatpay_runtime::Validate)]`; a `#[validate(nested)]` field and an `Operation` request both need it"
)]
pub trait Validate {
    /// Checks the value sitting at `path`, appending every violation to `out`.
    fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>);

    /// Checks the value held in the field `name` of the object at `parent`.
    ///
    /// The default validates at `parent.field(name)`. The derive overrides it for one-of
    /// enums: their members are sent beside the other fields of the object, and the name of the
    /// Rust field holding the choice is not on the wire, so it must not appear in the path.
    fn validate_field(&self, parent: &FieldPath<'_>, name: &'static str, out: &mut Vec<Violation>) {
        self.validate_at(&parent.field(name), out);
    }

    /// Checks the whole value, reporting every violation.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut violations = Vec::new();
        self.validate_at(&FieldPath::Root, &mut violations);
        if violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations })
        }
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out);
    }

    fn validate_field(&self, parent: &FieldPath<'_>, name: &'static str, out: &mut Vec<Violation>) {
        (**self).validate_field(parent, name, out);
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out);
    }

    fn validate_field(&self, parent: &FieldPath<'_>, name: &'static str, out: &mut Vec<Violation>) {
        (**self).validate_field(parent, name, out);
    }
}

/// An absent value breaks no rule of its type; whether it may be absent is the container's rule.
impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_at(path, out);
        }
    }

    fn validate_field(&self, parent: &FieldPath<'_>, name: &'static str, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_field(parent, name, out);
        }
    }
}

/// Each item is checked at `path[i]`.
impl<T: Validate> Validate for [T] {
    fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
        for (index, item) in self.iter().enumerate() {
            item.validate_at(&path.index(index), out);
        }
    }
}

/// Each item is checked at `path[i]`.
impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
        self.as_slice().validate_at(path, out);
    }
}

// ---------------------------------------------------------------------------------------------
// String rules
// ---------------------------------------------------------------------------------------------

/// A field the string rules (`required`, `length`, `charset`) can check.
///
/// Implemented for the string types and for `Option` of them, so one rule set serves a required
/// `String` and an optional `Option<String>` alike.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a string, so `required`, `length` and `charset` cannot check it",
    label = "not a string field",
    note = "the string rules apply to `String`, `&str`, `Box<str>`, `Cow<str>` and `Option` of those; use `#[validate(nested)]` for a type that implements `Validate`"
)]
pub trait StrValue {
    /// The string, or `None` when the field is absent.
    fn str_value(&self) -> Option<&str>;
}

impl StrValue for str {
    fn str_value(&self) -> Option<&str> {
        Some(self)
    }
}

impl StrValue for String {
    fn str_value(&self) -> Option<&str> {
        Some(self)
    }
}

impl StrValue for Box<str> {
    fn str_value(&self) -> Option<&str> {
        Some(self)
    }
}

impl StrValue for Cow<'_, str> {
    fn str_value(&self) -> Option<&str> {
        Some(self)
    }
}

impl<T: StrValue + ?Sized> StrValue for &T {
    fn str_value(&self) -> Option<&str> {
        (**self).str_value()
    }
}

impl<T: StrValue> StrValue for Option<T> {
    fn str_value(&self) -> Option<&str> {
        self.as_ref().and_then(StrValue::str_value)
    }
}

/// The string rules of one field, built at compile time by the derive.
///
/// ```
/// use wechatpay_runtime::validate::{FieldPath, LengthUnit, StrRules};
///
/// const NO: StrRules = StrRules::new()
///     .required()
///     .length(Some(1), Some(64), LengthUnit::Chars)
///     .charset("0-9A-Z", &[('0', '9'), ('A', 'Z')]);
///
/// let mut out = Vec::new();
/// NO.check("R#1", &FieldPath::Root.field("out_return_no"), &mut out);
/// assert_eq!(
///     out[0].to_string(),
///     r#"out_return_no: must contain only 0-9A-Z (found '#') in "R#1""#
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StrRules {
    required: bool,
    length: Option<LengthRule>,
    charset: Option<CharsetRule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LengthRule {
    min: Option<usize>,
    max: Option<usize>,
    unit: LengthUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CharsetRule {
    allowed: &'static str,
    ranges: &'static [(char, char)],
}

impl StrRules {
    /// No rule at all.
    pub const fn new() -> Self {
        StrRules {
            required: false,
            length: None,
            charset: None,
        }
    }

    /// The value must be present and non-empty. An empty value is reported as missing only,
    /// never also as too short.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// The length, counted in `unit`, must lie within `min..=max` (either bound may be absent).
    pub const fn length(
        mut self,
        min: Option<usize>,
        max: Option<usize>,
        unit: LengthUnit,
    ) -> Self {
        self.length = Some(LengthRule { min, max, unit });
        self
    }

    /// Every character must fall in one of the inclusive `ranges`; `allowed` is the set as
    /// documented, quoted in the message. The derive parses `allowed` into `ranges` at compile
    /// time, so the two always agree there.
    pub const fn charset(mut self, allowed: &'static str, ranges: &'static [(char, char)]) -> Self {
        self.charset = Some(CharsetRule { allowed, ranges });
        self
    }

    /// Checks `value` at `path`, appending one violation per broken rule to `out`.
    pub fn check<V: StrValue + ?Sized>(
        &self,
        value: &V,
        path: &FieldPath<'_>,
        out: &mut Vec<Violation>,
    ) {
        let value = match value.str_value() {
            Some(value) if !(value.is_empty() && self.required) => value,
            Some(_) | None => {
                if self.required {
                    out.push(Violation::new(path, Rule::Required, ""));
                }
                return;
            }
        };
        if let Some(LengthRule { min, max, unit }) = self.length {
            let actual = unit.count(value);
            if min.is_some_and(|min| actual < min) || max.is_some_and(|max| actual > max) {
                let rule = Rule::Length {
                    min,
                    max,
                    unit,
                    actual,
                };
                out.push(Violation::new(path, rule, value));
            }
        }
        if let Some(CharsetRule { allowed, ranges }) = self.charset
            && let Some(found) = wechatpay_rules::charset::first_outside(ranges, value)
        {
            out.push(Violation::new(
                path,
                Rule::Charset { allowed, found },
                value,
            ));
        }
    }
}

impl Default for StrRules {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_CHARSET: &[(char, char)] = &[
        ('0', '9'),
        ('A', 'Z'),
        ('a', 'z'),
        ('_', '_'),
        ('*', '*'),
        ('@', '@'),
        ('-', '-'),
    ];

    fn check<V: StrValue + ?Sized>(rules: StrRules, value: &V) -> Vec<Violation> {
        let mut out = Vec::new();
        rules.check(value, &FieldPath::Root.field("f"), &mut out);
        out
    }

    fn rules(out: &[Violation]) -> Vec<&Rule> {
        out.iter().map(|v| &v.rule).collect()
    }

    #[test]
    fn path_renders_as_the_wire_path() {
        let root = FieldPath::Root;
        let receivers = root.field("receivers");
        let second = receivers.index(1);
        let amount = second.field("amount");
        assert_eq!(root.to_string(), "");
        assert_eq!(receivers.to_string(), "receivers");
        assert_eq!(amount.to_string(), "receivers[1].amount");
        assert_eq!(
            root.index(0).field("a").index(2).index(3).to_string(),
            "[0].a[2][3]"
        );
    }

    #[test]
    fn required_rejects_missing_and_empty() {
        let required = StrRules::new().required();
        assert_eq!(rules(&check(required, "")), [&Rule::Required]);
        assert_eq!(rules(&check(required, &None::<String>)), [&Rule::Required]);
        assert_eq!(
            rules(&check(required, &Some(String::new()))),
            [&Rule::Required]
        );
        assert!(check(required, "x").is_empty());
        assert!(check(required, &Some("x".to_owned())).is_empty());
    }

    #[test]
    fn optional_absent_value_passes_every_rule() {
        let rules = StrRules::new()
            .length(Some(1), Some(2), LengthUnit::Chars)
            .charset("0-9", &[('0', '9')]);
        assert!(check(rules, &None::<String>).is_empty());
        assert!(check(rules, &None::<&str>).is_empty());
    }

    #[test]
    fn empty_required_value_is_not_also_too_short() {
        let rules = StrRules::new()
            .required()
            .length(Some(1), Some(32), LengthUnit::Chars);
        let out = check(rules, "");
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].to_string(), "f: is required but empty");
    }

    #[test]
    fn empty_optional_value_is_checked_for_length() {
        let rules = StrRules::new().length(Some(1), None, LengthUnit::Chars);
        let out = check(rules, &Some(String::new()));
        assert_eq!(
            out[0].rule,
            Rule::Length {
                min: Some(1),
                max: None,
                unit: LengthUnit::Chars,
                actual: 0
            }
        );
    }

    #[test]
    fn length_counts_chars_or_bytes() {
        let chars = StrRules::new().length(None, Some(2), LengthUnit::Chars);
        let bytes = StrRules::new().length(None, Some(2), LengthUnit::Bytes);
        assert!(check(chars, "分账").is_empty());
        let out = check(bytes, "分账");
        assert_eq!(
            out[0].rule,
            Rule::Length {
                min: None,
                max: Some(2),
                unit: LengthUnit::Bytes,
                actual: 6
            }
        );
        assert_eq!(
            out[0].to_string(),
            r#"f: must be at most 2 bytes long (found 6) in "分账""#
        );
    }

    #[test]
    fn length_bounds_are_inclusive() {
        let rules = StrRules::new().length(Some(2), Some(3), LengthUnit::Chars);
        assert_eq!(check(rules, "a").len(), 1);
        assert!(check(rules, "ab").is_empty());
        assert!(check(rules, "abc").is_empty());
        let out = check(rules, "abcd");
        assert_eq!(
            out[0].to_string(),
            r#"f: must be 2 to 3 characters long (found 4) in "abcd""#
        );
    }

    #[test]
    fn length_messages_read_naturally() {
        let message = |min, max, unit, actual| {
            Rule::Length {
                min,
                max,
                unit,
                actual,
            }
            .to_string()
        };
        assert_eq!(
            message(Some(1), None, LengthUnit::Chars, 0),
            "must be at least 1 character long (found 0)"
        );
        assert_eq!(
            message(Some(4), Some(4), LengthUnit::Chars, 3),
            "must be exactly 4 characters long (found 3)"
        );
        assert_eq!(
            message(None, Some(1), LengthUnit::Bytes, 3),
            "must be at most 1 byte long (found 3)"
        );
    }

    #[test]
    fn charset_reports_the_first_outsider() {
        let rules = StrRules::new().charset("0-9A-Za-z_*@-", NO_CHARSET);
        assert!(check(rules, "Ab_9*@-z").is_empty());
        let out = check(rules, "R#1 ");
        assert_eq!(
            out[0].rule,
            Rule::Charset {
                allowed: "0-9A-Za-z_*@-",
                found: '#'
            }
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].value, "R#1 ");
        assert_eq!(
            check(rules, "分")[0].to_string(),
            r#"f: must contain only 0-9A-Za-z_*@- (found '分') in "分""#
        );
        assert_eq!(
            check(rules, "a\nb")[0].to_string(),
            r#"f: must contain only 0-9A-Za-z_*@- (found '\n') in "a\nb""#
        );
    }

    #[test]
    fn each_broken_rule_is_reported() {
        let rules = StrRules::new()
            .required()
            .length(None, Some(2), LengthUnit::Chars)
            .charset("0-9", &[('0', '9')]);
        let out = check(rules, "12x");
        assert!(matches!(
            out[..],
            [
                Violation {
                    rule: Rule::Length { actual: 3, .. },
                    ..
                },
                Violation {
                    rule: Rule::Charset { found: 'x', .. },
                    ..
                }
            ]
        ));
    }

    #[test]
    fn string_types_are_all_checkable() {
        let rules = StrRules::new().required();
        assert_eq!(check(rules, &String::new()).len(), 1);
        assert_eq!(check(rules, &Box::<str>::from("")).len(), 1);
        assert_eq!(check(rules, &Cow::Borrowed("")).len(), 1);
        assert_eq!(check(rules, &"").len(), 1);
        assert_eq!(check(rules, &Some(Box::<str>::from("x"))).len(), 0);
    }

    #[test]
    fn long_values_are_cut_short_in_display_only() {
        let value = "x".repeat(100);
        let out = check(
            StrRules::new().length(None, Some(10), LengthUnit::Chars),
            value.as_str(),
        );
        assert_eq!(out[0].value, value);
        let shown = out[0].to_string();
        assert!(
            shown.ends_with(&format!(
                "in \"{}\"…",
                "x".repeat(Violation::DISPLAY_VALUE_CHARS)
            )),
            "{shown}"
        );
    }

    /// A request written out by hand, as the derive would, to test the containers.
    struct Receiver {
        account: String,
    }

    impl Validate for Receiver {
        fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
            StrRules::new()
                .required()
                .check(&self.account, &path.field("account"), out);
        }
    }

    struct Request {
        sub_mchid: String,
        receivers: Vec<Receiver>,
        first: Option<Box<Receiver>>,
        out_return_no: String,
    }

    impl Validate for Request {
        fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
            StrRules::new()
                .required()
                .check(&self.sub_mchid, &path.field("sub_mchid"), out);
            self.receivers.validate_field(path, "receivers", out);
            self.first.validate_field(path, "first", out);
            StrRules::new().charset("0-9A-Za-z_*@-", NO_CHARSET).check(
                &self.out_return_no,
                &path.field("out_return_no"),
                out,
            );
        }
    }

    fn receiver(account: &str) -> Receiver {
        Receiver {
            account: account.to_owned(),
        }
    }

    #[test]
    fn valid_request_passes() {
        let request = Request {
            sub_mchid: "1900000109".to_owned(),
            receivers: vec![receiver("a"), receiver("b")],
            first: None,
            out_return_no: "R1".to_owned(),
        };
        assert_eq!(request.validate(), Ok(()));
    }

    #[test]
    fn every_violation_is_collected_with_its_path() {
        let request = Request {
            sub_mchid: String::new(),
            receivers: vec![receiver("a"), receiver(""), receiver("")],
            first: Some(Box::new(receiver(""))),
            out_return_no: "R#1".to_owned(),
        };
        let error = request.validate().unwrap_err();
        let fields: Vec<&str> = error
            .violations()
            .iter()
            .map(|v| v.field.as_str())
            .collect();
        assert_eq!(
            fields,
            [
                "sub_mchid",
                "receivers[1].account",
                "receivers[2].account",
                "first.account",
                "out_return_no"
            ]
        );
        assert_eq!(
            error.to_string(),
            "5 invalid fields: sub_mchid: is required but empty; \
             receivers[1].account: is required but empty; \
             receivers[2].account: is required but empty; \
             first.account: is required but empty; \
             out_return_no: must contain only 0-9A-Za-z_*@- (found '#') in \"R#1\""
        );
        assert_eq!(error.clone().into_violations().len(), 5);
    }

    #[test]
    fn display_counts_fields_not_rules() {
        let rules = StrRules::new()
            .length(None, Some(1), LengthUnit::Chars)
            .charset("0-9", &[('0', '9')]);
        let mut violations = Vec::new();
        rules.check("ab", &FieldPath::Root.field("code"), &mut violations);
        let error = ValidationError { violations };
        assert_eq!(
            error.to_string(),
            "1 invalid field: code: must be at most 1 character long (found 2) in \"ab\"; \
             code: must contain only 0-9 (found 'a') in \"ab\""
        );
    }
}
