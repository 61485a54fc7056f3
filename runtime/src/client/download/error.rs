//! Why a download failed, when the cause is the download itself rather than the call around it
//! (transport, API error answers and signing keep their own [`crate::Error`] variants).

use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// What went wrong with a download, as the source of [`crate::Error::Download`].
///
/// As everywhere in this crate, `Display` states this failure and leaves its cause (an I/O or
/// transport error) to [`std::error::Error::source`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DownloadError {
    /// The `download_url` is not an absolute `http(s)` URL of the shape a ticket carries.
    /// Nothing was sent.
    #[error("invalid download URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL up to its query (the query holds the ticket's token), at most 200 characters.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The `download_url` is not on the scheme, host and port of one of the client's base URLs:
    /// the merchant's signature is not sent to another server. Nothing was sent.
    #[error(
        "refusing to send a signed request to {origin}, which is not one of the client's base URLs"
    )]
    ForeignUrl {
        /// The URL's origin (`scheme://host[:port]`).
        origin: String,
    },
    /// The request names no expected hash ([`super::DownloadRequest::expect_hash`]): a download
    /// is always checked against the ticket's hash. Nothing was sent.
    #[error("no expected hash: give the ticket's hash_type and hash_value")]
    MissingHash,
    /// The ticket's `hash_type` is not one this client computes (the documentation names only
    /// `SHA1`). Nothing was sent.
    #[error("unknown hash type {hash_type:?}: only SHA1 is documented")]
    UnknownHashType {
        /// The type as given, at most 64 characters of it.
        hash_type: String,
    },
    /// The ticket's `hash_value` is not a SHA1 in hex (40 hex digits): no file could match it.
    /// Nothing was sent.
    #[error("invalid hash value {hash_value:?}: expected 40 hex digits")]
    InvalidHashValue {
        /// The value as given, at most 64 characters of it.
        hash_value: String,
    },
    /// The file's hash is not the ticket's: the file is not the bill the ticket describes.
    #[error("the file's {hash_type} is {actual}, the ticket says {expected}")]
    HashMismatch {
        /// The hash type, as the ticket named it (`SHA1`).
        hash_type: &'static str,
        /// The ticket's hash, lowercase hex.
        expected: String,
        /// The hash of what arrived (decompressed, for a gzip download), lowercase hex.
        actual: String,
    },
    /// The body ended before it was whole: the connection broke, or fewer bytes came than its
    /// `Content-Length` declared.
    #[error("the file was cut short after {received} bytes{}", expected.map(|n| format!(" of {n}")).unwrap_or_default())]
    Incomplete {
        /// Bytes received (as sent, compressed for a gzip download).
        received: u64,
        /// The length the answer declared, when it declared one.
        expected: Option<u64>,
        /// The transport's error, when the body ended with one.
        #[source]
        source: Option<reqwest::Error>,
    },
    /// Nothing arrived for the client's timeout ([`crate::ClientBuilder::timeout`]): neither the
    /// answer's headers nor, after them, the next part of the body.
    #[error("nothing arrived for {waited:?}, after {received} bytes of the file")]
    TimedOut {
        /// How long the client waited.
        waited: Duration,
        /// Bytes of the body received before.
        received: u64,
    },
    /// The file is larger than the client downloads ([`crate::ClientBuilder::max_download_bytes`]),
    /// as sent or once decompressed; it was not read further.
    #[error("the file is over the download limit of {limit} bytes{}", if *decompressed { " once decompressed" } else { "" })]
    TooLarge {
        /// The limit.
        limit: u64,
        /// Whether the decompressed content (rather than the bytes sent) passed the limit.
        decompressed: bool,
    },
    /// The gzip stream is corrupt or cut short (a download asked for with `gzip(true)`).
    #[error("the gzip stream is corrupt")]
    Gzip(#[source] io::Error),
    /// The file could not be written where it was asked for; the destination is untouched.
    #[error("cannot {step} for {}", path.display())]
    File {
        /// What was being done.
        step: FileStep,
        /// The destination asked for.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The caller's writer failed.
    #[error("cannot write the file to the writer")]
    Writer(#[source] io::Error),
}

/// The step of writing a file that failed ([`DownloadError::File`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileStep {
    /// The destination does not name a file in a directory.
    Destination,
    /// Creating the temporary file beside the destination.
    CreateTemporary,
    /// Writing to the temporary file.
    Write,
    /// Flushing the temporary file to disk before it is moved into place.
    Sync,
    /// Renaming the temporary file to the destination.
    Rename,
}

impl std::fmt::Display for FileStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Destination => "use the destination",
            Self::CreateTemporary => "create a temporary file",
            Self::Write => "write the temporary file",
            Self::Sync => "flush the temporary file to disk",
            Self::Rename => "move the temporary file into place",
        })
    }
}

impl DownloadError {
    /// Whether another attempt, from the start, may succeed: the transfer broke or stalled.
    /// A wrong hash, a corrupt stream, the size limit or a local file error are final.
    pub(super) fn is_transient(&self) -> bool {
        matches!(self, Self::Incomplete { .. } | Self::TimedOut { .. })
    }
}
