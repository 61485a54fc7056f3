//! Platform certificates the client downloads itself, and the verifier it swaps them into.
//!
//! A client built with [`ClientBuilder::auto_platform_certificates`](super::ClientBuilder::auto_platform_certificates)
//! (which needs the APIv3 key, [`ClientBuilder::apiv3_key`](super::ClientBuilder::apiv3_key))
//! downloads `GET /v3/certificates` before its first call, every
//! [`CertificateRefreshPolicy::refresh_every`] after, and when an answer names a serial it does
//! not know. This is a protocol step the runtime owns, not a generated endpoint.
//!
//! # The rules, and where they come from
//!
//! From the WeChat Pay APIv3 documentation:
//!
//! - **下载平台证书** (`GET /v3/certificates`, pay.weixin.qq.com/wiki/doc/apiv3/apis/wechatpay5_1.shtml):
//!   the request is signed like any `GET`. The answer is
//!   `{"data": [{"serial_no", "effective_time", "expire_time", "encrypt_certificate":
//!   {"algorithm": "AEAD_AES_256_GCM", "nonce", "associated_data": "certificate",
//!   "ciphertext"}}]}`, itself signed (`Wechatpay-*` headers) like every answer. A certificate
//!   about to replace another joins the list 24 hours before WeChat Pay signs with it, and
//!   during a rotation answers carry either serial; the page asks merchants to download the list
//!   at intervals under 12 hours, and to encrypt with the newest certificate. It also notes that
//!   the listed `expire_time` may differ from the certificate's own end of validity during a
//!   rotation: this client goes by the certificate's own validity period.
//! - **平台证书** (pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay5_1.shtml), on the first
//!   download: no certificate is known yet to check the download's signature with, so the
//!   certificate it carries, once decrypted, checks it (as the official SDKs do).
//! - **证书和回调报文解密** (pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_2.shtml): the
//!   `ciphertext` is base64 of the AES-256-GCM ciphertext followed by its 16-byte tag, under the
//!   merchant's APIv3 key (32 bytes, set in the merchant platform), with `nonce` and
//!   `associated_data` used as their UTF-8 bytes; the plaintext is the certificate's PEM. See
//!   [`crate::protocol::aead`].
//! - **微信支付公钥** and **如何从平台证书切换成微信支付公钥**
//!   (pay.weixin.qq.com/doc/v3/merchant/4012154180): WeChat Pay now issues a public key
//!   (`PUB_KEY_ID_…`) in place of platform certificates. A merchant who never had platform
//!   certificates gets 404 `RESOURCE_NOT_EXISTS` from `/v3/certificates`
//!   ([`CertificateError::NotProvisioned`], which says to configure the public key). A merchant
//!   moving from certificates to the public key may receive answers signed by either during the
//!   move: a client configured with both verifies each answer with the key its
//!   `Wechatpay-Serial` names.
//!
//! # What the client checks
//!
//! 1. Every listed certificate is decrypted with the APIv3 key (AES-GCM authenticates it: only
//!    a holder of the key could have produced it), parsed, and its serial number compared with
//!    the listed `serial_no`. Any failure refuses the whole download.
//! 2. The download's own signature is checked with the key its `Wechatpay-Serial` names: the
//!    configured public key or a certificate already known; on the very first download only
//!    (before any has succeeded), a certificate from the answer itself, authenticated by step 1.
//!    After that, an answer signed by a certificate only it vouches for is refused.
//! 3. Certificates expired or not valid yet are not kept; a list with none valid now is an
//!    error ([`CertificateError::NoUsableCertificate`]). Certificates expiring within
//!    [`CertificateRefreshPolicy::warn_before_expiry`] are logged with `tracing::warn!`.
//! 4. The verifier is rebuilt from the configured keys (public key, certificates given by hand)
//!    and the certificates kept, and swapped in whole: a call checks its answer with one
//!    verifier, the one current when its headers arrived.
//!
//! # When it downloads
//!
//! - Lazily, at the start of a call, when nothing was downloaded yet or the last download is
//!   [`CertificateRefreshPolicy::refresh_every`] old. No background task: an idle client
//!   downloads nothing. A failed scheduled download is logged and the known keys stay in use.
//! - When an answer (whose other signature headers pass) names a serial the verifier does not
//!   know: one download, then the answer is checked again
//!   ([`VerificationError::UnknownSerialAfterRefresh`] when the serial is still unknown).
//! - One download at a time, however many calls ask: later askers wait for it and use its
//!   result. And downloads are at least [`CertificateRefreshPolicy::min_interval`] apart
//!   (60 s by default), so that a hostile or broken server cannot make the client download on
//!   every call.
//! - Never, for a client configured with the WeChat Pay public key alone.
//!
//! [`Client::sign_request`] and [`Client::read_response`] (another HTTP stack) use the
//! verifier as it is; call [`Client::refresh_platform_certificates`] to download.
//!
//! # For a server standing in for WeChat Pay
//!
//! Answer `GET /v3/certificates` (after checking its `Authorization` like any request) with
//! status 200 and the list above, each `ciphertext` made by
//! [`encrypt_aes_256_gcm`](crate::protocol::aead::encrypt_aes_256_gcm)`(apiv3_key, nonce,
//! "certificate", pem)` with a fresh 12-character `nonce` per certificate, `serial_no` the
//! certificate's serial in uppercase hexadecimal, and sign the answer like any other
//! ([`crate::protocol::ResponseSignatureHeaders`]): with the WeChat Pay public key's private
//! half under its id, or with a listed certificate's key under its serial. A merchant without
//! certificates is answered 404 `{"code": "RESOURCE_NOT_EXISTS", "message": …}`.

mod download;
mod error;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{PoisonError, RwLock};
use std::time::Duration;

pub use self::error::CertificateError;

/// The protocol's endpoint listing the platform certificates: what the client downloads, and
/// what a mock must serve for it.
pub const CERTIFICATES_PATH: &str = "/v3/certificates";
use super::{Client, Error};
use crate::clip::{HEADER_CHARS, clip};
use crate::protocol::apiv3_key::ApiV3Key;
use crate::protocol::headers::WECHATPAY_SERIAL;
use crate::protocol::keys::{Certificate, PublicKey};
use crate::protocol::verify::{ResponseVerifier, VerificationError};

/// When a client that downloads platform certificates downloads them again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CertificateRefreshPolicy {
    /// How old the downloaded certificates may get before the next call downloads them again
    /// (default 12 hours; the documentation asks for intervals under 12 hours, and a new
    /// certificate is listed 24 hours before it is used).
    pub refresh_every: Duration,
    /// The shortest time between two downloads, whatever asks for them (default 60 s): an
    /// answer naming an unknown serial downloads again at most this often.
    pub min_interval: Duration,
    /// Certificates expiring within this are logged with `tracing::warn!` at each download
    /// (default 7 days).
    pub warn_before_expiry: Duration,
}

impl Default for CertificateRefreshPolicy {
    fn default() -> Self {
        Self {
            refresh_every: Duration::from_secs(12 * 60 * 60),
            min_interval: Duration::from_secs(60),
            warn_before_expiry: Duration::from_secs(7 * 24 * 60 * 60),
        }
    }
}

/// The verifier a client checks answers with, replaced whole when certificates are downloaded.
///
/// A `std::sync::RwLock` around a verifier that is itself a cheap `Arc` clone: a call takes a
/// snapshot (a read lock held for one reference-count increment) and keeps it for its answer,
/// so no lock is held across an `.await`, and no crate (`arc-swap`) is needed for a swap that
/// happens twice a day.
pub(super) struct Verifiers {
    current: RwLock<ResponseVerifier>,
    auto: Option<Auto>,
}

/// What a client that downloads certificates keeps for it.
struct Auto {
    key: ApiV3Key,
    /// The keys configured on the builder (public key, certificates given by hand), kept in
    /// every rebuilt verifier.
    configured: ResponseVerifier,
    policy: CertificateRefreshPolicy,
    /// Unix seconds the schedule counts from ([`NEVER`] before the first download): the last
    /// successful download, or the last 404 `RESOURCE_NOT_EXISTS` for a client that verifies
    /// with its public key meanwhile. Read on every call without waiting for the download lock.
    last_success: AtomicI64,
    /// Held by the one download in flight; later askers wait for it, then find its result.
    flight: tokio::sync::Mutex<Flight>,
}

/// [`Auto::last_success`] before the first download.
const NEVER: i64 = i64::MIN;

/// The download history, behind the download lock.
#[derive(Debug, Default)]
struct Flight {
    /// Unix seconds of the last download asked for, successful or not.
    last_attempt: Option<i64>,
    /// Unix seconds of the last successful download.
    last_success: Option<i64>,
}

impl Verifiers {
    /// The configured keys; with `auto`, certificates are downloaded with the APIv3 key.
    pub(super) fn new(
        configured: ResponseVerifier,
        auto: Option<(ApiV3Key, CertificateRefreshPolicy)>,
    ) -> Self {
        let auto = auto.map(|(key, policy)| Auto {
            key,
            configured: configured.clone(),
            policy,
            last_success: AtomicI64::new(NEVER),
            flight: tokio::sync::Mutex::new(Flight::default()),
        });
        Self {
            current: RwLock::new(configured),
            auto,
        }
    }

    /// The verifier now: a snapshot, unaffected by later downloads.
    pub(super) fn current(&self) -> ResponseVerifier {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The `Wechatpay-Serial` a request carries now (see [`ResponseVerifier::request_serial`]).
    pub(super) fn request_serial(&self, now_unix: i64) -> Option<String> {
        self.current().request_serial(now_unix).map(str::to_owned)
    }

    /// The key sensitive request fields are encrypted with now, and its serial (see
    /// [`ResponseVerifier::encryption_key`]).
    pub(super) fn encryption_key(&self, now_unix: i64) -> Option<(String, PublicKey)> {
        self.current()
            .encryption_key(now_unix)
            .map(|(serial, key)| (serial.to_owned(), key.clone()))
    }

    /// [`ResponseVerifier::verify`] with the verifier now.
    pub(super) fn verify<'h>(
        &self,
        header: impl Fn(&str) -> Option<&'h str>,
        body: &[u8],
        now_unix: i64,
    ) -> Result<(), VerificationError> {
        self.current().verify(header, body, now_unix)
    }

    fn swap(&self, verifier: ResponseVerifier) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = verifier;
    }
}

impl Auto {
    /// Whether the last successful download is recent enough for a call to go ahead.
    fn is_fresh(&self, now: i64) -> bool {
        let last = self.last_success.load(Ordering::Acquire);
        last != NEVER && now.saturating_sub(last) < secs(self.policy.refresh_every)
    }

    /// Seconds since the last download asked for, when that is under the minimum interval.
    fn too_soon(&self, flight: &Flight, now: i64) -> Option<i64> {
        let last = flight.last_attempt?;
        let ago = now.saturating_sub(last);
        (ago < secs(self.policy.min_interval)).then_some(ago)
    }
}

fn secs(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

/// Whether `verifier` has any key at all.
fn has_keys(verifier: &ResponseVerifier) -> bool {
    verifier.public_key_id().is_some() || verifier.certificates().next().is_some()
}

/// Why [`Client::verifier_for`] has no key for a message's serial.
#[derive(Debug)]
pub(crate) enum KeyLookupError {
    /// The serial is unknown even after a download, or the last download is too recent to
    /// repeat.
    Unknown(VerificationError),
    /// The download the unknown serial asked for failed.
    Download(CertificateError),
}

impl Client {
    /// The verifier this client checks answers with now: the configured WeChat Pay public key
    /// and certificates, and the downloaded platform certificates. A snapshot: a later download
    /// swaps in another verifier and leaves this one as it is.
    pub fn response_verifier(&self) -> ResponseVerifier {
        self.inner.verifier.current()
    }

    /// The platform certificates this client verifies with now, configured and downloaded, by
    /// serial number.
    pub fn platform_certificates(&self) -> Vec<Certificate> {
        self.inner
            .verifier
            .current()
            .certificates()
            .cloned()
            .collect()
    }

    /// The APIv3 key this client was given ([`ClientBuilder::apiv3_key`](super::ClientBuilder::apiv3_key)),
    /// to decrypt with [`crate::protocol::aead::decrypt_aes_256_gcm`].
    pub fn apiv3_key(&self) -> Option<&ApiV3Key> {
        self.inner.apiv3_key.as_ref()
    }

    /// Downloads the platform certificates now, for a client built with
    /// [`ClientBuilder::auto_platform_certificates`](super::ClientBuilder::auto_platform_certificates),
    /// and returns those kept (valid now). Waits for a download in flight first; unlike the
    /// downloads the client makes itself, it does not wait for the minimum interval.
    ///
    /// For a client used through [`Client::sign_request`] and [`Client::read_response`], which
    /// never download by themselves.
    pub async fn refresh_platform_certificates(
        &self,
    ) -> Result<Vec<Certificate>, CertificateError> {
        let auto = self
            .inner
            .verifier
            .auto
            .as_ref()
            .ok_or(CertificateError::NotEnabled)?;
        let mut flight = auto.flight.lock().await;
        self.download_certificates(auto, &mut flight).await
    }

    /// Before a call: the first download, or a scheduled one. A scheduled download that fails
    /// leaves the known keys in use (logged); a call with no key at all fails.
    pub(super) async fn ensure_certificates<C>(&self) -> Result<(), Error<C>> {
        let Some(auto) = &self.inner.verifier.auto else {
            return Ok(());
        };
        if auto.is_fresh(self.inner.clock.now_unix()) {
            return Ok(());
        }
        let mut flight = auto.flight.lock().await;
        // Another call may have downloaded while this one waited.
        let now = self.inner.clock.now_unix();
        if auto.is_fresh(now) {
            return Ok(());
        }
        let usable = has_keys(&self.inner.verifier.current());
        if let Some(secs_ago) = auto.too_soon(&flight, now) {
            if usable {
                return Ok(());
            }
            return Err(Error::Certificates(CertificateError::Unavailable {
                secs_ago,
                min_interval_secs: auto.policy.min_interval.as_secs(),
            }));
        }
        match self.download_certificates(auto, &mut flight).await {
            Ok(_) => Ok(()),
            Err(error) if usable => {
                tracing::warn!(
                    error = %crate::report::chain(&error),
                    "cannot download the platform certificates; verifying with the keys known"
                );
                // No certificates to have: asked again on the schedule, not every minute.
                if error.is_not_provisioned() {
                    auto.last_success.store(now, Ordering::Release);
                }
                Ok(())
            }
            Err(error) => Err(Error::Certificates(error)),
        }
    }

    /// The verifier to check an answer with: the current one, unless the answer names a serial
    /// it does not know and this client downloads certificates; then the one after a download
    /// (one at a time, at least the minimum interval apart).
    pub(super) async fn answer_verifier<'h, C, H>(
        &self,
        header: &H,
        now: i64,
        status: u16,
        request_id: Option<&String>,
    ) -> Result<ResponseVerifier, Error<C>>
    where
        H: Fn(&str) -> Option<&'h str> + Sync,
    {
        self.verifier_for(header, now)
            .await
            .map_err(|error| match error {
                KeyLookupError::Unknown(error) => {
                    tracing::warn!(%error, "response signature rejected");
                    Error::Verification {
                        error,
                        status,
                        request_id: request_id.cloned(),
                    }
                }
                KeyLookupError::Download(error) => Error::Certificates(error),
            })
    }

    /// The verifier for a message signed like an answer (an answer, a notification): the
    /// current one, unless `header` names a serial it does not know and this client downloads
    /// certificates; then the one after a download (one at a time, at least the minimum
    /// interval apart). Only headers that pass every check before the key can cause a download.
    pub(crate) async fn verifier_for<'h, H>(
        &self,
        header: &H,
        now: i64,
    ) -> Result<ResponseVerifier, KeyLookupError>
    where
        H: Fn(&str) -> Option<&'h str> + Sync,
    {
        let current = self.inner.verifier.current();
        let Some(auto) = &self.inner.verifier.auto else {
            return Ok(current);
        };
        if !names_unknown_key(&current, header, now) {
            return Ok(current);
        }
        let mut flight = auto.flight.lock().await;
        // Another call may have downloaded while this one waited.
        let current = self.inner.verifier.current();
        if !names_unknown_key(&current, header, now) {
            return Ok(current);
        }
        let asked = self.inner.clock.now_unix();
        let unknown = |downloaded_secs_ago| {
            KeyLookupError::Unknown(VerificationError::UnknownSerialAfterRefresh {
                serial: clip(header(WECHATPAY_SERIAL).unwrap_or_default(), HEADER_CHARS),
                downloaded_secs_ago,
            })
        };
        if let Some(secs_ago) = auto.too_soon(&flight, asked) {
            return Err(unknown(secs_ago));
        }
        tracing::info!("a message names an unknown serial; downloading the platform certificates");
        self.download_certificates(auto, &mut flight)
            .await
            .map_err(KeyLookupError::Download)?;
        let current = self.inner.verifier.current();
        if names_unknown_key(&current, header, now) {
            return Err(unknown(0));
        }
        Ok(current)
    }

    /// One download, checked, swapped in; the download lock is held.
    async fn download_certificates(
        &self,
        auto: &Auto,
        flight: &mut Flight,
    ) -> Result<Vec<Certificate>, CertificateError> {
        let asked = self.inner.clock.now_unix();
        flight.last_attempt = Some(asked);
        let bootstrap = flight.last_success.is_none();
        let answer = self.send_certificates_request(asked).await?;
        let now = self.inner.clock.now_unix();
        let current = self.inner.verifier.current();
        let downloaded = download::read_answer(&answer, &auto.key, &current, bootstrap, now)?;
        let mut verifier = ResponseVerifier::builder()
            .certificates(auto.configured.certificates().cloned())
            .certificates(downloaded.usable.iter().cloned());
        if let Some((id, key)) = auto.configured.public_key() {
            verifier = verifier.public_key(id, key.clone());
        }
        let verifier = verifier.build().map_err(CertificateError::Conflict)?;
        self.inner.verifier.swap(verifier);
        flight.last_success = Some(now);
        auto.last_success.store(now, Ordering::Release);
        let warn_within = secs(auto.policy.warn_before_expiry);
        for certificate in &downloaded.usable {
            let left = certificate.not_after().saturating_sub(now);
            if left <= warn_within {
                tracing::warn!(
                    serial = certificate.serial_hex(),
                    not_after = certificate.not_after(),
                    seconds_left = left,
                    "a WeChat Pay platform certificate expires soon"
                );
            }
        }
        tracing::info!(
            certificates = downloaded.usable.len(),
            bootstrap,
            "platform certificates downloaded"
        );
        Ok(downloaded.usable)
    }
}

/// Whether the answer's headers pass every check before the key, and then name a key
/// `verifier` does not have: the one case a download can change.
fn names_unknown_key<'h>(
    verifier: &ResponseVerifier,
    header: &impl Fn(&str) -> Option<&'h str>,
    now: i64,
) -> bool {
    matches!(
        verifier.check_headers(header, now),
        Err(VerificationError::UnknownSerial(_))
    )
}
