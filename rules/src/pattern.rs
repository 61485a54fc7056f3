//! Field patterns: the regular expression a documented value must match, such as `[0-9]{8}`.
//!
//! A pattern is matched against the **whole** value, as a reader of the table expects:
//! [`compile`] anchors it as `^(?:pattern)$`, so `[0-9]{8}` refuses `123456789` and `a|ab`
//! accepts `ab`. The syntax is [regex-lite]'s, which is the `regex` crate's without Unicode
//! classes: `\d`, `\w` and `\s` are ASCII, `.` is any character but `\n`, literal characters
//! (`分账`) match themselves, and `\p{…}` is refused.
//!
//! The `Validate` derive compiles every pattern when it expands, reporting a bad one at its
//! literal, and the runtime compiles the same text through [`compile`] on first use, so a pattern
//! either works in both or fails the build. A pattern may come from a hostile spec, so its length
//! ([`MAX_LEN`]) and its compiled size ([`MAX_COMPILED_BYTES`]) are capped.
//!
//! [regex-lite]: https://docs.rs/regex-lite

use std::fmt;

use regex_lite::{Regex, RegexBuilder};

/// The longest pattern accepted, in UTF-8 bytes. Documented patterns are a few dozen bytes; the
/// cap bounds what a hostile spec can make the compiler parse.
pub const MAX_LEN: usize = 1024;

/// The most heap a compiled pattern may take, in bytes (regex-lite's own default is 10 MiB).
/// A short pattern can still compile large (`a{1000}{1000}`), and matching time grows with the
/// compiled size, so this bounds both.
pub const MAX_COMPILED_BYTES: usize = 1 << 20;

/// What regex-lite says when a pattern compiles larger than its size limit.
const SIZE_LIMIT_MESSAGE: &str = "compiled regex exceeded size limit";

/// How many characters of an over-long pattern its error shows.
const SHOWN_CHARS: usize = 32;

/// Why a pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PatternError {
    /// The pattern is the empty string, which only an empty value would match.
    Empty,
    /// The pattern is longer than [`MAX_LEN`] bytes.
    TooLong {
        /// The pattern's first characters, for the message.
        start: String,
        /// Its length in bytes.
        len: usize,
    },
    /// The pattern compiles to more than [`MAX_COMPILED_BYTES`].
    TooLarge {
        /// The pattern as written.
        pattern: String,
    },
    /// The pattern is not a regular expression regex-lite accepts.
    Invalid {
        /// The pattern as written.
        pattern: String,
        /// What the regular expression parser said.
        message: String,
    },
    /// The pattern compiles on its own but not once anchored to the whole value: it ends in a
    /// `#` comment of verbose mode (`(?x)`), which would swallow the closing anchor.
    Unanchorable {
        /// The pattern as written.
        pattern: String,
        /// What the regular expression parser said about the anchored form.
        message: String,
    },
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str(
                "the pattern is empty, so only an empty value would match; write what the whole value must match, e.g. `[0-9]{8}`",
            ),
            Self::TooLong { start, len } => write!(
                f,
                "the pattern `{start}…` is {len} bytes long; a pattern may have at most {MAX_LEN} bytes, so that a spec stays cheap to compile"
            ),
            Self::TooLarge { pattern } => write!(
                f,
                "the pattern `{pattern}` compiles to more than {} MiB, so matching it would be slow; lower its counted repetitions (`{{n}}`) or simplify it",
                MAX_COMPILED_BYTES >> 20
            ),
            Self::Invalid { pattern, message } => write!(
                f,
                "the pattern `{pattern}` is not a valid regular expression: {message}"
            ),
            Self::Unanchorable { pattern, message } => write!(
                f,
                "the pattern `{pattern}` cannot be matched against the whole value ({message}): a trailing `#` comment in verbose mode runs to the end of the line; end the pattern with a newline"
            ),
        }
    }
}

impl std::error::Error for PatternError {}

/// Compiles `source` into a regular expression that matches a value only as a whole.
///
/// ```
/// let date = wechatpay_rules::pattern::compile("[0-9]{8}").unwrap();
/// assert!(date.is_match("20240101"));
/// assert!(!date.is_match("202401011"));
/// assert!(wechatpay_rules::pattern::compile("[0-9").is_err());
/// ```
pub fn compile(source: &str) -> Result<Regex, PatternError> {
    if source.is_empty() {
        return Err(PatternError::Empty);
    }
    if source.len() > MAX_LEN {
        let start = match source.char_indices().nth(SHOWN_CHARS) {
            Some((end, _)) => &source[..end],
            None => source,
        };
        return Err(PatternError::TooLong {
            start: start.to_owned(),
            len: source.len(),
        });
    }
    // The pattern on its own first: one with an unbalanced `)` could otherwise close the
    // anchoring group early (`a)|(b` would become `^(?:a)|(b)$`) and match part of a value.
    build(source).map_err(|error| {
        let message = error.to_string();
        let pattern = source.to_owned();
        // regex-lite's errors carry no kind; this one is told by its text, which a test pins.
        if message == SIZE_LIMIT_MESSAGE {
            PatternError::TooLarge { pattern }
        } else {
            PatternError::Invalid { pattern, message }
        }
    })?;
    build(&format!("^(?:{source})$")).map_err(|error| PatternError::Unanchorable {
        pattern: source.to_owned(),
        message: error.to_string(),
    })
}

fn build(pattern: &str) -> Result<Regex, regex_lite::Error> {
    RegexBuilder::new(pattern)
        .size_limit(MAX_COMPILED_BYTES)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(source: &str) -> String {
        compile(source).unwrap_err().to_string()
    }

    #[test]
    fn matches_the_whole_value() {
        let digits = compile("[0-9]{8}").unwrap();
        assert!(digits.is_match("20240101"));
        assert!(!digits.is_match("202401011"));
        assert!(!digits.is_match("x20240101"));
        assert!(!digits.is_match(""));
        // Alternatives are anchored together, not just the first and the last.
        let either = compile("a|ab").unwrap();
        assert!(either.is_match("ab"));
        assert!(either.is_match("a"));
        assert!(!either.is_match("abc"));
        assert!(!either.is_match("xab"));
    }

    #[test]
    fn anchors_in_the_pattern_are_harmless() {
        let anchored = compile("^[A-Z]+$").unwrap();
        assert!(anchored.is_match("ABC"));
        assert!(!anchored.is_match("ABC1"));
    }

    #[test]
    fn classes_are_ascii_and_literals_any_character() {
        let word = compile(r"\w+").unwrap();
        assert!(word.is_match("a_1"));
        assert!(!word.is_match("分账"));
        assert!(compile("分账[0-9]+").unwrap().is_match("分账12"));
        assert!(error(r"\p{Han}").contains("Unicode character classes are not supported"));
    }

    #[test]
    fn a_group_cannot_be_closed_early() {
        let message = error("a)|(b");
        assert!(
            message.contains("`a)|(b` is not a valid regular expression"),
            "{message}"
        );
        assert!(compile("(a)|(b)").unwrap().is_match("b"));
    }

    #[test]
    fn malformed_patterns_name_the_pattern_and_say_why() {
        assert_eq!(
            error("[0-9"),
            "the pattern `[0-9` is not a valid regular expression: found unclosed character class"
        );
        assert!(error("a{2,1}").contains("`a{2,1}`"));
        assert!(error("(?<n>a)(?<n>b)").contains("duplicate capture group name"));
        assert!(error(r"(a)\1").contains("backreferences are not supported"));
    }

    #[test]
    fn empty_pattern_is_refused() {
        assert_eq!(compile("").unwrap_err(), PatternError::Empty);
        assert!(error("").contains("only an empty value would match"));
    }

    #[test]
    fn long_patterns_are_refused_before_parsing() {
        assert!(compile(&"a".repeat(MAX_LEN)).is_ok());
        let long = "分".repeat(MAX_LEN);
        let message = error(&long);
        assert_eq!(
            message,
            format!(
                "the pattern `{}…` is {} bytes long; a pattern may have at most 1024 bytes, so that a spec stays cheap to compile",
                "分".repeat(SHOWN_CHARS),
                3 * MAX_LEN
            )
        );
        // Over the cap by length alone, even where the text is not a regular expression.
        assert!(matches!(
            compile(&"(".repeat(MAX_LEN + 1)),
            Err(PatternError::TooLong { .. })
        ));
    }

    #[test]
    fn compiled_size_and_nesting_are_capped() {
        assert_eq!(
            compile("a{1000}{1000}").unwrap_err(),
            PatternError::TooLarge {
                pattern: "a{1000}{1000}".to_owned()
            }
        );
        assert_eq!(
            error("a{1000}{1000}"),
            "the pattern `a{1000}{1000}` compiles to more than 1 MiB, so matching it would be slow; lower its counted repetitions (`{n}`) or simplify it"
        );
        assert!(compile("[0-9]{1,1000}").is_ok());
        let nested = format!("{}a{}", "(".repeat(200), ")".repeat(200));
        assert!(error(&nested).contains("too much nesting"));
    }

    #[test]
    fn a_trailing_verbose_comment_is_refused() {
        let message = error("(?x)[0-9]+ # digits");
        assert!(
            message.contains("cannot be matched against the whole value"),
            "{message}"
        );
        assert!(
            message.contains("end the pattern with a newline"),
            "{message}"
        );
        let commented = compile("(?x)[0-9]+ # digits\n").unwrap();
        assert!(commented.is_match("123"));
        assert!(!commented.is_match("123a"));
    }
}
