//! What a mock is started with.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use wechatpay_runtime::protocol::ApiV3Key;
use wechatpay_runtime::protocol::clock::{Clock, SystemClock};
use wechatpay_runtime::protocol::keys::{Certificate, PrivateKey, PublicKey};

use crate::faults::Fault;
use crate::records::Fixtures;

/// A merchant whose requests the mock accepts.
#[derive(Debug, Clone)]
pub struct Merchant {
    /// `mchid`.
    pub mchid: String,
    /// The serial number of the merchant's API certificate, as the `Authorization` names it.
    pub serial_no: String,
    /// The public half of the merchant's key, which request signatures must verify with.
    pub public_key: PublicKey,
}

/// How the mock signs its answers.
#[derive(Debug, Clone)]
pub enum ResponseSigning {
    /// With the WeChat Pay public key's private half, naming its id (`PUB_KEY_ID_…`).
    PublicKey {
        /// The id.
        id: String,
        /// The private key.
        key: PrivateKey,
    },
    /// With a platform certificate's key, naming the certificate serial.
    PlatformCertificate {
        /// The certificate clients verify with.
        certificate: Certificate,
        /// Its private key.
        key: PrivateKey,
    },
}

impl ResponseSigning {
    /// The serial the answers name in `Wechatpay-Serial`.
    pub fn serial(&self) -> &str {
        match self {
            Self::PublicKey { id, .. } => id,
            Self::PlatformCertificate { certificate, .. } => certificate.serial_hex(),
        }
    }

    /// The signing key.
    pub fn key(&self) -> &PrivateKey {
        match self {
            Self::PublicKey { key, .. } | Self::PlatformCertificate { key, .. } => key,
        }
    }
}

/// A fault every request to a route suffers, a number of times or always.
#[derive(Debug, Clone)]
pub struct RouteFault {
    /// `METHOD /path/template`, e.g. `GET /v3/ecommerce/profitsharing/returnorders`.
    pub route: String,
    /// The fault.
    pub fault: Fault,
    /// How many requests suffer it; `None` for all.
    pub times: Option<u32>,
}

/// Everything a mock needs.
#[derive(Debug, Clone)]
pub struct MockConfig {
    /// Spec directories: routes come from every endpoint in them (the project's `spec/`, and a
    /// user's own beside it).
    pub spec_dirs: Vec<PathBuf>,
    /// A user's spec directories, which may use the project's shared definitions and settings
    /// by name, as `include_spec!` allows.
    pub user_spec_dirs: Vec<PathBuf>,
    /// The initial state.
    pub fixtures: Fixtures,
    /// Merchants whose requests are accepted.
    pub merchants: Vec<Merchant>,
    /// How answers are signed.
    pub signing: ResponseSigning,
    /// Other WeChat Pay key ids or certificate serials a request's `Wechatpay-Serial` may name
    /// (as during the move from platform certificates to the public key, when the service knows
    /// both); the mock still signs with [`MockConfig::signing`].
    pub other_serials: Vec<String>,
    /// The mock's clock: request timestamps are checked against it, answers are signed with it,
    /// records settle by it. Tests pass a `ManualClock` and move it.
    pub clock: Arc<dyn Clock>,
    /// Faults configured per route.
    pub faults: Vec<RouteFault>,
    /// How many of the most recent requests [`MockServer::received`](crate::MockServer::received)
    /// keeps (0: none), so that a long-running mock under load keeps a bounded memory.
    pub request_log_limit: usize,
    /// How many bytes the kept requests may take in all (targets, headers, bodies); the oldest
    /// go first.
    pub request_log_bytes: usize,
    /// How much of each request body the log keeps (the full length is kept as a number).
    pub request_log_body_bytes: usize,
    /// The largest request body read, unless the route has its own limit: a larger one is
    /// answered 413 without being read further.
    pub body_limit: usize,
    /// Body limits of single routes (`METHOD /path`), e.g. for uploads.
    pub route_body_limits: Vec<(String, usize)>,
    /// How long a client may take to send a request's headers before its connection is closed.
    pub header_read_timeout: Duration,
    /// How many connections are served at once; further ones wait to be accepted.
    pub max_connections: usize,
    /// What the mock assumes of the service where its documentation is silent.
    pub strictness: Strictness,
    /// The merchant's APIv3 key, which `/v3/certificates` encrypts the certificates with.
    pub apiv3_key: Option<ApiV3Key>,
    /// The platform certificates (PEM) the merchant has, which `/v3/certificates` lists; none
    /// for a merchant on the WeChat Pay public key alone (the list then answers 404).
    pub platform_certificates: Vec<String>,
    /// Where notifications are POSTed (the merchant's `notify_url`); none are sent without one.
    pub notify_url: Option<String>,
    /// How WeChat Pay's retry schedule is scaled (1.0: as documented; tests use e.g. 0.001, so
    /// 15 s become 15 ms).
    pub notify_time_scale: f64,
    /// How long a record a request creates stays in progress (a split, a return) before it
    /// settles, in seconds on the mock's clock: 60 by default.
    pub settle_after_secs: i64,
}

/// The default of [`MockConfig::request_log_limit`].
pub const DEFAULT_REQUEST_LOG_LIMIT: usize = 10_000;
/// The default of [`MockConfig::request_log_bytes`]: 16 MiB.
pub const DEFAULT_REQUEST_LOG_BYTES: usize = 16 << 20;
/// The default of [`MockConfig::request_log_body_bytes`]: 4 KiB.
pub const DEFAULT_REQUEST_LOG_BODY_BYTES: usize = 4 << 10;
/// The default of [`MockConfig::body_limit`]: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1 << 20;
/// The default of [`MockConfig::header_read_timeout`].
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The default of [`MockConfig::max_connections`].
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// The mock's choices where the service's behaviour is not documented. The defaults are the
/// strict ones a careful server makes, so that a client relying on leniency finds out here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Strictness {
    /// A query parameter the endpoint does not define: refused (400 PARAM_ERROR naming it), or
    /// ignored.
    pub unknown_query_parameters: Unknown,
    /// Both members of a one-of (二选一) group sent together: accepted (the documentation's own
    /// sample sends both), or refused.
    pub both_one_of_members: Both,
}

/// What to do with a query parameter no spec defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// 400 PARAM_ERROR naming it.
    Reject,
    /// As if it were not there.
    Ignore,
}

/// What to do when both members of a one-of group are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Both {
    /// Accept the request.
    Accept,
    /// 400 PARAM_ERROR naming the group.
    Reject,
}

impl Default for Strictness {
    fn default() -> Self {
        Self {
            unknown_query_parameters: Unknown::Reject,
            both_one_of_members: Both::Accept,
        }
    }
}

impl MockConfig {
    /// A configuration with the given keys, the default fixtures, the system clock and no
    /// faults; add spec directories with [`MockConfig::spec_dir`].
    pub fn new(merchant: Merchant, signing: ResponseSigning) -> Self {
        Self {
            spec_dirs: Vec::new(),
            user_spec_dirs: Vec::new(),
            fixtures: Fixtures::defaults(),
            merchants: vec![merchant],
            signing,
            other_serials: Vec::new(),
            clock: Arc::new(SystemClock),
            faults: Vec::new(),
            request_log_limit: DEFAULT_REQUEST_LOG_LIMIT,
            request_log_bytes: DEFAULT_REQUEST_LOG_BYTES,
            request_log_body_bytes: DEFAULT_REQUEST_LOG_BODY_BYTES,
            body_limit: DEFAULT_BODY_LIMIT,
            route_body_limits: Vec::new(),
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            strictness: Strictness::default(),
            apiv3_key: None,
            platform_certificates: Vec::new(),
            notify_url: None,
            notify_time_scale: 1.0,
            settle_after_secs: 60,
        }
    }

    /// Sends notifications to `url`, on WeChat Pay's schedule scaled by `time_scale`.
    #[must_use]
    pub fn notify_url(mut self, url: impl Into<String>, time_scale: f64) -> Self {
        self.notify_url = Some(url.into());
        self.notify_time_scale = time_scale;
        self
    }

    /// How long a record a request creates (a split, a return) stays in progress before it
    /// settles, on the mock's clock.
    #[must_use]
    pub fn settle_after(mut self, delay: Duration) -> Self {
        self.settle_after_secs = i64::try_from(delay.as_secs()).unwrap_or(i64::MAX);
        self
    }

    /// Sets the APIv3 key `/v3/certificates` encrypts with.
    #[must_use]
    pub fn apiv3_key(mut self, key: ApiV3Key) -> Self {
        self.apiv3_key = Some(key);
        self
    }

    /// Adds a platform certificate (PEM) to the list `/v3/certificates` answers.
    #[must_use]
    pub fn platform_certificate(mut self, pem: impl Into<String>) -> Self {
        self.platform_certificates.push(pem.into());
        self
    }

    /// Bounds the request log by bytes as well as by count, and how much of each body it keeps.
    #[must_use]
    pub fn request_log_bytes(mut self, total: usize, per_body: usize) -> Self {
        self.request_log_bytes = total;
        self.request_log_body_bytes = per_body;
        self
    }

    /// Lets requests name another WeChat Pay key id or certificate serial in `Wechatpay-Serial`.
    #[must_use]
    pub fn other_serial(mut self, serial: impl Into<String>) -> Self {
        self.other_serials.push(serial.into());
        self
    }

    /// Sets the largest request body read on routes without their own limit.
    #[must_use]
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Sets the largest request body read on one route (`METHOD /path`).
    #[must_use]
    pub fn route_body_limit(mut self, route: impl Into<String>, bytes: usize) -> Self {
        self.route_body_limits.push((route.into(), bytes));
        self
    }

    /// Sets how long a client may take to send a request's headers.
    #[must_use]
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// Sets how many connections are served at once.
    #[must_use]
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections;
        self
    }

    /// Sets what the mock assumes where the service's behaviour is not documented.
    #[must_use]
    pub fn strictness(mut self, strictness: Strictness) -> Self {
        self.strictness = strictness;
        self
    }

    /// The largest body read on `route`.
    pub(crate) fn body_limit_of(&self, route: &str) -> usize {
        self.route_body_limits
            .iter()
            .rev()
            .find(|(name, _)| name == route)
            .map_or(self.body_limit, |(_, bytes)| *bytes)
    }

    /// Sets how many recent requests are kept for [`MockServer::received`](crate::MockServer::received).
    #[must_use]
    pub fn request_log_limit(mut self, limit: usize) -> Self {
        self.request_log_limit = limit;
        self
    }

    /// Adds a spec directory.
    #[must_use]
    pub fn spec_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.spec_dirs.push(dir.into());
        self
    }

    /// Adds a user's spec directory, which may use the project's shared definitions. A route
    /// it describes that the project's specs also describe is served as the user's spec says
    /// (a page that changed before the project did), without the project's product rules.
    #[must_use]
    pub fn user_spec_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.user_spec_dirs.push(dir.into());
        self
    }

    /// Replaces the fixtures.
    #[must_use]
    pub fn fixtures(mut self, fixtures: Fixtures) -> Self {
        self.fixtures = fixtures;
        self
    }

    /// Replaces the clock.
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Adds a route fault.
    #[must_use]
    pub fn fault(mut self, route: impl Into<String>, fault: Fault, times: Option<u32>) -> Self {
        self.faults.push(RouteFault {
            route: route.into(),
            fault,
            times,
        });
        self
    }
}
