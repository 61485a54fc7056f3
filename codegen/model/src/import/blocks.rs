//! The newer layout: one block per parameter. A line gives the wire name, 必填 or 选填, and the
//! type (` sub_mchid  必填   string(32)`); the lines after it hold the title in 【】 and the
//! description; a line `属性` says the parameters that follow are the fields of this one. The
//! location comes from the section heading above (`query  查询参数`).

use super::lines::{Line, is_wire_name, words};
use super::rows::{Cell, RawRow};
use super::types;
use super::vocabulary::{self, heading, label, location_heading, presence, status_line};

/// The word that opens a parameter's nested fields.
const PROPERTIES: &str = "属性";

/// The row a block's first line starts, when the line is one.
pub(crate) fn block_start(line: &Line) -> Option<RawRow> {
    let (name, required, ty) = match words(line.text).as_slice() {
        [name, required, ty] if presence(required).is_some() => {
            (*name, Cell::Given((*required).to_owned()), *ty)
        }
        [name, ty] => (
            *name,
            Cell::Missing("the parameter line has no 必填 or 选填"),
            *ty,
        ),
        _ => return None,
    };
    if !is_wire_name(name) || types::read(ty).is_err() && matches!(required, Cell::Missing(_)) {
        return None;
    }
    if !types::looks_like_type(ty) {
        return None;
    }
    let mut row = RawRow::new(line.number, name, ty, required);
    row.indent = Some(line.indent());
    Some(row)
}

/// Whether a line ends a block's description.
fn ends_description(line: &Line) -> bool {
    let text = line.trimmed();
    block_start(line).is_some()
        || heading(text).is_some()
        || location_heading(text).is_some()
        || status_line(text).is_some()
        || label(text).is_some()
        || vocabulary::is_furniture(text)
}

/// Reads the block starting at `lines[start]`; returns the index of the first line after it
/// and its row, the 【】 title taken out of the description.
pub(crate) fn read(lines: &[Line], start: usize, mut row: RawRow) -> (usize, RawRow) {
    let mut at = start + 1;
    while let Some(line) = lines.get(at) {
        if line.trimmed() == PROPERTIES {
            row.opens = true;
            at += 1;
            break;
        }
        if !line.is_blank() && ends_description(line) {
            break;
        }
        row.push_text(line.text);
        at += 1;
    }
    if let Some(first) = row.text.first_mut()
        && let Some(rest) = first.strip_prefix('【')
        && let Some((title, description)) = rest.split_once('】')
    {
        row.title = Some(title.trim().to_owned());
        *first = description.trim().to_owned();
        if first.is_empty() {
            row.text.remove(0);
        }
    }
    (at, row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::split;

    #[test]
    fn a_block_with_its_title_a_list_and_properties() {
        let page = "\u{a0}result  必填\u{a0}\u{a0} string\n\n【回退结果】\u{a0}处理结果。\n枚举值:\u{a0}\n\n  • SUCCESS:已成功\u{a0}\n\n属性\n\n amount 必填 integer";
        let lines = split(page);
        let row = block_start(&lines[0]).unwrap();
        assert_eq!(row.indent, Some(1));
        let (end, row) = read(&lines, 0, row);
        assert_eq!(row.title.as_deref(), Some("回退结果"));
        assert_eq!(row.text, ["处理结果。", "枚举值:", "• SUCCESS:已成功"]);
        assert!(row.opens);
        assert!(block_start(&lines[end + 1]).is_some());
    }

    #[test]
    fn lines_that_are_not_parameter_lines() {
        for text in ["Java Go", "query 查询参数", "amount 必填 分账", "请求参数"] {
            let lines = split(text);
            assert!(block_start(&lines[0]).is_none(), "{text}");
        }
    }
}
