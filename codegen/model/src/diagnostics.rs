//! Errors in spec files: each names the file, the key path, the line and column, and says
//! what to do.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::yaml::{Position, PositionIndex};

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The file, as given to the loader (relative to the working directory when it was).
    pub file: PathBuf,
    /// The key path in the file, e.g. `response.fields[3].enum`; empty for the whole file.
    pub key_path: String,
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// What is wrong and what to do.
    pub message: String,
    /// Whether a file could not be read, or what it says is wrong.
    pub kind: ErrorKind,
}

/// What kind of problem a [`SpecError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file says something wrong.
    Spec,
    /// A file or directory could not be read (missing, unreadable, not a regular file, too large,
    /// not UTF-8, a link loop).
    Io,
}

impl SpecError {
    /// A problem with `file` as a whole.
    pub fn in_file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            key_path: String::new(),
            position: None,
            message: message.into(),
            kind: ErrorKind::Spec,
        }
    }

    /// `file` could not be read.
    pub fn unreadable(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Io,
            ..Self::in_file(file, message)
        }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(Position { line, column }) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        if !self.key_path.is_empty() {
            write!(f, ": {}", self.key_path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in a spec tree, in file and line order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SpecErrors(pub Vec<SpecError>);

impl SpecErrors {
    /// Whether some file could not be read at all (as opposed to saying something wrong).
    pub fn has_unreadable(&self) -> bool {
        self.0.iter().any(|e| e.kind == ErrorKind::Io)
    }

    /// The individual errors.
    pub fn errors(&self) -> &[SpecError] {
        &self.0
    }
}

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {error}")?;
        }
        let count = self.0.len();
        write!(
            f,
            "\n{count} error{} in spec files",
            if count == 1 { "" } else { "s" }
        )
    }
}

/// Collects errors for one file, locating key paths through the file's position index.
pub struct FileReporter<'a> {
    file: &'a Path,
    positions: &'a PositionIndex,
    errors: &'a mut Vec<SpecError>,
}

impl<'a> FileReporter<'a> {
    /// A reporter for `file`.
    pub fn new(
        file: &'a Path,
        positions: &'a PositionIndex,
        errors: &'a mut Vec<SpecError>,
    ) -> Self {
        Self {
            file,
            positions,
            errors,
        }
    }

    /// Records an error at `key_path`.
    pub fn error(&mut self, key_path: impl Into<String>, message: impl Into<String>) {
        let key_path = key_path.into();
        self.errors.push(SpecError {
            file: self.file.to_path_buf(),
            position: self.positions.locate(&key_path),
            key_path,
            message: message.into(),
            kind: ErrorKind::Spec,
        });
    }
}
