//! The `charset = "…"` character class, parsed at compile time.
//!
//! The class is written as documentation tables print it: ranges like `a-z` and single
//! characters, side by side (`0-9A-Za-z_*@-`). A `-` first or last stands for itself; anywhere
//! else it must join a range. There are no escapes: every other character stands for itself.

/// The inclusive ranges of `class`, in the order written, or why it is malformed.
pub(crate) fn parse(class: &str) -> Result<Vec<(char, char)>, String> {
    let chars: Vec<char> = class.chars().collect();
    if chars.is_empty() {
        return Err("the character class is empty; list the allowed characters, e.g. charset = \"0-9A-Za-z\"".to_owned());
    }
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = chars[i];
        match chars.get(i + 1..i + 3) {
            Some(&['-', end]) => {
                if start > end {
                    return Err(format!(
                        "`{start}-{end}` is not a range: `{start}` comes after `{end}`; write `{end}-{start}`"
                    ));
                }
                ranges.push((start, end));
                i += 3;
            }
            _ if start == '-' && i != 0 && i + 1 != chars.len() => {
                return Err(format!(
                    "a `-` that joins no range in {class:?}; to allow `-` itself, put it first or last"
                ));
            }
            _ => {
                ranges.push((start, start));
                i += 1;
            }
        }
    }
    Ok(ranges)
}

#[cfg(test)]
mod tests {
    use super::parse;

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
}
