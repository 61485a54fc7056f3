//! Reads a spec directory: finds the files, parses each strictly, and hands them to the checker.

use std::collections::HashSet;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::diagnostics::{ErrorKind, SpecError, SpecErrors};
use crate::spec::{EndpointFile, NotificationFile, SettingsFile, SharedFile};
use crate::yaml::{self, Position, PositionIndex};

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
    /// Notification files (`<namespace>/notifications/*.yaml`), sorted by path.
    pub notifications: Vec<Parsed<NotificationFile>>,
    /// Every file read, for build systems that must re-run when one changes.
    pub files: Vec<PathBuf>,
    /// The directory the tree was read from, as given.
    pub root: PathBuf,
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
    pub text: Result<String, SpecError>,
}

/// Reads and parses every spec file under `root`, reporting all parse errors at once.
pub fn read_tree(root: &Path, settings: Settings) -> Result<SpecTree, SpecErrors> {
    parse_tree(root, read_files(root)?, settings)
}

/// Every `*.yaml` file under `root`, sorted by path, read. A file that cannot be read is an error
/// of its own (and the others are still read); a directory that cannot be listed, or a link
/// leading back to a directory already listed, is one error.
pub fn read_files(root: &Path) -> Result<Vec<SpecFile>, SpecErrors> {
    let mut listing = Listing::default();
    listing.walk(root, root);
    if !listing.errors.is_empty() {
        return Err(SpecErrors(listing.errors));
    }
    listing.files.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(listing
        .files
        .into_iter()
        .map(|(path, relative)| SpecFile {
            text: read_spec_file(&path),
            path,
            relative,
        })
        .collect())
}

/// The spec files found under a root, and the problems met on the way.
#[derive(Default)]
struct Listing {
    /// Each file's path as found, and its path relative to the root with `/` separators.
    files: Vec<(PathBuf, String)>,
    errors: Vec<SpecError>,
    /// Directories listed, by canonical path, so that a link loop is walked once.
    visited: HashSet<PathBuf>,
}

impl Listing {
    fn walk(&mut self, root: &Path, dir: &Path) {
        if let Ok(canonical) = fs::canonicalize(dir)
            && !self.visited.insert(canonical)
        {
            self.errors.push(SpecError::unreadable(
                dir,
                "a link leads back to a directory already read; remove the link",
            ));
            return;
        }
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(error) => {
                let message = if dir == root {
                    format!("cannot read the spec directory: {error}")
                } else {
                    format!("cannot read the directory: {error}")
                };
                self.errors.push(SpecError::unreadable(dir, message));
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            self.visit(root, path);
        }
    }

    /// One directory entry: a directory is walked, a YAML file noted if it is a regular file of
    /// at most [`yaml::MAX_FILE_BYTES`] (a FIFO or device is never opened).
    fn visit(&mut self, root: &Path, path: PathBuf) {
        let is_yaml = path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml");
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => self.walk(root, &path),
            Ok(_) | Err(_) if !is_yaml => {}
            Ok(meta) if !meta.is_file() => self.errors.push(SpecError::unreadable(
                &path,
                "not a regular file (a FIFO, socket or device); spec files are regular files",
            )),
            Ok(meta) if meta.len() > yaml::MAX_FILE_BYTES as u64 => {
                self.errors.push(SpecError::unreadable(
                    &path,
                    format!(
                        "{} bytes; a spec file is at most {} bytes",
                        meta.len(),
                        yaml::MAX_FILE_BYTES
                    ),
                ));
            }
            Ok(_) => {
                let relative = path.strip_prefix(root).unwrap_or(&path);
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                self.files.push((path, parts.join("/")));
            }
            Err(error) => self.errors.push(SpecError::unreadable(
                &path,
                format!("cannot read: {error}"),
            )),
        }
    }
}

/// A spec file's text: at most [`yaml::MAX_FILE_BYTES`] read (it may have grown since it was
/// listed), and UTF-8, or an error at the first byte that is not.
fn read_spec_file(path: &Path) -> Result<String, SpecError> {
    let unreadable = |message: String| SpecError::unreadable(path, message);
    let file = fs::File::open(path).map_err(|e| unreadable(format!("cannot read: {e}")))?;
    let mut bytes = Vec::new();
    file.take(yaml::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(format!("cannot read: {e}")))?;
    if bytes.len() > yaml::MAX_FILE_BYTES {
        return Err(unreadable(format!(
            "a spec file is at most {} bytes",
            yaml::MAX_FILE_BYTES
        )));
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        SpecError {
            position: Some(Position::after(valid)),
            ..unreadable(format!(
                "not UTF-8: the byte at offset {} starts no UTF-8 character; save the file as UTF-8",
                valid.len()
            ))
        }
    })
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
    let mut notifications = Vec::new();
    let paths = files.iter().map(|file| file.path.clone()).collect();
    // Files parse independently, so on every core; they are gathered in their sorted order, and
    // so are the errors.
    let parsed = crate::parallel::map_in_order(&files, |file| {
        let mut errors = Vec::new();
        let kind = parse_by_place(file, &mut errors);
        (kind, errors)
    });
    for (kind, file_errors) in parsed {
        errors.extend(file_errors);
        match kind {
            ParsedFile::Settings(file) => settings = file,
            ParsedFile::Shared(file) => shared.extend(file),
            ParsedFile::Endpoint(file) => endpoints.extend(file),
            ParsedFile::Notification(file) => notifications.extend(file),
            ParsedFile::Misplaced => {}
        }
    }
    let settings_failed = errors.iter().any(|e| e.file == root.join(SETTINGS_FILE));
    if settings.is_none() && settings_rule == Settings::Required && !settings_failed {
        errors.push(SpecError::in_file(
            root.join(SETTINGS_FILE),
            "missing: every spec directory has a settings.yaml giving `length_unit` \
             and `length_unit_reason`",
        ));
    }
    if errors.is_empty() {
        Ok(SpecTree {
            settings,
            shared,
            endpoints,
            notifications,
            files: paths,
            root: root.to_path_buf(),
        })
    } else {
        Err(SpecErrors(errors))
    }
}

/// One file parsed as what its place in the tree says it is (`None` when it did not parse).
// Each value is built once and moved once into its list: boxing would only add allocations.
#[allow(clippy::large_enum_variant)]
enum ParsedFile {
    Settings(Option<Parsed<SettingsFile>>),
    Shared(Option<Parsed<SharedFile>>),
    Endpoint(Option<Parsed<EndpointFile>>),
    Notification(Option<Parsed<NotificationFile>>),
    /// An endpoint file at the root, reported in `errors`.
    Misplaced,
}

/// Parses `file` by its place: `settings.yaml`, `shared/*.yaml`, notification files, and
/// endpoint files in namespace directories.
fn parse_by_place(file: &SpecFile, errors: &mut Vec<SpecError>) -> ParsedFile {
    let relative = file.relative.as_str();
    if relative == SETTINGS_FILE {
        ParsedFile::Settings(parse_file(file, errors))
    } else if is_shared(relative) {
        ParsedFile::Shared(parse_file(file, errors))
    } else if !relative.contains('/') {
        errors.push(SpecError::in_file(
            &file.path,
            format!(
                "an endpoint file must stand in a namespace directory laid out like the API path \
                 (e.g. ecommerce/profitsharing/{relative}); only {SETTINGS_FILE} stands at the root"
            ),
        ));
        ParsedFile::Misplaced
    } else if is_notification(relative) {
        ParsedFile::Notification(parse_file(file, errors))
    } else {
        ParsedFile::Endpoint(parse_file(file, errors))
    }
}

/// The directory notification files stand in, inside a namespace.
pub const NOTIFICATIONS_DIR: &str = "notifications";

/// A spec file's namespace and the stem of its name, from its path relative to the spec root:
/// `ecommerce/profitsharing/query_order.yaml` is `["ecommerce", "profitsharing"]` and
/// `query_order`; a notification's `notifications/` directory ([`is_notification`]) is not part
/// of its namespace.
pub(crate) fn namespace_and_stem(relative: &str) -> (Vec<String>, String) {
    let mut parts: Vec<String> = relative.split('/').map(str::to_owned).collect();
    let file = parts.pop().unwrap_or_default();
    if is_notification(relative) {
        parts.pop();
    }
    let stem = file
        .rsplit_once('.')
        .map_or(file.as_str(), |(stem, _)| stem)
        .to_owned();
    (parts, stem)
}

/// Whether a file stands in the shared definitions' directory.
pub(crate) fn is_shared(relative: &str) -> bool {
    relative
        .strip_prefix(SHARED_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether a file stands in a namespace's `notifications/` directory.
pub(crate) fn is_notification(relative: &str) -> bool {
    let mut parts = relative.rsplit('/');
    parts.next();
    parts.next() == Some(NOTIFICATIONS_DIR) && parts.next().is_some()
}

fn parse_file<T: serde::de::DeserializeOwned>(
    file: &SpecFile,
    errors: &mut Vec<SpecError>,
) -> Option<Parsed<T>> {
    let text = match &file.text {
        Ok(text) => text,
        Err(error) => {
            errors.push(error.clone());
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
                kind: ErrorKind::Spec,
            });
            None
        }
    }
}

#[cfg(test)]
mod namespace_tests {
    use super::namespace_and_stem;

    #[test]
    fn a_notification_s_directory_is_not_part_of_its_namespace_but_a_namespace_may_be_named_so() {
        let split = |relative| namespace_and_stem(relative);
        let names = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            split("ecommerce/profitsharing/query_order.yaml"),
            (
                names(&["ecommerce", "profitsharing"]),
                "query_order".to_owned()
            )
        );
        assert_eq!(
            split("ecommerce/profitsharing/notifications/settled.yaml"),
            (names(&["ecommerce", "profitsharing"]), "settled".to_owned())
        );
        // Without a namespace before it, `notifications/` is an endpoint's namespace.
        assert_eq!(
            split("notifications/query.yaml"),
            (names(&["notifications"]), "query".to_owned())
        );
    }
}
