//! What happens to each chunk of a file as it arrives: counted against the limit, inflated when
//! the file is gzip, hashed, and handed to the writer in blocks. Memory stays bounded whatever
//! the file's size or compression ratio: at most one chunk, the decoder's window and buffer, and
//! one block of pending output are held at a time.

use std::io::{self, Write as _};

use aws_lc_rs::digest;
use flate2::write::MultiGzDecoder;
use tokio::io::{AsyncWrite, AsyncWriteExt as _};

use super::DownloadError;

/// Pending output is handed to the writer once it reaches this size: large enough that a file
/// written through tokio (one blocking write per call) is not written in small pieces, small
/// enough to stay far below the memory goal. The decoder adds at most its 32 KiB buffer per
/// `write` call before the block is drained, so a gzip bomb cannot grow it either.
const BLOCK_BYTES: usize = 256 << 10;

/// Why the pipeline stopped.
#[derive(Debug)]
pub(super) enum Stop {
    /// The file is at fault (size, gzip stream).
    Download(DownloadError),
    /// The writer failed; the caller names it.
    Write(io::Error),
}

/// What the pipeline made of a whole file.
#[derive(Debug)]
pub(super) struct Finished {
    /// Bytes of content written (decompressed, for a gzip file).
    pub(super) content_bytes: u64,
    /// The hash of the content, lowercase hex.
    pub(super) hash: String,
}

/// The content as it comes out of the decoder (or straight from the body): counted, hashed and
/// kept until the next block is written. It is the decoder's `io::Write` sink.
struct Content {
    hasher: digest::Context,
    bytes: u64,
    limit: u64,
    pending: Vec<u8>,
    /// Set when a write would pass the limit, so that the decoder's resulting error is told
    /// apart from a corrupt stream.
    over_limit: bool,
}

impl io::Write for Content {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let len = buf.len() as u64;
        if self.bytes.saturating_add(len) > self.limit {
            self.over_limit = true;
            return Err(io::Error::other("the content passed the download limit"));
        }
        self.hasher.update(buf);
        self.pending.extend_from_slice(buf);
        self.bytes += len;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

enum Decoder {
    Plain(Content),
    /// Boxed: the decoder's state (its window and tables) is tens of KiB, kept off the future.
    /// Multi-member, as gzip files may be concatenated members (RFC 1952 §2.2).
    Gzip(Box<MultiGzDecoder<Content>>),
}

/// One attempt's pass over a file.
pub(super) struct Pipeline {
    decoder: Decoder,
    limit: u64,
    received: u64,
    /// Whether anything was handed to the writer: then a writer cannot be started over.
    touched: bool,
}

impl Pipeline {
    /// A pipeline hashing with `algorithm`, inflating when `gzip`, and refusing more than
    /// `limit` bytes received or of content.
    pub(super) fn new(algorithm: &'static digest::Algorithm, gzip: bool, limit: u64) -> Self {
        let content = Content {
            hasher: digest::Context::new(algorithm),
            bytes: 0,
            limit,
            pending: Vec::with_capacity(BLOCK_BYTES),
            over_limit: false,
        };
        let decoder = if gzip {
            Decoder::Gzip(Box::new(MultiGzDecoder::new(content)))
        } else {
            Decoder::Plain(content)
        };
        Self {
            decoder,
            limit,
            received: 0,
            touched: false,
        }
    }

    /// Bytes of the body received so far.
    pub(super) fn received(&self) -> u64 {
        self.received
    }

    /// Whether anything was handed to the writer.
    pub(super) fn touched(&self) -> bool {
        self.touched
    }

    fn content(&mut self) -> &mut Content {
        match &mut self.decoder {
            Decoder::Plain(content) => content,
            Decoder::Gzip(decoder) => decoder.get_mut(),
        }
    }

    /// Takes the next chunk of the body.
    pub(super) async fn feed<W: AsyncWrite + Unpin>(
        &mut self,
        chunk: &[u8],
        writer: &mut W,
    ) -> Result<(), Stop> {
        self.received = self.received.saturating_add(chunk.len() as u64);
        if self.received > self.limit {
            return Err(Stop::Download(DownloadError::TooLarge {
                limit: self.limit,
                decompressed: false,
            }));
        }
        let mut rest = chunk;
        while !rest.is_empty() {
            let taken = match &mut self.decoder {
                Decoder::Plain(content) => content.write(rest),
                Decoder::Gzip(decoder) => decoder.write(rest),
            };
            let taken = taken.map_err(|error| self.decode_error(error))?;
            if taken == 0 {
                // Only a finished stream takes nothing; data after it is not part of the file.
                return Err(Stop::Download(DownloadError::Gzip(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "data after the end of the gzip stream",
                ))));
            }
            rest = &rest[taken..];
            if self.content().pending.len() >= BLOCK_BYTES {
                self.drain(writer).await?;
            }
        }
        Ok(())
    }

    /// Ends the file: the decoder checks its trailer, the last block is written and the writer
    /// flushed, and the hash is computed.
    pub(super) async fn finish<W: AsyncWrite + Unpin>(
        &mut self,
        writer: &mut W,
    ) -> Result<Finished, Stop> {
        if let Decoder::Gzip(decoder) = &mut self.decoder {
            let finished = decoder.try_finish();
            finished.map_err(|error| self.decode_error(error))?;
        }
        self.drain(writer).await?;
        writer.flush().await.map_err(Stop::Write)?;
        let content = self.content();
        let digest = content.hasher.clone().finish();
        Ok(Finished {
            content_bytes: content.bytes,
            hash: hex(digest.as_ref()),
        })
    }

    /// Hands the pending block to the writer.
    async fn drain<W: AsyncWrite + Unpin>(&mut self, writer: &mut W) -> Result<(), Stop> {
        let content = match &mut self.decoder {
            Decoder::Plain(content) => content,
            Decoder::Gzip(decoder) => decoder.get_mut(),
        };
        if content.pending.is_empty() {
            return Ok(());
        }
        self.touched = true;
        writer
            .write_all(&content.pending)
            .await
            .map_err(Stop::Write)?;
        content.pending.clear();
        Ok(())
    }

    /// A decoder's error: the content over the limit, or a corrupt stream.
    fn decode_error(&mut self, error: io::Error) -> Stop {
        let limit = self.limit;
        let decompressed = matches!(self.decoder, Decoder::Gzip(_));
        if self.content().over_limit {
            Stop::Download(DownloadError::TooLarge {
                limit,
                decompressed,
            })
        } else {
            Stop::Download(DownloadError::Gzip(error))
        }
    }
}

/// Lowercase hex, as WeChat Pay writes hashes.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    text
}

#[cfg(test)]
mod tests {
    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    async fn run(gzip: bool, limit: u64, chunks: &[&[u8]]) -> Result<(Finished, Vec<u8>), Stop> {
        let mut pipeline = Pipeline::new(&digest::SHA1_FOR_LEGACY_USE_ONLY, gzip, limit);
        let mut out = Vec::new();
        for chunk in chunks {
            pipeline.feed(chunk, &mut out).await?;
        }
        let finished = pipeline.finish(&mut out).await?;
        Ok((finished, out))
    }

    #[tokio::test]
    async fn plain_content_is_hashed_as_it_passes() {
        let (finished, out) = run(false, 100, &[b"ab", b"c"]).await.unwrap();
        assert_eq!(out, b"abc");
        assert_eq!(finished.hash, "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(finished.content_bytes, 3);
    }

    #[tokio::test]
    async fn gzip_is_inflated_across_chunks_and_members() {
        let mut body = gzip(b"ab");
        body.extend(gzip(b"c"));
        let chunks: Vec<&[u8]> = body.chunks(3).collect();
        let (finished, out) = run(true, 100, &chunks).await.unwrap();
        assert_eq!(out, b"abc");
        assert_eq!(finished.hash, "a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    #[tokio::test]
    async fn a_gzip_cut_short_or_followed_by_junk_is_corrupt() {
        let body = gzip(b"abcdefgh");
        let cut = &body[..body.len() - 4];
        assert!(matches!(
            run(true, 100, &[cut]).await,
            Err(Stop::Download(DownloadError::Gzip(_)))
        ));
        let mut junk = body.clone();
        junk.extend_from_slice(b"junk");
        assert!(matches!(
            run(true, 100, &[&junk]).await,
            Err(Stop::Download(DownloadError::Gzip(_)))
        ));
        assert!(matches!(
            run(true, 100, &[]).await,
            Err(Stop::Download(DownloadError::Gzip(_)))
        ));
    }

    #[tokio::test]
    async fn inflated_content_counts_against_the_limit() {
        let bomb = gzip(&vec![0; 1 << 20]);
        assert!(bomb.len() < 10_000);
        let result = run(true, 100_000, &[&bomb]).await;
        assert!(matches!(
            result,
            Err(Stop::Download(DownloadError::TooLarge {
                limit: 100_000,
                decompressed: true
            }))
        ));
        let result = run(false, 3, &[b"ab", b"cd"]).await;
        assert!(matches!(
            result,
            Err(Stop::Download(DownloadError::TooLarge {
                decompressed: false,
                ..
            }))
        ));
    }
}
