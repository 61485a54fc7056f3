//! Drafts of spec files from WeChat Pay documentation pages saved as text
//! (`wechatpay-codegen import PAGE.txt`).
//!
//! A page is read in three steps. `page` splits it into parts, each line tried by
//! readers for the page's fixed words (`vocabulary`), tables in their three layouts (pipe
//! rows, cells apart by spaces, one block per parameter with `属性` for nested fields), error
//! tables, the version history, code blocks and addresses; what no reader takes is text, kept
//! as a note of the source. `assemble` gathers the parts by section; `build` nests the rows
//! (the example bodies deciding where an unmarked nested table ends), reads each into a field
//! (`fields`, `rules`), groups 二选一 fields and places the examples. `write` writes the draft
//! as YAML.
//!
//! The importer settles nothing the page leaves open without saying so: where it leaves a choice (a missing 必填 cell,
//! 选填 beside a 二选一 rule, a value list the example contradicts, an example that does not
//! fit its type, a row that does not read, a field said to be encrypted, a nested table whose
//! end is unmarked), the draft holds a decision and an entry of `import_notes` naming the page
//! line and the key path. The checker refuses a spec while any note remains
//! (`check::import_notes`). What layout alone settles is not noted: a table without a heading is
//! the request's when it is the first (noted when no row names a location), the response's
//! after; a JSON block without a heading belongs to the table before it. What the page cannot
//! say is left to the author and said in the draft's header: names by meaning (types, groups),
//! `idempotent` (true for GET only, so that nothing else is retried before someone decides),
//! `signed_response` (true: APIv3 signs every JSON answer).
//!
//! Any text gives a draft or an [`ImportError`]; the work is linear in the page's length, and
//! a page is at most [`MAX_PAGE_BYTES`].

mod assemble;
mod blocks;
mod build;
mod draft;
mod enums;
mod error_table;
mod examples;
mod fields;
mod history;
mod lines;
mod naming;
mod nesting;
mod one_of;
mod over;
mod page;
mod pipe_table;
mod rows;
mod rules;
mod spaced_table;
mod text;
mod types;
mod vocabulary;
mod write;
mod yaml_text;

use std::fmt;

pub use draft::{Draft, DraftEnum, DraftField, DraftObject, DraftOneOf};
pub use over::replace_own_descriptions;
pub use write::write_draft;

/// The largest page read, in bytes (saved pages are 2 to 30 KiB).
pub const MAX_PAGE_BYTES: usize = 1 << 20;

/// Why a text gives no draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The page line the problem is on, when it is on one.
    pub line: Option<usize>,
    /// What is wrong and what to do.
    pub message: String,
}

impl ImportError {
    fn at(line: usize, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            message: message.into(),
        }
    }

    fn whole(message: impl Into<String>) -> Self {
        Self {
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// The draft of a page saved as text; `document` is what the draft's `source.document` names
/// (the path of the saved page).
pub fn import(page: &str, document: &str) -> Result<Draft, ImportError> {
    if page.len() > MAX_PAGE_BYTES {
        let line = page.as_bytes()[..MAX_PAGE_BYTES]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        return Err(ImportError::at(
            line,
            format!(
                "the page passes {MAX_PAGE_BYTES} bytes here; a saved page is far smaller: is this the right file?"
            ),
        ));
    }
    let lines = lines::split(page);
    let parts = page::read(&lines);
    build::draft(assemble::gather(parts), document)
}

/// [`import`] for bytes read from a file: an error at the line of the first byte that is not
/// UTF-8.
pub fn import_bytes(page: &[u8], document: &str) -> Result<Draft, ImportError> {
    match std::str::from_utf8(page) {
        Ok(text) => import(text, document),
        Err(error) => {
            let valid = &page[..error.valid_up_to()];
            Err(ImportError::at(
                crate::yaml::Position::after(valid).line,
                format!(
                    "not UTF-8: the byte at offset {} starts no UTF-8 character; save the page as UTF-8 text",
                    valid.len()
                ),
            ))
        }
    }
}
