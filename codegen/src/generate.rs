//! Writes the generated crate, or checks that the checked-in one is up to date.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use wechatpay_spec::model::Api;

use crate::emit::GeneratedFile;
use crate::emit::rust::split::Split;
use crate::emit::rust::{self, Header, MARKER_PREFIX, Options, TOML_MARKER_PREFIX};
use crate::manifest::parts::{self, Facade};

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Written because it was new or different.
    Written,
    /// Already identical.
    Unchanged,
    /// Removed: generated before, no longer produced.
    Removed,
}

/// The spec directory `generate` reads unless told otherwise.
pub const DEFAULT_SPEC: &str = "spec";
/// The source directory `generate` writes unless told otherwise.
pub const DEFAULT_OUT: &str = "generated/src";

/// A `generate` run as a person types it: the program's name (`wechatpay-codegen`, or
/// `cargo codegen` in this repository) and its arguments, paths as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation<'a> {
    /// How the command is run.
    pub program: &'a str,
    /// The spec directory.
    pub spec: &'a str,
    /// The generated crate's source directory.
    pub out: &'a str,
    /// Whether the specs are a user's own, on top of the project's shared definitions.
    pub with_project_shared: bool,
    /// The Markdown reference's directory, when given (`--docs`); `None` for the default.
    pub docs: Option<&'a str>,
}

impl Invocation<'_> {
    /// The command that regenerates the output: the program, `generate`, and each argument that
    /// differs from its default.
    pub fn command(&self) -> String {
        let mut command = format!("{} generate", self.program);
        if self.spec != DEFAULT_SPEC {
            command.push_str(&format!(" --spec {}", self.spec));
        }
        if self.out != DEFAULT_OUT {
            command.push_str(&format!(" --out {}", self.out));
        }
        if self.with_project_shared {
            command.push_str(" --with-project-shared");
        }
        if let Some(docs) = self.docs {
            command.push_str(&format!(" --docs {docs}"));
        }
        command
    }

    /// The first line of every file this run writes.
    pub fn header(&self) -> Header {
        let spec = self.spec.trim_end_matches('/');
        Header::command(&format!("{spec}/"), &self.command())
    }
}

/// The files of a generated crate's `src/` for `api`, each behind `header`: the checked-in
/// crate's layout ([`Options::default`]).
pub fn crate_sources(api: &Api, header: &Header) -> Vec<GeneratedFile> {
    rust::crate_files(api, &Options::default(), header)
}

/// The files of a crate's `src/` for `api`, with the given paths (a user's own specs use
/// [`Options::embedded`]).
pub fn crate_sources_with(api: &Api, options: &Options, header: &Header) -> Vec<GeneratedFile> {
    rust::crate_files(api, options, header)
}

/// The crate manifest beside a source directory: `<out>/../Cargo.toml`.
pub fn manifest_path(out_dir: &Path) -> PathBuf {
    out_dir
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join("Cargo.toml")
}

/// Why the manifest's features could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum ManifestProblem {
    /// The manifest could not be read.
    #[error(
        "cannot read {path}: {source}; a crate generated from a whole spec tree declares a \
         cargo feature per API family in its Cargo.toml beside --out: create the crate's \
         manifest first"
    )]
    Unreadable {
        /// The manifest.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The manifest's text stands in the way of the generated table.
    #[error("{path}: {source}")]
    Refused {
        /// The manifest.
        path: PathBuf,
        /// Why.
        source: crate::manifest::ManifestError,
    },
}

/// Files a run writes or checks in one directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The directory.
    pub dir: PathBuf,
    /// The files, relative to it.
    pub files: Vec<GeneratedFile>,
    /// Which generated files under the directory are this run's, so that one it no longer
    /// writes is stale.
    pub owns: Owns,
}

/// Which files under a [`Target`]'s directory are its run's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owns {
    /// Only the files listed: the directory holds others' files too (a crate's manifest).
    Listed,
    /// Every generated file under the directory (the sources, the reference).
    All,
    /// Every generated file under the directories [`Split::is_part_dir`] names (the shared crate
    /// and the parts of a split crate); anything else under `parts/` is left alone.
    Parts,
}

impl Target {
    /// Writes the files that change, and removes the stale ones it owns.
    pub fn write(&self) -> io::Result<Vec<(PathBuf, Outcome)>> {
        let outcomes = write_owned(&self.dir, &self.files, &self.owned_dirs()?)?;
        // A crate that is whole again leaves no empty `parts/` behind.
        if self.owns == Owns::Parts
            && self.dir.is_dir()
            && fs::read_dir(&self.dir)?.next().is_none()
        {
            fs::remove_dir(&self.dir)?;
        }
        Ok(outcomes)
    }

    /// What differs from the files, stale files it owns included.
    pub fn check(&self) -> io::Result<Vec<Staleness>> {
        check_owned(&self.dir, &self.files, &self.owned_dirs()?)
    }

    /// The directories in which a generated file the run does not write is stale.
    fn owned_dirs(&self) -> io::Result<Vec<PathBuf>> {
        match self.owns {
            Owns::Listed => Ok(Vec::new()),
            Owns::All => Ok(vec![self.dir.clone()]),
            Owns::Parts => part_dirs(&self.dir),
        }
    }
}

/// The directories under `parts` that a split crate writes ([`Split::is_part_dir`]).
fn part_dirs(parts: &Path) -> io::Result<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    if parts.is_dir() {
        for entry in fs::read_dir(parts)? {
            let path = entry?.path();
            let ours = path
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(Split::is_part_dir);
            if ours && path.is_dir() {
                dirs.push(path);
            }
        }
    }
    Ok(dirs)
}

/// The directory of a split crate's parts, beside the facade's manifest ([`Split::PARTS_DIR`]).
pub fn parts_dir(out_dir: &Path) -> PathBuf {
    manifest_path(out_dir).with_file_name(Split::PARTS_DIR)
}

/// Everything `run` writes for `api` as a crate of its own, with a cargo feature per family:
/// the sources under `out_dir`, the generated lines of the manifest beside it, and the crates of
/// its parts under [`parts_dir`] when it is larger than a part ([`Split`]; the manifest may set
/// the part size, see [`Facade`]). The parts' directory
/// is a target even when the crate is whole, so that the parts of an earlier split are removed.
pub fn crate_targets(
    api: &Api,
    out_dir: &Path,
    run: &Invocation,
) -> Result<Vec<Target>, ManifestProblem> {
    let path = manifest_path(out_dir);
    let crate_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let old = fs::read_to_string(&path).map_err(|source| ManifestProblem::Unreadable {
        path: path.clone(),
        source,
    })?;
    let refused = |source| ManifestProblem::Refused {
        path: path.clone(),
        source,
    };
    let facade = Facade::read(&old, &crate_dir).map_err(refused)?;
    let header = run.header();
    let command = run.command();
    let split = Split::plan(api, facade.name().unwrap_or_default(), facade.part_size);
    if split.is_some() {
        facade.name().map_err(refused)?;
    }
    let (sources, manifest, parts) = match &split {
        None => (
            crate_sources(api, &header),
            crate::manifest::with_features(&old, api, &command).map_err(refused)?,
            Vec::new(),
        ),
        Some(split) => {
            let sources = rust::split_crate_files(api, split, &header);
            let manifest =
                parts::with_facade_lines(&old, api, split, &facade, &command).map_err(refused)?;
            let toml_header = header.as_toml_comment();
            let mut files = sources.parts;
            files.push(GeneratedFile {
                path: format!("{}/Cargo.toml", Split::SHARED_DIR),
                contents: parts::shared_manifest(split, &facade, &toml_header).map_err(refused)?,
            });
            for index in 0..split.parts().len() {
                files.push(GeneratedFile {
                    path: format!("{}/Cargo.toml", Split::part_dir(index)),
                    contents: parts::part_manifest(split, index, &facade, &toml_header)
                        .map_err(refused)?,
                });
            }
            files.sort_by(|a, b| a.path.cmp(&b.path));
            (sources.facade, manifest, files)
        }
    };
    Ok(vec![
        Target {
            dir: out_dir.to_path_buf(),
            files: sources,
            owns: Owns::All,
        },
        Target {
            dir: parts_dir(out_dir),
            files: parts,
            owns: Owns::Parts,
        },
        Target {
            dir: crate_dir,
            files: vec![GeneratedFile {
                path: "Cargo.toml".to_owned(),
                contents: manifest,
            }],
            owns: Owns::Listed,
        },
    ])
}

/// Writes `files` under `out_dir`, touching only files whose contents change, and removes
/// generated files (those carrying the marker) that are no longer produced.
pub fn write(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<(PathBuf, Outcome)>> {
    write_owned(out_dir, files, &[out_dir.to_path_buf()])
}

/// Writes `files` under `out_dir` like [`write`], removing the generated files under `owned` that
/// are no longer produced.
fn write_owned(
    out_dir: &Path,
    files: &[GeneratedFile],
    owned: &[PathBuf],
) -> io::Result<Vec<(PathBuf, Outcome)>> {
    let mut outcomes = write_each(out_dir, files)?;
    for stale in stale_files_in(owned, out_dir, files)? {
        fs::remove_file(&stale)?;
        remove_empty_parents(&stale, out_dir)?;
        outcomes.push((stale, Outcome::Removed));
    }
    Ok(outcomes)
}

/// Writes each of `files` under `out_dir` whose contents change, and nothing else: for a
/// directory the generator shares with other files (a crate's manifest beside its sources).
pub fn write_each(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<(PathBuf, Outcome)>> {
    let mut outcomes = Vec::new();
    for file in files {
        let path = out_dir.join(&file.path);
        if fs::read_to_string(&path).is_ok_and(|old| old == file.contents) {
            outcomes.push((path, Outcome::Unchanged));
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, &file.contents)?;
        outcomes.push((path, Outcome::Written));
    }
    Ok(outcomes)
}

/// A difference between what is checked in and what the specs produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staleness {
    /// The file.
    pub path: PathBuf,
    /// A unified diff from the checked-in file to the expected one (empty side when missing).
    pub diff: String,
}

/// Compares `files` with what is under `out_dir`, generated files no longer produced included.
pub fn check(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Staleness>> {
    check_owned(out_dir, files, &[out_dir.to_path_buf()])
}

/// Compares `files` like [`check`], counting as stale the generated files under `owned` that are
/// no longer produced.
fn check_owned(
    out_dir: &Path,
    files: &[GeneratedFile],
    owned: &[PathBuf],
) -> io::Result<Vec<Staleness>> {
    let mut stale = check_each(out_dir, files)?;
    for path in stale_files_in(owned, out_dir, files)? {
        let old = fs::read_to_string(&path)?;
        stale.push(Staleness {
            diff: unified_diff(&path, &old, ""),
            path,
        });
    }
    Ok(stale)
}

/// Compares each of `files` with its copy under `out_dir`, and nothing else.
pub fn check_each(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Staleness>> {
    let mut stale = Vec::new();
    for file in files {
        let path = out_dir.join(&file.path);
        let old = match fs::read_to_string(&path) {
            Ok(old) => old,
            Err(error) if error.kind() == io::ErrorKind::NotFound => String::new(),
            Err(error) => return Err(error),
        };
        if old != file.contents {
            stale.push(Staleness {
                diff: unified_diff(&path, &old, &file.contents),
                path,
            });
        }
    }
    Ok(stale)
}

/// Renders staleness for a person: the diffs, then how many files and `command`, which
/// regenerates them.
pub fn describe(stale: &[Staleness], command: &str) -> String {
    let mut text = String::new();
    for item in stale {
        let _ = writeln!(text, "{}", item.diff);
    }
    let _ = write!(
        text,
        "{} generated file{} out of date with the specs or the generator; run `{command}` \
         and commit the result",
        stale.len(),
        if stale.len() == 1 { " is" } else { "s are" }
    );
    text
}

fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{name} (checked in)"),
            &format!("{name} (from spec/)"),
        )
        .to_string()
}

/// The first words of a generated Markdown file (the reference's pages), whose marker is an HTML
/// comment so that it stays out of the rendered page.
pub const MARKDOWN_MARKER_PREFIX: &str = "<!-- @generated by wechatpay-codegen";

/// Files under any of `dirs` that carry the generated marker but are not in `files`, whose
/// paths are relative to `out_dir`.
fn stale_files_in(
    dirs: &[PathBuf],
    out_dir: &Path,
    files: &[GeneratedFile],
) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for dir in dirs.iter().filter(|dir| dir.is_dir()) {
        collect_generated(dir, &mut found)?;
    }
    found.sort();
    let expected: std::collections::HashSet<PathBuf> =
        files.iter().map(|f| out_dir.join(&f.path)).collect();
    Ok(found
        .into_iter()
        .filter(|path| !expected.contains(path))
        .filter(|path| {
            fs::read_to_string(path).is_ok_and(|text| {
                let marker = match path.extension().and_then(|e| e.to_str()) {
                    Some("rs") => MARKER_PREFIX,
                    Some("md") => MARKDOWN_MARKER_PREFIX,
                    _ => TOML_MARKER_PREFIX,
                };
                text.starts_with(marker)
            })
        })
        .collect())
}

/// The files under `dir` the generator may have written: Rust, Markdown and manifests (a split
/// crate's parts', under the directories [`Owns::Parts`] takes).
fn collect_generated(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_generated(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs" || e == "md")
            || path.file_name().is_some_and(|name| name == "Cargo.toml")
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Removes the directories between `removed` and `top` (not `top` itself) that it left empty,
/// so that a part or namespace no longer produced leaves no directory behind.
fn remove_empty_parents(removed: &Path, top: &Path) -> io::Result<()> {
    for dir in removed.ancestors().skip(1) {
        if dir == top || !dir.starts_with(top) || fs::read_dir(dir)?.next().is_some() {
            break;
        }
        fs::remove_dir(dir)?;
    }
    Ok(())
}

#[cfg(test)]
mod invocation_tests {
    use super::*;

    #[test]
    fn the_command_names_every_argument_that_differs_from_its_default() {
        let mut run = Invocation {
            program: "cargo codegen",
            spec: DEFAULT_SPEC,
            out: DEFAULT_OUT,
            with_project_shared: false,
            docs: None,
        };
        assert_eq!(run.command(), "cargo codegen generate");
        run.docs = Some("site/reference");
        run.with_project_shared = true;
        assert_eq!(
            run.command(),
            "cargo codegen generate --with-project-shared --docs site/reference"
        );
    }
}
