//! The build-script mode: generate a user's specs into `OUT_DIR`, to be `include!`d.
//!
//! ```text
//! // build.rs
//! fn main() {
//!     wechatpay_codegen::build::Build::new("spec").generate().unwrap();
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs: the items land at the crate root (`Build::root` when they land elsewhere).
//! include!(concat!(env!("OUT_DIR"), "/wechatpay_api.rs"));
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use crate::embed;
use crate::emit::rust::{Header, render};
use wechatpay_spec::SpecErrors;

/// Why a build-script generation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The specs have errors, each located.
    #[error(transparent)]
    Spec(#[from] SpecErrors),
    /// `OUT_DIR` is not set: not running under Cargo.
    #[error("OUT_DIR is not set; call this from a build script")]
    NoOutDir,
    /// The root module path does not parse.
    #[error("`{0}` is not a module path such as `crate` or `crate::api`")]
    Root(String),
    /// The output could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// A build-script generation.
#[derive(Debug, Clone)]
pub struct Build {
    spec_dir: PathBuf,
    root: String,
    file_name: String,
}

impl Build {
    /// Generates the specs in `spec_dir` (relative to the crate's manifest directory).
    pub fn new(spec_dir: impl Into<PathBuf>) -> Self {
        Self {
            spec_dir: spec_dir.into(),
            root: "crate".into(),
            file_name: "wechatpay_api.rs".into(),
        }
    }

    /// The module the output is included into (default `crate`).
    #[must_use]
    pub fn root(mut self, root: &str) -> Self {
        self.root = root.to_owned();
        self
    }

    /// The output file's name in `OUT_DIR` (default `wechatpay_api.rs`).
    #[must_use]
    pub fn file_name(mut self, name: &str) -> Self {
        self.file_name = name.to_owned();
        self
    }

    /// Writes the output into `OUT_DIR` and tells Cargo to re-run when a spec file changes.
    pub fn generate(self) -> Result<PathBuf, BuildError> {
        let out_dir = std::env::var_os("OUT_DIR").ok_or(BuildError::NoOutDir)?;
        let (text, files) = self.render()?;
        for file in &files {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        // A new file in the directory re-runs the script as well.
        println!("cargo:rerun-if-changed={}", self.spec_dir.display());
        let path = Path::new(&out_dir).join(&self.file_name);
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            fs::write(&path, text).map_err(|source| BuildError::Write {
                path: path.clone(),
                source,
            })?;
        }
        Ok(path)
    }

    /// The output text and the spec files read.
    pub fn render(&self) -> Result<(String, Vec<PathBuf>), BuildError> {
        let root: syn::Path =
            syn::parse_str(&self.root).map_err(|_| BuildError::Root(self.root.clone()))?;
        let expansion = embed::expand(&self.spec_dir, &root)?;
        let header = Header::build_script(&self.spec_dir.display().to_string());
        Ok((render(&expansion.tokens, &header), expansion.files))
    }
}
