//! Streaming, hash-verified downloads of the files behind WeChat Pay's download tickets: bills
//! (交易账单, 资金账单, 分账账单, …) and receipts.
//!
//! # The protocol
//!
//! As WeChat Pay's APIv3 documentation describes it (下载账单, with 申请交易账单 and the other
//! ticket endpoints):
//!
//! - A file is asked for through a JSON endpoint (e.g. `GET /v3/bill/tradebill?bill_date=…&tar_type=GZIP`,
//!   `GET /v3/profitsharing/bills`), called like any other. Its answer is a ticket:
//!   `{"download_url": "https://api.mch.weixin.qq.com/v3/billdownload/file?token=…",
//!   "hash_type": "SHA1", "hash_value": "…"}`.
//! - The file is fetched with a `GET` to `download_url`, signed like any APIv3 `GET`: the
//!   signature covers the URL's path and query, and an empty body.
//! - The file's answer carries no `Wechatpay-*` signature headers and is not signature-checked.
//!   Instead, the hash of the original bill is compared with `hash_value`. The hash is the
//!   lowercase hex of the digest; this client compares it case-insensitively.
//! - A bill asked for with `tar_type=GZIP` arrives gzip-compressed. The hash is of the
//!   decompressed content (原始账单（gzip需要解压缩）的摘要值).
//! - `SHA1` is the only documented `hash_type`. Any other is refused before anything is sent
//!   ([`DownloadError::UnknownHashType`]).
//! - Error answers to the file `GET` are ordinary APIv3 JSON errors (4xx/5xx with `code` and
//!   `message`). They become [`crate::Error::Api`], as for any call.
//!
//! # What this client adds
//!
//! - The merchant's signature goes only where the client already sends it. `download_url` must
//!   be `https` or `http` on the same scheme, host and port as one of the configured base URLs
//!   (primary or backup). Otherwise the download is refused before anything is sent
//!   ([`DownloadError::ForeignUrl`]). The URL is used as given: a download does not fail over to
//!   the other base URL, since a token is issued for the URL's host.
//! - Bounded memory whatever the file's size. The body is read chunk by chunk; it is inflated
//!   (when gzip), hashed and written as it arrives, and never held whole. Its size is limited by
//!   [`crate::ClientBuilder::max_download_bytes`] (default [`DEFAULT_MAX_DOWNLOAD_BYTES`],
//!   4 GiB). The limit counts both the bytes received and the decompressed content, so a small
//!   gzip that inflates without end (a gzip bomb) stops at the limit too. The JSON limit,
//!   `max_response_bytes`, does not apply to files.
//! - The client's timeout ([`crate::ClientBuilder::timeout`], [`crate::Client::with_timeout`])
//!   bounds the wait for the answer's headers, and then each wait for the next part of the body.
//!   It does not bound the whole transfer, which for a large bill may take minutes; to bound
//!   that, wrap the call in `tokio::time::timeout`.
//! - [`crate::Client::download_to_path`] writes to a temporary file beside the path. It renames
//!   that file to the path only when the transfer is complete and the hash matches. On any
//!   failure, and when the call is dropped half-way, the temporary file is removed and the path
//!   is left as it was.
//! - [`crate::Client::download_to_writer`] streams to any `AsyncWrite`. What it wrote is
//!   unverified until the call returns `Ok`.
//! - Retries follow the client's [`crate::RetryPolicy`]; a download `GET` is idempotent. Retried,
//!   from the beginning and signed afresh: connection failures, timeouts, a body cut short, and
//!   the retryable statuses and codes of [`super::retry`]. Never retried: a hash mismatch, a
//!   corrupt gzip stream, the size limit, a local file error, other error answers. A download to
//!   a writer is retried only while nothing has been written to the writer.
//!
//! The request is sent with `Accept: */*`, since the answer is a file (its errors are JSON).
//!
//! # From a ticket to a file
//!
//! A generated helper, or a caller holding a ticket endpoint's answer, passes the three fields on
//! as they are. `gzip` is whether the ticket was asked for with `tar_type=GZIP`:
//!
//! ```no_run
//! use wechatpay_apiv3::shared::ErrorCode;
//! use wechatpay_runtime::client::DownloadRequest;
//! use wechatpay_runtime::{Client, Error};
//!
//! /// The answer of a ticket endpoint (申请交易账单, 申请资金账单, 申请分账账单, …).
//! #[derive(serde::Deserialize)]
//! struct Ticket {
//!     download_url: String,
//!     hash_type: String,
//!     hash_value: String,
//! }
//!
//! async fn save_bill(client: &Client, ticket: &Ticket, gzip: bool) -> Result<(), Error<ErrorCode>> {
//!     let request =
//!         DownloadRequest::from_ticket(&ticket.download_url, &ticket.hash_type, &ticket.hash_value)
//!             .gzip(gzip);
//!     let downloaded = client
//!         .download_to_path::<ErrorCode>(&request, "tradebill-20251120.csv")
//!         .await?;
//!     println!("{} bytes, SHA1 {}", downloaded.content_bytes, downloaded.hash);
//!     Ok(())
//! }
//! ```

mod error;
mod file;
mod pipeline;
mod plan;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use aws_lc_rs::digest;
use tokio::io::AsyncWrite;
use tracing::Instrument as _;

use self::file::PathDestination;
use self::pipeline::{Finished, Pipeline, Stop};
use self::plan::Plan;
use super::{
    ApiError, Body, Client, ERROR_BODY_READ_BYTES, Error, REQUEST_ID_HEADER, read_at_most,
};
use crate::clip::{REQUEST_ID_CHARS, clip};
use crate::protocol::headers;
use crate::wire_enum::WireEnum;

pub use self::error::{DownloadError, FileStep};

/// The default of [`crate::ClientBuilder::max_download_bytes`]: 4 GiB. That is generous for a
/// day's bill, yet bounds a broken or hostile answer.
pub const DEFAULT_MAX_DOWNLOAD_BYTES: u64 = 4 << 30;

/// A hash type a download ticket can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HashType {
    /// `SHA1`, the only one WeChat Pay documents.
    Sha1,
}

impl HashType {
    /// The type a ticket's `hash_type` names (compared ignoring ASCII case), when this client
    /// computes it.
    pub fn from_wire(value: &str) -> Option<Self> {
        value
            .trim()
            .eq_ignore_ascii_case("SHA1")
            .then_some(Self::Sha1)
    }

    /// The name as WeChat Pay writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA1",
        }
    }

    fn algorithm(self) -> &'static digest::Algorithm {
        match self {
            // The file's integrity check as WeChat Pay defines it, not a security boundary of
            // this client: the transfer itself is over TLS from the merchant's own domain.
            Self::Sha1 => &digest::SHA1_FOR_LEGACY_USE_ONLY,
        }
    }

    /// The length of the hash in hex digits.
    fn hex_len(self) -> usize {
        match self {
            Self::Sha1 => 40,
        }
    }
}

impl fmt::Display for HashType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A file to download: a ticket's `download_url`, the hash it must have, and whether it comes
/// gzip-compressed.
///
/// Building it checks nothing. The URL and the hash are checked when downloading, before
/// anything is sent, and their errors come from the download call as
/// [`crate::Error::Download`].
///
/// ```
/// use wechatpay_runtime::client::DownloadRequest;
///
/// let request = DownloadRequest::from_ticket(
///     "https://api.mch.weixin.qq.com/v3/billdownload/file?token=6XIv5TUPto7pByrTQKhd6kwvyKLG2uY2wMMR8cNXqaA_Cv_isgaUtBzp4QtiozLO",
///     "SHA1",
///     "79bb0f45fc4c42234a918000b2668d689e2bde04",
/// )
/// .gzip(true); // the ticket was asked for with tar_type=GZIP
/// assert!(request.is_gzip());
/// ```
#[derive(Clone)]
pub struct DownloadRequest {
    url: String,
    /// The ticket's `hash_type` and `hash_value`, as given.
    expected: Option<(String, String)>,
    gzip: bool,
}

impl DownloadRequest {
    /// A download of `url`, a ticket's `download_url`. The expected hash must still be given
    /// ([`DownloadRequest::expect_hash`]): a download without one is refused.
    pub fn from_url(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            expected: None,
            gzip: false,
        }
    }

    /// A download of a ticket's three fields: `from_url(download_url)` and
    /// `expect_hash(hash_type, hash_value)`.
    pub fn from_ticket(
        download_url: impl Into<String>,
        hash_type: impl Into<String>,
        hash_value: impl Into<String>,
    ) -> Self {
        Self::from_url(download_url).expect_hash(hash_type, hash_value)
    }

    /// The hash the file must have: the ticket's `hash_type` (only `SHA1` is documented;
    /// another is [`DownloadError::UnknownHashType`]) and `hash_value` (hex, any case).
    #[must_use]
    pub fn expect_hash(
        mut self,
        hash_type: impl Into<String>,
        hash_value: impl Into<String>,
    ) -> Self {
        self.expected = Some((hash_type.into(), hash_value.into()));
        self
    }

    /// Whether the file comes gzip-compressed (the ticket was asked for with `tar_type=GZIP`).
    /// Then it is decompressed before it is hashed and written: the caller gets the bill
    /// itself. Default `false`. It must match the ticket: the ticket's hash is of the
    /// decompressed bill, so a gzip file downloaded without it fails the hash check, and a plain
    /// file downloaded with it is [`DownloadError::Gzip`].
    #[must_use]
    pub fn gzip(mut self, gzip: bool) -> Self {
        self.gzip = gzip;
        self
    }

    /// The URL, as given.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Whether the file is decompressed as it arrives.
    pub fn is_gzip(&self) -> bool {
        self.gzip
    }
}

impl fmt::Debug for DownloadRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The query holds the ticket's token: shown only as present.
        let url = match self.url.split_once('?') {
            Some((before, _)) => format!("{before}?<token>"),
            None => self.url.clone(),
        };
        f.debug_struct("DownloadRequest")
            .field("url", &url)
            .field("expected", &self.expected)
            .field("gzip", &self.gzip)
            .finish()
    }
}

/// A finished, verified download.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Downloaded {
    /// Bytes received: the body as sent (compressed, for a gzip download).
    pub received_bytes: u64,
    /// Bytes of content written: the file itself (decompressed, for a gzip download).
    pub content_bytes: u64,
    /// The hash type checked.
    pub hash_type: HashType,
    /// The hash of the content, lowercase hex; equal to the ticket's.
    pub hash: String,
    /// The `Request-ID` of the file's answer, to quote to WeChat Pay support.
    pub request_id: Option<String>,
    /// Attempts made, the successful one included.
    pub attempts: u32,
}

/// Where a destination's write errors point.
#[derive(Debug)]
enum Sink {
    /// A file at this destination path.
    File(PathBuf),
    /// The caller's writer.
    Writer,
}

impl Sink {
    fn describe(&self, stop: Stop) -> DownloadError {
        match (stop, self) {
            (Stop::Download(error), _) => error,
            (Stop::Write(source), Self::File(path)) => DownloadError::File {
                step: FileStep::Write,
                path: path.clone(),
                source,
            },
            (Stop::Write(source), Self::Writer) => DownloadError::Writer(source),
        }
    }
}

/// Where a download is written: started afresh for each attempt, when it can be.
trait Destination {
    type Writer: AsyncWrite + Unpin;

    /// Where write errors point.
    fn sink(&self) -> Sink;

    /// The writer for a new attempt, empty.
    async fn start(&mut self) -> Result<&mut Self::Writer, DownloadError>;

    /// Whether a new attempt can start over, given whether the last one wrote anything.
    fn can_restart(&self, touched: bool) -> bool;
}

/// The destination of [`Client::download_to_writer`]: it cannot be emptied again, so an attempt
/// is repeated only while nothing has been written to it.
struct WriterDestination<W> {
    writer: W,
}

impl<W: AsyncWrite + Unpin> Destination for WriterDestination<W> {
    type Writer = W;

    fn sink(&self) -> Sink {
        Sink::Writer
    }

    async fn start(&mut self) -> Result<&mut W, DownloadError> {
        Ok(&mut self.writer)
    }

    fn can_restart(&self, touched: bool) -> bool {
        !touched
    }
}

/// Why an attempt failed, and whether another may succeed.
struct Attempted<C> {
    error: Error<C>,
    retry: bool,
    retry_after: Option<Duration>,
}

impl<C> Attempted<C> {
    fn download(error: DownloadError, request_id: Option<String>) -> Self {
        Self {
            retry: error.is_transient(),
            error: Error::Download { error, request_id },
            retry_after: None,
        }
    }
}

fn span() -> tracing::Span {
    tracing::info_span!(
        "wechatpay.download",
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        request_id = tracing::field::Empty,
    )
}

impl Client {
    /// Downloads the file `request` names to `path`, checked against the ticket's hash (see
    /// [`crate::client::download`] for the protocol and the rules).
    ///
    /// The body is written to a temporary file in `path`'s directory, named
    /// `.NAME.RANDOM.part`. That file is renamed to `path` only once the transfer is complete
    /// and the hash matches; an existing file at `path` is then replaced. On any failure, and
    /// when the returned future is dropped before it completes, the temporary file is removed
    /// and `path` is left untouched.
    ///
    /// `C` is the error-code type of the generated crate (`wechatpay_apiv3::shared::ErrorCode`):
    /// name it, e.g. `client.download_to_path::<ErrorCode>(&request, "bill.csv")`.
    pub async fn download_to_path<C: WireEnum>(
        &self,
        request: &DownloadRequest,
        path: impl AsRef<Path>,
    ) -> Result<Downloaded, Error<C>> {
        let mut destination =
            PathDestination::new(path.as_ref()).map_err(|error| Error::Download {
                error,
                request_id: None,
            })?;
        let downloaded = self
            .download_into(request, &mut destination)
            .instrument(span());
        match downloaded.await {
            Ok(downloaded) => match destination.commit().await {
                Ok(()) => Ok(downloaded),
                Err(error) => Err(Error::Download {
                    error,
                    request_id: downloaded.request_id,
                }),
            },
            Err(error) => {
                destination.discard().await;
                Err(error)
            }
        }
    }

    /// Downloads the file `request` names into `writer` (see [`crate::client::download`]).
    ///
    /// **What was written is unverified until this returns `Ok`.** The content is written as it
    /// arrives, and the hash can only be checked at its end. On an error, discard whatever the
    /// writer received: it may be part of the file, or a file that does not match its ticket.
    /// [`Client::download_to_path`] does that for files.
    ///
    /// The writer is flushed at the end, not shut down. An attempt is repeated (per the retry
    /// policy) only while nothing has been written to the writer.
    ///
    /// `C` is the error-code type of the generated crate, as for [`Client::download_to_path`].
    pub async fn download_to_writer<C: WireEnum, W: AsyncWrite + Unpin>(
        &self,
        request: &DownloadRequest,
        writer: W,
    ) -> Result<Downloaded, Error<C>> {
        let mut destination = WriterDestination { writer };
        self.download_into(request, &mut destination)
            .instrument(span())
            .await
    }

    /// The attempts of one download, as the retry policy allows.
    async fn download_into<C: WireEnum, D: Destination>(
        &self,
        request: &DownloadRequest,
        destination: &mut D,
    ) -> Result<Downloaded, Error<C>> {
        let unsent = |error| Error::Download {
            error,
            request_id: None,
        };
        // Checked before anything is sent, or any file made.
        let plan = Plan::new(request, &self.inner.primary, &self.inner.backup).map_err(unsent)?;
        let max_attempts = self.inner.retry.max_attempts.max(1);
        let span = tracing::Span::current();
        let mut attempt = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let sink = destination.sink();
            let writer = destination.start().await.map_err(unsent)?;
            let limit = self.inner.max_download_bytes;
            let mut pipeline = Pipeline::new(plan.hash_type.algorithm(), plan.gzip, limit);
            let attempted = self
                .download_attempt(&plan, &mut pipeline, writer, &sink, attempt)
                .await;
            let failed = match attempted {
                Ok(downloaded) => return Ok(downloaded),
                Err(failed) => failed,
            };
            if !failed.retry
                || attempt >= max_attempts
                || !destination.can_restart(pipeline.touched())
            {
                return Err(failed.error);
            }
            let delay = self.inner.retry.delay(attempt, failed.retry_after);
            tracing::info!(attempt, ?delay, "retrying the download from the start");
            self.inner.sleeper.sleep(delay).await;
        }
    }

    /// One attempt: sent, then the answer streamed through `pipeline` into `writer`.
    async fn download_attempt<C: WireEnum, W: AsyncWrite + Unpin>(
        &self,
        plan: &Plan,
        pipeline: &mut Pipeline,
        writer: &mut W,
        sink: &Sink,
        attempt: u32,
    ) -> Result<Downloaded, Attempted<C>> {
        let mut response = self.send_download(plan, attempt).await?;
        let status = response.status().as_u16();
        let request_id = response
            .headers()
            .get(REQUEST_ID_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(|id| clip(id, REQUEST_ID_CHARS));
        let span = tracing::Span::current();
        span.record("status", status);
        if let Some(id) = &request_id {
            span.record("request_id", id.as_str());
        }
        if !(200..300).contains(&status) {
            return Err(self
                .download_error_answer(&mut response, status, request_id, attempt)
                .await);
        }
        let failed = |error| Attempted::download(error, request_id.clone());
        // Read now: the length reqwest reports shrinks as the body is read.
        let declared = response.content_length();
        let limit = self.inner.max_download_bytes;
        if declared.is_some_and(|length| length > limit) {
            let too_large = DownloadError::TooLarge {
                limit,
                decompressed: false,
            };
            return Err(failed(too_large));
        }
        let streamed = self
            .stream_body(&mut response, declared, pipeline, writer)
            .await;
        let finished = streamed.map_err(|stop| failed(sink.describe(stop)))?;
        if finished.hash != plan.expected {
            return Err(failed(DownloadError::HashMismatch {
                hash_type: plan.hash_type.as_str(),
                expected: plan.expected.clone(),
                actual: finished.hash,
            }));
        }
        Ok(Downloaded {
            received_bytes: pipeline.received(),
            content_bytes: finished.content_bytes,
            hash_type: plan.hash_type,
            hash: finished.hash,
            request_id,
            attempts: attempt,
        })
    }

    /// Signs and sends the file `GET`; the answer's headers have arrived, its body not yet read.
    async fn send_download<C>(
        &self,
        plan: &Plan,
        attempt: u32,
    ) -> Result<reqwest::Response, Attempted<C>> {
        // Signed afresh for each attempt: a new timestamp and nonce, over the path and query as
        // sent and an empty body.
        let now = self.inner.clock.now_unix();
        let authorization = self
            .inner
            .signer
            .authorize("GET", &plan.target, b"", now)
            .map_err(|error| Attempted {
                error: Error::Sign(error),
                retry: false,
                retry_after: None,
            })?;
        // No total timeout (a large file takes long): the waits are bounded one by one.
        let mut builder = self
            .inner
            .http
            .get(plan.url.clone())
            .header(headers::AUTHORIZATION, authorization)
            .header(headers::ACCEPT, "*/*")
            .header(headers::USER_AGENT, self.inner.user_agent.as_str());
        if let Some(serial) = self.inner.verifier.request_serial(now) {
            builder = builder.header(headers::WECHATPAY_SERIAL, serial);
        }
        match tokio::time::timeout(self.timeout, builder.send()).await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(source)) => Err(Attempted {
                retry: !source.is_builder(),
                error: Error::Transport {
                    source,
                    attempts: attempt,
                },
                retry_after: None,
            }),
            Err(_elapsed) => {
                let waited = self.timeout;
                let error = DownloadError::TimedOut {
                    waited,
                    received: 0,
                };
                Err(Attempted::download(error, None))
            }
        }
    }

    /// An error answer to the file `GET`: an ordinary APIv3 error, read bounded.
    async fn download_error_answer<C: WireEnum>(
        &self,
        response: &mut reqwest::Response,
        status: u16,
        request_id: Option<String>,
        attempt: u32,
    ) -> Attempted<C> {
        let retry_after = response
            .headers()
            .get("Retry-After")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| super::retry::parse_retry_after(value, self.inner.clock.now_unix()));
        let declared = response.content_length().unwrap_or_default();
        let body = match read_at_most(response, ERROR_BODY_READ_BYTES).await {
            Ok(Body::Whole(body) | Body::Over(body)) => body,
            Err(source) => {
                return Attempted {
                    error: Error::Transport {
                        source,
                        attempts: attempt,
                    },
                    retry: true,
                    retry_after: None,
                };
            }
        };
        let error = ApiError::parse(status, &body, request_id).with_body_len(declared);
        let retry = super::retry::is_retryable_status(status)
            || error
                .code_str()
                .is_some_and(super::retry::is_retryable_code);
        Attempted {
            error: Error::Api(Box::new(error)),
            retry,
            retry_after,
        }
    }

    /// Streams the body through `pipeline` to its end, each wait for a chunk bounded by the
    /// client's timeout.
    async fn stream_body<W: AsyncWrite + Unpin>(
        &self,
        response: &mut reqwest::Response,
        declared: Option<u64>,
        pipeline: &mut Pipeline,
        writer: &mut W,
    ) -> Result<Finished, Stop> {
        loop {
            let next = tokio::time::timeout(self.timeout, response.chunk()).await;
            let chunk = match next {
                Ok(Ok(Some(chunk))) => chunk,
                Ok(Ok(None)) => break,
                Ok(Err(source)) => {
                    return Err(Stop::Download(DownloadError::Incomplete {
                        received: pipeline.received(),
                        expected: declared,
                        source: Some(source),
                    }));
                }
                Err(_elapsed) => {
                    return Err(Stop::Download(DownloadError::TimedOut {
                        waited: self.timeout,
                        received: pipeline.received(),
                    }));
                }
            };
            pipeline.feed(&chunk, writer).await?;
        }
        // hyper reports a body shorter than its Content-Length as an error; this also covers an
        // HTTP stack that ends it quietly.
        if let Some(expected) = declared
            && pipeline.received() < expected
        {
            return Err(Stop::Download(DownloadError::Incomplete {
                received: pipeline.received(),
                expected: Some(expected),
                source: None,
            }));
        }
        pipeline.finish(writer).await
    }
}
