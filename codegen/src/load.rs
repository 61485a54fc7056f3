//! Reads a spec directory: finds the files, parses each strictly, and hands them to the checker.

use std::fs;
use std::path::{Path, PathBuf};

use crate::check;
use crate::diagnostics::{SpecError, SpecErrors};
use crate::model::Api;
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
    /// `settings.yaml`.
    pub settings: Parsed<SettingsFile>,
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

/// Loads and checks the spec directory at `root`.
pub fn load_api(root: &Path) -> Result<Api, SpecErrors> {
    let tree = read_tree(root)?;
    check::check(&tree)
}

/// Reads and parses every spec file under `root`, reporting all parse errors at once.
pub fn read_tree(root: &Path) -> Result<SpecTree, SpecErrors> {
    let mut errors = Vec::new();
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

    let mut settings = None;
    let mut shared = Vec::new();
    let mut endpoints = Vec::new();
    let mut files = Vec::new();
    for relative in relative_files {
        let path = root.join(&relative);
        files.push(path.clone());
        if relative == SETTINGS_FILE {
            settings = parse_file(&path, &relative, &mut errors);
        } else if relative.starts_with(&format!("{SHARED_DIR}/")) {
            shared.extend(parse_file(&path, &relative, &mut errors));
        } else if !relative.contains('/') {
            errors.push(SpecError {
                file: path,
                key_path: String::new(),
                position: None,
                message: format!(
                    "an endpoint file must stand in a namespace directory laid out like the API path \
                     (e.g. ecommerce/profitsharing/{relative}); only {SETTINGS_FILE} stands at the root"
                ),
            });
        } else {
            endpoints.extend(parse_file(&path, &relative, &mut errors));
        }
    }
    let settings = match settings {
        Some(settings) => Some(settings),
        None if errors.iter().any(|e| e.file == root.join(SETTINGS_FILE)) => None,
        None => {
            errors.push(SpecError {
                file: root.join(SETTINGS_FILE),
                key_path: String::new(),
                position: None,
                message: "missing: every spec directory has a settings.yaml giving `length_unit` \
                          and `length_unit_reason`"
                    .to_owned(),
            });
            None
        }
    };
    match settings {
        Some(settings) if errors.is_empty() => Ok(SpecTree {
            settings,
            shared,
            endpoints,
            files,
        }),
        _ => Err(SpecErrors(errors)),
    }
}

fn parse_file<T: serde::de::DeserializeOwned>(
    path: &Path,
    relative: &str,
    errors: &mut Vec<SpecError>,
) -> Option<Parsed<T>> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            errors.push(SpecError {
                file: path.to_path_buf(),
                key_path: String::new(),
                position: None,
                message: format!("cannot read: {error}"),
            });
            return None;
        }
    };
    match yaml::parse::<T>(&text) {
        Ok((value, positions)) => Some(Parsed {
            path: path.to_path_buf(),
            relative: relative.to_owned(),
            value,
            positions,
        }),
        Err(error) => {
            errors.push(SpecError {
                file: path.to_path_buf(),
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
