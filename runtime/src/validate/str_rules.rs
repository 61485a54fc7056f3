//! The string rules (`required`, `length`, `charset`) and the values they check.

use std::borrow::Cow;

use super::{FieldPath, LengthUnit, Rule, Violation};

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
        let value = value.str_value();
        if self.required && wechatpay_rules::is_missing(value) {
            out.push(Violation::new(path, Rule::Required, ""));
            return;
        }
        // An optional value that is absent breaks no rule; an empty one is checked as it is.
        let Some(value) = value else {
            return;
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
