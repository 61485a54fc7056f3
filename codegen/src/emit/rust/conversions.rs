//! Conversions between same-shaped one-of groups of different endpoints (an `OrderRef` chosen for
//! the e-commerce return order serves the brand one): `From` in both directions between each
//! group and its hub, the first endpoint's group of that shape ([`Api::one_of_hubs`]), so a
//! caller writes a choice once.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;
use wechatpay_spec::model::Api;

use super::Options;
use super::features::Gate;
use super::types::ident;

/// For each group of endpoint `index` that has a hub: `From<Hub> for Group` and
/// `From<Group> for Hub`, both here (both types are this crate's).
pub fn conversions(
    api: &Api,
    index: usize,
    options: &Options,
    hubs: &HashMap<(usize, usize), (usize, usize)>,
) -> TokenStream {
    let Some(endpoint) = api.endpoints.get(index) else {
        return quote!();
    };
    let mut impls = Vec::new();
    for (g, group) in endpoint.request.one_of.iter().enumerate() {
        let Some(&(hub_endpoint, hub_group)) = hubs.get(&(index, g)) else {
            continue;
        };
        let hub = &api.endpoints[hub_endpoint];
        // A hub in another family exists only while that family's feature is on.
        let gate = if options.family_features && hub.namespace != endpoint.namespace {
            Gate::family(&hub.namespace).attribute()
        } else {
            quote!()
        };
        let hub_top = hub.namespace.first().map_or("", String::as_str);
        let root = options.root_of(hub_top);
        let namespace = hub.namespace.iter().map(|segment| ident(segment));
        let hub_type = ident(&hub.request.one_of[hub_group].rust_name);
        let hub_path = quote!(#root #(::#namespace)*::#hub_type);
        let this = ident(&group.rust_name);
        let variants: Vec<_> = endpoint
            .request
            .group_fields(group)
            .map(|(member, _)| ident(&member.variant))
            .collect();
        let to_this = format!(
            " The same choice, as {} takes it.",
            super::docs::code(&endpoint.route())
        );
        let to_hub = format!(
            " The same choice, as {} takes it.",
            super::docs::code(&hub.route())
        );
        // A hub in another crate (a split crate's first part) is `#[non_exhaustive]` there, so a
        // match on it needs an arm for variants it might gain. It cannot gain any: both crates
        // come from the same specs in the same run, and each depends on the other's exact version.
        let other = options.elsewhere.contains_key(hub_top).then(
            || quote!(_ => ::core::unreachable!("the hub and this group are generated together"),),
        );
        impls.push(quote! {
            #gate
            impl ::core::convert::From<#hub_path> for #this {
                #[doc = #to_this]
                fn from(value: #hub_path) -> Self {
                    match value {
                        #(#hub_path::#variants(value) => Self::#variants(value),)*
                        #other
                    }
                }
            }

            #gate
            impl ::core::convert::From<#this> for #hub_path {
                #[doc = #to_hub]
                fn from(value: #this) -> Self {
                    match value {
                        #(#this::#variants(value) => Self::#variants(value),)*
                    }
                }
            }
        });
    }
    quote!(#(#impls)*)
}
