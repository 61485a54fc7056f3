//! Writes the generated crate, or checks that the checked-in one is up to date.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::GeneratedFile;
use crate::emit::rust::{self, Options};
use wechatpay_spec::model::Api;

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

/// The files of the generated crate's `src/` for `api`.
pub fn crate_sources(api: &Api) -> Vec<GeneratedFile> {
    rust::crate_files(api, &Options::default())
}

/// The files of a crate's `src/` for `api`, with the given paths (a user's own specs use
/// [`Options::embedded`]).
pub fn crate_sources_with(api: &Api, options: &Options) -> Vec<GeneratedFile> {
    rust::crate_files(api, options)
}

/// Writes `files` under `out_dir`, touching only files whose contents change, and removes
/// generated files (those carrying the marker) that are no longer produced.
pub fn write(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<(PathBuf, Outcome)>> {
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
    for stale in stale_files(out_dir, files)? {
        fs::remove_file(&stale)?;
        outcomes.push((stale, Outcome::Removed));
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

/// Compares `files` with what is under `out_dir`.
pub fn check(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Staleness>> {
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
    for path in stale_files(out_dir, files)? {
        let old = fs::read_to_string(&path)?;
        stale.push(Staleness {
            diff: unified_diff(&path, &old, ""),
            path,
        });
    }
    Ok(stale)
}

/// Renders staleness for a person: which files, then the diffs.
pub fn describe(stale: &[Staleness]) -> String {
    let mut text = String::new();
    for item in stale {
        let _ = writeln!(text, "{}", item.diff);
    }
    let _ = write!(
        text,
        "{} generated file{} out of date with spec/ or the generator; run \
         `cargo codegen generate` and commit the result",
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

/// Files under `out_dir` that carry the generated marker but are not in `files`.
fn stale_files(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    if out_dir.is_dir() {
        collect_rs(out_dir, &mut found)?;
    }
    found.sort();
    let expected: std::collections::HashSet<PathBuf> =
        files.iter().map(|f| out_dir.join(&f.path)).collect();
    Ok(found
        .into_iter()
        .filter(|path| !expected.contains(path))
        .filter(|path| {
            fs::read_to_string(path).is_ok_and(|text| text.starts_with(rust::GENERATED_MARKER))
        })
        .collect())
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_rs(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}
