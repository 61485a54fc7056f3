//! Text as YAML scalars that read back as exactly the same text: plain where nothing in it can
//! mean something to YAML, a literal block (`|`, `|-`) for lines that keep their layout, and a
//! double-quoted string with escapes for everything else (no-break spaces and other invisible
//! characters are escaped there, so that a reader of the draft sees them).

/// Characters written escaped, never as they are.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{a0}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{200b}' | '\u{3000}' | '\u{85}'
        )
}

/// Whether `text` can stand unquoted: one line, no character YAML reads as syntax, and not a
/// word YAML reads as something other than text (a number, a date, `true`, `null`).
fn can_be_plain(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let reserved = [
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n",
    ];
    !first.is_whitespace()
        && !text.ends_with(char::is_whitespace)
        && !"-?:,[]{}#&*!|>'\"%@`.+".contains(first)
        && !first.is_ascii_digit()
        && !text.chars().any(is_invisible)
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !reserved.contains(&text.to_ascii_lowercase().as_str())
        && text.parse::<f64>().is_err()
}

/// Whether `text` (of several lines) can stand as a literal block: no invisible characters, no
/// line that starts the block with space or holds only spaces, no space at a line's end, and at
/// most one line break at the end.
fn can_be_block(text: &str) -> bool {
    let body = text.strip_suffix('\n').unwrap_or(text);
    body.contains('\n')
        && !body.ends_with('\n')
        && !body.starts_with(char::is_whitespace)
        && !text.chars().any(|c| c != '\n' && is_invisible(c))
        && body
            .split('\n')
            .all(|line| !line.ends_with(char::is_whitespace))
}

/// `text` double-quoted, escaped.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if is_invisible(c) && (c as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02X}", c as u32))
            }
            c if is_invisible(c) && (c as u32) < 0x10000 => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c if is_invisible(c) => out.push_str(&format!("\\U{:08X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` as the value after `key: `, for a key at `indent` spaces: the scalar, and for a block
/// its lines, indented two deeper.
pub(crate) fn scalar(text: &str, indent: usize) -> String {
    if can_be_plain(text) {
        text.to_owned()
    } else if can_be_block(text) {
        let chomp = if text.ends_with('\n') { "|" } else { "|-" };
        let pad = " ".repeat(indent + 2);
        let mut out = chomp.to_owned();
        for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
                out.push_str(line);
            }
        }
        out
    } else {
        quoted(text)
    }
}

/// `text`, always quoted: for examples and dates, which the spec writes as strings.
pub(crate) fn quoted_scalar(text: &str) -> String {
    quoted(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_style_where_it_is_safe() {
        assert_eq!(scalar("查询分账回退结果", 0), "查询分账回退结果");
        assert_eq!(scalar("yes", 0), "\"yes\"");
        assert_eq!(scalar("NaN", 0), "\"NaN\"");
        assert_eq!(scalar("2020-11-06", 0), "\"2020-11-06\"");
        assert_eq!(scalar("a: b", 0), "\"a: b\"");
        assert_eq!(scalar("a\u{a0}b", 0), "\"a\\u00A0b\"");
        assert_eq!(scalar("", 0), "\"\"");
        assert_eq!(scalar("一\n二", 2), "|-\n    一\n    二");
        assert_eq!(scalar("{\n \"a\": 1\n}\n", 0), "|\n  {\n   \"a\": 1\n  }");
        assert_eq!(scalar(" 一\n二", 0), "\" 一\\n二\"");
        assert_eq!(scalar("a\u{1}", 0), "\"a\\x01\"");
    }
}
