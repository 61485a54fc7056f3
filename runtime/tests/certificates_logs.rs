//! What the client logs about its platform certificates: one about to expire is named, and no
//! secret appears. A test binary of its own: it records events through a thread-local
//! subscriber, and tracing caches whether a call site is wanted when the site is first reached;
//! a test on another thread reaching the same site at that moment could leave it cached as
//! unwanted, and the events would be lost (`notify_axum_logs.rs` says the same).

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;
#[path = "certificates/support.rs"]
mod support;

use common::logs::Logs;

use support::{APIV3_KEY, SERIAL_1, Server, ping};

#[tokio::test]
async fn a_certificate_expiring_soon_is_logged() {
    let server = Server::with_first_certificate().await;
    // Three days before the certificate's end, 2099-12-31T23:59:59Z.
    server.clock().set(4_102_444_799 - 3 * 86_400);
    let client = server.auto_client();
    let logs = Logs::default();
    let dispatch = tracing::Dispatch::new(logs.clone());
    let guard = tracing::dispatcher::set_default(&dispatch);
    ping(&client).await.unwrap();
    drop(guard);
    let lines = logs.lines();
    assert!(
        lines
            .iter()
            .any(|line| line.contains("expires soon") && line.contains(SERIAL_1)),
        "{lines:#?}"
    );
    assert!(!lines.iter().any(|line| line.contains(APIV3_KEY)));
}
