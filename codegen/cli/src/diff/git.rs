//! Spec files read from a git revision through the `git` command line, in the directory the
//! command runs in: no checkout, nothing written to disk.

use std::process::Command;

use super::Failure;

/// What `REV:PATH` names in the revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    /// A directory.
    Tree,
    /// A file.
    Blob,
}

/// One file of a tree: its path below the tree, with `/` separators, and its contents or why
/// they are not read.
pub struct TreeFile {
    /// The path below the tree.
    pub relative: String,
    /// The bytes, or why they were not read.
    pub bytes: Result<Vec<u8>, String>,
}

/// Runs git with `args`; its standard output, or its complaint as an I/O failure.
fn git(args: &[&str]) -> Result<Vec<u8>, Failure> {
    let output = Command::new("git").args(args).output().map_err(|error| {
        Failure::Io(format!(
            "cannot run git ({error}); reading a revision needs the git command on PATH"
        ))
    })?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let said = String::from_utf8_lossy(&output.stderr);
        let said = said.trim();
        Err(Failure::Io(format!(
            "git {} failed: {}",
            args.join(" "),
            if said.is_empty() { "no message" } else { said }
        )))
    }
}

/// Whether `object` (`REV:PATH`) is a directory or a file; an error when the revision or the
/// path does not exist.
pub fn object_type(object: &str) -> Result<Object, Failure> {
    // A revision never starts with `-`; git would read one that did as an option.
    if object.starts_with('-') {
        return Err(Failure::Io(format!("{object} is not a git revision")));
    }
    let kind = git(&["cat-file", "-t", object])?;
    match String::from_utf8_lossy(&kind).trim() {
        "tree" => Ok(Object::Tree),
        "blob" => Ok(Object::Blob),
        other => Err(Failure::Io(format!(
            "{object} is a git {other}, not a spec directory or file"
        ))),
    }
}

/// Whether `object` (`REV:PATH`) exists.
pub fn exists(object: &str) -> bool {
    git(&["cat-file", "-e", object]).is_ok()
}

/// The contents of a file (`REV:PATH`, or an object id).
pub fn blob(object: &str) -> Result<Vec<u8>, Failure> {
    git(&["cat-file", "blob", object])
}

/// Every `*.yaml` (or `*.yml`) file under the tree `object` (`REV:PATH`), sorted by path. A
/// file larger than `max_bytes`, or a symbolic link (which a revision cannot follow), is listed
/// with the reason it is not read.
pub fn tree_files(object: &str, max_bytes: usize) -> Result<Vec<TreeFile>, Failure> {
    let listing = git(&["ls-tree", "-r", "-z", "-l", "--full-tree", object])?;
    let mut files = Vec::new();
    for entry in listing.split(|&byte| byte == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, relative)) = entry.split_once('\t') else {
            continue;
        };
        let is_yaml = relative.ends_with(".yaml") || relative.ends_with(".yml");
        let meta: Vec<&str> = meta.split_whitespace().collect();
        let (Some(&mode), Some(&"blob"), Some(&id), Some(size)) =
            (meta.first(), meta.get(1), meta.get(2), meta.get(3))
        else {
            continue;
        };
        if !is_yaml {
            continue;
        }
        let bytes = if mode == "120000" {
            Err("a symbolic link; links are not followed in a git revision".to_owned())
        } else if size.parse::<usize>().is_ok_and(|size| size > max_bytes) {
            Err(format!(
                "{size} bytes; a spec file is at most {max_bytes} bytes"
            ))
        } else {
            blob(id).map_err(|failure| failure.to_string())
        };
        files.push(TreeFile {
            relative: relative.to_owned(),
            bytes,
        });
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(files)
}
