//! Code on the page: JSON examples, printed as they are or with the code viewer's line numbers
//! before each line (`1{`, `2  "sub_mchid" : …`), request samples in other languages (dropped:
//! they restate the tables), and example URLs.

use super::lines::Line;
use super::vocabulary::heading;

/// The most lines one block may have.
const MAX_BLOCK_LINES: usize = 20_000;

/// A block of code, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// A JSON body, as printed (without line numbers), ending with a line break.
    Json(String),
    /// Text in braces that is not JSON (a placeholder such as `{ JAVA示例代码 }`), its lines
    /// trimmed.
    NotJson(String),
    /// A numbered sample in another language.
    Code,
}

/// Reads a numbered block at `lines[start]`: consecutive lines starting `1`, `2`, `3`… Taken
/// when its first line opens JSON, or anywhere in an example section.
pub(crate) fn numbered(lines: &[Line], start: usize, in_example: bool) -> Option<(usize, Block)> {
    let first = lines.get(start)?.text.strip_prefix('1')?;
    lines.get(start + 1)?.text.strip_prefix('2')?;
    let opens_json = first.trim_start().starts_with(['{', '[']);
    if !opens_json && !in_example {
        return None;
    }
    let mut content = Vec::new();
    let mut at = start;
    while let Some(line) = lines.get(at) {
        let Some(text) = line.text.strip_prefix(&(at - start + 1).to_string()) else {
            break;
        };
        if content.len() == MAX_BLOCK_LINES {
            break;
        }
        content.push(text);
        at += 1;
    }
    while content.last().is_some_and(|l| l.trim().is_empty()) {
        content.pop();
    }
    let block = if opens_json {
        json_or_text(&content)
    } else {
        Block::Code
    };
    Some((at, block))
}

/// Reads an unnumbered block from a line opening with `{` to the line that closes it (braces
/// counted outside strings); a heading stops a block that never closes.
pub(crate) fn braces(lines: &[Line], start: usize) -> Option<(usize, Block)> {
    if !lines.get(start)?.trimmed().starts_with('{') {
        return None;
    }
    let mut depth = Depth::default();
    let mut at = start;
    while let Some(line) = lines.get(at) {
        if at > start && (heading(line.text).is_some() || at - start == MAX_BLOCK_LINES) {
            break;
        }
        at += 1;
        if depth.read(line.text) {
            break;
        }
    }
    let content: Vec<&str> = lines[start..at].iter().map(|l| l.text).collect();
    Some((at, json_or_text(&content)))
}

/// The block as JSON when it parses, or its text.
fn json_or_text(content: &[&str]) -> Block {
    let mut body = content.join("\n");
    body.push('\n');
    if serde_json::from_str::<serde_json::Value>(&body).is_ok() {
        Block::Json(body)
    } else {
        let trimmed: Vec<&str> = content.iter().map(|l| l.trim()).collect();
        Block::NotJson(trimmed.join("\n").trim().to_owned())
    }
}

/// How deep a block's braces are, outside strings.
#[derive(Default)]
struct Depth {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl Depth {
    /// Reads a line; whether the braces opened so far are all closed.
    fn read(&mut self, text: &str) -> bool {
        for c in text.chars() {
            match c {
                _ if self.escaped => self.escaped = false,
                '\\' if self.in_string => self.escaped = true,
                '"' => self.in_string = !self.in_string,
                '{' | '[' if !self.in_string => self.depth += 1,
                '}' | ']' if !self.in_string => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        return true;
                    }
                }
                _ => {}
            }
        }
        false
    }
}

/// Whether a line is an address and nothing else.
pub(crate) fn is_url(text: &str) -> bool {
    let text = text.trim();
    (text.starts_with("http://") || text.starts_with("https://"))
        && !text.contains(char::is_whitespace)
}

/// The path of an address: what follows the host, without the query.
pub(crate) fn url_path(url: &str) -> Option<&str> {
    let rest = url
        .trim()
        .strip_prefix("https://")
        .or_else(|| url.trim().strip_prefix("http://"))?;
    let path = &rest[rest.find('/')?..];
    Some(path.split(['?', '#']).next().unwrap_or(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::split;

    #[test]
    fn numbered_json_loses_its_numbers() {
        let lines = split("1{\n2  \"a\" : 1\n3}\n4\n\nnext");
        let (end, block) = numbered(&lines, 0, false).unwrap();
        assert_eq!(end, 4);
        assert_eq!(block, Block::Json("{\n  \"a\" : 1\n}\n".into()));
        let code = split("1package demo;\n2\n3import x;");
        assert!(numbered(&code, 0, false).is_none());
        assert_eq!(numbered(&code, 0, true).unwrap(), (3, Block::Code));
    }

    #[test]
    fn braces_close_outside_strings_and_placeholders_are_text() {
        let lines = split("{\n \"a\": \"}\",\n \"b\": [\n{}\n]\n}\nafter");
        let (end, block) = braces(&lines, 0).unwrap();
        assert_eq!(end, 6);
        assert!(matches!(block, Block::Json(_)));
        let placeholder = split("{\nJAVA示例代码\n}");
        assert_eq!(
            braces(&placeholder, 0).unwrap().1,
            Block::NotJson("{\nJAVA示例代码\n}".into())
        );
    }

    #[test]
    fn addresses() {
        assert!(is_url(" https://api.mch.weixin.qq.com/v3/x?a=1 "));
        assert!(!is_url("https://a.b/ c"));
        assert_eq!(
            url_path("https://api.mch.weixin.qq.com/v3/x?a=1"),
            Some("/v3/x")
        );
        assert_eq!(url_path("http://2323weixin.qq.com"), None);
    }
}
