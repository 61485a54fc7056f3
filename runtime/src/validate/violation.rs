//! What a broken rule reports: the rule, the violation, and every violation of a value.

use std::fmt;

use super::FieldPath;

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
    /// The whole string must match a regular expression.
    Pattern {
        /// The pattern as documented, e.g. `[0-9]{8}`, without the anchors that make it match
        /// the whole value.
        pattern: &'static str,
    },
    /// A file to upload must have at least one byte.
    EmptyFile,
    /// A file to upload must not be larger than documented.
    FileTooLarge {
        /// The greatest size allowed, in bytes.
        max_bytes: u64,
        /// The file's size, in bytes.
        actual: u64,
    },
    /// A file to upload must have a content type of the form `type/subtype`, and one of the
    /// documented ones when the endpoint lists them.
    ContentType {
        /// The content types allowed, as documented (e.g. `image/jpeg,image/bmp,image/png`);
        /// `None` when any well-formed one is.
        allowed: Option<&'static str>,
        /// The file's content type.
        found: String,
    },
}

impl Rule {
    /// Whether the rule checks a file to upload, whose [`Violation::value`] is then the file's
    /// name (its bytes have no place in a message).
    pub fn is_file_rule(&self) -> bool {
        matches!(
            self,
            Rule::EmptyFile | Rule::FileTooLarge { .. } | Rule::ContentType { .. }
        )
    }
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
            Rule::Pattern { pattern } => write!(f, "must match the pattern `{pattern}`"),
            Rule::EmptyFile => f.write_str("must not be an empty file"),
            Rule::FileTooLarge { max_bytes, actual } => {
                write!(f, "must be at most {max_bytes} bytes (found {actual})")
            }
            Rule::ContentType {
                allowed: Some(allowed),
                ref found,
            } => write!(
                f,
                "must have one of the content types {allowed} (found {found:?})"
            ),
            Rule::ContentType {
                allowed: None,
                ref found,
            } => write!(
                f,
                "must have a content type of the form type/subtype (found {found:?})"
            ),
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
    /// The offending value; empty for a missing one. For a file ([`Rule::is_file_rule`]), the
    /// file's name.
    pub value: String,
}

impl Violation {
    /// How many characters of the value [`Display`](fmt::Display) shows before cutting it short,
    /// so a runaway value cannot flood a log line. [`Violation::value`] always holds all of it.
    pub const DISPLAY_VALUE_CHARS: usize = 64;

    pub(super) fn new(path: &FieldPath<'_>, rule: Rule, value: &str) -> Self {
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
        // A file's value is its name, not the value itself.
        let what = if self.rule.is_file_rule() {
            " in file "
        } else {
            " in "
        };
        match self.value.char_indices().nth(Self::DISPLAY_VALUE_CHARS) {
            Some((cut, _)) => write!(f, "{what}{:?}…", &self.value[..cut]),
            None => write!(f, "{what}{:?}", self.value),
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
    pub(super) violations: Vec<Violation>,
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
