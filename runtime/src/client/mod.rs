//! The HTTP client: signs each request, sends it, verifies and decodes the answer, and retries
//! what the policy in [`retry`] allows. It knows no endpoint: every endpoint is an
//! [`Operation`] the generated crate implements.

mod builder;
mod error;
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
pub use self::error::{ApiError, Error, ErrorDetail};
pub use self::poll::{PollPolicy, Pollable};
pub use self::response::Response;
use self::retry::Failure;
pub use self::retry::RetryPolicy;
use crate::operation::Operation;
use crate::protocol::authorization::MerchantSigner;
use crate::protocol::clock::Clock;
use crate::protocol::verify::ResponseVerifier;

/// The header WeChat Pay puts on every answer, to quote to its support.
pub const REQUEST_ID_HEADER: &str = "Request-ID";

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
    verifier: ResponseVerifier,
    primary: String,
    backup: String,
    retry: RetryPolicy,
    clock: Arc<dyn Clock>,
    sleeper: Arc<dyn Sleeper>,
    user_agent: String,
}

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

/// One signed attempt, ready to send.
struct Outgoing<'a> {
    method: &'static str,
    url: String,
    body: Option<&'a [u8]>,
    headers: &'a [(&'static str, String)],
    authorization: String,
    now: i64,
}

/// One HTTP answer, read in full.
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    fn request_id(&self) -> Option<String> {
        self.header(REQUEST_ID_HEADER).map(str::to_owned)
    }
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
        // Validation runs before signing: an invalid request never leaves the process.
        request.validate()?;
        let target = request.request_target();
        let body = request.body().map_err(Error::Encode)?;
        let mut headers = Vec::new();
        request.write_headers(&mut headers);
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
            // Each attempt is signed afresh: a new timestamp and nonce over the same request.
            let now = self.inner.clock.now_unix();
            let authorization = self
                .inner
                .signer
                .authorize(
                    O::METHOD.as_str(),
                    &target,
                    body.as_deref().unwrap_or_default(),
                    now,
                )
                .map_err(Error::Sign)?;
            let base = if on_backup {
                &self.inner.backup
            } else {
                &self.inner.primary
            };
            let outgoing = Outgoing {
                method: O::METHOD.as_str(),
                url: format!("{base}{target}"),
                body: body.as_deref(),
                headers: &headers,
                authorization,
                now,
            };
            let sent = self.send(outgoing).await;
            let (failure, retry_after, error) = match sent {
                Ok(answer) => {
                    span.record("status", answer.status);
                    if let Some(id) = answer.header(REQUEST_ID_HEADER) {
                        span.record("request_id", id);
                    }
                    if (200..300).contains(&answer.status) {
                        return self.accept::<O>(answer, attempt);
                    }
                    let retry_after = answer
                        .header("Retry-After")
                        .and_then(|v| retry::parse_retry_after(v, self.inner.clock.now_unix()));
                    let request_id = answer.request_id();
                    let error = ApiError::parse(answer.status, &answer.body, request_id);
                    (
                        Failure::Status(answer.status),
                        retry_after,
                        Error::Api(Box::new(error)),
                    )
                }
                Err(source) => {
                    let failure = if source.is_connect() {
                        Failure::Connect
                    } else {
                        Failure::Transport
                    };
                    (
                        failure,
                        None,
                        Error::Transport {
                            source,
                            attempts: attempt,
                        },
                    )
                }
            };
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

    /// One attempt, sent and read in full.
    async fn send(&self, outgoing: Outgoing<'_>) -> Result<Answer, reqwest::Error> {
        let Outgoing {
            method,
            url,
            body,
            headers,
            authorization,
            now,
        } = outgoing;
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::GET);
        let mut builder = self
            .inner
            .http
            .request(method, url)
            .timeout(self.timeout)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .header("User-Agent", &self.inner.user_agent);
        if let Some(serial) = self.inner.verifier.request_serial(now) {
            builder = builder.header("Wechatpay-Serial", serial);
        }
        for (name, value) in headers {
            builder = builder.header(*name, value);
        }
        if let Some(body) = body {
            builder = builder
                .header("Content-Type", "application/json")
                .body(body.to_vec());
        }
        let response = builder.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await?.to_vec();
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    /// A 2xx answer: verified when the endpoint is signed, then decoded.
    fn accept<O: Operation>(
        &self,
        answer: Answer,
        attempts: u32,
    ) -> Result<Response<O::Response>, Error<O::ErrorCode>> {
        let request_id = answer.request_id();
        if O::SIGNED_RESPONSE {
            let lookup = |name: &str| answer.header(name);
            if let Err(error) =
                self.inner
                    .verifier
                    .verify(lookup, &answer.body, self.inner.clock.now_unix())
            {
                tracing::warn!(%error, "response signature rejected");
                return Err(Error::Verification {
                    error,
                    status: answer.status,
                    request_id,
                });
            }
        }
        let deserializer = &mut serde_json::Deserializer::from_slice(&answer.body);
        match serde_path_to_error::deserialize(deserializer) {
            Ok(data) => Ok(Response::new(data, answer.status, request_id, attempts)),
            Err(error) => Err(Error::Decode {
                path: error.path().to_string(),
                message: error.into_inner().to_string(),
                request_id,
            }),
        }
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
