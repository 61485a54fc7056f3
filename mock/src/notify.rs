//! Notifications, sent as WeChat Pay sends them (回调通知): an envelope whose `resource` is
//! encrypted with the merchant's APIv3 key (AEAD_AES_256_GCM, the `original_type` as associated
//! data), POSTed to the merchant's URL and signed over the raw body like an answer, then sent
//! again on WeChat Pay's schedule until the merchant acknowledges it with 200 or 204.
//!
//! A notification goes out when a record of the collection it is `about` settles, and on demand
//! ([`crate::MockServer::notify`], or `POST /mock/notifications`). Every attempt is recorded.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde_json::{Map, Value, json};
use wechatpay_runtime::protocol::ApiV3Key;
use wechatpay_runtime::protocol::aead;
use wechatpay_spec::model::{Api, Notification, Presence, Type};

use crate::faults::Fault;
use crate::server::App;

/// The waits between WeChat Pay's deliveries of one notification, in seconds: 15 s, 15 s,
/// 30 s, 3 m, 10 m, 20 m, 30 m, 30 m, 30 m, 60 m, 3 h, 3 h, 3 h, 6 h, 6 h (about 24 h 4 min in
/// all), scaled by [`crate::MockConfig::notify_time_scale`].
pub const RETRY_SCHEDULE_SECS: [u64; 15] = [
    15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
];

/// The mock's control route that sends a notification on demand: a JSON body
/// `{"notification": "<namespace>/<name>", "resource": {…}, "event_type": "…", "faults": "…"}`
/// (the last two optional), answered 202 with the notification's `id`. It is the mock's own,
/// for tests and for `serve`; WeChat Pay has no such path.
pub const CONTROL_PATH: &str = "/mock/notifications";

/// How long one delivery waits for the merchant's answer.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);

/// One attempt to deliver a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Delivery {
    /// The notification's `id` (the same for every attempt).
    pub id: String,
    /// Which notification: `<namespace>/<name>` (`profitsharing/order_settled`).
    pub notification: String,
    /// The attempt, from 1.
    pub attempt: u32,
    /// The merchant's answer status; `None` when none came (refused, timed out).
    pub status: Option<u16>,
    /// Whether the answer acknowledged it (200 or 204).
    pub acknowledged: bool,
    /// When the attempt was made, counted from the first (zero for the first).
    pub after: Duration,
}

/// The deliveries made, in order.
#[derive(Default)]
pub(crate) struct Deliveries(Mutex<Vec<Delivery>>);

impl Deliveries {
    fn push(&self, delivery: Delivery) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(delivery);
    }

    pub(crate) fn all(&self) -> Vec<Delivery> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Why a notification cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotifyError {
    /// No spec defines it.
    #[error("no notification `{0}`; name it `<namespace>/<file stem>`")]
    Unknown(String),
    /// The mock has no URL to send to.
    #[error("no notification URL configured (MockConfig::notify_url)")]
    NoUrl,
    /// The mock has no APIv3 key to encrypt with.
    #[error("no APIv3 key configured (MockConfig::apiv3_key)")]
    NoApiV3Key,
}

/// `<namespace>/<name>` of a notification.
fn label(notification: &Notification) -> String {
    format!("{}/{}", notification.namespace.join("/"), notification.name)
}

/// The notification `label` names, in any loaded spec.
fn find<'a>(apis: &'a [Api], name: &str) -> Option<&'a Notification> {
    apis.iter()
        .flat_map(|api| &api.notifications)
        .find(|notification| label(notification) == name)
}

/// Sends notification `name` with `resource` (its decrypted fields) and `event_type` (the
/// first the spec lists when `None`), in the background; its id.
pub(crate) fn send(
    app: &Arc<App>,
    name: &str,
    event_type: Option<&str>,
    resource: Map<String, Value>,
    faults: Vec<Fault>,
) -> Result<String, NotifyError> {
    let notification =
        find(app.apis(), name).ok_or_else(|| NotifyError::Unknown(name.to_owned()))?;
    let url = app.config.notify_url.clone().ok_or(NotifyError::NoUrl)?;
    let key = app
        .config
        .apiv3_key
        .clone()
        .ok_or(NotifyError::NoApiV3Key)?;
    let id = crate::respond::request_id();
    let event_type = event_type
        .map(str::to_owned)
        .or_else(|| {
            notification
                .event_type
                .values
                .first()
                .map(|v| v.value.clone())
        })
        .unwrap_or_default();
    let body = envelope(
        app,
        notification,
        &id,
        &event_type,
        &resource,
        &key,
        &faults,
    );
    let delivery = Delivery {
        id: id.clone(),
        notification: label(notification),
        attempt: 0,
        status: None,
        acknowledged: false,
        after: Duration::ZERO,
    };
    tokio::spawn(deliver(Arc::clone(app), url, body, delivery, faults));
    Ok(id)
}

/// The envelope, its resource encrypted (or damaged, as the faults say).
fn envelope(
    app: &App,
    notification: &Notification,
    id: &str,
    event_type: &str,
    resource: &Map<String, Value>,
    key: &ApiV3Key,
    faults: &[Fault],
) -> Vec<u8> {
    let now = app.config.clock.now_unix();
    let nonce = crate::certificates::nonce();
    let associated_data = notification.original_type.as_str();
    let wrong;
    let key = if faults.contains(&Fault::WrongApiv3Key) {
        // Another merchant's key: well-formed, and it does not open.
        wrong = ApiV3Key::new([0x5au8; 32]).unwrap_or_else(|_| key.clone());
        &wrong
    } else {
        key
    };
    let plaintext = Value::Object(resource.clone()).to_string();
    let mut ciphertext =
        aead::encrypt_aes_256_gcm(key, &nonce, associated_data, plaintext.as_bytes())
            .unwrap_or_default();
    if faults.contains(&Fault::TamperedCiphertext) {
        // The first character changed: still base64, no longer what was sealed.
        let first = if ciphertext.starts_with('A') {
            "B"
        } else {
            "A"
        };
        ciphertext.replace_range(..1, first);
    }
    json!({
        "id": id,
        "create_time": crate::records::now_text(now),
        "resource_type": "encrypt-resource",
        "event_type": event_type,
        "summary": notification.title,
        "resource": {
            "original_type": notification.original_type,
            "algorithm": aead::ALGORITHM,
            "ciphertext": ciphertext,
            "associated_data": associated_data,
            "nonce": nonce,
        },
    })
    .to_string()
    .into_bytes()
}

/// Delivers until acknowledged or the schedule runs out, then once more on `duplicate_delivery`.
async fn deliver(
    app: Arc<App>,
    url: String,
    body: Vec<u8>,
    mut delivery: Delivery,
    faults: Vec<Fault>,
) {
    let http = reqwest::Client::new();
    let scale = app.config.notify_time_scale.max(0.0);
    let mut acknowledged = false;
    let first = tokio::time::Instant::now();
    for attempt in 0..=RETRY_SCHEDULE_SECS.len() {
        delivery.attempt += 1;
        delivery.after = first.elapsed();
        let (status, ok) = post(&app, &http, &url, &body, &faults).await;
        delivery.status = status;
        delivery.acknowledged = ok;
        app.deliveries.push(delivery.clone());
        if ok {
            acknowledged = true;
            break;
        }
        let Some(wait) = RETRY_SCHEDULE_SECS.get(attempt) else {
            break;
        };
        #[allow(clippy::cast_precision_loss)]
        tokio::time::sleep(Duration::from_secs_f64(*wait as f64 * scale)).await;
    }
    if acknowledged && faults.contains(&Fault::DuplicateDelivery) {
        delivery.attempt += 1;
        delivery.after = first.elapsed();
        let (status, ok) = post(&app, &http, &url, &body, &faults).await;
        delivery.status = status;
        delivery.acknowledged = ok;
        app.deliveries.push(delivery);
    }
}

/// One POST, signed now over the body; its status, and whether it acknowledges.
async fn post(
    app: &App,
    http: &reqwest::Client,
    url: &str,
    body: &[u8],
    faults: &[Fault],
) -> (Option<u16>, bool) {
    let signer = app.signer(app.config.clock.now_unix());
    let (sent, headers) = crate::respond::sign_body(body.to_vec(), &signer, faults);
    let mut request = http
        .post(url)
        .timeout(ANSWER_TIMEOUT)
        .header("Content-Type", "application/json")
        .body(sent);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    match request.send().await {
        Ok(answer) => {
            let status = answer.status().as_u16();
            (Some(status), matches!(status, 200 | 204))
        }
        Err(_) => (None, false),
    }
}

/// The control route: sends what the body asks for.
pub(crate) fn control(app: &Arc<App>, body: &[u8]) -> axum::http::Response<axum::body::Body> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Asked {
        notification: String,
        #[serde(default)]
        event_type: Option<String>,
        resource: Map<String, Value>,
        #[serde(default)]
        faults: Option<String>,
    }
    let answer = |status: u16, body: Value| {
        axum::http::Response::builder()
            .status(status)
            .header("Content-Type", "application/json")
            .body(axum::body::Body::from(body.to_string()))
            .unwrap_or_default()
    };
    let refused = |message: String| {
        answer(
            400,
            json!({ "code": "INVALID_REQUEST", "message": message }),
        )
    };
    let asked: Asked = match serde_json::from_slice(body) {
        Ok(asked) => asked,
        Err(error) => return refused(format!("the body is not a notification request: {error}")),
    };
    let faults = match crate::faults::parse_list(asked.faults.as_deref().unwrap_or_default()) {
        Ok(faults) => faults,
        Err(error) => return refused(error.to_string()),
    };
    match send(
        app,
        &asked.notification,
        asked.event_type.as_deref(),
        asked.resource,
        faults,
    ) {
        Ok(id) => answer(202, json!({ "id": id })),
        Err(error) => refused(error.to_string()),
    }
}

/// The resources of `notification` a settled record makes: its fields found in the record,
/// with a value made up for each required one the record lacks. A resource object field the
/// record has as a list instead (`receiver` beside the record's `receivers`) makes one
/// notification per item, as a split tells each of its receivers.
fn resources_of(
    app: &App,
    api: &Api,
    notification: &Notification,
    record: &Map<String, Value>,
) -> Vec<Map<String, Value>> {
    let now_text = crate::records::now_text(app.config.clock.now_unix());
    let per_item = notification.resource.fields.iter().find_map(|field| {
        let Type::Object(reference) = &field.ty else {
            return None;
        };
        if record.contains_key(&field.wire_name) {
            return None;
        }
        let items = record.get(&format!("{}s", field.wire_name))?.as_array()?;
        let object = api.object_def(reference)?;
        Some((field, object, items))
    });
    let mut base = Map::new();
    for field in &notification.resource.fields {
        match record.get(&field.wire_name) {
            Some(value) => {
                base.insert(field.wire_name.clone(), value.clone());
            }
            None if field.presence == Presence::Required => {
                base.insert(
                    field.wire_name.clone(),
                    crate::records::made_up(api, &field.ty, &now_text),
                );
            }
            None => {}
        }
    }
    let Some((field, object, items)) = per_item else {
        return vec![base];
    };
    items
        .iter()
        .filter_map(Value::as_object)
        .map(|item| {
            let mut resource = base.clone();
            let kept: Map<String, Value> = object
                .fields
                .iter()
                .filter_map(|f| match item.get(&f.wire_name) {
                    Some(value) => Some((f.wire_name.clone(), value.clone())),
                    None if f.presence == Presence::Required => Some((
                        f.wire_name.clone(),
                        crate::records::made_up(api, &f.ty, &now_text),
                    )),
                    None => None,
                })
                .collect();
            resource.insert(field.wire_name.clone(), Value::Object(kept));
            // A time the item has and the record lacks (when this receiver's part finished).
            for resource_field in &notification.resource.fields {
                if resource_field.ty == Type::DateTime
                    && !record.contains_key(&resource_field.wire_name)
                    && let Some(at) = item.get("finish_time")
                {
                    resource.insert(resource_field.wire_name.clone(), at.clone());
                }
            }
            resource
        })
        .collect()
}

/// Sends every notification `about` a record that settled since the last look, every few
/// milliseconds, for as long as the mock runs.
pub(crate) async fn announce_settled(app: Arc<App>) {
    let mut ticks = tokio::time::interval(Duration::from_millis(50));
    loop {
        ticks.tick().await;
        let now = app.config.clock.now_unix();
        for (collection, record) in app.records.take_settled(now) {
            let mut due = Vec::new();
            for api in app.apis() {
                for notification in &api.notifications {
                    let about = notification
                        .about
                        .as_ref()
                        .map(|about| format!("{}/{about}", notification.namespace.join("/")));
                    if about.as_deref() == Some(collection.as_str()) {
                        for resource in resources_of(&app, api, notification, &record) {
                            due.push((label(notification), resource));
                        }
                    }
                }
            }
            for (name, resource) in due {
                let _ = send(&app, &name, None, resource, Vec::new());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_spans_24_hours_and_4_minutes() {
        let span: u64 = RETRY_SCHEDULE_SECS.iter().sum();
        assert_eq!(span, 24 * 3600 + 4 * 60);
        assert_eq!(
            Duration::from_secs(span),
            wechatpay_runtime::notify::RETRY_SPAN
        );
    }
}
