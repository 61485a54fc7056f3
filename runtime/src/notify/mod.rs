//! Notifications (回调通知): what WeChat Pay POSTs to the merchant's `notify_url`, checked,
//! decrypted and typed, and the answers it expects.
//!
//! [`Client::notification`] reads one from its headers and raw body, with any HTTP framework;
//! [`NotificationReceiver`] adds a configurable body limit and a memory of the notifications
//! already handled ([`SeenNotifications`]); [`Acknowledgement`] is the answer, as a status and
//! body bytes. With the `axum` feature, `notify::axum::post` is all of it as one axum route.
//!
//! # The rules, and where they come from
//!
//! From the WeChat Pay APIv3 documentation:
//!
//! - **支付通知** (the payment notification of each product, for example JSAPI 支付通知,
//!   pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter3_1_5.shtml) and **回调通知** (the general
//!   page on notifications): WeChat Pay POSTs a JSON envelope to the merchant's URL,
//!   `{"id", "create_time" (RFC 3339), "event_type" (e.g. TRANSACTION.SUCCESS),
//!   "resource_type" ("encrypt-resource"), "summary", "resource": {"algorithm"
//!   (AEAD_AES_256_GCM), "ciphertext", "nonce", "associated_data" (optional), "original_type"
//!   (e.g. transaction)}}`; every field but `associated_data` is required. The merchant answers
//!   success with HTTP 200 or 204 and no body, within 5 seconds; a failure with a 4xx or 5xx
//!   status and `{"code": "FAIL", "message": "…"}`. A failure, or no answer in time, makes
//!   WeChat Pay deliver the notification again, 15 s, 15 s, 30 s, 3 min, 10 min, 20 min,
//!   30 min, 30 min, 30 min, 60 min, 3 h, 3 h, 3 h, 6 h and 6 h apart: 24 h 4 min in all
//!   ([`RETRY_SPAN`]), with no promise that any delivery succeeds. The same notification may
//!   arrive more than once, and the page asks merchants to handle duplicates: check whether the
//!   business data was already updated, under a lock, before updating it.
//! - **签名验证** (pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_1.shtml): a
//!   notification is signed exactly like an answer. The headers `Wechatpay-Timestamp`,
//!   `Wechatpay-Nonce`, `Wechatpay-Signature`, `Wechatpay-Serial` and
//!   `Wechatpay-Signature-Type` carry a `WECHATPAY2-SHA256-RSA2048` signature of
//!   `TIMESTAMP\nNONCE\nBODY\n` over the raw body bytes, by the key `Wechatpay-Serial` names
//!   (the WeChat Pay public key, `PUB_KEY_ID_…`, or a platform certificate's serial). WeChat
//!   Pay sends deliberately invalid `WECHATPAY/SIGNTEST/` signatures to find merchants who skip
//!   the check: they must be refused. A timestamp more than 5 minutes from the local clock is
//!   refused, so that a recorded notification cannot be replayed later.
//! - **证书和回调报文解密** (pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_2.shtml):
//!   `resource.ciphertext` is AEAD_AES_256_GCM under the merchant's APIv3 key, with `nonce` and
//!   `associated_data` as their UTF-8 bytes (see [`crate::protocol::aead`]); the plaintext is
//!   the JSON of the `original_type` resource.
//!
//! # What is checked, in order
//!
//! Each failure is its own [`NotifyError`] variant, and the first one found is returned:
//!
//! 1. the body is at most the limit ([`DEFAULT_MAX_NOTIFICATION_BYTES`], 64 KiB by default;
//!    [`NotificationReceiver::max_body_bytes`]): the body must be read whole before its
//!    signature can be checked, so the limit is all that bounds what an unsigned POST costs.
//!    A payment notification is one or two kilobytes, and its largest documented resources stay
//!    far below 16 KiB, so 64 KiB leaves room for new fields and refuses nothing real;
//! 2. the signature headers are present, and not a `WECHATPAY/SIGNTEST/` probe; the timestamp
//!    is within 300 s of the client's clock; the serial names a key of the client (a client
//!    that downloads platform certificates downloads them once for a serial it does not know,
//!    as it does for answers, see [`crate::client::certificates`]); the signature is that key's
//!    over the raw body ([`crate::protocol::verify::ResponseVerifier`]);
//! 3. the body is the documented envelope, every required field present with its type (fields
//!    added later are ignored: the body is signed by WeChat Pay, and a new field must not stop
//!    notifications);
//! 4. `resource.algorithm` is `AEAD_AES_256_GCM`;
//! 5. `resource.original_type` is the one the resource type expects
//!    ([`NotificationResource::ORIGINAL_TYPE`]);
//! 6. the client has an APIv3 key ([`crate::ClientBuilder::apiv3_key`]), and the resource
//!    decrypts with it;
//! 7. the plaintext is the resource type's JSON; a failure names the JSON path, never a value.
//!
//! No message of these errors holds the APIv3 key or any of the plaintext.
//!
//! # Duplicates, and long work
//!
//! A notification is identified by its `id`. [`NotificationReceiver::claim`] asks the
//! receiver's [`SeenNotifications`] whether it was handled already (answer success, do nothing),
//! is being handled by another delivery (answer a failure, so that WeChat Pay comes back
//! later), or is new. [`InMemorySeenNotifications`], the default, remembers ids for
//! [`SEEN_RETENTION`] (longer than the retry span) and at most a bounded number of them; it is
//! lost on restart and not shared between processes, so handlers must still be idempotent, as
//! the documentation asks. A store shared by several servers implements the trait.
//!
//! WeChat Pay waits 5 seconds for the answer: a handler records what it must (the order is
//! paid) and answers; longer work (shipping, mail) belongs after the acknowledgement, in a task
//! or a queue of its own.

mod ack;
#[cfg(feature = "axum")]
pub mod axum;
mod error;
mod read;
mod seen;

use std::fmt;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use time::OffsetDateTime;

pub use self::ack::Acknowledgement;
pub use self::error::NotifyError;
pub use self::seen::{
    Claim, DEFAULT_SEEN_CAPACITY, Delivery, InMemorySeenNotifications, RETRY_SPAN, SEEN_RETENTION,
    SeenNotifications, SeenState,
};
use crate::client::Client;
use crate::wire_enum::WireEnum;

/// The default of [`NotificationReceiver::max_body_bytes`], and the limit of
/// [`Client::notification`]: 64 KiB (see the [module documentation](self) for why).
pub const DEFAULT_MAX_NOTIFICATION_BYTES: usize = 64 << 10;

/// The decrypted resource of one kind of notification, as the generated crate describes it.
///
/// Generated code implements it for each notification's resource type:
///
/// ```
/// # use wechatpay_runtime::{serde, UnknownValue, WireEnum};
/// # #[derive(Debug, Clone, PartialEq, Eq, WireEnum)]
/// # enum TradeState { #[wire("SUCCESS")] Success, #[wire(other)] Unknown(UnknownValue) }
/// /// The event types of a payment notification.
/// #[derive(Debug, Clone, PartialEq, Eq, WireEnum)]
/// pub enum TransactionEventType {
///     /// 支付成功.
///     #[wire("TRANSACTION.SUCCESS")]
///     Success,
///     /// An event type this version does not know, kept as received.
///     #[wire(other)]
///     Unknown(UnknownValue),
/// }
///
/// #[derive(Debug, serde::Deserialize)]
/// # #[serde(crate = "wechatpay_runtime::serde")]
/// pub struct Transaction {
///     pub out_trade_no: String,
///     pub trade_state: TradeState,
/// }
///
/// impl wechatpay_runtime::notify::NotificationResource for Transaction {
///     type EventType = TransactionEventType;
///     const ORIGINAL_TYPE: &'static str = "transaction";
/// }
/// ```
pub trait NotificationResource: DeserializeOwned {
    /// The notification's `event_type`: a string wire enum whose catch-all keeps an event type
    /// this version does not know, so that a new one is delivered rather than refused.
    type EventType: WireEnum;

    /// The `resource.original_type` this resource arrives as (`transaction`, `refund`, …); a
    /// notification carrying another is refused ([`NotifyError::OriginalType`]).
    const ORIGINAL_TYPE: &'static str;
}

/// A notification, verified and decrypted.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Notification<R: NotificationResource> {
    /// The notification's unique id: the same on every delivery of it.
    pub id: String,
    /// When WeChat Pay created the notification, with the offset it sent.
    pub create_time: OffsetDateTime,
    /// What happened (`TRANSACTION.SUCCESS`, …); an event type this version does not know is
    /// kept in the enum's catch-all.
    pub event_type: R::EventType,
    /// The `resource_type` as received (`encrypt-resource`).
    pub resource_type: String,
    /// WeChat Pay's summary (支付成功, …).
    pub summary: String,
    /// The `resource.original_type` as received, equal to [`NotificationResource::ORIGINAL_TYPE`].
    pub original_type: String,
    /// The `resource.associated_data` as received (empty when absent).
    pub associated_data: String,
    /// The decrypted resource.
    pub resource: R,
}

/// Reads notifications for one client: its keys and clock, a body limit, and a memory of the
/// notifications already handled. Cheap to clone (clones share the memory), `Send + Sync`.
#[derive(Clone)]
pub struct NotificationReceiver {
    client: Client,
    max_body_bytes: usize,
    seen: Arc<dyn SeenNotifications>,
}

impl NotificationReceiver {
    /// A receiver checking notifications with `client`'s keys, APIv3 key and clock, with the
    /// default body limit and an [`InMemorySeenNotifications`] of the default capacity.
    pub fn new(client: Client) -> Self {
        Self {
            client,
            max_body_bytes: DEFAULT_MAX_NOTIFICATION_BYTES,
            seen: Arc::new(InMemorySeenNotifications::default()),
        }
    }

    /// The largest body read, in bytes ([`DEFAULT_MAX_NOTIFICATION_BYTES`] by default); a
    /// larger one is refused unread ([`NotifyError::TooLarge`]).
    #[must_use = "the receiver is consumed; use the receiver it returns"]
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Where the ids of handled notifications are kept, in place of the in-memory default: a
    /// store shared by every server receiving the notifications.
    #[must_use = "the receiver is consumed; use the receiver it returns"]
    pub fn seen_notifications(mut self, seen: Arc<dyn SeenNotifications>) -> Self {
        self.seen = seen;
        self
    }

    /// The client whose keys check the notifications.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Checks, decrypts and reads one notification: [`Client::notification`] with this
    /// receiver's body limit.
    pub async fn read<'h, R: NotificationResource>(
        &self,
        header: impl Fn(&str) -> Option<&'h str>,
        body: &[u8],
    ) -> Result<Notification<R>, NotifyError> {
        read::notification(&self.client, self.max_body_bytes, header, body).await
    }

    /// Whether the notification `id` (of a notification read and verified) is to be handled
    /// now, on the client's clock. [`Delivery::First`] holds the claim: call
    /// [`Claim::handled`] once handled; dropping it unhandled (an error, a cancelled task) lets
    /// the next delivery handle the notification.
    pub fn claim(&self, id: &str) -> Delivery {
        Delivery::claim(Arc::clone(&self.seen), self.client.clone(), id)
    }
}

impl fmt::Debug for NotificationReceiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NotificationReceiver")
            .field("client", &self.client)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Checks, decrypts and reads one notification WeChat Pay POSTed, from its headers and its
    /// raw body (the bytes as received, before any parsing), in the order the
    /// [module documentation](crate::notify) lists, with a body limit of
    /// [`DEFAULT_MAX_NOTIFICATION_BYTES`].
    ///
    /// `header` looks a request header up by name, case-insensitively as HTTP names are, so
    /// that any framework's header map will do. It is async because a notification signed by a
    /// platform certificate the client has not downloaded yet makes a client that downloads
    /// them ([`crate::ClientBuilder::auto_platform_certificates`]) download them first.
    ///
    /// Answer WeChat Pay with [`Acknowledgement::success`] once the notification is handled,
    /// or with [`NotifyError::acknowledgement`] when this fails.
    pub async fn notification<'h, R: NotificationResource>(
        &self,
        header: impl Fn(&str) -> Option<&'h str>,
        body: &[u8],
    ) -> Result<Notification<R>, NotifyError> {
        read::notification(self, DEFAULT_MAX_NOTIFICATION_BYTES, header, body).await
    }
}
