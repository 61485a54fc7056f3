//! One side of a comparison: a spec directory, one spec file, or either of them in a git
//! revision (`REV:PATH`), located and then loaded into a checked model.
//!
//! A single file is loaded with the project's own settings and shared definitions (built into
//! the command, `wechatpay_spec::base`), at its place in a spec tree: its path below the
//! nearest directory holding a `settings.yaml`. A file outside any spec directory takes the
//! place of the file it is compared with, and when neither has one, both stand where NEW's
//! name puts them (`<its directory's name>/<its file name>`), so that two loose copies of one
//! page compare as one endpoint.

use std::fs;
use std::path::{Path, PathBuf};

use wechatpay_spec::load::{self, SpecFile};
use wechatpay_spec::model::Api;
use wechatpay_spec::{SpecError, base, check, yaml};

use super::Failure;
use super::git::{self, Object};

/// Where the project's built-in spec files are said to stand, in messages about them.
const BASE_ROOT: &str = "wechatpay-apiv3/spec";

/// A side of the comparison, found but not yet read.
#[derive(Debug, Clone)]
pub enum Input {
    /// A spec directory on disk.
    Dir(PathBuf),
    /// One spec file on disk, with its place below a spec directory when it has one.
    File {
        /// The file.
        path: PathBuf,
        /// Its path below the nearest directory holding a `settings.yaml`.
        place: Option<String>,
    },
    /// A spec directory in a git revision (`REV:PATH`).
    GitTree(String),
    /// One spec file in a git revision (`REV:PATH`).
    GitFile {
        /// `REV:PATH`.
        object: String,
        /// Its path below the nearest directory of the revision holding a `settings.yaml`.
        place: Option<String>,
    },
}

impl Input {
    /// Finds what `argument` names: an existing file or directory is read from disk (even when
    /// its name holds a `:`); otherwise `REV:PATH` is read from git.
    pub fn locate(argument: &str) -> Result<Input, Failure> {
        let path = Path::new(argument);
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => return Ok(Input::Dir(path.to_path_buf())),
            Ok(meta) if meta.is_file() => {
                let place = disk_place(path);
                let path = path.to_path_buf();
                return Ok(Input::File { path, place });
            }
            Ok(_) => {
                return Err(Failure::Io(format!(
                    "{argument}: not a regular file or a directory"
                )));
            }
            Err(_) => {}
        }
        let Some((revision, inner)) = argument.split_once(':') else {
            return Err(Failure::Io(format!(
                "{argument}: no such file or directory (specs in a git revision are written \
                 REV:PATH, e.g. HEAD~1:spec)"
            )));
        };
        if revision.is_empty() || inner.is_empty() {
            return Err(Failure::Usage(format!(
                "`{argument}`: a git revision's specs are written REV:PATH, with both, e.g. \
                 HEAD~1:spec"
            )));
        }
        Ok(match git::object_type(argument)? {
            Object::Tree => Input::GitTree(argument.to_owned()),
            Object::Blob => Input::GitFile {
                object: argument.to_owned(),
                place: git_place(revision, inner),
            },
        })
    }

    /// A single file's place below its spec directory, when it has one.
    pub fn place(&self) -> Option<&str> {
        match self {
            Input::File { place, .. } | Input::GitFile { place, .. } => place.as_deref(),
            Input::Dir(_) | Input::GitTree(_) => None,
        }
    }

    /// A single file's place from its own name: `<directory name>/<file name>`.
    pub fn fallback_place(&self) -> Option<String> {
        let text = match self {
            Input::File { path, .. } => fs::canonicalize(path)
                .unwrap_or_else(|_| path.clone())
                .to_string_lossy()
                .into_owned(),
            Input::GitFile { object, .. } => object
                .split_once(':')
                .map_or(object.clone(), |(_, inner)| inner.to_owned()),
            Input::Dir(_) | Input::GitTree(_) => return None,
        };
        let mut parts = text.rsplit(['/', '\\']).filter(|part| !part.is_empty());
        let name = parts.next()?;
        let directory = parts.next().filter(|d| *d != "." && *d != "..");
        Some(format!("{}/{name}", directory.unwrap_or("spec")))
    }

    /// Loads and checks this side; `place` is where a single file stands in its tree.
    pub fn load(&self, place: &str, with_project_shared: bool) -> Result<Api, Failure> {
        match self {
            Input::Dir(path) if with_project_shared => wechatpay_spec::load_user_api(path)
                .map(|(api, _)| api)
                .map_err(Failure::Spec),
            Input::Dir(path) => wechatpay_spec::load_api(path).map_err(Failure::Spec),
            Input::File { path, .. } => {
                let file = SpecFile {
                    path: path.clone(),
                    relative: place.to_owned(),
                    text: read_text(path),
                };
                one_file(file, with_project_shared)
            }
            Input::GitTree(object) => {
                let files = git::tree_files(object, yaml::MAX_FILE_BYTES)?
                    .into_iter()
                    .map(|file| {
                        let path = PathBuf::from(format!("{object}/{}", file.relative));
                        let text = file
                            .bytes
                            .map_err(|why| SpecError::unreadable(&path, why))
                            .and_then(|bytes| text_of(&path, bytes));
                        SpecFile {
                            relative: file.relative,
                            path,
                            text,
                        }
                    })
                    .collect();
                checked(Path::new(object), files, with_project_shared)
            }
            Input::GitFile { object, .. } => {
                let path = PathBuf::from(object);
                let text = text_of(&path, git::blob(object)?);
                let relative = place.to_owned();
                one_file(
                    SpecFile {
                        path,
                        relative,
                        text,
                    },
                    with_project_shared,
                )
            }
        }
    }
}

/// A tree of one file: on top of the project's settings and shared files (or, for a user's
/// file, checked against them as a base).
fn one_file(file: SpecFile, with_project_shared: bool) -> Result<Api, Failure> {
    if with_project_shared {
        let root = file.path.parent().map_or(PathBuf::new(), Path::to_path_buf);
        return checked(&root, vec![file], true);
    }
    let mut files: Vec<SpecFile> = base::FILES
        .iter()
        .filter(|(relative, _)| *relative != file.relative)
        .map(|(relative, text)| SpecFile {
            path: Path::new(BASE_ROOT).join(relative),
            relative: (*relative).to_owned(),
            text: Ok((*text).to_owned()),
        })
        .collect();
    files.push(file);
    checked(Path::new(BASE_ROOT), files, false)
}

/// Parses and checks a tree of files read from anywhere.
fn checked(root: &Path, files: Vec<SpecFile>, with_project_shared: bool) -> Result<Api, Failure> {
    let settings = if with_project_shared {
        load::Settings::FromBase
    } else {
        load::Settings::Required
    };
    let tree = load::parse_tree(root, files, settings).map_err(Failure::Spec)?;
    let base = if with_project_shared {
        Some(base::tree().map_err(|errors| Failure::Spec(errors.clone()))?)
    } else {
        None
    };
    check::check(&tree, base).map_err(Failure::Spec)
}

/// A spec file's text from disk, refused past the loader's size limit or when not UTF-8.
fn read_text(path: &Path) -> Result<String, SpecError> {
    let size = fs::metadata(path)
        .map_err(|error| SpecError::unreadable(path, format!("cannot read: {error}")))?
        .len();
    if size > yaml::MAX_FILE_BYTES as u64 {
        return Err(SpecError::unreadable(
            path,
            format!(
                "{size} bytes; a spec file is at most {} bytes",
                yaml::MAX_FILE_BYTES
            ),
        ));
    }
    let bytes = fs::read(path)
        .map_err(|error| SpecError::unreadable(path, format!("cannot read: {error}")))?;
    text_of(path, bytes)
}

/// The bytes as UTF-8 text, or an error saying they are not.
fn text_of(path: &Path, bytes: Vec<u8>) -> Result<String, SpecError> {
    if bytes.len() > yaml::MAX_FILE_BYTES {
        return Err(SpecError::unreadable(
            path,
            format!("a spec file is at most {} bytes", yaml::MAX_FILE_BYTES),
        ));
    }
    String::from_utf8(bytes).map_err(|error| {
        SpecError::unreadable(
            path,
            format!(
                "not UTF-8 (at byte {}); save the file as UTF-8",
                error.utf8_error().valid_up_to()
            ),
        )
    })
}

/// A file's path below the nearest directory above it that holds a `settings.yaml`.
fn disk_place(path: &Path) -> Option<String> {
    let path = fs::canonicalize(path).ok()?;
    let root = path
        .ancestors()
        .skip(1)
        .find(|dir| dir.join(load::SETTINGS_FILE).is_file())?;
    let relative = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// The same for a file of a revision: `inner` is the path as written after `REV:` (from the
/// repository's top, or from the working directory when it starts with `./` or `../`).
fn git_place(revision: &str, inner: &str) -> Option<String> {
    let inner = inner.trim_end_matches('/');
    let mut directory = inner;
    while let Some(cut) = directory.rfind('/') {
        directory = &directory[..cut];
        if git::exists(&format!("{revision}:{directory}/{}", load::SETTINGS_FILE)) {
            return inner.get(cut + 1..).map(str::to_owned);
        }
    }
    let from_top = !inner.starts_with("./") && !inner.starts_with("../");
    (from_top && git::exists(&format!("{revision}:{}", load::SETTINGS_FILE)))
        .then(|| inner.to_owned())
}
