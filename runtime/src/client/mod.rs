//! The HTTP client: signs each request, sends it, verifies and decodes the answer, and retries
//! what the policy in [`retry`] allows. It knows no endpoint: every endpoint is an
//! [`Operation`] the generated crate implements.

mod builder;
mod call;
pub mod certificates;
pub mod download;
mod error;
pub mod paging;
mod poll;
mod response;
pub mod retry;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tracing::Instrument as _;

pub use self::builder::{BACKUP_BASE_URL, ClientBuilder, ConfigError, PRIMARY_BASE_URL};
pub use self::call::{Call, CallResult};
pub use self::certificates::{CertificateError, CertificateRefreshPolicy};
pub use self::download::{
    DEFAULT_MAX_DOWNLOAD_BYTES, DownloadError, DownloadRequest, Downloaded, FileStep, HashType,
};
pub use self::error::{ApiError, Error, ErrorDetail};
pub use self::paging::{DEFAULT_MAX_PAGES, PagingError};
pub use self::poll::{PollPolicy, Pollable};
pub use self::response::Response;
use self::retry::Failure;
pub use self::retry::RetryPolicy;
use crate::clip::{REQUEST_ID_CHARS, clip};
use crate::operation::{Operation, ResponseBody};
use crate::protocol::authorization::MerchantSigner;
use crate::protocol::clock::Clock;
use crate::protocol::headers;
use crate::protocol::oaep::OaepError;
use crate::sensitive::{Encrypted, Encryptor, SecretString};
use crate::upload::{Multipart, UploadFile};

/// The header WeChat Pay puts on every answer, to quote to its support.
pub const REQUEST_ID_HEADER: &str = headers::REQUEST_ID;

/// Waits between attempts and polls. The default uses tokio's timer; tests substitute one that
/// returns at once and records what was asked.
pub trait Sleeper: Send + Sync + fmt::Debug {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>>;
}

/// Sleeps on tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A WeChat Pay APIv3 client: built once, cheap to clone, `Send + Sync`, one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    timeout: Duration,
}

struct Inner {
    http: reqwest::Client,
    signer: MerchantSigner,
    /// The verifier now, swapped whole when platform certificates are downloaded
    /// ([`certificates`]).
    verifier: certificates::Verifiers,
    /// The merchant's APIv3 key, when given.
    apiv3_key: Option<crate::protocol::ApiV3Key>,
    primary: String,
    backup: String,
    retry: RetryPolicy,
    clock: Arc<dyn Clock>,
    sleeper: Arc<dyn Sleeper>,
    user_agent: String,
    max_response_bytes: usize,
    max_pages: u64,
    max_download_bytes: u64,
}

/// The default of [`ClientBuilder::max_response_bytes`]: 16 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 << 20;

/// How much of an error answer is read: enough for any APIv3 error body, and no more, so that a
/// huge one costs nothing to refuse.
const ERROR_BODY_READ_BYTES: usize = 64 << 10;

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The signer's own Debug names the merchant and serial, never the key.
        f.debug_struct("Client")
            .field("signer", &self.inner.signer)
            .field("primary", &self.inner.primary)
            .field("backup", &self.inner.backup)
            .field("timeout", &self.timeout)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// What a request becomes before signing: computed once per call, whatever the attempts, so
/// that every attempt sends the same bytes.
struct Prepared {
    target: String,
    /// The bytes the signature covers: the JSON body, or an upload's `meta` JSON.
    body: Option<Vec<u8>>,
    /// An upload's `multipart/form-data` body, sent in place of `body` (which it holds, byte
    /// for byte, as its `meta` part).
    multipart: Option<Multipart>,
    headers: Vec<(&'static str, String)>,
    /// The serial of the key the body's sensitive fields were encrypted with, which
    /// `Wechatpay-Serial` must name on every attempt ([`Operation::ENCRYPTS`]).
    encrypted_for: Option<String>,
}

/// Validation runs first: an invalid request is never signed, let alone sent. A request with
/// sensitive fields has its body written, encrypted, here, once for every attempt: OAEP is
/// randomized, and a retry must resend the same bytes.
fn prepare<O: Operation>(request: &O, client: &Client) -> Result<Prepared, Error<O::ErrorCode>> {
    request.validate()?;
    let encryptor = client.encryptor::<O>()?;
    let mut headers = Vec::new();
    request.write_headers(&mut headers);
    let body = match &encryptor {
        Some(encryptor) => crate::sensitive::with_encryptor(encryptor, || request.body())
            .map_err(Error::Encrypt)?,
        None => request.body(),
    }
    .map_err(Error::Encode)?;
    let multipart = match request.file() {
        Some(file) => Some(prepare_upload(file, body.as_deref())?),
        None => None,
    };
    Ok(Prepared {
        target: request.request_target(),
        body,
        multipart,
        headers,
        encrypted_for: encryptor.map(|encryptor| encryptor.serial().to_owned()),
    })
}

/// An upload's body, around the `meta` JSON that is signed (see [`crate::upload`]). The file is
/// checked first for what the part headers need, whatever the request's own rules.
fn prepare_upload<C>(file: &UploadFile, meta: Option<&[u8]>) -> Result<Multipart, Error<C>> {
    crate::validate::check_upload_part(file)?;
    let Some(meta) = meta else {
        // The meta is what is signed: without it there is nothing to sign the upload by.
        let missing = <serde_json::Error as serde::ser::Error>::custom(
            "an upload sends its `meta` JSON as the body, and `Operation::body` returned none",
        );
        return Err(Error::Encode(missing));
    };
    // The boundary comes from the random source the nonce does; its failure is the signing's.
    Multipart::new(meta, file).map_err(|error| Error::Sign(error.into()))
}

/// A request signed and ready to send: send `headers` and `body` exactly as they are.
///
/// The signature covers the JSON body; for an upload ([`Operation::file`]), `body` is the
/// `multipart/form-data` body, whose `Content-Type` (naming its boundary) is among `headers`,
/// and the signature covers its `meta` part (see [`crate::upload`]).
#[derive(Clone)]
#[non_exhaustive]
pub struct SignedRequest {
    /// The HTTP method.
    pub method: &'static str,
    /// The full URL: base URL, path, and query when there is one.
    pub url: String,
    /// Every header to send, `Authorization` first, `Content-Type` when there is a body.
    pub headers: Vec<(&'static str, String)>,
    /// The body, when the endpoint sends one: JSON, or an upload's multipart body.
    pub body: Option<Vec<u8>>,
}

impl SignedRequest {
    /// The `Content-Type` header to send, when there is a body: `application/json`, or
    /// `multipart/form-data; boundary=…` for an upload.
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(headers::CONTENT_TYPE))
            .map(|(_, value)| value.as_str())
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The Authorization header carries a signature: shown only by name.
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if name.eq_ignore_ascii_case("Authorization") {
                    "<redacted>"
                } else {
                    value.as_str()
                };
                (*name, shown)
            })
            .collect();
        // An upload's body is mostly file bytes: shown by its length only.
        let multipart = self
            .content_type()
            .is_some_and(|value| value.starts_with("multipart/"));
        let body: Option<&dyn fmt::Debug> = match &self.body {
            Some(body) if multipart => Some(&MultipartLen(body.len())),
            Some(body) => Some(&String::from_utf8_lossy(body)),
            None => None,
        };
        f.debug_struct("SignedRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &body)
            .finish()
    }
}

/// How [`SignedRequest`]'s `Debug` shows an upload's body.
struct MultipartLen(usize);

impl fmt::Debug for MultipartLen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes of multipart/form-data>", self.0)
    }
}

/// Why an attempt did not give a response: the error, and whether and how to try again.
struct Failed<C> {
    error: Error<C>,
    /// `None` when the failure is final whatever the retry policy (a 2xx that fails
    /// verification, decoding or the size limit).
    retry: Option<Failure>,
    retry_after: Option<Duration>,
}

impl<C> Failed<C> {
    fn final_(error: Error<C>) -> Self {
        Self {
            error,
            retry: None,
            retry_after: None,
        }
    }

    fn transport(source: reqwest::Error, attempts: u32) -> Self {
        let retry = if source.is_connect() {
            Failure::Connect
        } else {
            Failure::Transport
        };
        Self {
            error: Error::Transport { source, attempts },
            retry: Some(retry),
            retry_after: None,
        }
    }
}

/// A body read up to a limit.
enum Body {
    /// All of it.
    Whole(Vec<u8>),
    /// The part read before it passed the limit; the rest was left unread.
    Over(Vec<u8>),
}

/// Reads `response`'s body, at most `limit` bytes, into one buffer sized by the declared length
/// (no second copy). A declared length over the limit is refused before anything is read.
async fn read_at_most(response: &mut reqwest::Response, limit: usize) -> reqwest::Result<Body> {
    let declared = response.content_length();
    if declared.is_some_and(|length| length > limit as u64) {
        return Ok(Body::Over(Vec::new()));
    }
    let capacity = declared.map_or(0, |length| usize::try_from(length).unwrap_or(limit));
    let mut body = Vec::with_capacity(capacity.min(limit));
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            let room = limit - body.len();
            body.extend_from_slice(&chunk[..room]);
            return Ok(Body::Over(body));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Body::Whole(body))
}

impl Client {
    /// Starts the configuration.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client sharing this one's pool and keys whose attempts have another time limit: for one
    /// call, `client.with_timeout(d).execute(&request)`.
    #[must_use]
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            timeout,
        }
    }

    /// The time on this client's clock ([`ClientBuilder::clock`]), unix seconds: what
    /// notifications are checked against ([`crate::notify`]).
    pub(crate) fn now_unix(&self) -> i64 {
        self.inner.clock.now_unix()
    }

    /// Validates, signs and sends `request`, then verifies and decodes the answer, retrying as
    /// [`retry`] describes when the endpoint is idempotent.
    pub async fn execute<O: Operation>(
        &self,
        request: &O,
    ) -> Result<Response<O::Response>, Error<O::ErrorCode>> {
        let span = tracing::info_span!(
            "wechatpay.call",
            method = O::METHOD.as_str(),
            endpoint = O::PATH_TEMPLATE,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        self.execute_in_span(request).instrument(span).await
    }

    async fn execute_in_span<O: Operation>(
        &self,
        request: &O,
    ) -> Result<Response<O::Response>, Error<O::ErrorCode>> {
        // Platform certificates first, when the client downloads them: the request may need one
        // to encrypt for, and its answer one to verify with.
        self.ensure_certificates().await?;
        let prepared = prepare(request, self)?;
        let max_attempts = if O::IDEMPOTENT {
            self.inner.retry.max_attempts.max(1)
        } else {
            1
        };

        let span = tracing::Span::current();
        let mut on_backup = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let base = if on_backup {
                &self.inner.backup
            } else {
                &self.inner.primary
            };
            // Each attempt is signed afresh: a new timestamp and nonce over the same request.
            let signed = self.sign(O::METHOD.as_str(), &prepared, base)?;
            let failed = match self.attempt::<O>(signed, attempt).await {
                Ok(response) => return Ok(response),
                Err(failed) => failed,
            };
            let Some(failure) = failed.retry else {
                return Err(failed.error);
            };
            let error = failed.error;
            let retry_after = failed.retry_after;
            if attempt >= max_attempts || !failure.is_retryable() {
                tracing::debug!(attempt, ?failure, "giving up");
                return Err(error);
            }
            if failure.fails_over() && !on_backup {
                on_backup = true;
                tracing::warn!(
                    attempt,
                    "connection failed; next attempt on the backup domain"
                );
            }
            let delay = self.inner.retry.delay(attempt, retry_after);
            tracing::info!(attempt, ?failure, ?delay, "retrying");
            self.inner.sleeper.sleep(delay).await;
        }
    }

    /// Validates and signs `request` for the primary domain, for callers who send it with their
    /// own HTTP stack; [`Client::read_response`] then checks the answer. [`Client::execute`] is
    /// these two around reqwest, plus retries.
    pub fn sign_request<O: Operation>(
        &self,
        request: &O,
    ) -> Result<SignedRequest, Error<O::ErrorCode>> {
        let prepared = prepare(request, self)?;
        self.sign(O::METHOD.as_str(), &prepared, &self.inner.primary)
    }

    /// The key a request's sensitive fields are encrypted with, when `O` has any
    /// ([`Operation::ENCRYPTS`]): the WeChat Pay public key when configured, else the newest
    /// platform certificate valid now ([`crate::protocol::verify::ResponseVerifier::encryption_key`]).
    fn encryptor<O: Operation>(&self) -> Result<Option<Encryptor>, Error<O::ErrorCode>> {
        if !O::ENCRYPTS {
            return Ok(None);
        }
        let now = self.inner.clock.now_unix();
        match self.inner.verifier.encryption_key(now) {
            Some((serial, key)) => Ok(Some(Encryptor::new(serial, key))),
            None => Err(Error::NoEncryptionKey),
        }
    }

    /// Decrypts a sensitive answer field ([`Encrypted`]) with the merchant private key this
    /// client signs with: WeChat Pay encrypts such fields under the merchant's public key
    /// (see [`crate::protocol::oaep`]).
    pub fn decrypt(&self, encrypted: &Encrypted) -> Result<SecretString, OaepError> {
        self.inner
            .signer
            .private_key()
            .decrypt_oaep(encrypted.as_str())
    }

    /// Reads an answer to `O`: a 2xx is verified (when the endpoint is signed) and decoded; any
    /// other status becomes [`Error::Api`]. `header` looks a response header up by name.
    pub fn read_response<'h, O: Operation>(
        &self,
        status: u16,
        header: impl Fn(&str) -> Option<&'h str>,
        body: &[u8],
    ) -> Result<Response<O::Response>, Error<O::ErrorCode>> {
        self.read::<O>(status, header, body, 1)
    }

    fn sign<C>(
        &self,
        method: &'static str,
        prepared: &Prepared,
        base: &str,
    ) -> Result<SignedRequest, Error<C>> {
        let now = self.inner.clock.now_unix();
        let body = prepared.body.as_deref().unwrap_or_default();
        let authorization = self
            .inner
            .signer
            .authorize(method, &prepared.target, body, now)
            .map_err(Error::Sign)?;
        let mut headers = Vec::with_capacity(prepared.headers.len() + 5);
        // Exactly the headers `headers::SET_BY_CLIENT` names, so that no spec field repeats one.
        headers.push((headers::AUTHORIZATION, authorization));
        headers.push((headers::ACCEPT, "application/json".to_owned()));
        headers.push((headers::USER_AGENT, self.inner.user_agent.clone()));
        // The key the sensitive fields were encrypted with, when there are any: chosen once per
        // call, so every attempt names the key its body was encrypted for.
        let serial = match &prepared.encrypted_for {
            Some(serial) => Some(serial.clone()),
            None => self.inner.verifier.request_serial(now),
        };
        if let Some(serial) = serial {
            headers.push((headers::WECHATPAY_SERIAL, serial));
        }
        // An upload sends its multipart body, built once for every attempt, in place of the
        // `meta` JSON just signed.
        let sent = match &prepared.multipart {
            Some(multipart) => Some((multipart.content_type.clone(), &multipart.bytes)),
            None => prepared
                .body
                .as_ref()
                .map(|json| ("application/json".to_owned(), json)),
        };
        let body = sent.map(|(content_type, body)| {
            headers.push((headers::CONTENT_TYPE, content_type));
            body.clone()
        });
        headers.extend(prepared.headers.iter().cloned());
        let mut url = String::with_capacity(base.len() + prepared.target.len());
        url.push_str(base);
        url.push_str(&prepared.target);
        Ok(SignedRequest {
            method,
            url,
            headers,
            body,
        })
    }

    /// One attempt: sent, then its answer read as far as it deserves. A signed 2xx is checked
    /// by its signature headers before its body is read, and its body is read up to the limit.
    async fn attempt<O: Operation>(
        &self,
        signed: SignedRequest,
        attempt: u32,
    ) -> Result<Response<O::Response>, Failed<O::ErrorCode>> {
        let mut response = self
            .send(signed)
            .await
            .map_err(|source| Failed::transport(source, attempt))?;
        let status = response.status().as_u16();
        // Taken, not copied: the body is read through `response` below, and neither reading it
        // nor its declared length looks at the headers.
        let headers = std::mem::take(response.headers_mut());
        let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
        let request_id = header(REQUEST_ID_HEADER).map(|id| clip(id, REQUEST_ID_CHARS));
        let span = tracing::Span::current();
        span.record("status", status);
        if let Some(id) = &request_id {
            span.record("request_id", id.as_str());
        }
        if !(200..300).contains(&status) {
            let body = read_at_most(&mut response, ERROR_BODY_READ_BYTES)
                .await
                .map_err(|source| Failed::transport(source, attempt))?;
            let body = match body {
                Body::Whole(body) | Body::Over(body) => body,
            };
            let error = ApiError::parse(status, &body, request_id)
                .with_body_len(response.content_length().unwrap_or_default())
                .with_not_found_codes(O::NOT_FOUND_CODES);
            let retry_after = header("Retry-After")
                .and_then(|v| retry::parse_retry_after(v, self.inner.clock.now_unix()));
            let failure = if error.code_str().is_some_and(retry::is_retryable_code) {
                Failure::RetryableCode
            } else {
                Failure::Status(status)
            };
            return Err(Failed {
                error: Error::Api(Box::new(error)),
                retry: Some(failure),
                retry_after,
            });
        }
        let now = self.inner.clock.now_unix();
        let rejected = |error| {
            tracing::warn!(%error, "response signature rejected");
            Failed::final_(Error::Verification {
                error,
                status,
                request_id: request_id.clone(),
            })
        };
        let verifier;
        let signature = if O::SIGNED_RESPONSE {
            // An answer naming a serial the client does not know may first refresh downloaded
            // platform certificates ([`certificates`]).
            verifier = self
                .answer_verifier(&header, now, status, request_id.as_ref())
                .await
                .map_err(Failed::final_)?;
            let checked = verifier.check_headers(header, now);
            Some(checked.map_err(rejected)?)
        } else {
            None
        };
        let limit = self.inner.max_response_bytes;
        let body = match read_at_most(&mut response, limit).await {
            Ok(Body::Whole(body)) => body,
            Ok(Body::Over(_)) => {
                return Err(Failed::final_(Error::ResponseTooLarge {
                    limit,
                    status,
                    request_id,
                }));
            }
            Err(source) => return Err(Failed::transport(source, attempt)),
        };
        if let Some(signature) = signature {
            signature.verify_body(&body).map_err(rejected)?;
        }
        decode::<O>(status, &body, request_id, attempt).map_err(Failed::final_)
    }

    /// Sends one attempt; the answer's headers have arrived, its body not yet read.
    async fn send(&self, signed: SignedRequest) -> Result<reqwest::Response, reqwest::Error> {
        let method =
            reqwest::Method::from_bytes(signed.method.as_bytes()).unwrap_or(reqwest::Method::GET);
        let mut builder = self
            .inner
            .http
            .request(method, signed.url)
            .timeout(self.timeout);
        for (name, value) in signed.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = signed.body {
            builder = builder.body(body);
        }
        builder.send().await
    }

    fn read<'h, O: Operation>(
        &self,
        status: u16,
        header: impl Fn(&str) -> Option<&'h str>,
        body: &[u8],
        attempts: u32,
    ) -> Result<Response<O::Response>, Error<O::ErrorCode>> {
        let request_id = header(REQUEST_ID_HEADER).map(|id| clip(id, REQUEST_ID_CHARS));
        if !(200..300).contains(&status) {
            let error =
                ApiError::parse(status, body, request_id).with_not_found_codes(O::NOT_FOUND_CODES);
            return Err(Error::Api(Box::new(error)));
        }
        if O::SIGNED_RESPONSE
            && let Err(error) =
                self.inner
                    .verifier
                    .verify(header, body, self.inner.clock.now_unix())
        {
            tracing::warn!(%error, "response signature rejected");
            return Err(Error::Verification {
                error,
                status,
                request_id,
            });
        }
        decode::<O>(status, body, request_id, attempts)
    }

    /// Queries until the answer leaves the states its spec calls pending, waiting longer each
    /// time, and gives up with [`Error::PollDeadline`] once `policy.deadline` has passed.
    pub async fn poll_until_final<O>(
        &self,
        request: &O,
        policy: &PollPolicy,
    ) -> Result<Response<O::Response>, Error<O::ErrorCode>>
    where
        O: Operation,
        O::Response: Pollable,
    {
        let clock = &self.inner.clock;
        let start = clock.now_unix();
        let deadline = i64::try_from(policy.deadline.as_secs()).unwrap_or(i64::MAX);
        let mut polls = 0;
        loop {
            polls += 1;
            let response = self.execute(request).await?;
            if !response.data().is_pending() {
                return Ok(response);
            }
            let wait = policy.interval(polls);
            let waited = clock.now_unix() - start;
            let wait_secs = i64::try_from(wait.as_secs()).unwrap_or(i64::MAX);
            if waited.saturating_add(wait_secs) > deadline {
                return Err(Error::PollDeadline { polls });
            }
            tracing::debug!(polls, ?wait, "still pending");
            self.inner.sleeper.sleep(wait).await;
        }
    }
}

/// A verified 2xx body as the response type: JSON, or nothing, as [`Operation::RESPONSE_BODY`]
/// says.
fn decode<O: Operation>(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
    attempts: u32,
) -> Result<Response<O::Response>, Error<O::ErrorCode>> {
    match O::RESPONSE_BODY {
        ResponseBody::Json => decode_json::<O>(status, body, request_id, attempts),
        ResponseBody::Empty => decode_empty::<O>(status, body, request_id, attempts),
    }
}

/// An answer that must have no body: any byte is refused rather than ignored, since it is not
/// what the endpoint documents (and a body the caller never sees could hide a changed API).
fn decode_empty<O: Operation>(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
    attempts: u32,
) -> Result<Response<O::Response>, Error<O::ErrorCode>> {
    if !body.is_empty() {
        return Err(Error::UnexpectedBody {
            len: body.len() as u64,
            status,
            request_id,
        });
    }
    // The response type is built from a serde unit: `NoContent` and `()` accept it; a type that
    // wants data is a generator mistake, reported as a decode error rather than a panic.
    let unit = serde::de::value::UnitDeserializer::<serde::de::value::Error>::new();
    match <O::Response as serde::Deserialize>::deserialize(unit) {
        Ok(data) => Ok(Response::new(data, status, request_id, attempts)),
        Err(error) => Err(Error::Decode {
            path: ".".to_owned(),
            message: format!("an answer without a body: {error}"),
            request_id,
        }),
    }
}

/// A JSON body as the response type.
fn decode_json<O: Operation>(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
    attempts: u32,
) -> Result<Response<O::Response>, Error<O::ErrorCode>> {
    // The plain decoder is twice as fast; the path-tracking one runs only to explain a failure.
    if let Ok(data) = serde_json::from_slice(body) {
        return Ok(Response::new(data, status, request_id, attempts));
    }
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize(deserializer) {
        Ok(data) => Ok(Response::new(data, status, request_id, attempts)),
        Err(error) => Err(Error::Decode {
            path: error.path().to_string(),
            message: error.into_inner().to_string(),
            request_id,
        }),
    }
}
