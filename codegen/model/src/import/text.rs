//! What a description cell says besides its text: the location word some pages put first
//! (`query 分账回退的…`), the 示例值 at its end, and the phrases that mean something to the
//! spec (二选一, when a field is present, 加密, a charset, RFC 3339).

use super::vocabulary::{self, EXAMPLE};
use crate::spec::Location;

/// A description cell, taken apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Description {
    /// The location word the text began with.
    pub(crate) location: Option<Location>,
    /// The text, lines joined, without the location word and the example.
    pub(crate) text: String,
    /// The 示例值.
    pub(crate) example: Option<String>,
}

/// Takes a row's description lines apart; the location word is looked for only when
/// `with_location` (request rows).
pub(crate) fn describe(lines: &[String], with_location: bool) -> Description {
    let mut kept: Vec<String> = Vec::with_capacity(lines.len());
    let mut example = None;
    let mut example_next = false;
    for line in lines {
        if example_next {
            example = Some(line.trim().to_owned());
            example_next = false;
            continue;
        }
        if example.is_none()
            && let Some((before, value)) = split_example(line)
        {
            if !before.is_empty() {
                kept.push(before.to_owned());
            }
            // `示例值:` at a line's end, the value on the next line.
            example_next = value.is_empty();
            example = (!value.is_empty()).then(|| value.to_owned());
            continue;
        }
        kept.push(line.trim().to_owned());
    }
    let mut location = None;
    if with_location && let Some(first) = kept.first_mut() {
        let word_end = first
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(first.len());
        if let Some(found) = vocabulary::location(&first[..word_end])
            && first[..word_end] == first[..word_end].to_ascii_lowercase()
        {
            location = Some(found);
            *first = first[word_end..].trim().to_owned();
        }
    }
    kept.retain(|line| !line.is_empty());
    Description {
        location,
        text: kept.join("\n"),
        example,
    }
}

/// The text before `示例值:` on a line and the value after it.
fn split_example(line: &str) -> Option<(&str, &str)> {
    let at = line.find(EXAMPLE)?;
    let after = line[at + EXAMPLE.len()..].trim_start();
    let value = after
        .strip_prefix(':')
        .or_else(|| after.strip_prefix('：'))?;
    Some((line[..at].trim(), value.trim()))
}

/// The sentence of a description that states a 二选一 rule.
pub(crate) fn one_of_sentence(text: &str) -> Option<String> {
    sentences(text)
        .find(|s| ["二选一", "多选一", "三选一"].iter().any(|w| s.contains(w)))
        .map(str::to_owned)
}

/// The sentences of a text, each ending with its 。 or ；, trimmed.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['。', '；', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Whether a description says the field is present only sometimes.
pub(crate) fn is_conditional(text: &str) -> bool {
    [
        "不返回该字段",
        "返回该字段",
        "存在本字段",
        "时存在",
        "时返回",
        "才返回",
        "仅当",
    ]
    .iter()
    .any(|phrase| text.contains(phrase))
}

/// Whether a description says the value travels encrypted.
pub(crate) fn says_encrypted(text: &str) -> bool {
    text.contains("加密")
        && ![
            "无需加密",
            "无须加密",
            "不需要加密",
            "不加密",
            "非加密",
            "不用加密",
        ]
        .iter()
        .any(|phrase| text.contains(phrase))
}

/// Whether a description names RFC 3339 as the value's format.
pub(crate) fn names_rfc3339(text: &str) -> bool {
    let folded = text.to_ascii_lowercase();
    folded.contains("rfc3339") || folded.contains("rfc 3339")
}

/// The phrase pages use for a charset of digits, letters and a few signs.
const CHARSET_PHRASE: &str = "只能是数字、大小写字母";

/// The charset a description states (`只能是数字、大小写字母_-*@`), in the spec's grammar: the
/// signs after the phrase, a `-` last so that it stands for itself.
pub(crate) fn charset(text: &str) -> Option<String> {
    let at = text.find(CHARSET_PHRASE)?;
    let signs: String = text[at + CHARSET_PHRASE.len()..]
        .chars()
        .take_while(|c| c.is_ascii_punctuation())
        .collect();
    let mut charset = String::from("0-9A-Za-z");
    charset.extend(signs.chars().filter(|c| *c != '-'));
    if signs.contains('-') {
        charset.push('-');
    }
    Some(charset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn location_word_and_example_come_off() {
        let d = describe(
            &lines(&["query调用回退接口提供的单号 示例值:R20190516001"]),
            true,
        );
        assert_eq!(d.location, Some(Location::Query));
        assert_eq!(d.text, "调用回退接口提供的单号");
        assert_eq!(d.example.as_deref(), Some("R20190516001"));
        let d = describe(
            &lines(&[
                "分账单状态,枚举值:",
                "PROCESSING:处理中",
                "示例值: FINISHED",
            ]),
            true,
        );
        assert_eq!(
            (d.location, d.text.as_str()),
            (None, "分账单状态,枚举值:\nPROCESSING:处理中")
        );
        assert_eq!(d.example.as_deref(), Some("FINISHED"));
        let d = describe(&lines(&["query 单号"]), false);
        assert_eq!(d.text, "query 单号");
    }

    #[test]
    fn phrases() {
        assert_eq!(
            one_of_sentence("唯一标识。微信分账单号和商户分账单号二选一填写。").as_deref(),
            Some("微信分账单号和商户分账单号二选一填写。")
        );
        assert!(is_conditional("当分账单状态status为CLOSED时,返回该字段。"));
        assert!(says_encrypted("需使用微信支付公钥加密"));
        assert!(!says_encrypted("明文传输,无需加密"));
        assert_eq!(
            charset("在商户后台唯一 只能是数字、大小写字母_-*@ ,同一").as_deref(),
            Some("0-9A-Za-z_*@-")
        );
        assert!(names_rfc3339("遵循RFC3339标准格式"));
    }
}
