//! The page read top to bottom into parts: each line is tried by the readers in turn (heading,
//! labelled line, tables of each layout, parameter blocks, version history, code, address) and
//! what none of them takes is text. Every reader consumes at least the line it starts on, so
//! the walk ends, and each line is read a bounded number of times.

use super::error_table::{self, ErrorTable};
use super::examples::{self, Block};
use super::lines::{Line, is_wire_name};
use super::pipe_table::{self, Column, TableKind};
use super::rows::ParamTable;
use super::vocabulary::{self, Label, Section};
use super::{blocks, history, spaced_table};
use crate::spec::{HistoryEntry, Location};

/// One part of the page, with the line it starts on.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    /// A line no reader took.
    Text(String),
    /// A section heading.
    Heading(Section),
    /// A location heading of the newer layout (`query  查询参数`).
    Location(Location),
    /// A status line (`200 OK`).
    Status(u16),
    /// A labelled line: the label, the text after the colon, the whole line.
    Label(Label, String, String),
    /// Parameter rows: a table, or one block of the newer layout.
    Params(ParamTable),
    /// An error table.
    Errors(ErrorTable),
    /// A block of code.
    Block(Block),
    /// An address on a line of its own.
    Url(String),
    /// The version history.
    History(Vec<HistoryEntry>),
}

/// The parts of the page, each with its first line.
pub(crate) fn read(lines: &[Line]) -> Vec<(usize, Part)> {
    let mut parts = Vec::new();
    let mut section = None;
    let mut at = 0;
    while let Some(line) = lines.get(at) {
        let text = line.trimmed();
        if text.is_empty() || vocabulary::is_furniture(text) {
            at += 1;
            continue;
        }
        let (end, part) = read_part(lines, at, section);
        if let Part::Heading(heading) = part {
            section = Some(heading);
        }
        parts.push((line.number, part));
        at = end.max(at + 1);
    }
    parts
}

/// The part starting at `lines[at]` and the index after it.
fn read_part(lines: &[Line], at: usize, section: Option<Section>) -> (usize, Part) {
    let line = &lines[at];
    let text = line.trimmed();
    if let Some(heading) = vocabulary::heading(text) {
        return (at + 1, Part::Heading(heading));
    }
    if let Some((label, value)) = vocabulary::label(text) {
        return (
            at + 1,
            Part::Label(label, value.to_owned(), text.to_owned()),
        );
    }
    if let Some(location) = vocabulary::location_heading(text) {
        return (at + 1, Part::Location(location));
    }
    if let Some(status) = vocabulary::status_line(text) {
        return (at + 1, Part::Status(status));
    }
    if let Some(read) = table(lines, at) {
        return read;
    }
    if let Some(row) = blocks::block_start(line) {
        let (end, row) = blocks::read(lines, at, row);
        let table = ParamTable {
            rows: vec![row],
            problems: Vec::new(),
        };
        return (end, Part::Params(table));
    }
    if history::starts(lines, at) {
        let (end, entries) = history::read(lines, at);
        return (end, Part::History(entries));
    }
    let in_example = matches!(
        section,
        Some(Section::RequestExample | Section::ResponseExample)
    );
    if let Some((end, block)) =
        examples::numbered(lines, at, in_example).or_else(|| examples::braces(lines, at))
    {
        return (end, Part::Block(block));
    }
    if examples::is_url(text) {
        return (at + 1, Part::Url(text.to_owned()));
    }
    (at + 1, Part::Text(text.to_owned()))
}

/// A table of any layout starting at `lines[at]`.
fn table(lines: &[Line], at: usize) -> Option<(usize, Part)> {
    let line = &lines[at];
    if let Some(kind) = pipe_table::header(line.text) {
        return Some(match kind {
            TableKind::Params(columns) => {
                let name = columns.iter().position(|c| *c == Column::Name);
                let starts_row = |cells: &[String]| {
                    cells.len() >= 3
                        && name
                            .and_then(|i| cells.get(i))
                            .is_some_and(|c| is_wire_name(c))
                };
                let (end, items) = pipe_table::read(lines, at, columns.len(), &starts_row);
                (end, Part::Params(pipe_table::param_rows(items, &columns)))
            }
            TableKind::Errors(columns) => {
                let (end, items) =
                    pipe_table::read(lines, at, columns.len(), &error_table::pipe_row_start);
                (end, Part::Errors(error_table::pipe_rows(items, &columns)))
            }
        });
    }
    if let Some(kind) = spaced_table::header(line.text) {
        return Some(match kind {
            TableKind::Params(_) => {
                let (end, table) = spaced_table::read_params(lines, at);
                (end, Part::Params(table))
            }
            TableKind::Errors(_) => {
                let (end, table) = error_table::read_spaced(lines, at);
                (end, Part::Errors(table))
            }
        });
    }
    if line.trimmed() == "状态码" && error_table::is_cell_header(lines, at) {
        let (end, table) = error_table::read_cells(lines, at);
        return Some((end, Part::Errors(table)));
    }
    None
}
