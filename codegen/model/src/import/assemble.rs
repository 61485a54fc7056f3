//! The parts of a page gathered by section: the overview's labelled lines, the request's and
//! the response's rows, examples, error rows, the history, and every line nothing else took
//! (kept as a note of the source, never dropped). Tables without a heading (as on older pages)
//! are the request's first, then the response's.

use super::examples::{self, Block};
use super::fields::Side;
use super::history;
use super::page::Part;
use super::rows::{ParamTable, RawRow};
use super::text;
use super::vocabulary::{Label, Section};
use crate::spec::{ErrorRow, ImportNote, Location, Method, ProtocolHeader, Source, TextSource};

/// The page gathered, before its rows become fields.
#[derive(Debug)]
pub(crate) struct Page {
    /// The title line.
    pub(crate) title: Option<String>,
    /// The lines of the introduction.
    pub(crate) summary: Vec<String>,
    /// The method and the line naming it.
    pub(crate) method: Option<(usize, Method)>,
    /// The path and the line naming it.
    pub(crate) path: Option<(usize, String)>,
    /// Source facts and notes.
    pub(crate) source: Source,
    /// Headers the runtime sets, with their lines.
    pub(crate) protocol_headers: Vec<(usize, ProtocolHeader)>,
    /// The request's rows.
    pub(crate) request_rows: Vec<RawRow>,
    /// The response's rows.
    pub(crate) response_rows: Vec<RawRow>,
    /// The success status the response table names.
    pub(crate) response_status: Option<(usize, u16)>,
    /// JSON request examples.
    pub(crate) request_bodies: Vec<(usize, String)>,
    /// JSON response examples and their statuses.
    pub(crate) responses: Vec<(usize, u16, String)>,
    /// Addresses on lines of their own.
    pub(crate) urls: Vec<(usize, String)>,
    /// Error rows.
    pub(crate) errors: Vec<ErrorRow>,
    /// Notes taken while gathering.
    pub(crate) notes: Vec<ImportNote>,
}

/// Where the walk stands.
struct Walk {
    page: Page,
    section: Option<Section>,
    location: Option<Location>,
    /// Text read now is the introduction (after the title, before anything else).
    summary_open: bool,
    /// Something was read: text now is no title.
    started: bool,
    status: Option<u16>,
    last_side: Option<Side>,
}

/// Gathers the parts of a page.
pub(crate) fn gather(parts: Vec<(usize, Part)>) -> Page {
    let mut walk = Walk {
        page: Page {
            title: None,
            summary: Vec::new(),
            method: None,
            path: None,
            source: empty_source(),
            protocol_headers: Vec::new(),
            request_rows: Vec::new(),
            response_rows: Vec::new(),
            response_status: None,
            request_bodies: Vec::new(),
            responses: Vec::new(),
            urls: Vec::new(),
            errors: Vec::new(),
            notes: Vec::new(),
        },
        section: None,
        location: None,
        summary_open: false,
        started: false,
        status: None,
        last_side: None,
    };
    for (line, part) in parts {
        walk.part(line, part);
    }
    walk.page
}

fn empty_source() -> Source {
    Source {
        document: None,
        url: None,
        from: None,
        applicable_to: Vec::new(),
        updated: None,
        version: None,
        history: Vec::new(),
        notes: Vec::new(),
        descriptions: TextSource::Page,
    }
}

impl Walk {
    fn note(&mut self, line: usize, at: &str, issue: impl Into<String>) {
        self.page.notes.push(ImportNote {
            line,
            at: at.to_owned(),
            issue: issue.into(),
        });
    }

    fn part(&mut self, line: usize, part: Part) {
        let keeps_summary = matches!(part, Part::Text(_) | Part::Label(Label::Updated, ..));
        self.summary_open &= keeps_summary;
        match part {
            Part::Text(text) => self.text(text),
            Part::Heading(section) => {
                self.section = Some(section);
                self.location = None;
                self.status = None;
            }
            Part::Location(location) => {
                self.location = Some(location);
                if !matches!(self.section, Some(Section::Request | Section::Response)) {
                    self.section = Some(Section::Request);
                }
            }
            Part::Status(status) => self.status(line, status),
            Part::Label(label, value, whole) => self.label(line, label, &value, whole),
            Part::Params(table) => self.params(line, table),
            Part::Errors(table) => {
                self.page.errors.extend(table.rows);
                for problem in table.problems {
                    self.note(problem.line, "errors", problem.issue);
                }
            }
            Part::Block(block) => self.block(line, block),
            Part::Url(url) => self.page.urls.push((line, url)),
            Part::History(entries) => {
                if !self.page.source.history.is_empty() {
                    self.note(
                        line,
                        "source.history",
                        "the page has a second version history: its entries follow the first's",
                    );
                }
                if self.page.source.version.is_none() {
                    self.page.source.version = entries.first().map(|e| e.version.clone());
                }
                self.page.source.history.extend(entries);
            }
        }
        self.started = true;
    }

    fn text(&mut self, text: String) {
        if !self.started {
            self.page.title = Some(text);
            self.summary_open = true;
        } else if self.summary_open {
            self.page.summary.push(text);
        } else {
            self.page.source.notes.push(text);
        }
    }

    fn status(&mut self, line: usize, status: u16) {
        if self.section == Some(Section::Response) {
            if let Some((_, first)) = self.page.response_status
                && first != status
            {
                self.note(
                    line,
                    "response.status",
                    format!("the response table names {first} and then {status}: drafted {first}"),
                );
            } else {
                self.page.response_status = Some((line, status));
            }
        }
        self.status = Some(status);
    }
}

impl Walk {
    fn label(&mut self, line: usize, label: Label, value: &str, whole: String) {
        match label {
            Label::ApplicableTo => self.page.source.applicable_to.extend(applicable(value)),
            Label::Updated => match value.split_whitespace().next().and_then(history::date) {
                Some(date) if self.page.source.updated.is_none() => {
                    self.page.source.updated = Some(date)
                }
                _ => self.page.source.notes.push(whole),
            },
            Label::Domain => self.page.source.notes.push(whole),
            Label::Url => {
                self.page.source.notes.push(whole);
                match examples::url_path(value) {
                    Some(path) => self.path(line, path),
                    None => self.note(
                        line,
                        "path",
                        format!("the request URL `{value}` has no path"),
                    ),
                }
            }
            Label::Method => {
                let cleaned: String = value
                    .chars()
                    .filter(|c| !matches!(c, '【' | '】'))
                    .collect();
                let word_end = cleaned
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .unwrap_or(cleaned.len());
                match cleaned[..word_end].to_ascii_uppercase().parse::<Method>() {
                    Ok(method) => self.method(line, method),
                    Err(_) => self.note(
                        line,
                        "method",
                        format!("`{value}` names no HTTP method the spec knows"),
                    ),
                }
                let path = cleaned[word_end..].trim();
                if path.starts_with('/') {
                    self.page.source.notes.push(whole);
                    self.path(line, path);
                }
            }
        }
    }

    fn method(&mut self, line: usize, method: Method) {
        match self.page.method {
            Some((_, first)) if first != method => {
                self.note(
                    line,
                    "method",
                    format!("the page names {first} and then {method}: drafted {first}"),
                );
            }
            Some(_) => {}
            None => self.page.method = Some((line, method)),
        }
    }

    fn path(&mut self, line: usize, path: &str) {
        match &self.page.path {
            Some((_, first)) if first != path => {
                let issue =
                    format!("the page names the path {first} and then {path}: drafted {first}");
                self.note(line, "path", issue);
            }
            Some(_) => {}
            None => self.page.path = Some((line, path.to_owned())),
        }
    }

    /// The side of a table: its section, else its place (the first table the request's).
    fn side(&mut self, line: usize, table: &ParamTable) -> Side {
        match self.section {
            Some(Section::Request | Section::RequestExample) => return Side::Request,
            Some(Section::Response | Section::ResponseExample) => return Side::Response,
            _ => {}
        }
        if !self.page.request_rows.is_empty() || !self.page.response_rows.is_empty() {
            return Side::Response;
        }
        let located = table.rows.iter().any(|row| {
            row.location.is_some() || text::describe(&row.text, true).location.is_some()
        });
        if !located {
            let issue = "no heading says whose table this is, and no row names a location: \
                         taken as the request's, being the first";
            self.note(line, "request.fields", issue);
        }
        Side::Request
    }

    fn params(&mut self, line: usize, table: ParamTable) {
        let side = self.side(line, &table);
        self.last_side = Some(side);
        let at = match side {
            Side::Request => "request.fields",
            Side::Response => "response.fields",
        };
        for problem in &table.problems {
            self.note(problem.line, at, problem.issue.clone());
        }
        for mut row in table.rows {
            if row.location.is_none() && side == Side::Request {
                row.location = self.location;
            }
            if side == Side::Request
                && row.location == Some(Location::Header)
                && wechatpay_rules::headers::is_set_by_client(&row.name)
            {
                self.page
                    .protocol_headers
                    .push((row.line, protocol_header(&row)));
            } else if side == Side::Request {
                self.page.request_rows.push(row);
            } else {
                self.page.response_rows.push(row);
            }
        }
    }

    fn block(&mut self, line: usize, block: Block) {
        match block {
            Block::Json(body) => {
                let response = match self.section {
                    Some(Section::RequestExample) => false,
                    Some(Section::ResponseExample) => true,
                    _ => self.last_side == Some(Side::Response),
                };
                if response {
                    let status = self.status.take().unwrap_or(200);
                    self.page.responses.push((line, status, body));
                } else {
                    self.page.request_bodies.push((line, body));
                }
            }
            Block::NotJson(text) => {
                self.note(
                    line,
                    "source.notes",
                    format!(
                        "a block in braces that is not JSON (`{}`): kept as a note",
                        clip(&text)
                    ),
                );
                self.page.source.notes.push(text);
            }
            Block::Code => {}
        }
    }
}

/// 适用对象 / 支持商户 as a list: `【普通服务商】【电商平台】`, or words apart by 、 or commas.
fn applicable(value: &str) -> Vec<String> {
    value
        .split(['【', '】', '、', ',', '，', '/', ' ', '\u{a0}'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A header row the runtime sets, as a protocol header.
fn protocol_header(row: &RawRow) -> ProtocolHeader {
    let required = match &row.required {
        super::rows::Cell::Given(cell) => {
            super::vocabulary::presence(cell)
                == Some(super::vocabulary::Presence::Plain(
                    crate::spec::Required::Yes,
                ))
        }
        _ => false,
    };
    // The block reader takes a 【】 title out of the text; a header's description keeps it.
    let text = row.text.join("\n");
    let description = match &row.title {
        Some(title) if text.is_empty() => format!("【{title}】"),
        Some(title) => format!("【{title}】 {text}"),
        None => text,
    };
    ProtocolHeader {
        name: row.name.clone(),
        required,
        ty: row.ty.clone(),
        description,
    }
}

/// A text cut to a length a note can quote.
pub(crate) fn clip(text: &str) -> String {
    const MAX: usize = 80;
    let one_line = text.replace('\n', " ");
    if one_line.chars().count() <= MAX {
        one_line
    } else {
        let cut: String = one_line.chars().take(MAX).collect();
        format!("{cut}…")
    }
}
