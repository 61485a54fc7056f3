//! The server: the loaded specs and state behind one axum router, started on a port and stopped
//! when dropped.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use wechatpay_runtime::protocol::keys::Certificate;
use wechatpay_spec::model::{Api, Endpoint};

use crate::config::{MockConfig, ResponseSigning, RouteFault};
use crate::connections::{self, Limits};
use crate::faults::{Fault, RouteFaults};
use crate::files::Downloads;
use crate::log::{ReceivedRequest, RequestLog};
use crate::records::{Record, Records};

/// Room for an upload's multipart framing and `meta` part beside its largest file.
const MULTIPART_ROOM: usize = 64 << 10;
use crate::respond::Signer;
use crate::routes::{self, Route};

/// Why a mock could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// A spec directory has errors.
    #[error(transparent)]
    Spec(#[from] wechatpay_spec::SpecErrors),
    /// A spec uses a method the router cannot serve.
    #[error("the mock cannot route the method {0}")]
    UnsupportedMethod(String),
    /// Two endpoints claim the same method and path.
    #[error("two specs define {0}")]
    DuplicateRoute(String),
    /// A fault names a route no spec defines.
    #[error("no route {0}; routes are written `METHOD /path`, as the spec gives them")]
    UnknownRoute(String),
    /// A platform certificate of the configuration is not one.
    #[error("a platform certificate cannot be read: {0}")]
    Certificate(String),
    /// The address could not be bound.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// A running mock; it stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    app: Arc<App>,
    router: axum::Router,
    task: tokio::task::JoinHandle<()>,
    /// Sends the notifications settled records call for.
    announcer: tokio::task::JoinHandle<()>,
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
        self.announcer.abort();
    }
}

impl MockServer {
    /// Starts on 127.0.0.1 with a free port, for tests and examples.
    pub async fn start(config: MockConfig) -> Result<Self, MockError> {
        Self::bind(config, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts on `addr`.
    pub async fn bind(config: MockConfig, addr: SocketAddr) -> Result<Self, MockError> {
        let app = Arc::new(App::new(config)?);
        let router = routes::router(&app)?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| MockError::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| MockError::Bind { addr, source })?;
        let limits = Limits {
            max_connections: app.config.max_connections,
            header_read_timeout: app.config.header_read_timeout,
        };
        let task = tokio::spawn(connections::serve(listener, router.clone(), limits));
        let announcer = tokio::spawn(crate::notify::announce_settled(Arc::clone(&app)));
        Ok(Self {
            addr,
            app,
            router,
            task,
            announcer,
        })
    }

    /// The router behind the server, sharing its state: to call the mock in-process (as a
    /// `tower::Service`), or to mount it in an application of your own.
    pub fn router(&self) -> axum::Router {
        self.router.clone()
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every route, `METHOD /path`.
    pub fn routes(&self) -> Vec<String> {
        self.app.routes.iter().map(|r| r.name.clone()).collect()
    }

    /// Makes the next `times` requests to `route` (`METHOD /path`) suffer `fault` (`None`: all).
    pub fn inject(&self, route: &str, fault: Fault, times: Option<u32>) -> Result<(), MockError> {
        if !self.app.routes.iter().any(|r| r.name == route) {
            return Err(MockError::UnknownRoute(route.to_owned()));
        }
        self.app.faults.push(RouteFault {
            route: route.to_owned(),
            fault,
            times,
        });
        Ok(())
    }

    /// The requests received, oldest first: the most recent ones up to the configured limit.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        lock(&self.app.log).entries().cloned().collect()
    }

    /// How many requests were received in all, including those the log no longer holds.
    pub fn received_count(&self) -> u64 {
        lock(&self.app.log).total()
    }

    /// The bytes the log's requests take (targets, headers, kept bodies).
    pub fn received_bytes(&self) -> usize {
        lock(&self.app.log).bytes()
    }

    /// Signs answers from now on with `signing`: the move of a merchant from platform
    /// certificates to the WeChat Pay public key (or back), while clients keep calling.
    pub fn set_signing(&self, signing: ResponseSigning) {
        let mut keys = self
            .app
            .keys
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        keys.signing = signing;
    }

    /// Replaces the platform certificates (PEM) `/v3/certificates` lists; none makes it answer
    /// 404 `RESOURCE_NOT_EXISTS`, as for a merchant on the public key alone.
    pub fn set_platform_certificates(&self, pems: &[String]) -> Result<(), MockError> {
        let certificates = parsed_certificates(pems)?;
        let mut keys = self
            .app
            .keys
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        keys.certificates = certificates;
        Ok(())
    }

    /// Sends the notification `name` (`<namespace>/<file stem>`, e.g.
    /// `profitsharing/order_settled`) now, with `resource` as its decrypted resource and
    /// `event_type` (the first its spec lists when `None`), damaged as `faults` say; it is
    /// delivered again on WeChat Pay's schedule until acknowledged. Its id.
    pub fn notify(
        &self,
        name: &str,
        event_type: Option<&str>,
        resource: serde_json::Map<String, serde_json::Value>,
        faults: Vec<Fault>,
    ) -> Result<String, crate::notify::NotifyError> {
        crate::notify::send(&self.app, name, event_type, resource, faults)
    }

    /// Every delivery attempt of every notification so far, in order.
    pub fn deliveries(&self) -> Vec<crate::notify::Delivery> {
        self.app.deliveries.all()
    }

    /// Adds a record to a collection (`<namespace>/<response name>`).
    pub fn insert(&self, collection: &str, record: Record) {
        self.app.records.insert(collection, record);
    }

    /// Waits until the server stops (for the standalone binary).
    pub async fn wait(mut self) {
        let _ = (&mut self.task).await;
    }
}

/// What every handler reads: the loaded specs, their routes, the state, the configuration.
pub(crate) struct App {
    apis: Vec<Api>,
    pub(crate) routes: Vec<Route>,
    pub(crate) records: Records,
    /// Bills issued behind download tickets.
    pub(crate) downloads: Downloads,
    /// Notifications delivered (each attempt).
    pub(crate) deliveries: crate::notify::Deliveries,
    /// What the product rules keep beside the records.
    pub(crate) products: crate::products::ProductState,
    /// Where tickets point: the file route's path and its token parameter.
    pub(crate) file_route: (String, String),
    pub(crate) config: MockConfig,
    pub(crate) faults: RouteFaults,
    log: Mutex<RequestLog>,
    /// The keys in use now: they change while the mock runs, as a merchant's do when it moves
    /// from platform certificates to the WeChat Pay public key.
    keys: std::sync::RwLock<Keys>,
}

/// How answers are signed, and which platform certificates the merchant has.
pub(crate) struct Keys {
    pub(crate) signing: ResponseSigning,
    /// Each as PEM (what `/v3/certificates` encrypts) and parsed (its serial and dates).
    pub(crate) certificates: Vec<(String, Certificate)>,
}

/// Parses each PEM, naming the first that is not a certificate.
fn parsed_certificates(pems: &[String]) -> Result<Vec<(String, Certificate)>, MockError> {
    pems.iter()
        .map(|pem| {
            Certificate::from_pem(pem)
                .map(|certificate| (pem.clone(), certificate))
                .map_err(|error| MockError::Certificate(error.to_string()))
        })
        .collect()
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl App {
    fn new(config: MockConfig) -> Result<Self, MockError> {
        let mut apis = Vec::new();
        for dir in &config.spec_dirs {
            apis.push(wechatpay_spec::load_api(dir)?);
        }
        let first_user = apis.len();
        for dir in &config.user_spec_dirs {
            apis.push(wechatpay_spec::load_user_api(dir)?.0);
        }
        let routes = routes::table(&apis, first_user)?;
        let configured = config.faults.iter().map(|fault| &fault.route);
        let limited = config.route_body_limits.iter().map(|(route, _)| route);
        for route in configured.chain(limited) {
            if !routes.iter().any(|r| r.name == *route) {
                return Err(MockError::UnknownRoute(route.clone()));
            }
        }
        let keys = Keys {
            signing: config.signing.clone(),
            certificates: parsed_certificates(&config.platform_certificates)?,
        };
        Ok(Self {
            keys: std::sync::RwLock::new(keys),
            records: Records::new(config.fixtures.clone(), config.clock.now_unix()),
            downloads: Downloads::default(),
            deliveries: crate::notify::Deliveries::default(),
            products: crate::products::ProductState::default(),
            file_route: crate::files::file_route(&apis),
            faults: RouteFaults::new(config.faults.clone()),
            apis,
            routes,
            log: Mutex::new(RequestLog::new(
                config.request_log_limit,
                config.request_log_bytes,
                config.request_log_body_bytes,
            )),
            config,
        })
    }

    /// How many body bytes `route` reads: its configured limit, or for an upload the page's
    /// largest file and room for the multipart framing and `meta`, or the default.
    pub(crate) fn body_limit(&self, route: &Route) -> usize {
        if self
            .config
            .route_body_limits
            .iter()
            .any(|(name, _)| *name == route.name)
        {
            return self.config.body_limit_of(&route.name);
        }
        let (_, endpoint) = self.endpoint(route);
        let upload = endpoint.request.upload.as_ref().map_or(0, |upload| {
            usize::try_from(upload.max_bytes)
                .unwrap_or(usize::MAX)
                .saturating_add(MULTIPART_ROOM)
        });
        self.config.body_limit.max(upload)
    }

    /// Every loaded API.
    pub(crate) fn apis(&self) -> &[Api] {
        &self.apis
    }

    /// The API and endpoint a route serves.
    pub(crate) fn endpoint(&self, route: &Route) -> (&Api, &Endpoint) {
        let api = &self.apis[route.api];
        (api, &api.endpoints[route.endpoint])
    }

    /// What signs this mock's answers at `now`.
    pub(crate) fn signer(&self, now: i64) -> Signer {
        let keys = self.keys();
        Signer {
            key: keys.signing.key().clone(),
            serial: keys.signing.serial().to_owned(),
            now,
        }
    }

    /// The keys in use now.
    pub(crate) fn keys(&self) -> std::sync::RwLockReadGuard<'_, Keys> {
        self.keys.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether a request's `Wechatpay-Serial` names a key of this mock: the one it signs with,
    /// a platform certificate the merchant has, or one of the configured other serials.
    pub(crate) fn knows_serial(&self, serial: &[u8]) -> bool {
        let keys = self.keys();
        keys.signing.serial().as_bytes() == serial
            || keys
                .certificates
                .iter()
                .any(|(_, certificate)| certificate.serial_hex().as_bytes() == serial)
            || self
                .config
                .other_serials
                .iter()
                .any(|s| s.as_bytes() == serial)
    }

    /// Counts a request, and keeps it if the log keeps any.
    pub(crate) fn log(&self, entry: impl FnOnce() -> ReceivedRequest) {
        lock(&self.log).record(entry);
    }
}
