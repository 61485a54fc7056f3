//! Client methods: one per endpoint, reached through handles that mirror the API paths:
//! `client.ecommerce().profitsharing().query_return_order(&request)`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::Options;
use super::docs::{Doc, code, escape};
use super::types::ident;
use wechatpay_spec::model::Api;

/// At the crate root: the trait adding the top-level namespaces to a client, and the error type.
pub fn root_items(namespaces: &[&str], options: &Options) -> TokenStream {
    let error_code = options.error_code();
    let methods = namespaces.iter().map(|name| {
        let method = ident(name);
        let doc = format!(" The endpoints under `/v3/{name}/`.");
        quote!(#[doc = #doc] fn #method(&self) -> #method::Api<'_>;)
    });
    let impls = namespaces.iter().map(|name| {
        let method = ident(name);
        quote!(fn #method(&self) -> #method::Api<'_> { #method::Api::new(self) })
    });
    quote! {
        /// The error of every call: the runtime's error with this crate's error codes.
        pub type Error = ::wechatpay_runtime::Error<#error_code>;

        /// Adds the API namespaces to a [`wechatpay_runtime::Client`], so that each endpoint is a
        /// method: `client.ecommerce().profitsharing().query_return_order(&request)`.
        pub trait Apis {
            #(#methods)*
        }

        impl Apis for ::wechatpay_runtime::Client {
            #(#impls)*
        }
    }
}

/// In a namespace module: its handle, with a method per sub-namespace and per endpoint.
pub fn namespace_handle(
    api: &Api,
    namespace: &[String],
    submodules: &BTreeSet<String>,
    endpoints: &[usize],
    options: &Options,
) -> TokenStream {
    let error = &options.error_alias;
    let prefix = namespace.join("/");
    let children = submodules.iter().map(|name| {
        let module = ident(name);
        let doc = format!(" The endpoints under `/v3/{prefix}/{name}/`.");
        quote! {
            #[doc = #doc]
            pub fn #module(&self) -> #module::Api<'a> {
                #module::Api::new(self.client)
            }
        }
    });
    let calls = endpoints.iter().map(|&index| {
        let endpoint = &api.endpoints[index];
        let method = ident(&endpoint.operation);
        let request = ident(&endpoint.request.rust_name);
        let response = ident(&endpoint.response.rust_name);
        let route = code(&endpoint.route());
        let mut doc = Doc::default();
        doc.markdown(format!("{}: {route}", escape(&endpoint.title)));
        doc.markdown(if endpoint.idempotent {
            "Validated before it is sent; retried on rate limits, server faults and connection failures."
        } else {
            "Validated before it is sent; never retried automatically."
        });
        let doc = doc.tokens();
        let call = quote! {
            #doc
            pub async fn #method(
                &self,
                request: &#request,
            ) -> Result<::wechatpay_runtime::Response<#response>, #error> {
                self.client.execute(request).await
            }
        };
        let Some(poll) = &endpoint.poll else {
            return call;
        };
        let until = ident(&format!("{}_until_final", endpoint.operation));
        let pending: Vec<String> = poll.pending.iter().map(|value| code(&value.value)).collect();
        let doc = format!(
            " {route}, repeated while the answer is {}, waiting longer each time, until the \
             policy's deadline.",
            pending.join(" or ")
        );
        quote! {
            #call

            #[doc = #doc]
            pub async fn #until(
                &self,
                request: &#request,
                policy: &::wechatpay_runtime::PollPolicy,
            ) -> Result<::wechatpay_runtime::Response<#response>, #error> {
                self.client.poll_until_final(request, policy).await
            }
        }
    });
    let doc = format!(" The endpoints under `/v3/{prefix}/`, on a client.");
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy)]
        pub struct Api<'a> {
            client: &'a ::wechatpay_runtime::Client,
        }

        impl<'a> Api<'a> {
            /// The handle on `client`.
            pub fn new(client: &'a ::wechatpay_runtime::Client) -> Self {
                Self { client }
            }

            #(#children)*
            #(#calls)*
        }
    }
}
