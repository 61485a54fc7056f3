//! Reads a spec directory: finds the files, parses each strictly, and hands them to the checker.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{SpecError, SpecErrors};
use crate::spec::{EndpointFile, SettingsFile, SharedFile};
use crate::yaml::{self, PositionIndex};

/// A parsed spec file with what is needed to report errors in it.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    /// The file path as displayed in errors (the spec root joined with `relative`).
    pub path: PathBuf,
    /// The path relative to the spec root, with `/` separators.
    pub relative: String,
    /// The file's contents.
    pub value: T,
    /// Where each key stands.
    pub positions: PositionIndex,
}

/// Every file of a spec directory, parsed but not yet checked.
#[derive(Debug, Clone)]
pub struct SpecTree {
    /// `settings.yaml`; a user's tree checked against a base may leave it to the base.
    pub settings: Option<Parsed<SettingsFile>>,
    /// `shared/*.yaml`, sorted by path.
    pub shared: Vec<Parsed<SharedFile>>,
    /// Endpoint files, sorted by path.
    pub endpoints: Vec<Parsed<EndpointFile>>,
    /// Every file read, for build systems that must re-run when one changes.
    pub files: Vec<PathBuf>,
}

/// The name of the settings file at the spec root.
pub const SETTINGS_FILE: &str = "settings.yaml";
/// The directory of shared definitions under the spec root.
pub const SHARED_DIR: &str = "shared";

/// Whether a spec directory must have its own `settings.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settings {
    /// The project's own specs, and any tree checked on its own.
    Required,
    /// A user's tree checked on top of the project's shared definitions, whose settings apply
    /// unless the tree has its own.
    FromBase,
}

/// One spec file's text and where it came from.
#[derive(Debug, Clone)]
pub struct SpecFile {
    /// The path shown in errors.
    pub path: PathBuf,
    /// The path relative to the spec root, with `/` separators.
    pub relative: String,
    /// The contents, or why they could not be read.
    pub text: Result<String, String>,
}

/// Reads and parses every spec file under `root`, reporting all parse errors at once.
pub fn read_tree(root: &Path, settings: Settings) -> Result<SpecTree, SpecErrors> {
    parse_tree(root, read_files(root)?, settings)
}

/// Every `*.yaml` file under `root`, sorted by path, read.
pub fn read_files(root: &Path) -> Result<Vec<SpecFile>, SpecErrors> {
    let mut relative_files = Vec::new();
    if let Err(error) = list_yaml(root, root, &mut relative_files) {
        return Err(SpecErrors(vec![SpecError {
            file: root.to_path_buf(),
            key_path: String::new(),
            position: None,
            message: format!("cannot read the spec directory: {error}"),
        }]));
    }
    relative_files.sort();
    Ok(relative_files
        .into_iter()
        .map(|relative| {
            let path = root.join(&relative);
            let text = fs::read_to_string(&path).map_err(|e| e.to_string());
            SpecFile {
                path,
                relative,
                text,
            }
        })
        .collect())
}

/// Parses spec files by their place in the tree: `settings.yaml`, `shared/*.yaml`, and endpoint
/// files in namespace directories.
pub fn parse_tree(
    root: &Path,
    files: Vec<SpecFile>,
    settings_rule: Settings,
) -> Result<SpecTree, SpecErrors> {
    let mut errors = Vec::new();
    let mut settings = None;
    let mut shared = Vec::new();
    let mut endpoints = Vec::new();
    let mut paths = Vec::new();
    for file in files {
        paths.push(file.path.clone());
        let relative = file.relative.as_str();
        if relative == SETTINGS_FILE {
            settings = parse_file(&file, &mut errors);
        } else if relative.starts_with(&format!("{SHARED_DIR}/")) {
            shared.extend(parse_file(&file, &mut errors));
        } else if !relative.contains('/') {
            errors.push(SpecError {
                file: file.path.clone(),
                key_path: String::new(),
                position: None,
                message: format!(
                    "an endpoint file must stand in a namespace directory laid out like the API path \
                     (e.g. ecommerce/profitsharing/{relative}); only {SETTINGS_FILE} stands at the root"
                ),
            });
        } else {
            endpoints.extend(parse_file(&file, &mut errors));
        }
    }
    let settings_failed = errors.iter().any(|e| e.file == root.join(SETTINGS_FILE));
    if settings.is_none() && settings_rule == Settings::Required && !settings_failed {
        errors.push(SpecError {
            file: root.join(SETTINGS_FILE),
            key_path: String::new(),
            position: None,
            message: "missing: every spec directory has a settings.yaml giving `length_unit` \
                      and `length_unit_reason`"
                .to_owned(),
        });
    }
    if errors.is_empty() {
        Ok(SpecTree {
            settings,
            shared,
            endpoints,
            files: paths,
        })
    } else {
        Err(SpecErrors(errors))
    }
}

fn parse_file<T: serde::de::DeserializeOwned>(
    file: &SpecFile,
    errors: &mut Vec<SpecError>,
) -> Option<Parsed<T>> {
    let text = match &file.text {
        Ok(text) => text,
        Err(error) => {
            errors.push(SpecError {
                file: file.path.clone(),
                key_path: String::new(),
                position: None,
                message: format!("cannot read: {error}"),
            });
            return None;
        }
    };
    match yaml::parse::<T>(text) {
        Ok((value, positions)) => Some(Parsed {
            path: file.path.clone(),
            relative: file.relative.clone(),
            value,
            positions,
        }),
        Err(error) => {
            errors.push(SpecError {
                file: file.path.clone(),
                key_path: error.path,
                position: error.position,
                message: error.message,
            });
            None
        }
    }
}

/// Collects `*.yaml` files below `dir`, relative to `root`, with `/` separators.
fn list_yaml(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            list_yaml(root, &path, out)?;
        } else if path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
        {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
    Ok(())
}
