//! Notifications as an axum route (the `axum` feature).
//!
//! [`post`] is the whole exchange with WeChat Pay for one kind of notification: it reads the
//! raw body up to the receiver's limit, checks and decrypts the notification
//! ([`NotificationReceiver::read`]), acknowledges a duplicate without calling the handler
//! again, calls the handler with the notification, and answers as documented: 204 when the
//! handler succeeds; `{"code": "FAIL", …}` with an error status when a check or the handler
//! fails, so that WeChat Pay delivers the notification again later. Every failure is logged
//! with `tracing` (what failed, never the APIv3 key or the resource).
//!
//! ```no_run
//! # use wechatpay_runtime::{UnknownValue, WireEnum};
//! # use wechatpay_runtime::notify::{Notification, NotificationReceiver, NotificationResource};
//! # #[derive(Debug, Clone, WireEnum)]
//! # enum EventType { #[wire("TRANSACTION.SUCCESS")] Success, #[wire(other)] Unknown(UnknownValue) }
//! # #[derive(wechatpay_runtime::serde::Deserialize)]
//! # #[serde(crate = "wechatpay_runtime::serde")]
//! # struct Transaction { out_trade_no: String }
//! # impl NotificationResource for Transaction {
//! #     type EventType = EventType;
//! #     const ORIGINAL_TYPE: &'static str = "transaction";
//! # }
//! # fn app(receiver: NotificationReceiver) -> axum::Router {
//! axum::Router::new().route(
//!     "/wechatpay/notify",
//!     wechatpay_runtime::notify::axum::post(receiver, |paid: Notification<Transaction>| async move {
//!         println!("{} is paid", paid.resource.out_trade_no); // record it, then answer
//!         Ok::<(), std::io::Error>(())
//!     }),
//! )
//! # }
//! ```
//!
//! WeChat Pay waits 5 seconds for the answer, so the handler records what it must and returns;
//! longer work belongs after the acknowledgement, in a task (`tokio::spawn`) or a queue.

use std::error::Error as StdError;
use std::future::Future;

use ::axum::body::Body;
use ::axum::extract::Request;
use ::axum::http::HeaderMap;
use ::axum::http::header::CONTENT_LENGTH;
use ::axum::response::IntoResponse;
use ::axum::routing::MethodRouter;
use futures_util::StreamExt as _;

use super::{
    Acknowledgement, Delivery, Notification, NotificationReceiver, NotificationResource,
    NotifyError,
};

/// A `POST` route receiving notifications of one kind (`R`) for `handler`, which is called
/// once per notification id (see the [module documentation](self)).
///
/// The handler's error makes the answer a 500 `FAIL`, is logged, and lets WeChat Pay's next
/// delivery call the handler again; so does a handler that panics or is cancelled.
pub fn post<R, F, Fut, E, S>(receiver: NotificationReceiver, handler: F) -> MethodRouter<S>
where
    R: NotificationResource + Send + 'static,
    F: Fn(Notification<R>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
    E: Into<Box<dyn StdError + Send + Sync>>,
    S: Clone + Send + Sync + 'static,
{
    ::axum::routing::post(move |request: Request| {
        let receiver = receiver.clone();
        let handler = handler.clone();
        async move { receive(&receiver, &handler, request).await.into_response() }
    })
}

/// Reads the notification a request carries: its raw body up to the receiver's limit, then
/// every check of [`NotificationReceiver::read`]. For a handler of one's own; [`post`] does
/// this, and the rest of the exchange.
pub async fn read<R: NotificationResource>(
    receiver: &NotificationReceiver,
    request: Request,
) -> Result<Notification<R>, NotifyError> {
    let (parts, body) = request.into_parts();
    let body = read_body(&parts.headers, body, receiver.max_body_bytes).await?;
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    receiver.read(header, &body).await
}

/// The body, refused as soon as it is known to be over `limit`: by its declared length before
/// reading, or as it streams in.
async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Vec<u8>, NotifyError> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(NotifyError::TooLarge { limit });
    }
    let capacity = declared.map_or(0, |length| usize::try_from(length).unwrap_or(limit));
    let mut bytes = Vec::with_capacity(capacity.min(limit));
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|error| NotifyError::Read(Box::new(error)))?;
        if bytes.len() + chunk.len() > limit {
            return Err(NotifyError::TooLarge { limit });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// One exchange: read, claim, handle, answer.
async fn receive<R, F, Fut, E>(
    receiver: &NotificationReceiver,
    handler: &F,
    request: Request,
) -> Acknowledgement
where
    R: NotificationResource,
    F: Fn(Notification<R>) -> Fut,
    Fut: Future<Output = Result<(), E>>,
    E: Into<Box<dyn StdError + Send + Sync>>,
{
    // The notification lives in this block only: handed to the handler, it is not kept across
    // the wait for it (which would make the future `Send` only if every part of it is).
    let (claim, handled) = match read::<R>(receiver, request).await {
        Ok(notification) => match receiver.claim(&notification.id) {
            Delivery::First(claim) => (claim, handler(notification)),
            Delivery::Duplicate => {
                tracing::info!(id = %notification.id, "duplicate notification acknowledged, not handled again");
                return Acknowledgement::success();
            }
            Delivery::InProgress => {
                tracing::info!(id = %notification.id, "notification delivered again while being handled; asked to deliver later");
                return Acknowledgement::failure(503, "the notification is being handled");
            }
        },
        Err(error) => {
            tracing::warn!(
                error = %error.report(),
                status = error.status(),
                id = error.notification_id(),
                "WeChat Pay notification refused"
            );
            return error.acknowledgement();
        }
    };
    match handled.await {
        Ok(()) => {
            claim.handled();
            Acknowledgement::success()
        }
        Err(error) => {
            let error: Box<dyn StdError + Send + Sync> = error.into();
            tracing::warn!(
                id = claim.id(),
                error = %crate::report::chain(&*error),
                "notification handler failed; WeChat Pay will deliver the notification again"
            );
            // Dropping the claim releases it, so the next delivery is handled.
            drop(claim);
            Acknowledgement::failure(500, "cannot process the notification")
        }
    }
}
