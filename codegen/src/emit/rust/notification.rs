//! One notification's module: its event types, its decrypted resource, the local objects and
//! enums, and the `NotificationResource` impl the runtime reads it through.

use proc_macro2::TokenStream;
use quote::quote;
use wechatpay_spec::model::{Api, Notification, Scope};

use super::docs::{self, Doc, code};
use super::endpoint::WholeApi;
use super::types::{Context, ident};
use super::{Options, enums, shared, structs};

/// One notification's items.
pub fn notification_tokens(
    api: &Api,
    index: usize,
    options: &Options,
    whole: &WholeApi,
) -> TokenStream {
    let notification = &api.notifications[index];
    let ctx = Context::new(
        Scope::Notification(index),
        notification.source.descriptions,
        options,
    );
    let module_doc = module_doc(notification).inner_tokens();
    let event_type = enums::enum_tokens(&notification.event_type, ctx.descriptions);
    let mut resource_doc = Doc::default();
    resource_doc.text(&notification.title);
    resource_doc.markdown(format!(
        "The decrypted `resource` of the notification (`original_type` {}).",
        code(&notification.original_type)
    ));
    if let Some(description) = &notification.resource.description {
        resource_doc.text(description);
    }
    let resource = structs::object_tokens(&ctx, &notification.resource, resource_doc, false);
    let resource_name = ident(&notification.resource.rust_name);
    let event_name = ident(&notification.event_type.rust_name);
    let original_type = &notification.original_type;
    let objects = shared::definitions_objects(&ctx, &notification.definitions, &whole.validated);
    let enums = notification
        .definitions
        .enums
        .iter()
        .map(|def| enums::enum_tokens(def, ctx.descriptions));
    quote! {
        #module_doc
        #event_type
        #resource

        impl ::wechatpay_runtime::notify::NotificationResource for #resource_name {
            type EventType = #event_name;
            const ORIGINAL_TYPE: &'static str = #original_type;
        }

        #(#objects)*
        #(#enums)*
    }
}

/// The page's facts: title, what arrives, where the spec comes from.
fn module_doc(notification: &Notification) -> Doc {
    let mut doc = Doc::default();
    doc.markdown(format!(
        "{}: a notification WeChat Pay sends",
        docs::escape(&notification.title)
    ));
    if let Some(summary) = &notification.summary {
        doc.text(summary);
    }
    doc.break_paragraph();
    let events: Vec<String> = notification
        .event_type
        .values
        .iter()
        .map(|value| code(&value.value))
        .collect();
    doc.item(format!("Event types: {}", events.join(", ")));
    doc.item(format!(
        "Resource: `original_type` {}, decrypted into [`{}`]",
        code(&notification.original_type),
        notification.resource.rust_name
    ));
    super::module_docs::source_items(&mut doc, &notification.source, &notification.spec_file);
    doc.markdown(
        "Receive it with `wechatpay_runtime::Client::notification`, which checks the signature \
         and decrypts the resource.",
    );
    doc
}
