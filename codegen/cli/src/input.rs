//! Reading a file an importer is given: a regular file only (a FIFO or device is never opened),
//! and no more of it than the importer's limit allows.

use std::fs;
use std::io::Read as _;
use std::path::Path;

/// The file's bytes, read up to one byte past `limit` so that the importer can say the limit is
/// passed. `not_regular` is the message when `path` is not a regular file.
pub(crate) fn read_bounded(
    path: &Path,
    limit: usize,
    not_regular: &str,
) -> Result<Vec<u8>, String> {
    let meta = fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err(not_regular.to_owned());
    }
    let file = fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    Ok(bytes)
}
