//! Value types in words: the Rust path a type is reached by, which is what makes two types of
//! two models the same type, and short names for messages.

use crate::model::{Api, Field, LimitOn, Presence, Request, Scope, Type, TypeRef};

/// The Rust path of a named definition, as users of the generated crate write it: local
/// definitions stand in their namespace's module, shared ones in `shared`.
pub fn definition_path(api: &Api, reference: &TypeRef) -> String {
    let namespace = match &reference.scope {
        Scope::Shared => Some("shared".to_owned()),
        Scope::Base => Some("wechatpay_apiv3::shared".to_owned()),
        Scope::Endpoint(index) => api.endpoints.get(*index).map(|e| e.namespace.join("::")),
        Scope::Notification(index) => api
            .notifications
            .get(*index)
            .map(|n| n.namespace.join("::")),
    };
    match namespace {
        Some(namespace) if !namespace.is_empty() => {
            format!("{namespace}::{}", reference.rust_name)
        }
        _ => reference.rust_name.clone(),
    }
}

/// A type with the full path of any definition it names: two fields have the same type
/// exactly when these are equal.
pub fn type_path(api: &Api, ty: &Type) -> String {
    describe(ty, &|reference| definition_path(api, reference))
}

/// A type with the bare Rust name of any definition it names, for messages.
pub fn type_name(ty: &Type) -> String {
    describe(ty, &|reference| reference.rust_name.clone())
}

fn describe(ty: &Type, name: &dyn Fn(&TypeRef) -> String) -> String {
    match ty {
        Type::String => "String".to_owned(),
        Type::Integer => "i64".to_owned(),
        Type::UnsignedInteger => "u64".to_owned(),
        Type::Decimal => "Decimal".to_owned(),
        Type::Bool => "bool".to_owned(),
        Type::DateTime => "OffsetDateTime".to_owned(),
        Type::JsonObject => "JsonObject".to_owned(),
        Type::Enum(reference) => format!("enum {}", name(reference)),
        Type::IntegerEnum(reference) => format!("integer enum {}", name(reference)),
        Type::Object(reference) => name(reference),
        Type::Array(item) => format!("Vec<{}>", describe(item, name)),
    }
}

/// How a field stands in its table, in words: `required`, `optional`, or `one of order_ref as
/// OrderRef::OutOrderNo` (the group's spec name, its Rust enum and the field's variant, all
/// part of what callers write).
pub fn presence(field: &Field, index: usize, request: Option<&Request>) -> String {
    match field.presence {
        Presence::Required => "required".to_owned(),
        Presence::Optional => "optional".to_owned(),
        Presence::OneOf(group) => {
            let Some(group) = request.and_then(|r| r.one_of.get(group)) else {
                return "one of a group".to_owned();
            };
            let variant = group
                .members
                .iter()
                .find(|member| member.field == index)
                .map_or("?", |member| member.variant.as_str());
            format!("one of {} as {}::{variant}", group.name, group.rust_name)
        }
    }
}

/// A field in a few words for an addition or a removal: `optional enum ReceiverType`,
/// `required String (string[1,64])`.
pub fn field_summary(field: &Field, index: usize, request: Option<&Request>) -> String {
    let mut words = format!(
        "{} {}",
        presence(field, index, request),
        type_name(&field.ty)
    );
    if field.doc_type != type_name(&field.ty) {
        words.push_str(&format!(" ({})", field.doc_type));
    }
    if field.encrypted.is_some() {
        words.push_str(", encrypted");
    }
    words
}

/// Whether and how a field is encrypted, in words.
pub fn encryption(limit: Option<LimitOn>) -> &'static str {
    match limit {
        None => "not encrypted",
        Some(LimitOn::Nothing) => "encrypted",
        Some(LimitOn::Plaintext) => "encrypted, the limit counting the plaintext",
        Some(LimitOn::Ciphertext) => "encrypted, the limit counting the ciphertext",
    }
}
