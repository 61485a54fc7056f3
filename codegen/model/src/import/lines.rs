//! The page as numbered lines, and the few ways of cutting a line into words that every reader
//! uses. Pages separate words with spaces, tabs and no-break spaces alike, so "whitespace" here
//! is Unicode whitespace throughout.

/// One line of the page, numbered from 1, without its line break.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    /// The line number, counting from 1.
    pub(crate) number: usize,
    /// The text as saved (a `\r` before the break and a leading byte-order mark removed).
    pub(crate) text: &'a str,
}

impl<'a> Line<'a> {
    /// The text without whitespace at either end.
    pub(crate) fn trimmed(&self) -> &'a str {
        self.text.trim()
    }

    /// Whether the line holds nothing but whitespace.
    pub(crate) fn is_blank(&self) -> bool {
        self.trimmed().is_empty()
    }

    /// How many whitespace characters open the line.
    pub(crate) fn indent(&self) -> usize {
        self.text.chars().take_while(|c| c.is_whitespace()).count()
    }
}

/// The lines of `text`.
pub(crate) fn split(text: &str) -> Vec<Line<'_>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    text.split('\n')
        .enumerate()
        .map(|(i, line)| Line {
            number: i + 1,
            text: line.strip_suffix('\r').unwrap_or(line),
        })
        .collect()
}

/// The whitespace-separated words of `text`.
pub(crate) fn words(text: &str) -> Vec<&str> {
    text.split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .collect()
}

/// The first `count` words of `text` and the rest of it after them (trimmed), when it has that
/// many words.
pub(crate) fn take_words(text: &str, count: usize) -> Option<(Vec<&str>, &str)> {
    let mut rest = text.trim_start();
    let mut taken = Vec::with_capacity(count);
    for _ in 0..count {
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        taken.push(&rest[..end]);
        rest = rest[end..].trim_start();
    }
    Some((taken, rest.trim_end()))
}

/// The text after `prefix` and a colon (`:` or the full-width `：`), when `text` starts so.
pub(crate) fn after_label<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(prefix)?.trim_start();
    let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))?;
    Some(rest.trim())
}

/// Whether `name` can be a parameter's wire name: ASCII letters, digits, `_`, `-` and `.`,
/// starting with a letter or `_`.
pub(crate) fn is_wire_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_no_break_spaces_too() {
        assert_eq!(
            words("\u{a0}sub_mchid  必填\u{a0}\u{a0} string(32)"),
            ["sub_mchid", "必填", "string(32)"]
        );
        let (taken, rest) = take_words("a b  c d e ", 2).unwrap();
        assert_eq!((taken, rest), (vec!["a", "b"], "c d e"));
        assert!(take_words("a", 2).is_none());
    }

    #[test]
    fn labels_take_either_colon() {
        assert_eq!(after_label("请求方式:GET", "请求方式"), Some("GET"));
        assert_eq!(after_label("请求方式： GET ", "请求方式"), Some("GET"));
        assert_eq!(after_label("请求方式GET", "请求方式"), None);
    }

    #[test]
    fn lines_lose_carriage_returns_and_the_byte_order_mark() {
        let lines = split("\u{FEFF}a\r\nb");
        assert_eq!(
            (lines[0].text, lines[1].text, lines[1].number),
            ("a", "b", 2)
        );
    }
}
