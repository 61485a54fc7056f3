//! Error-code tables (状态码, 错误码, 描述, 解决方案) in the three layouts: pipe rows, rows
//! separated by spaces, and one cell per line with blank lines between (the newer pages).

use super::lines::{Line, take_words, words};
use super::pipe_table::{Column, Item};
use super::rows::Problem;
use crate::spec::ErrorRow;

/// The rows of a table, and the lines that did not read as rows.
#[derive(Debug, Clone, Default)]
pub(crate) struct ErrorTable {
    /// The rows, in page order.
    pub(crate) rows: Vec<ErrorRow>,
    /// Lines that did not read.
    pub(crate) problems: Vec<Problem>,
}

/// The header cells of the one-cell-per-line layout, in order.
const CELL_HEADER: [&str; 4] = ["状态码", "错误码", "描述", "解决方案"];

/// Whether `code` is written as error codes are (`RESOURCE_NOT_EXISTS`).
fn is_code(code: &str) -> bool {
    code.starts_with(|c: char| c.is_ascii_uppercase())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn status(text: &str) -> Option<u16> {
    let text = text.trim();
    (text.len() == 3 && text.chars().all(|c| c.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

impl ErrorTable {
    /// Adds a row from its four cells, or a problem saying why they are not one.
    fn push(&mut self, line: usize, cells: [&str; 4]) {
        let [code_status, code, description, solution] = cells.map(str::trim);
        match status(code_status) {
            Some(status) if is_code(code) => self.rows.push(ErrorRow {
                status,
                code: code.to_owned(),
                description: description.to_owned(),
                solution: solution.to_owned(),
            }),
            _ => self.problems.push(Problem {
                line,
                issue: format!(
                    "an error row that does not read (a status of three digits and an \
                     UPPER_SNAKE code expected): `{}`",
                    cells.join(" | ")
                ),
            }),
        }
    }
}

/// The rows of a pipe table's items, by the header's `columns`.
pub(crate) fn pipe_rows(items: Vec<Item>, columns: &[Column]) -> ErrorTable {
    let mut table = ErrorTable::default();
    let cell = |cells: &[String], wanted: Column| {
        columns
            .iter()
            .position(|c| *c == wanted)
            .and_then(|i| cells.get(i))
            .map_or(String::new(), Clone::clone)
    };
    for item in items {
        if let Item::Row(line, cells) = item {
            let [status, code, description, solution] = [
                Column::Status,
                Column::Code,
                Column::Description,
                Column::Solution,
            ]
            .map(|column| cell(&cells, column));
            table.push(line, [&status, &code, &description, &solution]);
        }
    }
    table
}

/// Whether a pipe line opens an error row (its first cell a status).
pub(crate) fn pipe_row_start(cells: &[String]) -> bool {
    cells.first().is_some_and(|c| status(c).is_some())
}

/// Reads a table of rows separated by spaces after the header at `lines[start]`: a status, a
/// code, then the description and the solution, which must be one word each to be told apart.
pub(crate) fn read_spaced(lines: &[Line], start: usize) -> (usize, ErrorTable) {
    let mut table = ErrorTable::default();
    let mut at = start + 1;
    while let Some(line) = lines.get(at) {
        let Some((head, rest)) = take_words(line.text, 2) else {
            break;
        };
        if status(head[0]).is_none() || !is_code(head[1]) {
            break;
        }
        match words(rest).as_slice() {
            [description, solution] => {
                table.push(line.number, [head[0], head[1], description, solution])
            }
            _ => {
                let (description, solution) =
                    rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                table.push(line.number, [head[0], head[1], description, solution]);
                table.problems.push(Problem {
                    line: line.number,
                    issue: format!(
                        "the description and solution of {} cannot be told apart (`{rest}`): the \
                         draft splits them at the first space",
                        head[1]
                    ),
                });
            }
        }
        at += 1;
    }
    (at, table)
}

/// The non-blank lines from a start, read as they are asked for, so that a table is read
/// only as far as its rows go.
struct CellLines<'l> {
    lines: &'l [Line<'l>],
    next: usize,
    read: Vec<(usize, &'l Line<'l>)>,
}

impl<'l> CellLines<'l> {
    fn new(lines: &'l [Line<'l>], from: usize) -> Self {
        Self {
            lines,
            next: from,
            read: Vec::new(),
        }
    }

    /// The `k`th non-blank line (from 0) and its index, unless the page or the table ends
    /// first (page furniture ends it).
    fn get(&mut self, k: usize) -> Option<(usize, &'l Line<'l>)> {
        while self.read.len() <= k {
            let line = self.lines.get(self.next)?;
            let index = self.next;
            self.next += 1;
            if line.is_blank() {
                continue;
            }
            if super::vocabulary::is_furniture(line.text) {
                self.next = self.lines.len();
                return None;
            }
            self.read.push((index, line));
        }
        self.read.get(k).copied()
    }

    fn text(&mut self, k: usize) -> &'l str {
        self.get(k).map_or("", |(_, l)| l.trimmed())
    }
}

/// Whether `lines[start]` opens a table of one cell per line: the four header cells, each on
/// a line of its own.
pub(crate) fn is_cell_header(lines: &[Line], start: usize) -> bool {
    let mut cells = CellLines::new(lines, start);
    (0..CELL_HEADER.len()).all(|k| cells.text(k) == CELL_HEADER[k])
}

/// Reads a table of one cell per line after the header at `lines[start]`.
pub(crate) fn read_cells(lines: &[Line], start: usize) -> (usize, ErrorTable) {
    let mut table = ErrorTable::default();
    let mut cells = CellLines::new(lines, start);
    let mut at = cells.get(3).map_or(start + 1, |(index, _)| index + 1);
    let mut i = 4;
    while let Some((_, first)) = cells.get(i) {
        if status(first.text).is_none() {
            break;
        }
        let text: Vec<&str> = (0..5).map(|k| cells.text(i + k)).collect();
        // A row whose solution is missing runs into the next row's status and code.
        let short = status(text[3]).is_some() && is_code(text[4]);
        let width = if short { 3 } else { 4 };
        let solution = if short { "" } else { text[3] };
        table.push(first.number, [text[0], text[1], text[2], solution]);
        if short {
            table.problems.push(Problem {
                line: first.number,
                issue: format!("the error row {} has no 解决方案 cell", text[1]),
            });
        }
        at = (0..width)
            .rev()
            .find_map(|k| cells.get(i + k))
            .map_or(at, |(index, _)| index + 1);
        i += width;
    }
    (at, table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::split;

    #[test]
    fn one_cell_per_line() {
        let page = "状态码\n\n错误码\n\n描述\n\n解决方案\n\n400\n\nPARAM_ERROR\n\n参数错误\n\n请重试\n\n\
                    500\nSYSTEM_ERROR\n系统异常\n请稍后重试\n\n更多技术问题";
        let lines = split(page);
        assert!(is_cell_header(&lines, 0));
        let (end, table) = read_cells(&lines, 0);
        assert_eq!(table.rows.len(), 2, "{table:?}");
        assert_eq!(table.rows[1].solution, "请稍后重试");
        assert_eq!(lines[end].text, "");
        assert!(table.problems.is_empty());
    }

    #[test]
    fn spaced_rows_and_a_row_that_cannot_be_split() {
        let page = "状态码 错误码 描述 解决方案\n500 SYSTEM_ERROR 系统错误 请稍后重新调用\n\
                    400 INVALID_REQUEST HTTP 请求不符合规则 请参阅 接口规则\n\n版本说明";
        let lines = split(page);
        let (end, table) = read_spaced(&lines, 0);
        assert_eq!(end, 3);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.problems.len(), 1);
    }
}
