//! The grammar of a documented character class, such as `0-9A-Za-z_*@-`.
//!
//! A class is written as documentation tables print it: ranges like `a-z` and single characters,
//! side by side. A `-` first or last stands for itself; anywhere else it must join a range
//! (`a-z-0` is rejected, since it could mean `a-z`, `-`, `0` or a range `z-0`). There are no
//! escapes: every other character stands for itself.
//!
//! The spec checker, the `Validate` derive and the runtime all read classes through this module,
//! so a class either passes all three or fails the first one that sees it.

use std::fmt;

/// A parsed character class: the class as written and its inclusive ranges, in the order
/// written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Charset {
    class: String,
    ranges: Vec<(char, char)>,
}

/// Why a class is malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CharsetError {
    /// Nothing is allowed.
    Empty,
    /// A range whose start comes after its end.
    Backwards {
        /// The range's first character.
        start: char,
        /// The range's last character.
        end: char,
    },
    /// A `-` in the middle that joins no range.
    StrayDash {
        /// The class as written.
        class: String,
    },
}

impl fmt::Display for CharsetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str(
                "the character class is empty; list the allowed characters, e.g. `0-9A-Za-z`",
            ),
            Self::Backwards { start, end } => write!(
                f,
                "`{start}-{end}` is not a range: `{start}` comes after `{end}`; write `{end}-{start}`"
            ),
            Self::StrayDash { class } => write!(
                f,
                "a `-` that joins no range in {class:?}; to allow `-` itself, put it first or last"
            ),
        }
    }
}

impl std::error::Error for CharsetError {}

impl Charset {
    /// Parses `class`.
    pub fn parse(class: &str) -> Result<Self, CharsetError> {
        Ok(Self {
            class: class.to_owned(),
            ranges: parse_ranges(class)?,
        })
    }

    /// The class as written.
    pub fn class(&self) -> &str {
        &self.class
    }

    /// Its inclusive ranges, in the order written.
    pub fn ranges(&self) -> &[(char, char)] {
        &self.ranges
    }

    /// The first character of `text` outside the class.
    pub fn first_outside(&self, text: &str) -> Option<char> {
        first_outside(&self.ranges, text)
    }
}

/// The inclusive ranges of `class`, in the order written, or why it is malformed.
fn parse_ranges(class: &str) -> Result<Vec<(char, char)>, CharsetError> {
    let chars: Vec<char> = class.chars().collect();
    if chars.is_empty() {
        return Err(CharsetError::Empty);
    }
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = chars[i];
        match chars.get(i + 1..i + 3) {
            Some(&['-', end]) => {
                if start > end {
                    return Err(CharsetError::Backwards { start, end });
                }
                ranges.push((start, end));
                i += 3;
            }
            _ if start == '-' && i != 0 && i + 1 != chars.len() => {
                return Err(CharsetError::StrayDash {
                    class: class.to_owned(),
                });
            }
            _ => {
                ranges.push((start, start));
                i += 1;
            }
        }
    }
    Ok(ranges)
}

/// The first character of `text` that falls in none of `ranges`.
pub fn first_outside(ranges: &[(char, char)], text: &str) -> Option<char> {
    text.chars()
        .find(|c| !ranges.iter().any(|&(low, high)| (low..=high).contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(class: &str) -> Result<Vec<(char, char)>, String> {
        parse_ranges(class).map_err(|e| e.to_string())
    }

    #[test]
    fn ranges_and_singles() {
        assert_eq!(
            parse("0-9A-Za-z_*@-").unwrap(),
            [
                ('0', '9'),
                ('A', 'Z'),
                ('a', 'z'),
                ('_', '_'),
                ('*', '*'),
                ('@', '@'),
                ('-', '-')
            ]
        );
    }

    #[test]
    fn dash_first_or_last_stands_for_itself() {
        assert_eq!(parse("-a").unwrap(), [('-', '-'), ('a', 'a')]);
        assert_eq!(parse("a-").unwrap(), [('a', 'a'), ('-', '-')]);
        assert_eq!(parse("-").unwrap(), [('-', '-')]);
        assert_eq!(parse("-a-c").unwrap(), [('-', '-'), ('a', 'c')]);
        assert_eq!(parse("a-c-").unwrap(), [('a', 'c'), ('-', '-')]);
    }

    #[test]
    fn non_ascii_and_single_character_ranges() {
        assert_eq!(parse("一-龥").unwrap(), [('一', '龥')]);
        assert_eq!(parse("a-a").unwrap(), [('a', 'a')]);
    }

    #[test]
    fn malformed_classes_say_why() {
        assert!(parse("").unwrap_err().contains("empty"));
        assert!(parse("z-a").unwrap_err().contains("`z` comes after `a`"));
        assert!(parse("a-z-0").unwrap_err().contains("joins no range"));
        assert!(parse("a--").unwrap_err().contains("not a range"));
    }

    #[test]
    fn finds_the_first_character_outside() {
        let digits = Charset::parse("0-9").unwrap();
        assert_eq!(digits.first_outside("12a3b"), Some('a'));
        assert_eq!(digits.first_outside("123"), None);
        assert_eq!(digits.class(), "0-9");
    }
}
