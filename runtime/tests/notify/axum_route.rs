//! The route the axum tests serve, and how they post to it: shared by `notify_axum.rs` and
//! `notify_axum_logs.rs` (a binary of its own, see there).

use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::Notify;
use wechatpay_runtime::notify::{Notification, NotificationReceiver};

use super::common::{Serving, serve};
use super::support::{Sent, Transaction};

/// What the handler saw, in order.
pub type Handled = Arc<Mutex<Vec<String>>>;

#[allow(dead_code)] // The logging tests look at the logs, not at what was handled.
pub fn handled(log: &Handled) -> Vec<String> {
    log.lock().unwrap_or_else(PoisonError::into_inner).clone()
}

/// Where a handler of `SLOW` stands: `started` when it began, waiting for `release`.
#[derive(Default)]
pub struct Gates {
    pub started: Notify,
    pub release: Notify,
}

/// A server whose route records each notification's `out_trade_no`; an order named `FAIL-ONCE`
/// fails the first time, and one named `SLOW` waits for its gate.
pub async fn start(receiver: NotificationReceiver) -> (Serving, Handled, Arc<Gates>) {
    let log: Handled = Arc::default();
    let gates = Arc::new(Gates::default());
    let (seen, gate) = (Arc::clone(&log), Arc::clone(&gates));
    let route =
        wechatpay_runtime::notify::axum::post(receiver, move |paid: Notification<Transaction>| {
            let (seen, gate) = (Arc::clone(&seen), Arc::clone(&gate));
            async move {
                let order = paid.resource.out_trade_no;
                if order == "SLOW" {
                    gate.started.notify_one();
                    gate.release.notified().await;
                }
                let mut seen = seen.lock().unwrap_or_else(PoisonError::into_inner);
                let first_try = !seen.contains(&format!("{order} failed"));
                if order == "FAIL-ONCE" && first_try {
                    seen.push(format!("{order} failed"));
                    return Err(std::io::Error::other("the order store is down"));
                }
                seen.push(order);
                Ok(())
            }
        });
    let serving = serve(axum::Router::new().route("/notify", route)).await;
    (serving, log, gates)
}

/// POSTs `sent` as WeChat Pay does; the status and body of the answer.
pub async fn post(url: &str, sent: &Sent) -> (u16, Vec<u8>) {
    let mut request = reqwest::Client::new()
        .post(format!("{url}/notify"))
        .header("Content-Type", "application/json")
        .body(sent.body.clone());
    for (name, value) in sent.headers.pairs() {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.bytes().await.unwrap().to_vec())
}
