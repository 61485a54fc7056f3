//! A field's regular expression, compiled once on first use.

use std::fmt;
use std::sync::OnceLock;

use regex_lite::Regex;

/// A pattern a whole string value must match, such as `[0-9]{8}`, compiled on first use and
/// kept for every later check.
///
/// The derive emits one `static` per pattern and hands it to [`StrRules::pattern`]; the pattern
/// was compiled at build time with [`wechatpay_rules::pattern::compile`], which the runtime calls
/// again here, so the two always read it alike (whole-value matching, regex-lite syntax).
///
/// ```
/// use wechatpay_runtime::validate::Pattern;
///
/// static DATE: Pattern = Pattern::new("[0-9]{8}");
/// assert!(DATE.is_match("20240101"));
/// assert!(!DATE.is_match("2024-01-01"));
/// assert_eq!(DATE.source(), "[0-9]{8}");
/// ```
///
/// [`StrRules::pattern`]: super::StrRules::pattern
pub struct Pattern {
    source: &'static str,
    regex: OnceLock<Regex>,
}

impl Pattern {
    /// The pattern `source`, not compiled yet. It must compile under
    /// [`wechatpay_rules::pattern::compile`]; the derive checks that at build time.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            regex: OnceLock::new(),
        }
    }

    /// The pattern as written, without the anchors that make it match the whole value.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether the whole of `value` matches. The first call compiles the pattern.
    ///
    /// # Panics
    ///
    /// When the pattern does not compile. The derive never emits such a pattern (it refuses to
    /// build), so only a `Pattern` written by hand around a malformed source can; that is a bug
    /// in the code holding it, like a failed `Regex::new` in a `static`.
    pub fn is_match(&self, value: &str) -> bool {
        self.regex().is_match(value)
    }

    fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            wechatpay_rules::pattern::compile(self.source).unwrap_or_else(|error| {
                panic!("a validate::Pattern must be checked before use (the Validate derive does): {error}")
            })
        })
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// Two patterns are equal when written alike; whether either is compiled yet does not matter.
impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Eq for Pattern {}
