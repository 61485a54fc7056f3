//! A draft written by the page importer carries `import_notes`: the places where the page left
//! a decision open. Each is an error until a person settles it and deletes the note, so that a
//! guess never reaches the generated code unreviewed.

use crate::diagnostics::FileReporter;
use crate::spec::ImportNote;

/// One error per note, at the note, naming the page line and the place it concerns.
pub(super) fn check_import_notes(notes: &[ImportNote], report: &mut FileReporter) {
    for (i, note) in notes.iter().enumerate() {
        report.error(
            format!("import_notes[{i}]"),
            format!(
                "unresolved import note (page line {}, at `{}`): {}; settle it in the draft \
                 (recording an erratum where the page is contradicted), then delete the note",
                note.line, note.at, note.issue
            ),
        );
    }
}
