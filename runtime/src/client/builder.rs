//! Configuration, as the official SDKs take it: merchant id, merchant certificate serial, private
//! key, the WeChat Pay public key and/or platform certificates, base URLs, timeouts, retries.

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use super::certificates::{CertificateRefreshPolicy, Verifiers};
use super::{Client, Inner, Sleeper, TokioSleeper};
use crate::client::retry::RetryPolicy;
use crate::protocol::apiv3_key::ApiV3Key;
use crate::protocol::authorization::MerchantSigner;
use crate::protocol::clock::{Clock, SystemClock};
use crate::protocol::keys::{Certificate, KeyError, PrivateKey, PublicKey};
use crate::protocol::verify::{ResponseVerifier, VerifierConfigError};
use x509_cert::der::zeroize::Zeroizing;

pub use wechatpay_rules::domains::{BACKUP_BASE_URL, PRIMARY_BASE_URL};

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A required setting was not given.
    #[error("missing setting: {0}")]
    Missing(&'static str),
    /// A key or certificate could not be loaded.
    #[error("cannot load {what}")]
    Key {
        /// Which key.
        what: &'static str,
        /// Why.
        #[source]
        source: KeyError,
    },
    /// A key or certificate file does not hold what it should.
    #[error("cannot load {what} from {path}")]
    KeyFile {
        /// Which key.
        what: &'static str,
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: KeyError,
    },
    /// A key file could not be read.
    #[error("cannot read {path}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A base URL is not an absolute http(s) URL without a trailing slash.
    #[error("invalid base URL {0:?}: expected e.g. https://api.mch.weixin.qq.com")]
    BaseUrl(String),
    /// The merchant id or certificate serial cannot stand in an Authorization header.
    #[error("invalid merchant settings")]
    Merchant(#[source] crate::protocol::authorization::AuthorizationError),
    /// The verification keys do not make a usable set.
    #[error("invalid verification keys")]
    Verifier(#[source] crate::protocol::verify::VerifierConfigError),
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client")]
    Http(#[source] reqwest::Error),
    /// The APIv3 key ([`ClientBuilder::apiv3_key`]) is not 32 bytes long. Its bytes are not
    /// shown.
    #[error(
        "the APIv3 key must be exactly 32 bytes (the 32 characters set in the merchant platform), got {len}"
    )]
    ApiV3Key {
        /// How many bytes were given.
        len: usize,
    },
}

/// Builds a [`Client`]. Only the merchant and at least one verification key are required.
#[derive(Default)]
pub struct ClientBuilder {
    mchid: Option<String>,
    serial_no: Option<String>,
    private_key: Option<Result<PrivateKey, ConfigError>>,
    public_key: Option<(String, Result<PublicKey, ConfigError>)>,
    certificates: Vec<Result<Certificate, ConfigError>>,
    primary: Option<String>,
    backup: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_response_bytes: Option<usize>,
    max_pages: Option<u64>,
    max_download_bytes: Option<u64>,
    retry: Option<RetryPolicy>,
    http: Option<reqwest::Client>,
    clock: Option<Arc<dyn Clock>>,
    sleeper: Option<Arc<dyn Sleeper>>,
    apiv3_key: Option<Result<ApiV3Key, ConfigError>>,
    auto_certificates: Option<CertificateRefreshPolicy>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("mchid", &self.mchid)
            .field("serial_no", &self.serial_no)
            .field("public_key_id", &self.public_key.as_ref().map(|(id, _)| id))
            .field("certificates", &self.certificates.len())
            .field("auto_certificates", &self.auto_certificates)
            .finish_non_exhaustive()
    }
}

fn key<T>(what: &'static str, result: Result<T, KeyError>) -> Result<T, ConfigError> {
    result.map_err(|source| ConfigError::Key { what, source })
}

/// `what`, loaded from the file at `path` by `parse`; errors name the path.
fn load_file<T>(
    what: &'static str,
    path: &Path,
    parse: impl FnOnce(&[u8]) -> Result<T, KeyError>,
) -> Result<T, ConfigError> {
    let pem = read(path)?;
    parse(&pem).map_err(|source| ConfigError::KeyFile {
        what,
        path: path.display().to_string(),
        source,
    })
}

/// A key file's bytes, in a buffer wiped when dropped (the file holds a private key): the one
/// reader of key files, shared with the PEM loaders.
fn read(path: &Path) -> Result<Zeroizing<Vec<u8>>, ConfigError> {
    crate::protocol::keys::read_key_file(path).map_err(|error| match error {
        KeyError::Io { path, source } => ConfigError::Io {
            path: path.display().to_string(),
            source,
        },
        other => ConfigError::Key {
            what: "a key file",
            source: other,
        },
    })
}

impl ClientBuilder {
    /// The merchant: its id (`mchid`), the serial number of its API certificate, and its private
    /// key as PKCS#8 PEM (the contents of `apiclient_key.pem`).
    #[must_use]
    pub fn merchant(
        mut self,
        mchid: impl Into<String>,
        serial_no: impl Into<String>,
        private_key_pem: impl AsRef<[u8]>,
    ) -> Self {
        self.mchid = Some(mchid.into());
        self.serial_no = Some(serial_no.into());
        self.private_key = Some(key(
            "the merchant private key",
            PrivateKey::from_pkcs8_pem(private_key_pem.as_ref()),
        ));
        self
    }

    /// Like [`ClientBuilder::merchant`], reading the private key from a file.
    #[must_use]
    pub fn merchant_key_file(
        mut self,
        mchid: impl Into<String>,
        serial_no: impl Into<String>,
        path: impl AsRef<Path>,
    ) -> Self {
        self.mchid = Some(mchid.into());
        self.serial_no = Some(serial_no.into());
        self.private_key = Some(load_file(
            "the merchant private key",
            path.as_ref(),
            |pem| PrivateKey::from_pkcs8_pem(pem),
        ));
        self
    }

    /// The WeChat Pay public key (`PUB_KEY_ID_…` and the SPKI PEM of `pub_key.pem`), which
    /// verifies responses and is named in the `Wechatpay-Serial` request header.
    #[must_use]
    pub fn wechatpay_public_key(mut self, id: impl Into<String>, pem: impl AsRef<[u8]>) -> Self {
        let parsed = key(
            "the WeChat Pay public key",
            PublicKey::from_spki_pem(pem.as_ref()),
        );
        self.public_key = Some((id.into(), parsed));
        self
    }

    /// Like [`ClientBuilder::wechatpay_public_key`], reading the key from a file (`pub_key.pem`);
    /// an error names the path.
    #[must_use]
    pub fn wechatpay_public_key_file(
        mut self,
        id: impl Into<String>,
        path: impl AsRef<Path>,
    ) -> Self {
        let parsed = load_file("the WeChat Pay public key", path.as_ref(), |pem| {
            PublicKey::from_spki_pem(pem)
        });
        self.public_key = Some((id.into(), parsed));
        self
    }

    /// A WeChat Pay platform certificate (X.509 PEM); may be given several times.
    #[must_use]
    pub fn platform_certificate(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.certificates.push(key(
            "a platform certificate",
            Certificate::from_pem(pem.as_ref()),
        ));
        self
    }

    /// Like [`ClientBuilder::platform_certificate`], reading the certificate from a file; an
    /// error names the path.
    #[must_use]
    pub fn platform_certificate_file(mut self, path: impl AsRef<Path>) -> Self {
        self.certificates
            .push(load_file("a platform certificate", path.as_ref(), |pem| {
                Certificate::from_pem(pem)
            }));
        self
    }

    /// The merchant's APIv3 key: the 32 characters set in the merchant platform (账户中心 →
    /// API安全 → APIv3密钥). It decrypts downloaded platform certificates
    /// ([`ClientBuilder::auto_platform_certificates`]) and callback notifications
    /// ([`crate::protocol::aead`]). Anything but 32 bytes fails [`ClientBuilder::build`] with
    /// [`ConfigError::ApiV3Key`].
    #[must_use]
    pub fn apiv3_key(mut self, key: impl AsRef<[u8]>) -> Self {
        self.apiv3_key =
            Some(ApiV3Key::new(key).map_err(|error| ConfigError::ApiV3Key { len: error.len() }));
        self
    }

    /// Download the platform certificates from `GET /v3/certificates` and keep them current
    /// (see [`crate::client::certificates`]): before the first call, every 12 hours, and when an
    /// answer names a certificate the client does not know. Needs the APIv3 key
    /// ([`ClientBuilder::apiv3_key`]), which decrypts them.
    ///
    /// With the WeChat Pay public key as well ([`ClientBuilder::wechatpay_public_key`]), as
    /// while a merchant moves to it, each answer is verified with the key it names. A merchant
    /// without platform certificates configures the public key alone.
    #[must_use]
    pub fn auto_platform_certificates(self) -> Self {
        self.auto_platform_certificates_with(CertificateRefreshPolicy::default())
    }

    /// Like [`ClientBuilder::auto_platform_certificates`], downloading as `policy` says.
    #[must_use]
    pub fn auto_platform_certificates_with(mut self, policy: CertificateRefreshPolicy) -> Self {
        self.auto_certificates = Some(policy);
        self
    }

    /// One base URL for every attempt, with no failover: for the mock
    /// (`MockServer::url()`), a proxy, or a single access point. Production keeps the default,
    /// [`PRIMARY_BASE_URL`] with failover to [`BACKUP_BASE_URL`] after a connection failure.
    #[must_use]
    pub fn base_url(self, url: impl Into<String>) -> Self {
        let url = url.into();
        self.base_urls(url.clone(), url)
    }

    /// The primary and backup base URLs: attempts go to the primary, and to the backup after a
    /// connection failure.
    #[must_use]
    pub fn base_urls(mut self, primary: impl Into<String>, backup: impl Into<String>) -> Self {
        self.primary = Some(primary.into());
        self.backup = Some(backup.into());
        self
    }

    /// The time limit of one attempt, connecting and reading included (default 10 s).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The largest body of a successful JSON answer the client reads (default 16 MiB, far above
    /// any APIv3 JSON answer): a larger one is refused with [`crate::Error::ResponseTooLarge`]
    /// without being read past the limit. Error answers are read up to 64 KiB and kept up to
    /// 4 KiB, whatever this says.
    #[must_use]
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = Some(bytes);
        self
    }

    /// The most pages [`Client::pages`] and [`Client::items`] read from one list (default
    /// [`super::DEFAULT_MAX_PAGES`], 10,000): past it, the stream ends with
    /// [`crate::client::PagingError::TooManyPages`], so that a service ignoring the offset cannot
    /// keep a stream busy forever. At least 1.
    #[must_use]
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = Some(pages.max(1));
        self
    }

    /// The largest file [`Client::download_to_path`] and [`Client::download_to_writer`] take
    /// (default [`super::DEFAULT_MAX_DOWNLOAD_BYTES`], 4 GiB), counted both as received and
    /// once decompressed, so that a small gzip inflating without end stops here too: past it,
    /// the download fails with [`crate::client::DownloadError::TooLarge`]. A file is streamed,
    /// never held in memory, so this bounds disk and time, not memory.
    /// [`ClientBuilder::max_response_bytes`] does not apply to files.
    #[must_use]
    pub fn max_download_bytes(mut self, bytes: u64) -> Self {
        self.max_download_bytes = Some(bytes);
        self
    }

    /// The time limit for connecting (default 3 s). Ignored with [`ClientBuilder::http_client`].
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The retry policy (default: 3 attempts, see [`RetryPolicy`]).
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Your own `reqwest::Client` (proxies, root certificates, pool settings), used as given.
    ///
    /// The client built otherwise follows no redirect (a redirected request no longer matches
    /// its signature) and leaves retries to this client, each attempt signed afresh; to keep
    /// both, build yours with `.redirect(reqwest::redirect::Policy::none())` and
    /// `.retry(reqwest::retry::never().max_retries_per_request(0))`.
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The clock used for request timestamps and the response time window.
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// How the client waits between attempts and polls (tests make this instant).
    #[must_use]
    pub fn sleeper(mut self, sleeper: Arc<dyn Sleeper>) -> Self {
        self.sleeper = Some(sleeper);
        self
    }

    /// Builds the client, loading every key once.
    pub fn build(self) -> Result<Client, ConfigError> {
        let mchid = self.mchid.ok_or(ConfigError::Missing(
            "merchant (mchid, serial_no, private key)",
        ))?;
        let serial_no = self
            .serial_no
            .ok_or(ConfigError::Missing("merchant serial_no"))?;
        let private_key = self
            .private_key
            .ok_or(ConfigError::Missing("merchant private key"))??;
        let mut verifier = ResponseVerifier::builder();
        if let Some((id, public_key)) = self.public_key {
            verifier = verifier.public_key(id, public_key?);
        }
        for certificate in self.certificates {
            verifier = verifier.certificate(certificate?);
        }
        let apiv3_key = self.apiv3_key.transpose()?;
        let auto = match (self.auto_certificates, &apiv3_key) {
            (None, _) => None,
            (Some(policy), Some(key)) => Some((key.clone(), policy)),
            (Some(_), None) => {
                return Err(ConfigError::Missing(
                    "the APIv3 key (ClientBuilder::apiv3_key), which decrypts downloaded platform certificates",
                ));
            }
        };
        // A client that downloads its certificates may start with no key at all.
        let verifier = match verifier.build() {
            Err(VerifierConfigError::NoKeys) if auto.is_some() => ResponseVerifier::without_keys(),
            built => built.map_err(ConfigError::Verifier)?,
        };
        let verifier = Verifiers::new(verifier, auto);
        let signer =
            MerchantSigner::new(mchid, serial_no, private_key).map_err(ConfigError::Merchant)?;
        let primary = base_url(self.primary.unwrap_or_else(|| PRIMARY_BASE_URL.to_owned()))?;
        let backup = base_url(self.backup.unwrap_or_else(|| BACKUP_BASE_URL.to_owned()))?;
        let http = match self.http {
            Some(http) => http,
            // An APIv3 call never redirects, and a redirected request would no longer match its
            // signature: redirects are not followed. Retries are this client's own (each attempt
            // signed afresh, see `retry`): reqwest's retry layer, which would resend the same
            // signature and nonce, is off. Its default resends only after an HTTP/2 or HTTP/3
            // refusal, yet copies every request before sending it in case it must; `never()`
            // alone still allows that, and `max_retries_per_request(0)` is what stops the copy.
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(3)))
                .redirect(reqwest::redirect::Policy::none())
                .retry(reqwest::retry::never().max_retries_per_request(0))
                .build()
                .map_err(ConfigError::Http)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                signer,
                verifier,
                apiv3_key,
                primary,
                backup,
                retry: self.retry.unwrap_or_default(),
                clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
                sleeper: self.sleeper.unwrap_or_else(|| Arc::new(TokioSleeper)),
                user_agent: format!(
                    "wechatpay-rs/{} (wechatpay-runtime; +https://crates.io/crates/wechatpay-runtime)",
                    env!("CARGO_PKG_VERSION")
                ),
                max_response_bytes: self
                    .max_response_bytes
                    .unwrap_or(super::DEFAULT_MAX_RESPONSE_BYTES),
                max_pages: self.max_pages.unwrap_or(super::DEFAULT_MAX_PAGES),
                max_download_bytes: self
                    .max_download_bytes
                    .unwrap_or(super::DEFAULT_MAX_DOWNLOAD_BYTES),
            }),
            timeout: self.timeout.unwrap_or(Duration::from_secs(10)),
        })
    }
}

fn base_url(url: String) -> Result<String, ConfigError> {
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    let host = url.split_once("://").map_or("", |(_, rest)| rest);
    if !scheme_ok || host.is_empty() || url.ends_with('/') || host.contains(['/', '?', '#']) {
        return Err(ConfigError::BaseUrl(url));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_files_are_read_into_a_buffer_wiped_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("apiclient_key.pem");
        std::fs::write(&path, "-----BEGIN PRIVATE KEY-----\n").unwrap();
        // The type is the guarantee: `Zeroizing` wipes the bytes when it is dropped.
        let read: Zeroizing<Vec<u8>> = read(&path).unwrap();
        assert!(read.starts_with(b"-----BEGIN"));
        let missing = super::read(&dir.path().join("none.pem")).unwrap_err();
        assert!(matches!(missing, ConfigError::Io { ref path, .. } if path.ends_with("none.pem")));
    }
}
