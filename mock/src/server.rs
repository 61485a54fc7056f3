//! The server: the loaded specs and state behind one axum router, started on a port and stopped
//! when dropped.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use wechatpay_spec::model::{Api, Endpoint};

use crate::config::{MockConfig, RouteFault};
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
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
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
        Ok(Self {
            addr,
            app,
            router,
            task,
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
    /// Where tickets point: the file route's path and its token parameter.
    pub(crate) file_route: (String, String),
    pub(crate) config: MockConfig,
    pub(crate) faults: RouteFaults,
    log: Mutex<RequestLog>,
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
        for dir in &config.user_spec_dirs {
            apis.push(wechatpay_spec::load_user_api(dir)?.0);
        }
        let routes = routes::table(&apis)?;
        let configured = config.faults.iter().map(|fault| &fault.route);
        let limited = config.route_body_limits.iter().map(|(route, _)| route);
        for route in configured.chain(limited) {
            if !routes.iter().any(|r| r.name == *route) {
                return Err(MockError::UnknownRoute(route.clone()));
            }
        }
        Ok(Self {
            records: Records::new(config.fixtures.clone(), config.clock.now_unix()),
            downloads: Downloads::default(),
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

    /// The API and endpoint a route serves.
    pub(crate) fn endpoint(&self, route: &Route) -> (&Api, &Endpoint) {
        let api = &self.apis[route.api];
        (api, &api.endpoints[route.endpoint])
    }

    /// What signs this mock's answers at `now`.
    pub(crate) fn signer(&self, now: i64) -> Signer<'_> {
        Signer {
            key: self.config.signing.key(),
            serial: self.config.signing.serial(),
            now,
        }
    }

    /// Counts a request, and keeps it if the log keeps any.
    pub(crate) fn log(&self, entry: impl FnOnce() -> ReceivedRequest) {
        lock(&self.log).record(entry);
    }
}
