//! What a mock is started with.

use std::path::PathBuf;
use std::sync::Arc;

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
    /// The mock's clock: request timestamps are checked against it, answers are signed with it,
    /// records settle by it. Tests pass a `ManualClock` and move it.
    pub clock: Arc<dyn Clock>,
    /// Faults configured per route.
    pub faults: Vec<RouteFault>,
    /// How many of the most recent requests [`MockServer::received`](crate::MockServer::received)
    /// keeps (0: none), so that a long-running mock under load keeps a bounded memory.
    pub request_log_limit: usize,
}

/// The default of [`MockConfig::request_log_limit`].
pub const DEFAULT_REQUEST_LOG_LIMIT: usize = 10_000;

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
            clock: Arc::new(SystemClock),
            faults: Vec::new(),
            request_log_limit: DEFAULT_REQUEST_LOG_LIMIT,
        }
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

    /// Adds a user's spec directory, which may use the project's shared definitions.
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
