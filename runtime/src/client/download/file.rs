//! A download to a path: written to a temporary file beside it, and renamed to the path only
//! when the file is whole and its hash matches. Whatever fails, and when the download is dropped
//! half-way, the temporary file is removed and the path left as it was.

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

use aws_lc_rs::rand::{SecureRandom as _, SystemRandom};
use tokio::io::AsyncWriteExt as _;

use super::{Destination, DownloadError, FileStep, Sink};

/// A temporary file, removed when dropped unless it was moved into place.
struct TempFile {
    path: PathBuf,
    file: tokio::fs::File,
    /// Whether the file is gone from `path` (renamed into place): nothing left to clean up.
    gone: bool,
}

impl TempFile {
    /// Closes and removes the file. Errors are ignored: the download has already failed, and
    /// that error is the one to report.
    async fn discard(mut self) {
        // A tokio file may still be writing in the background; waiting for that lets the drop
        // below close it for real before it is removed.
        let _ = self.file.flush().await;
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // Synchronous, since a drop cannot await: one unlink, also reached when the download's
        // future is dropped half-way (a caller's timeout). The file may still be open here;
        // removing an open file works on Unix, and on Windows too, since std opens files with
        // FILE_SHARE_DELETE.
        if !self.gone {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The destination of [`crate::Client::download_to_path`].
pub(super) struct PathDestination {
    path: PathBuf,
    /// The directory the temporary file is made in: the destination's, so that the final
    /// rename stays on one file system and is atomic.
    dir: PathBuf,
    file_name: OsString,
    temp: Option<TempFile>,
}

impl PathDestination {
    pub(super) fn new(path: &Path) -> Result<Self, DownloadError> {
        let error = |message: &str| DownloadError::File {
            step: FileStep::Destination,
            path: path.to_owned(),
            source: io::Error::new(io::ErrorKind::InvalidInput, message),
        };
        let file_name = path
            .file_name()
            .ok_or_else(|| error("the path does not end in a file name"))?
            .to_owned();
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
            _ => PathBuf::from("."),
        };
        Ok(Self {
            path: path.to_owned(),
            dir,
            file_name,
            temp: None,
        })
    }

    fn error(&self, step: FileStep, source: io::Error) -> DownloadError {
        DownloadError::File {
            step,
            path: self.path.clone(),
            source,
        }
    }

    /// A name beside the destination that no other download picks: `.NAME.RANDOM.part`.
    fn temp_path(&self) -> Result<PathBuf, DownloadError> {
        let mut random = [0u8; 8];
        SystemRandom::new().fill(&mut random).map_err(|_| {
            let source = io::Error::other("the system random generator failed");
            self.error(FileStep::CreateTemporary, source)
        })?;
        let suffix: String = random.iter().map(|byte| format!("{byte:02x}")).collect();
        let mut name = OsString::from(".");
        name.push(&self.file_name);
        name.push(format!(".{suffix}.part"));
        Ok(self.dir.join(name))
    }

    /// Moves the finished file into place: flushed to disk first, so that a crash after the
    /// rename never leaves a renamed file whose content is not yet written.
    pub(super) async fn commit(&mut self) -> Result<(), DownloadError> {
        let Some(mut temp) = self.temp.take() else {
            let source = io::Error::other("no file was written");
            return Err(self.error(FileStep::Write, source));
        };
        let synced = match temp.file.flush().await {
            Ok(()) => temp.file.sync_all().await,
            Err(error) => Err(error),
        };
        if let Err(source) = synced {
            temp.discard().await;
            return Err(self.error(FileStep::Sync, source));
        }
        // Renamed while still open, so that the guard keeps owning the file until it is in
        // place: a failed (or abandoned) rename still removes it.
        match tokio::fs::rename(&temp.path, &self.path).await {
            Ok(()) => {
                temp.gone = true;
                Ok(())
            }
            Err(source) => {
                temp.discard().await;
                Err(self.error(FileStep::Rename, source))
            }
        }
    }

    /// Removes what a failed download wrote.
    pub(super) async fn discard(&mut self) {
        if let Some(temp) = self.temp.take() {
            temp.discard().await;
        }
    }
}

impl Destination for PathDestination {
    type Writer = tokio::fs::File;

    fn sink(&self) -> Sink {
        Sink::File(self.path.clone())
    }

    async fn start(&mut self) -> Result<&mut tokio::fs::File, DownloadError> {
        // A new attempt starts from nothing: the last attempt's file goes, a new one is made.
        self.discard().await;
        let path = self.temp_path()?;
        let file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await
            .map_err(|source| self.error(FileStep::CreateTemporary, source))?;
        let temp = self.temp.insert(TempFile {
            path,
            file,
            gone: false,
        });
        Ok(&mut temp.file)
    }

    fn can_restart(&self, _touched: bool) -> bool {
        true
    }
}
