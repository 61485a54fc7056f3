//! A parameter row as any table layout yields it, before it is read into a field: the cells as
//! written, where the row stands, and whether nested rows follow it.

use crate::spec::Location;

/// What a row's 必填 cell held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cell {
    /// The cell, as written.
    Given(String),
    /// The row has no 必填 cell; why, in words.
    Missing(&'static str),
    /// The table announces a 必填 column that none of its rows fills.
    MissingInTable,
}

/// One parameter row, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawRow {
    /// The page line the row starts on.
    pub(crate) line: usize,
    /// The 参数名 cell or the 【】 title; a `+` before it marks nested rows to follow.
    pub(crate) title: Option<String>,
    /// The wire name.
    pub(crate) name: String,
    /// The type column, as written.
    pub(crate) ty: String,
    /// The 必填 cell.
    pub(crate) required: Cell,
    /// The location the layout gives (a column word or a section heading).
    pub(crate) location: Option<Location>,
    /// The description, line by line, the 示例值 included.
    pub(crate) text: Vec<String>,
    /// Nested rows follow (`属性`, or a sub-table after a `+` row).
    pub(crate) opens: bool,
    /// How far the row's first line is indented, where the layout indents rows.
    pub(crate) indent: Option<usize>,
}

impl RawRow {
    /// A row with the given cells and no description yet.
    pub(crate) fn new(line: usize, name: &str, ty: &str, required: Cell) -> Self {
        Self {
            line,
            title: None,
            name: name.to_owned(),
            ty: ty.to_owned(),
            required,
            location: None,
            text: Vec::new(),
            opens: false,
            indent: None,
        }
    }

    /// Adds a description line, trimmed; blank lines are layout and are dropped.
    pub(crate) fn push_text(&mut self, text: &str) {
        let text = text.trim();
        if !text.is_empty() {
            self.text.push(text.to_owned());
        }
    }
}

/// Something in a table that could not be read as a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// The page line.
    pub(crate) line: usize,
    /// What is wrong, in words.
    pub(crate) issue: String,
}

/// The rows one table yields, and what in it did not read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ParamTable {
    /// The rows, in page order.
    pub(crate) rows: Vec<RawRow>,
    /// Lines that did not read as rows.
    pub(crate) problems: Vec<Problem>,
}

/// Whether a table's rows all lack the 必填 cell its header announces: then each is marked
/// [`Cell::MissingInTable`], so that one note covers the table.
pub(crate) fn mark_missing_everywhere(rows: &mut [RawRow]) {
    let all_missing =
        !rows.is_empty() && rows.iter().all(|r| matches!(r.required, Cell::Missing(_)));
    if all_missing {
        for row in rows {
            row.required = Cell::MissingInTable;
        }
    }
}
