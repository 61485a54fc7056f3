//! Component and operation names: stable, unique, and readable in a tool's listing.

use wechatpay_spec::model::{Api, Endpoint, Scope, TypeRef};
use wechatpay_spec::openapi_ext as ext;

/// The component name of a definition. Shared definitions keep their Rust name, so a type the
/// specs share is one component; local ones are prefixed with the file that defines them
/// (`ecommerce.profitsharing.query_order.Receiver`), since two files may each define their own.
pub(super) fn component(api: &Api, reference: &TypeRef) -> String {
    scoped(api, &reference.scope, &reference.rust_name)
}

/// The component name of `rust_name` defined in `scope`.
pub(super) fn scoped(api: &Api, scope: &Scope, rust_name: &str) -> String {
    match scope {
        Scope::Shared => rust_name.to_owned(),
        Scope::Base => format!("base.{rust_name}"),
        Scope::Endpoint(index) => match api.endpoints.get(*index) {
            Some(endpoint) => format!("{}.{rust_name}", endpoint_prefix(endpoint)),
            None => format!("endpoint{index}.{rust_name}"),
        },
        Scope::Notification(index) => match api.notifications.get(*index) {
            Some(n) => format!("{}.{rust_name}", ext::file_prefix(&n.namespace, &n.name)),
            None => format!("notification{index}.{rust_name}"),
        },
    }
}

/// `ecommerce.profitsharing.query_order`: the endpoint's namespace and operation.
pub(super) fn endpoint_prefix(endpoint: &Endpoint) -> String {
    ext::file_prefix(&endpoint.namespace, &endpoint.operation)
}

/// The `operationId`: unique, and an identifier in most languages a client is generated in.
pub(super) fn operation_id(endpoint: &Endpoint) -> String {
    endpoint_prefix(endpoint).replace('.', "_")
}

/// A JSON pointer to a component schema.
pub(super) fn schema_ref(name: &str) -> serde_json::Value {
    serde_json::json!({ "$ref": format!("#/components/schemas/{name}") })
}
