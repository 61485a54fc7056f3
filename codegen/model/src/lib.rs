//! The WeChat Pay APIv3 spec model: what the generator, the `include_spec!` macro and the mock
//! server read.
//!
//! The pipeline reads top-down, each step using only the ones before it:
//!
//! 1. [`spec`]: the files as written, one serde type per kind of file;
//! 2. [`load`]: a spec directory (or files in memory) read and parsed strictly, every error
//!    located at file:line:column through [`yaml`]'s position index;
//! 3. [`check`]: every rule checked and every name resolved, all problems reported at once;
//! 4. [`model`]: the result, [`model::Api`], which every reader uses and which never sees YAML;
//!    [`queries`] answers the questions all readers ask of it.
//!
//! [`load_api`] runs the whole pipeline on a spec directory; [`load_user_api`] runs it on a
//! user's directory on top of the project's own shared definitions ([`base`]).
#![forbid(unsafe_code)]

pub mod base;
pub mod check;
pub mod diagnostics;
pub mod diff;
pub mod doc_type;
pub mod import;
pub mod load;
pub mod model;
pub mod names;
pub mod openapi_ext;
pub mod openapi_import;
pub mod parallel;
pub mod path;
pub mod queries;
pub mod spec;
pub mod suggest;
pub mod values;
pub mod yaml;

use std::path::{Path, PathBuf};

pub use diagnostics::{SpecError, SpecErrors};
pub use wechatpay_rules as rules;

/// Loads and checks the spec directory at `root` (one with its own `settings.yaml`).
pub fn load_api(root: &Path) -> Result<model::Api, SpecErrors> {
    let tree = load::read_tree(root, load::Settings::Required)?;
    check::check(&tree, None)
}

/// Loads and checks a user's spec directory, which may use the project's shared definitions
/// (enums, objects, formats, settings, public error codes) by name without repeating them.
/// Returns the model and every file read, for builds that must re-run when one changes.
pub fn load_user_api(root: &Path) -> Result<(model::Api, Vec<PathBuf>), SpecErrors> {
    let base = base::tree().map_err(Clone::clone)?;
    let tree = load::read_tree(root, load::Settings::FromBase)?;
    let api = check::check(&tree, Some(base))?;
    Ok((api, tree.files))
}
