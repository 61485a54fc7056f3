//! What the axum route logs when it refuses a notification or its handler fails: each failure
//! by name, never a secret. A test binary of its own: it records events through a thread-local
//! subscriber, and tracing caches whether a call site is wanted when the site is first reached;
//! a test on another thread reaching the same site at that moment could leave it cached as
//! unwanted, and the events would be lost.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;
#[path = "notify/axum_route.rs"]
mod route;
#[path = "notify/support.rs"]
mod support;

use wechatpay_runtime::notify::NotificationReceiver;

use common::logs::Logs;
use route::{post, start};
use support::{Make, assert_no_secret, client};

#[tokio::test]
async fn failures_are_logged_by_name_without_secrets() {
    let logs = Logs::default();
    let _guard = tracing::subscriber::set_default(logs.clone());
    let (wrong_key, _) = support::client_with(|builder| builder.apiv3_key(support::WRONG_KEY));
    let (server, _, _) = start(NotificationReceiver::new(wrong_key)).await;
    assert_eq!(
        post(&server.url, &Make::transaction("LOGGED").build())
            .await
            .0,
        500
    );
    let (client, _) = client();
    let (server, _, _) = start(NotificationReceiver::new(client)).await;
    let mut make = Make::transaction("LOGGED");
    let mut plaintext = support::transaction_json("LOGGED");
    plaintext["amount"]["total"] = support::SECRET_OPENID.into();
    make.plaintext = serde_json::to_vec(&plaintext).unwrap();
    assert_eq!(post(&server.url, &make.build()).await.0, 500);
    assert_eq!(
        post(&server.url, &Make::transaction("FAIL-ONCE").build())
            .await
            .0,
        500
    );
    let lines = logs.lines();
    let refused: Vec<&String> = lines
        .iter()
        .filter(|line| line.contains("notification refused"))
        .collect();
    assert_eq!(refused.len(), 2, "{lines:#?}");
    assert!(refused[0].contains("cannot decrypt the resource of notification EV-2018022511223320873-LOGGED: authentication failed"), "{}", refused[0]);
    assert!(refused[1].contains("at `amount.total`"), "{}", refused[1]);
    assert!(lines.iter().any(|line| line.contains("handler failed") && line.contains("the order store is down")), "{lines:#?}");
    for line in &lines {
        assert_no_secret(line);
    }
}
