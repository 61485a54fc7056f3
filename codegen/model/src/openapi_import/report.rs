//! What an import gives: the drafts, and per operation what the spec format could not hold;
//! or, for a document that cannot be read at all, one located error.

use std::fmt;

/// The drafts of one document and what each operation left out.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The spec files, sorted by path (the order the loader reads a directory in).
    pub files: Vec<DraftFile>,
    /// One report per operation, webhook and component set with something left out.
    pub reports: Vec<OperationReport>,
}

impl Imported {
    /// How many `import_notes` the drafts carry in all.
    pub fn note_count(&self) -> usize {
        self.files.iter().map(|file| file.notes).sum()
    }

    /// Every problem of every report.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.reports.iter().flat_map(|report| &report.problems)
    }
}

/// One spec file of the drafts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftFile {
    /// Relative to the spec root, with `/` separators (`profitsharing/query_order.yaml`).
    pub path: String,
    /// The YAML text.
    pub text: String,
    /// How many `import_notes` it carries.
    pub notes: usize,
}

/// What one operation (or webhook, or the components) left out of its draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationReport {
    /// `GET /v3/pay/{id}`, `webhook profitsharing.settled` or `components`.
    pub operation: String,
    /// The JSON pointer of the operation in the document.
    pub pointer: String,
    /// The draft it went to, when it gave one.
    pub file: Option<String>,
    /// What was left out or refused, each at its place.
    pub problems: Vec<Problem>,
}

/// One construct the draft does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The JSON pointer of the construct (`/paths/~1v3~1pay/get/parameters/2`).
    pub pointer: String,
    /// What kind of problem it is.
    pub kind: ProblemKind,
    /// What is wrong and what the draft did.
    pub message: String,
}

/// The kinds of [`Problem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// A `$ref` to another file or URL: never fetched.
    ExternalRef,
    /// A `$ref` chain that comes back to where it started.
    RefCycle,
    /// A `$ref` to nothing in the document.
    DanglingRef,
    /// A construct the spec format has no key for.
    Unsupported,
    /// Nesting or expansion past the importer's bounds.
    TooComplex,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}: {}", self.pointer, self.message)
    }
}

/// Why a document gives no drafts at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenApiError {
    /// What kind of error it is.
    pub kind: ErrorKind,
    /// The line and column (from 1) of a syntax error or of the place a limit is passed.
    pub position: Option<(usize, usize)>,
    /// The JSON pointer of the construct at fault, when it is one.
    pub pointer: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

/// The kinds of [`OpenApiError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Larger than [`super::MAX_DOCUMENT_BYTES`].
    TooLarge,
    /// Nested deeper than [`super::MAX_DEPTH`].
    TooDeep,
    /// Not UTF-8.
    Encoding,
    /// Not JSON or YAML.
    Syntax,
    /// JSON or YAML, but not an OpenAPI or Swagger document of a version read here.
    NotOpenApi,
}

impl OpenApiError {
    pub(super) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            position: None,
            pointer: None,
            message: message.into(),
        }
    }

    pub(super) fn at_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    pub(super) fn at_position(mut self, line: usize, column: usize) -> Self {
        self.position = Some((line, column));
        self
    }
}

impl fmt::Display for OpenApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((line, column)) = self.position {
            write!(f, "{line}:{column}: ")?;
        }
        if let Some(pointer) = &self.pointer {
            write!(f, "#{pointer}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for OpenApiError {}
