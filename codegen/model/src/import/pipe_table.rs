//! Pipe tables (`参数名 | 变量 | 类型[长度限制] | 必填 | 描述 |`): a header naming the columns, a
//! `---|---` line, then rows whose cells end with `|`. A row may run over several lines (its
//! description breaks, or its last cell is pushed onto a line of its own); it is complete once
//! it has a cell for every column and ends with `|`.

use super::lines::{Line, is_wire_name};
use super::rows::{Cell, ParamTable, Problem, RawRow};
use super::vocabulary::presence;

/// The most lines one row may run over before it is taken as it stands.
const MAX_ROW_LINES: usize = 50;

/// What a column of a pipe or spaced table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    /// 参数名.
    Title,
    /// 变量.
    Name,
    /// 类型[长度限制].
    Type,
    /// 必填.
    Required,
    /// 描述 (in an error table as well).
    Description,
    /// 状态码.
    Status,
    /// 错误码.
    Code,
    /// 解决方案.
    Solution,
    /// Anything else.
    Other,
}

/// The column a header cell names.
pub(crate) fn column(cell: &str) -> Column {
    match cell.trim() {
        "参数名" | "参数名称" => Column::Title,
        "变量" | "变量名" | "字段名" => Column::Name,
        cell if cell.starts_with("类型") => Column::Type,
        "必填" | "是否必填" | "必选" => Column::Required,
        "描述" | "说明" | "备注" | "错误描述" => Column::Description,
        "状态码" | "HTTP状态码" => Column::Status,
        "错误码" => Column::Code,
        "解决方案" | "解决方法" => Column::Solution,
        _ => Column::Other,
    }
}

/// What a header's columns make of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TableKind {
    /// A parameter table.
    Params(Vec<Column>),
    /// An error-code table.
    Errors(Vec<Column>),
}

/// The kind of table a header of `columns` opens, if any.
pub(crate) fn kind_of(columns: Vec<Column>) -> Option<TableKind> {
    if columns.contains(&Column::Name) && columns.contains(&Column::Type) {
        Some(TableKind::Params(columns))
    } else if columns.contains(&Column::Status) && columns.contains(&Column::Code) {
        Some(TableKind::Errors(columns))
    } else {
        None
    }
}

/// The table a pipe header line opens.
pub(crate) fn header(text: &str) -> Option<TableKind> {
    if !text.contains('|') {
        return None;
    }
    kind_of(cells(text).iter().map(|c| column(c)).collect())
}

/// The cells of a row's text: split at `|`, without the empty piece before a leading `|` or
/// after a trailing one, each trimmed.
pub(crate) fn cells(text: &str) -> Vec<String> {
    let mut pieces: Vec<&str> = text.split('|').collect();
    if text.trim_end().ends_with('|') {
        pieces.pop();
    }
    if text.trim_start().starts_with('|') && !pieces.is_empty() {
        pieces.remove(0);
    }
    pieces.iter().map(|p| p.trim().to_owned()).collect()
}

fn is_separator(text: &str) -> bool {
    let text = text.trim();
    text.contains('-')
        && text.contains('|')
        && text.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

/// One item of a pipe table, in page order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    /// A row's first line and its cells.
    Row(usize, Vec<String>),
    /// A header line within the table: a sub-table starts.
    SubHeader(usize),
}

/// Reads the table whose header is `lines[start]`, of `columns` columns; returns the index of
/// the first line after it and its items. `starts_row` says whether a line opens a new row.
pub(crate) fn read(
    lines: &[Line],
    start: usize,
    columns: usize,
    starts_row: &dyn Fn(&[String]) -> bool,
) -> (usize, Vec<Item>) {
    let mut items = Vec::new();
    let mut pending: Option<(usize, String, usize)> = None; // first line, text, line count
    let finish = |pending: &mut Option<(usize, String, usize)>, items: &mut Vec<Item>| {
        if let Some((line, text, _)) = pending.take() {
            let row = cells(&text);
            if row.iter().any(|c| !c.is_empty()) {
                items.push(Item::Row(line, row));
            }
        }
    };
    let mut at = start + 1;
    while let Some(line) = lines.get(at) {
        let text = line.text;
        if let Some((_, joined, count)) = &pending {
            let complete = cells(joined).len() >= columns && joined.trim_end().ends_with('|');
            let opens_next =
                text.contains('|') && (starts_row(&cells(text)) || header(text).is_some());
            if line.is_blank() || complete || opens_next || *count >= MAX_ROW_LINES {
                finish(&mut pending, &mut items);
            } else if cells(joined).len() >= columns && !text.contains('|') {
                finish(&mut pending, &mut items);
                break;
            } else if let Some((_, joined, count)) = &mut pending {
                joined.push('\n');
                joined.push_str(text);
                *count += 1;
                at += 1;
                continue;
            }
        }
        if line.is_blank() || !text.contains('|') {
            break;
        }
        if header(text).is_some() {
            items.push(Item::SubHeader(line.number));
        } else if !is_separator(text) {
            pending = Some((line.number, text.to_owned(), 1));
        }
        at += 1;
    }
    finish(&mut pending, &mut items);
    (at, items)
}

/// The parameter rows of a pipe table's items, by the header's `columns`.
pub(crate) fn param_rows(items: Vec<Item>, columns: &[Column]) -> ParamTable {
    let mut table = ParamTable::default();
    let at = |cells: &[String], wanted: Column| {
        columns
            .iter()
            .position(|c| *c == wanted)
            .and_then(|i| cells.get(i))
            .cloned()
    };
    for item in items {
        let (line, cells) = match item {
            Item::Row(line, cells) => (line, cells),
            Item::SubHeader(line) => {
                match table.rows.last_mut() {
                    Some(parent) => parent.opens = true,
                    None => table.problems.push(Problem {
                        line,
                        issue: "a table header stands where a row was expected".into(),
                    }),
                }
                continue;
            }
        };
        let name = at(&cells, Column::Name).unwrap_or_default();
        let ty = at(&cells, Column::Type).unwrap_or_default();
        if !is_wire_name(&name) || ty.is_empty() {
            table.problems.push(Problem {
                line,
                issue: format!(
                    "a row that does not read (no wire name and type where the header puts them): `{}`",
                    cells.join(" | ")
                ),
            });
            continue;
        }
        let mut description = at(&cells, Column::Description).unwrap_or_default();
        let required = match at(&cells, Column::Required) {
            None if columns.contains(&Column::Required) => {
                Cell::Missing("the row has no 必填 cell")
            }
            None => Cell::Missing("the table has no 必填 column"),
            // The 必填 cell lost: the description stands in its column, the last cell is empty.
            Some(cell) if presence(&cell).is_none() && description.is_empty() => {
                description = cell;
                Cell::Missing(
                    "the row has lost its 必填 cell (its description stands in the 必填 column)",
                )
            }
            Some(cell) => Cell::Given(cell),
        };
        let mut row = RawRow::new(line, &name, &ty, required);
        row.title = at(&cells, Column::Title);
        for part in description.lines() {
            row.push_text(part);
        }
        table.rows.push(row);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::split;

    #[test]
    fn a_row_over_three_lines_with_its_last_cell_alone() {
        let page = "参数名 | 变量 | 类型[长度限制] | 必填 | 描述 |\n---|---|---|---|---|\n\
                    单号 | out_order_no | string[1,64] | query 商户的单号。\n示例值:P1 |\n|\n\
                    回退单号 | out_return_no | string[1,64] | 是 | query 单号 示例值:R1 |\nnext";
        let lines = split(page);
        let Some(TableKind::Params(columns)) = header(lines[0].text) else {
            panic!("not a header")
        };
        let starts = |cells: &[String]| cells.len() >= 3 && is_wire_name(&cells[1]);
        let (end, items) = read(&lines, 0, columns.len(), &starts);
        assert_eq!(end, 6);
        let table = param_rows(items, &columns);
        assert_eq!(table.rows.len(), 2, "{table:?}");
        let broken = &table.rows[0];
        assert!(matches!(broken.required, Cell::Missing(why) if why.contains("lost")));
        assert_eq!(broken.text, ["query 商户的单号。", "示例值:P1"]);
        assert_eq!(table.rows[1].required, Cell::Given("是".into()));
    }

    #[test]
    fn cells_drop_the_outer_pipes_only() {
        assert_eq!(cells("| a | b |"), ["a", "b"]);
        assert_eq!(cells("a | | b |"), ["a", "", "b"]);
        assert!(cells("|").is_empty());
    }
}
