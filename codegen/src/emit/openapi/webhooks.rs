//! Notifications: the POSTs WeChat Pay sends to the merchant, as webhooks. The body on the wire
//! is the shared encrypted envelope; the decrypted resource is named in an extension.

use serde_json::{Map, Value, json};
use wechatpay_spec::model::{Notification, Scope};
use wechatpay_spec::openapi_ext as ext;

use super::schemas::{Context, enum_schema};
use super::{extensions, names};

/// The shared schema of the envelope every notification arrives in.
pub(super) const ENVELOPE: &str = "NotificationEnvelope";

/// One webhook per notification; their event types and resources are added to `components`.
pub(super) fn webhooks(context: Context<'_>, components: &mut Map<String, Value>) -> Value {
    let mut webhooks = Map::new();
    for (index, notification) in context.api.notifications.iter().enumerate() {
        let scope = Scope::Notification(index);
        let event_type = names::scoped(context.api, &scope, &notification.event_type.rust_name);
        components.insert(event_type.clone(), enum_schema(&notification.event_type));
        let resource = names::scoped(context.api, &scope, &notification.resource.rust_name);
        components.insert(
            resource.clone(),
            context.object_schema(&notification.resource),
        );
        let key = format!("{}.{}", notification.namespace.join("."), notification.name);
        webhooks.insert(
            key,
            json!({ "post": operation(notification, &event_type, &resource) }),
        );
    }
    Value::Object(webhooks)
}

fn operation(notification: &Notification, event_type: &str, resource: &str) -> Value {
    let body = json!({
        "allOf": [names::schema_ref(ENVELOPE)],
        "properties": { "event_type": names::schema_ref(event_type) },
    });
    let mut operation = json!({
        "operationId": format!("{}_{}", notification.namespace.join("_"), notification.name),
        "tags": [notification.namespace.join("/")],
        "summary": notification.title,
        "requestBody": { "required": true, "content": { "application/json": { "schema": body } } },
        "responses": {
            "200": { "description": "Received; an empty body or {\"code\":\"SUCCESS\"} acknowledges it." },
            "204": { "description": "Received." },
            "default": { "description": "Not received: WeChat Pay sends the notification again later." },
        },
        (ext::DECRYPTED_RESOURCE): names::schema_ref(resource),
        (ext::ORIGINAL_TYPE): notification.original_type,
        (ext::SPEC_FILE): notification.spec_file,
        (ext::SOURCE): extensions::source(&notification.source),
    });
    if let Some(summary) = &notification.summary {
        operation["description"] = json!(summary);
    }
    if let Some(about) = &notification.about {
        operation[ext::ABOUT] = json!(about);
    }
    if !notification.errata.is_empty() {
        operation[ext::ERRATA] = extensions::errata(&notification.errata);
    }
    operation
}

/// The envelope: its resource is AEAD_AES_256_GCM ciphertext under the APIv3 key.
pub(super) fn envelope_schema() -> Value {
    json!({
        "type": "object",
        "title": "Notification envelope",
        "required": ["id", "create_time", "event_type", "resource_type", "resource"],
        "properties": {
            "id": { "type": "string" },
            "create_time": { "type": "string", "format": "date-time" },
            "event_type": { "type": "string" },
            "resource_type": { "type": "string" },
            "summary": { "type": "string" },
            "resource": {
                "type": "object",
                "required": ["algorithm", "ciphertext", "nonce", "original_type"],
                "properties": {
                    "algorithm": { "type": "string", "enum": ["AEAD_AES_256_GCM"] },
                    "ciphertext": { "type": "string", "description": "base64" },
                    "associated_data": { "type": "string" },
                    "nonce": { "type": "string" },
                    "original_type": { "type": "string" },
                },
            },
        },
        (ext::ENCRYPTION): "resource.ciphertext is AEAD_AES_256_GCM under the APIv3 key, with resource.nonce and resource.associated_data",
    })
}
