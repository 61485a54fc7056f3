//! One endpoint's module: request, response, polling, local objects and enums.

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::quote;
use wechatpay_spec::model::{Api, Endpoint, Presence, Scope, TypeRef};

use super::docs::{Doc, code};
use super::types::{Context, ident};
use super::{Options, conversions, enums, module_docs, paging, request, shared, structs};

/// What every endpoint's emission reads of the whole API: computed once per generation, since
/// each is a walk over all endpoints.
pub struct WholeApi {
    /// [`Api::request_objects`].
    pub validated: HashSet<TypeRef>,
    /// [`Api::one_of_hubs`].
    pub hubs: HashMap<(usize, usize), (usize, usize)>,
}

impl WholeApi {
    /// What the endpoints of `api` need of all of it.
    pub fn of(api: &Api) -> Self {
        Self {
            validated: api.request_objects(),
            hubs: api.one_of_hubs(),
        }
    }
}

/// One endpoint's items.
pub fn endpoint_tokens(
    api: &Api,
    index: usize,
    options: &Options,
    whole: &WholeApi,
) -> TokenStream {
    let validated = &whole.validated;
    let endpoint = &api.endpoints[index];
    let ctx = Context::new(
        Scope::Endpoint(index),
        endpoint.source.descriptions,
        options,
    );
    let module_doc = module_docs::endpoint_doc(api, endpoint).inner_tokens();
    let request = request::request_tokens(&ctx, endpoint, api.request_encrypts(endpoint));
    let mut response_doc = Doc::default();
    response_doc.text(&endpoint.title);
    response_doc.markdown(format!("The response of {}.", code(&endpoint.route())));
    if let Some(description) = &endpoint.response.description {
        response_doc.description(
            description,
            endpoint.response.description_source,
            ctx.descriptions,
        );
    }
    // An answer without a body is the runtime's `NoContent`: no struct of its own.
    let response = if !endpoint.answers_json() {
        quote!()
    } else {
        structs::object_tokens(&ctx, &endpoint.response, response_doc, false)
    };
    let objects = shared::definitions_objects(&ctx, &endpoint.definitions, validated);
    let enums = endpoint
        .definitions
        .enums
        .iter()
        .map(|def| enums::enum_tokens(def, ctx.descriptions));
    let pollable = pollable_impl(&ctx, endpoint);
    let paged = paging::paged_impl(&ctx, endpoint);
    let conversions = conversions::conversions(api, index, options, &whole.hubs);
    quote! {
        #module_doc
        #request
        #conversions
        #response
        #pollable
        #paged
        #(#objects)*
        #(#enums)*
    }
}

/// `Pollable` from `response.poll`: the values the spec lists as pending.
fn pollable_impl(ctx: &Context, endpoint: &Endpoint) -> TokenStream {
    let Some(poll) = &endpoint.poll else {
        return quote!();
    };
    let response = ident(&endpoint.response.rust_name);
    let field = &endpoint.response.fields[poll.field];
    let field_name = ident(&field.rust_name);
    let enum_name = ident(&poll.enum_ref.rust_name);
    // An enum of another module is brought in by name: the pattern then reads
    // `ReturnOrderResult::Processing`, and the formatter leaves a long path inside a macro
    // call mis-spaced (`crate ::shared::…`).
    let import = if poll.enum_ref.scope == ctx.scope {
        quote!()
    } else {
        let path = ctx.reference(&poll.enum_ref);
        quote!(use #path;)
    };
    let variants = poll.pending.iter().map(|value| ident(&value.rust_name));
    let pattern = quote!(#(#enum_name::#variants)|*);
    let test = if field.presence == Presence::Optional {
        quote!(::core::matches!(self.#field_name, Some(#pattern)))
    } else {
        quote!(::core::matches!(self.#field_name, #pattern))
    };
    let doc = format!(
        " Pending while {} is {}; any other value, unknown ones included, is final.",
        code(&field.wire_name),
        poll.pending
            .iter()
            .map(|value| code(&value.value))
            .collect::<Vec<_>>()
            .join(" or ")
    );
    quote! {
        impl ::wechatpay_runtime::Pollable for #response {
            #[doc = #doc]
            fn is_pending(&self) -> bool {
                #import
                #test
            }
        }
    }
}
