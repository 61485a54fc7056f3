//! Accepting connections, as a careful server does: at most so many served at once (further ones
//! wait in the listen queue), and a connection that does not send a request's headers in time is
//! closed. Each connection speaks HTTP/1.1 to the router.

use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// How connections are served.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Connections served at once.
    pub max_connections: usize,
    /// Time allowed to send a request's headers (the first, and each next one on a kept-alive
    /// connection).
    pub header_read_timeout: Duration,
}

/// Serves `router` on `listener` until the task running it is dropped or aborted; every
/// connection's task ends with it.
pub(crate) async fn serve(listener: TcpListener, router: axum::Router, limits: Limits) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut connections = JoinSet::new();
    loop {
        // Finished connections are reaped as we go, so the set stays as large as what is open.
        while connections.try_join_next().is_some() {}
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                // A failed accept (out of file descriptors, a reset before accept) concerns one
                // connection; the listener goes on.
                tracing::debug!(%error, "accept failed");
                continue;
            }
        };
        let service = TowerToHyperService::new(router.clone());
        connections.spawn(async move {
            let _permit = permit;
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout)
                .serve_connection(TokioIo::new(stream), service);
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
}
