//! Value lists in descriptions: after `枚举值`, either on one line
//! (`枚举值: PROCESSING:处理中 SUCCESS:已成功`, each meaning one word) or one value a line,
//! with or without bullets and numbers (`• FAIL:已失败`, `1. ACCOUNT_ABNORMAL : 原分账…`).
//! Values are written in capitals, digits, `_` and `.`; the list ends at the first line or word
//! that is not a value and its meaning.

/// The word that opens a value list.
const MARKER: &str = "枚举值";

/// A value list read from a description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ValueList {
    /// The description's text before the list, without a trailing comma or `包含以下`.
    pub(crate) before: String,
    /// The values and their meanings, in page order.
    pub(crate) values: Vec<(String, String)>,
}

/// The value list of a description, when it has one with at least one value.
pub(crate) fn read(description: &str) -> Option<ValueList> {
    let at = description.find(MARKER)?;
    let rest = description[at + MARKER.len()..].trim_start_matches([' ', '\u{a0}', '\t']);
    let rest = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix('：'))
        .unwrap_or(rest);
    let (first_line, later) = rest.split_once('\n').unwrap_or((rest, ""));
    let values = if first_line.trim().is_empty() {
        one_per_line(later)
    } else {
        on_one_line(first_line)
    };
    if values.is_empty() {
        return None;
    }
    let before = description[..at]
        .trim_end()
        .trim_end_matches("包含以下")
        .trim_end_matches(['，', ',', ':', '：'])
        .trim_end()
        .to_owned();
    Some(ValueList { before, values })
}

/// `A:一 B:二 C:三`: each meaning ends at the next space.
fn on_one_line(line: &str) -> Vec<(String, String)> {
    let mut values = Vec::new();
    let mut rest = line.trim();
    while let Some((value, after)) = value_and_colon(rest) {
        let end = after.find(char::is_whitespace).unwrap_or(after.len());
        values.push((value.to_owned(), after[..end].to_owned()));
        rest = after[end..].trim_start();
    }
    values
}

/// One value a line; blank lines between them are layout.
fn one_per_line(lines: &str) -> Vec<(String, String)> {
    let mut values = Vec::new();
    for line in lines.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match value_and_colon(strip_bullet(line)) {
            Some((value, meaning)) => values.push((value.to_owned(), meaning.trim().to_owned())),
            None => break,
        }
    }
    values
}

/// A list item without its bullet or number (`•`, `-`, `1.`, `2、`).
fn strip_bullet(line: &str) -> &str {
    let line = line
        .trim_start_matches(['•', '·', '●', '▪', '-', '*'])
        .trim_start();
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match line[digits..].chars().next() {
        Some(mark @ ('.' | '、' | ')' | '）')) if digits > 0 => {
            line[digits + mark.len_utf8()..].trim_start()
        }
        _ => line,
    }
}

/// A value, then a colon (spaces around it allowed): the value and the text after the colon.
fn value_and_colon(text: &str) -> Option<(&str, &str)> {
    let end = text
        .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '.'))
        .unwrap_or(text.len());
    let value = &text[..end];
    if !value.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit()) {
        return None;
    }
    let after = text[end..].trim_start();
    let after = after
        .strip_prefix(':')
        .or_else(|| after.strip_prefix('：'))?;
    Some((value, after.trim_start()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &ValueList) -> Vec<(&str, &str)> {
        list.values
            .iter()
            .map(|(v, m)| (v.as_str(), m.as_str()))
            .collect()
    }

    #[test]
    fn one_line_lists_end_at_the_first_word_that_is_not_a_value() {
        let list = read("结果,枚举值: PROCESSING:处理中 FAILED:已失败 注意:请勿变更").unwrap();
        assert_eq!(
            pairs(&list),
            [("PROCESSING", "处理中"), ("FAILED", "已失败")]
        );
        let list = read("原因,枚举值: A_B:甲 INVALID_REQUEST: 描述参数设置失败").unwrap();
        assert_eq!(pairs(&list)[1], ("INVALID_REQUEST", "描述参数设置失败"));
    }

    #[test]
    fn lists_one_value_a_line_with_bullets_or_numbers() {
        let list = read("结果。\n枚举值:\n• PROCESSING:处理中\n• FAIL:已失败").unwrap();
        assert_eq!(list.before, "结果。");
        assert_eq!(pairs(&list), [("PROCESSING", "处理中"), ("FAIL", "已失败")]);
        let list =
            read("失败原因。包含以下枚举值:\n1. ACCOUNT_ABNORMAL\u{a0}: 原分账接收方账户异常")
                .unwrap();
        assert_eq!(list.before, "失败原因。");
        assert_eq!(pairs(&list), [("ACCOUNT_ABNORMAL", "原分账接收方账户异常")]);
        let list = read("分账单状态,枚举值:\nPROCESSING:处理中\n类型是X时").unwrap();
        assert_eq!((list.before.as_str(), list.values.len()), ("分账单状态", 1));
        assert!(read("枚举值见下表").is_none());
    }
}
