//! The string rules (`required`, `length`, `charset`, `pattern`) and the values they check:
//! one string, or each item of a list of strings.

use std::borrow::Cow;

use super::{FieldPath, LengthUnit, Pattern, Rule, Violation};
use crate::sensitive::{MAX_PLAINTEXT_BYTES, SecretString};

/// What a violation of a sensitive value ([`StrValue::SENSITIVE`]) records as its value.
const REDACTED: &str = "<redacted>";

/// A field the string rules (`required`, `length`, `charset`, `pattern`) can check.
///
/// Implemented for the string types and for `Option` of them, so one rule set serves a required
/// `String` and an optional `Option<String>` alike.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a string, so `required`, `length`, `charset` and `pattern` cannot check it",
    label = "not a string field",
    note = "the string rules apply to `String`, `&str`, `Box<str>`, `Cow<str>`, `SecretString` and `Option` of those; use `each(...)` for a list of strings and `#[validate(nested)]` for a type that implements `Validate`"
)]
pub trait StrValue {
    /// Whether the value is the plaintext of a sensitive field ([`SecretString`]). Its
    /// violations then record `<redacted>` as the value (and U+FFFD as a charset rule's
    /// character found), and, whatever the other rules, a value over
    /// [`MAX_PLAINTEXT_BYTES`] (214, what RSA-2048 OAEP encrypts) breaks
    /// `length(max = 214, unit = "bytes")`, unless the field's own length rule already failed.
    const SENSITIVE: bool = false;

    /// The string, or `None` when the field is absent.
    fn str_value(&self) -> Option<&str>;
}

/// The plaintext is checked; see [`StrValue::SENSITIVE`] for what a violation shows.
impl StrValue for SecretString {
    const SENSITIVE: bool = true;

    fn str_value(&self) -> Option<&str> {
        Some(self.expose())
    }
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
    const SENSITIVE: bool = T::SENSITIVE;

    fn str_value(&self) -> Option<&str> {
        (**self).str_value()
    }
}

impl<T: StrValue> StrValue for Option<T> {
    const SENSITIVE: bool = T::SENSITIVE;

    fn str_value(&self) -> Option<&str> {
        self.as_ref().and_then(StrValue::str_value)
    }
}

/// A list whose items the string rules can check one by one: `#[validate(each(...))]`.
///
/// Implemented for `Vec`, slices, arrays and `Box<[…]>` of any [`StrValue`] (so `Vec<String>`,
/// `&[&str]`, `Vec<Option<String>>`), and for `Option` and references of those; an absent list
/// has no items to break a rule.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list of strings, so `each(...)` cannot check its items",
    label = "not a list of strings",
    note = "`each(...)` applies to `Vec`, slices, arrays and `Box<[…]>` of `String`, `&str`, `Box<str>`, `Cow<str>` (or `Option` of those), and to `Option` of such a list; use the string rules without `each` on one string, and `#[validate(nested)]` on a list of types that implement `Validate`"
)]
pub trait StrItems {
    /// Whether the items are sensitive ([`StrValue::SENSITIVE`]).
    const SENSITIVE: bool = false;

    /// Each item's string, in order; `None` for an absent item.
    fn str_items(&self) -> impl Iterator<Item = Option<&str>>;
}

impl<T: StrValue> StrItems for [T] {
    const SENSITIVE: bool = T::SENSITIVE;

    fn str_items(&self) -> impl Iterator<Item = Option<&str>> {
        self.iter().map(StrValue::str_value)
    }
}

impl<T: StrValue, const N: usize> StrItems for [T; N] {
    const SENSITIVE: bool = T::SENSITIVE;

    fn str_items(&self) -> impl Iterator<Item = Option<&str>> {
        self.as_slice().str_items()
    }
}

impl<T: StrValue> StrItems for Vec<T> {
    const SENSITIVE: bool = T::SENSITIVE;

    fn str_items(&self) -> impl Iterator<Item = Option<&str>> {
        self.as_slice().str_items()
    }
}

impl<L: StrItems + ?Sized> StrItems for Box<L> {
    const SENSITIVE: bool = L::SENSITIVE;

    fn str_items(&self) -> impl Iterator<Item = Option<&str>> {
        (**self).str_items()
    }
}

impl<L: StrItems + ?Sized> StrItems for &L {
    const SENSITIVE: bool = L::SENSITIVE;

    fn str_items(&self) -> impl Iterator<Item = Option<&str>> {
        (**self).str_items()
    }
}

impl<L: StrItems> StrItems for Option<L> {
    const SENSITIVE: bool = L::SENSITIVE;

    fn str_items(&self) -> impl Iterator<Item = Option<&str>> {
        self.iter().flat_map(StrItems::str_items)
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
    pattern: Option<&'static Pattern>,
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
            pattern: None,
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

    /// The whole value must match `pattern` (see [`Pattern`]). The derive emits the pattern as a
    /// `static` beside the rules, having compiled it at build time, so a malformed one never
    /// reaches here from it (one written by hand makes the first check panic).
    pub const fn pattern(mut self, pattern: &'static Pattern) -> Self {
        self.pattern = Some(pattern);
        self
    }

    /// Checks `value` at `path`, appending one violation per broken rule to `out`.
    pub fn check<V: StrValue + ?Sized>(
        &self,
        value: &V,
        path: &FieldPath<'_>,
        out: &mut Vec<Violation>,
    ) {
        self.check_str(value.str_value(), V::SENSITIVE, path, out);
    }

    /// Checks every item of `items` at `path[i]`, as [`StrRules::check`] checks one value,
    /// appending one violation per broken rule to `out`. An absent list has no items; the derive
    /// never sets `required` for items (an item of a list is always present), so there an absent
    /// item (`Vec<Option<String>>`) breaks no rule and an empty one is checked as it is.
    ///
    /// ```
    /// use wechatpay_runtime::validate::{FieldPath, LengthUnit, StrRules};
    ///
    /// let mut out = Vec::new();
    /// StrRules::new().length(Some(1), Some(2), LengthUnit::Chars).check_each(
    ///     &vec!["ab".to_owned(), "abc".to_owned()],
    ///     &FieldPath::Root.field("tags"),
    ///     &mut out,
    /// );
    /// assert_eq!(out[0].to_string(), r#"tags[1]: must be 1 to 2 characters long (found 3) in "abc""#);
    /// ```
    pub fn check_each<L: StrItems + ?Sized>(
        &self,
        items: &L,
        path: &FieldPath<'_>,
        out: &mut Vec<Violation>,
    ) {
        for (index, item) in items.str_items().enumerate() {
            self.check_str(item, L::SENSITIVE, &path.index(index), out);
        }
    }

    fn check_str(
        &self,
        value: Option<&str>,
        sensitive: bool,
        path: &FieldPath<'_>,
        out: &mut Vec<Violation>,
    ) {
        if self.required && wechatpay_rules::is_missing(value) {
            out.push(Violation::new(path, Rule::Required, ""));
            return;
        }
        // An optional value that is absent breaks no rule; an empty one is checked as it is.
        let Some(value) = value else {
            return;
        };
        // A sensitive value's text never reaches a violation.
        let shown = if sensitive { REDACTED } else { value };
        let mut length_broken = false;
        if let Some(LengthRule { min, max, unit }) = self.length {
            let actual = unit.count(value);
            if min.is_some_and(|min| actual < min) || max.is_some_and(|max| actual > max) {
                let rule = Rule::Length {
                    min,
                    max,
                    unit,
                    actual,
                };
                out.push(Violation::new(path, rule, shown));
                length_broken = true;
            }
        }
        if sensitive && !length_broken && value.len() > MAX_PLAINTEXT_BYTES {
            let rule = Rule::Length {
                min: None,
                max: Some(MAX_PLAINTEXT_BYTES),
                unit: LengthUnit::Bytes,
                actual: value.len(),
            };
            out.push(Violation::new(path, rule, shown));
        }
        if let Some(CharsetRule { allowed, ranges }) = self.charset
            && let Some(found) = wechatpay_rules::charset::first_outside(ranges, value)
        {
            let found = if sensitive {
                char::REPLACEMENT_CHARACTER
            } else {
                found
            };
            out.push(Violation::new(
                path,
                Rule::Charset { allowed, found },
                shown,
            ));
        }
        if let Some(pattern) = self.pattern
            && !pattern.is_match(value)
        {
            let rule = Rule::Pattern {
                pattern: pattern.source(),
            };
            out.push(Violation::new(path, rule, shown));
        }
    }
}

impl Default for StrRules {
    fn default() -> Self {
        Self::new()
    }
}
