//! Tables whose cells are separated by spaces (`参数名 变量 类型[长度限制] 必填 描述`), as older
//! pages print them once their borders are lost. A row starts with its title, wire name and
//! type; the 必填 cell and a location word may follow, then the description, which runs on over
//! the next lines (blank lines included) until the next row. A `+` before a title, followed by
//! another header, opens a sub-table whose end the page does not mark.

use super::lines::{Line, is_wire_name, take_words, words};
use super::pipe_table::{Column, TableKind, column, kind_of};
use super::rows::{Cell, ParamTable, RawRow, mark_missing_everywhere};
use super::types::looks_like_type;
use super::vocabulary::{self, EXAMPLE, heading, label, presence};

/// The table a spaced header line opens: every word a column name.
pub(crate) fn header(text: &str) -> Option<TableKind> {
    let columns: Vec<Column> = words(text).iter().map(|w| column(w)).collect();
    if columns.len() < 3 || columns.contains(&Column::Other) || text.contains('|') {
        return None;
    }
    kind_of(columns)
}

/// A row's first line: title, wire name, type, then what follows them.
fn row_start(line: &Line) -> Option<RawRow> {
    let (cells, rest) = take_words(line.text, 3)?;
    let (title, name, ty) = (cells[0], cells[1], cells[2]);
    if !is_wire_name(name) || !looks_like_type(ty) || is_wire_name(title) {
        return None;
    }
    let mut row = RawRow::new(
        line.number,
        name,
        ty,
        Cell::Missing("the row has no 必填 cell"),
    );
    row.title = Some(title.to_owned());
    let mut rest = rest;
    if let Some((first, after)) = take_words(rest, 1)
        && presence(first[0]).is_some()
    {
        row.required = Cell::Given(first[0].to_owned());
        rest = after;
    }
    if let Some((first, after)) = take_words(rest, 1)
        && let Some(location) = vocabulary::location(first[0])
    {
        row.location = Some(location);
        rest = after;
    }
    row.push_text(rest);
    Some(row)
}

/// Whether a line ends the table: it belongs to something else on the page.
fn ends_table(line: &Line) -> bool {
    let text = line.trimmed();
    heading(text).is_some()
        || label(text).is_some()
        || text.starts_with('{')
        || text.starts_with("http://")
        || text.starts_with("https://")
        || text.contains('|')
        || vocabulary::is_furniture(text)
        || vocabulary::status_line(text).is_some()
}

/// Reads the parameter table whose header is `lines[start]`; returns the index of the first
/// line after it and its rows.
pub(crate) fn read_params(lines: &[Line], start: usize) -> (usize, ParamTable) {
    let mut table = ParamTable::default();
    let mut at = start + 1;
    let mut blank_before = false;
    // Whether the current row has its 示例值, which ends it once a blank line follows.
    let mut example_seen = false;
    while let Some(line) = lines.get(at) {
        if line.is_blank() {
            blank_before = true;
            at += 1;
            continue;
        }
        if let Some(row) = row_start(line) {
            example_seen = row.text.iter().any(|t| t.contains(EXAMPLE));
            table.rows.push(row);
        } else if matches!(header(line.text), Some(TableKind::Params(_))) {
            match table.rows.last_mut() {
                Some(parent) => parent.opens = true,
                None => break,
            }
        } else if ends_table(line) {
            break;
        } else {
            // A description line, unless a blank line parts it from a row already complete.
            match table.rows.last_mut() {
                Some(row) if !(blank_before && example_seen) => {
                    example_seen |= line.text.contains(EXAMPLE);
                    row.push_text(line.text);
                }
                _ => break,
            }
        }
        blank_before = false;
        at += 1;
    }
    mark_missing_everywhere(&mut table.rows);
    (at, table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::split;

    #[test]
    fn rows_with_and_without_cells_and_a_sub_table() {
        let page = "参数名 变量 类型[长度限制] 必填 描述\n\
                    单号 out_order_no string[1,64] query 商户的单号。\n示例值:P1\n\
                    +列表 receivers array 接收方\n参数名 变量 类型[长度限制] 必填 描述\n\
                    结果 result string[1,32]\n\n结果,枚举值:\nSUCCESS:成功\n示例值:SUCCESS\n\n返回示例";
        let lines = split(page);
        assert!(matches!(header(lines[0].text), Some(TableKind::Params(_))));
        let (end, table) = read_params(&lines, 0);
        assert_eq!(lines[end].text, "返回示例");
        let [order, receivers, result] = table.rows.as_slice() else {
            panic!("{table:?}")
        };
        assert_eq!(order.location, Some(crate::spec::Location::Query));
        assert_eq!(order.text, ["商户的单号。", "示例值:P1"]);
        assert_eq!(order.required, Cell::MissingInTable);
        assert!(receivers.opens && receivers.title.as_deref() == Some("+列表"));
        assert_eq!(
            result.text,
            ["结果,枚举值:", "SUCCESS:成功", "示例值:SUCCESS"]
        );
    }
}
