//! The page's fixed words: section headings, labelled lines, the words of the 必填 column, the
//! location words, and the page furniture (tab names, buttons) that carries no content.

use super::lines::{after_label, words};
use crate::spec::{Location, Required};

/// The word before a row's example value (示例值:1900000109).
pub(crate) const EXAMPLE: &str = "示例值";

/// A section of the page, by its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    /// 接口说明: the labelled lines.
    Overview,
    /// 请求参数.
    Request,
    /// 请求示例.
    RequestExample,
    /// 应答参数 / 返回参数.
    Response,
    /// 应答示例 / 返回示例.
    ResponseExample,
    /// 错误码.
    Errors,
    /// 版本说明.
    History,
}

/// Headings as pages write them. Some pages run two together (`错误码公共错误码`).
const HEADINGS: &[(&str, Section)] = &[
    ("接口说明", Section::Overview),
    ("请求参数", Section::Request),
    ("请求示例", Section::RequestExample),
    ("应答参数", Section::Response),
    ("返回参数", Section::Response),
    ("响应参数", Section::Response),
    ("应答示例", Section::ResponseExample),
    ("返回示例", Section::ResponseExample),
    ("响应示例", Section::ResponseExample),
    ("公共错误码", Section::Errors),
    ("业务错误码", Section::Errors),
    ("错误码", Section::Errors),
    ("版本说明", Section::History),
    ("版本历史", Section::History),
];

/// The section a heading line opens: a line made of heading words and nothing else.
pub(crate) fn heading(text: &str) -> Option<Section> {
    let mut rest = text.trim();
    let mut first = None;
    while !rest.is_empty() {
        let (word, section) = HEADINGS.iter().find(|(word, _)| rest.starts_with(word))?;
        first.get_or_insert(*section);
        rest = rest[word.len()..].trim_start();
    }
    first
}

/// A labelled line of the overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label {
    /// 适用对象 / 支持商户.
    ApplicableTo,
    /// 请求URL: the whole address.
    Url,
    /// 请求方式: the method, and in newer pages the path.
    Method,
    /// 请求域名: a domain.
    Domain,
    /// 更新时间.
    Updated,
}

const LABELS: &[(&str, Label)] = &[
    ("适用对象", Label::ApplicableTo),
    ("支持商户", Label::ApplicableTo),
    ("请求URL", Label::Url),
    ("请求地址", Label::Url),
    ("请求方式", Label::Method),
    ("请求方法", Label::Method),
    ("请求域名", Label::Domain),
    ("最新更新时间", Label::Updated),
    ("更新时间", Label::Updated),
];

/// The label of a labelled line and the text after its colon.
pub(crate) fn label(text: &str) -> Option<(Label, &str)> {
    let text = text.trim();
    LABELS
        .iter()
        .find_map(|(word, label)| after_label(text, word).map(|value| (*label, value)))
}

/// Lines of page furniture: code tabs, buttons and footer links.
const FURNITURE: &[&str] = &[
    "Java",
    "JAVA",
    "Go",
    "curl",
    "PHP",
    "Python",
    "Node.js",
    "NodeJS",
    "C#",
    ".NET",
    "更多技术问题",
    "技术咨询",
    "反馈",
    "咨询",
    "目录",
    "置顶",
    "反馈有奖",
    "关闭",
    "展开",
    "收起",
    "复制",
];

/// Whether a line is page furniture, dropped from the draft.
pub(crate) fn is_furniture(text: &str) -> bool {
    FURNITURE.contains(&text.trim())
}

/// What a 必填 cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presence {
    /// A plain answer.
    Plain(Required),
    /// 条件必填, 条件选填: present under conditions the description gives.
    Conditional,
}

/// The 必填 cell's reading, when the text is one of its words.
pub(crate) fn presence(cell: &str) -> Option<Presence> {
    Some(match cell.trim() {
        "是" | "必填" | "必选" | "Y" | "y" | "yes" | "true" => Presence::Plain(Required::Yes),
        "否" | "选填" | "可选" | "非必填" | "N" | "n" | "no" | "false" => {
            Presence::Plain(Required::No)
        }
        "二选一" | "多选一" | "三选一" => Presence::Plain(Required::OneOf),
        "条件必填" | "条件选填" | "特殊必填" | "特殊选填" => Presence::Conditional,
        _ => return None,
    })
}

/// A location word, written alone (`query`) as pages write it.
pub(crate) fn location(word: &str) -> Option<Location> {
    Some(match word.to_ascii_lowercase().as_str() {
        "path" => Location::Path,
        "query" => Location::Query,
        "body" => Location::Body,
        "header" => Location::Header,
        _ => return None,
    })
}

/// A location heading of the newer layout: `query  查询参数`, `Header  HTTP头参数`.
pub(crate) fn location_heading(text: &str) -> Option<Location> {
    match words(text).as_slice() {
        [word, title] if title.ends_with("参数") => location(word),
        _ => None,
    }
}

/// A status line (`200 OK`, `204 No Content`): the status.
pub(crate) fn status_line(text: &str) -> Option<u16> {
    let (code, reason) = text.trim().split_once(char::is_whitespace)?;
    let reason = reason.trim();
    let valid = code.len() == 3
        && !reason.is_empty()
        && reason
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '\u{a0}');
    valid.then(|| code.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_alone_or_run_together() {
        assert_eq!(heading("错误码公共错误码"), Some(Section::Errors));
        assert_eq!(heading(" 应答参数 "), Some(Section::Response));
        assert_eq!(heading("请求参数说明"), None);
        assert_eq!(heading(""), None);
    }

    #[test]
    fn labels_location_headings_and_status_lines() {
        assert_eq!(
            label("支持商户:【普通服务商】"),
            Some((Label::ApplicableTo, "【普通服务商】"))
        );
        assert_eq!(
            label("最新更新时间:2020.11.06 版本说明").map(|l| l.0),
            Some(Label::Updated)
        );
        assert_eq!(
            location_heading("Header\u{a0} HTTP头参数"),
            Some(Location::Header)
        );
        assert_eq!(location_heading("query 分账"), None);
        assert_eq!(status_line("200\u{a0}OK"), Some(200));
        assert_eq!(status_line("204 No Content"), Some(204));
        assert_eq!(status_line("400 PARAM_ERROR"), None);
    }
}
