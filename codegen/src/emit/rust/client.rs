//! Client methods: one per endpoint, reached through handles that mirror the API paths:
//! `client.ecommerce().profitsharing().query_return_order(&request)`.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::Options;
use super::docs::{Doc, code, escape};
use super::types::{Context, ident, response_type, spelt};
use wechatpay_spec::model::{Api, Download, Endpoint, Presence, Scope, TextSource, Type};

/// At the crate root: the trait adding the top-level namespaces to a client, and the error type.
/// Each namespace comes with the `#[cfg]` its module is compiled under (empty when always).
pub fn root_items(namespaces: &[(&str, TokenStream)], options: &Options) -> TokenStream {
    let error = error_alias(options);
    let methods = namespaces.iter().map(|(name, gate)| {
        let method = ident(name);
        let doc = format!(" The endpoints under `/v3/{name}/`.");
        quote!(#[doc = #doc] #gate fn #method(&self) -> #method::Api<'_>;)
    });
    let impls = namespaces.iter().map(|(name, gate)| {
        let method = ident(name);
        quote!(#gate fn #method(&self) -> #method::Api<'_> { #method::Api::new(self) })
    });
    quote! {
        #error

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

/// The error of every call, declared where [`Options::error_alias`] names it.
pub fn error_alias(options: &Options) -> TokenStream {
    let error_code = options.error_code();
    quote! {
        /// The error of every call: the runtime's error with this crate's error codes.
        pub type Error = ::wechatpay_runtime::Error<#error_code>;
    }
}

/// In a namespace module: its handle, with a method per sub-namespace and per endpoint. Each
/// sub-namespace comes with the `#[cfg]` its module needs here, and `own` is the one the
/// namespace's own endpoints need here (both empty when always compiled).
pub fn namespace_handle(
    api: &Api,
    namespace: &[String],
    (submodules, own): (&BTreeMap<String, TokenStream>, &TokenStream),
    endpoints: &[usize],
    options: &Options,
) -> TokenStream {
    let prefix = namespace.join("/");
    let children = submodules.iter().map(|(name, gate)| {
        let module = ident(name);
        let doc = format!(" The endpoints under `/v3/{prefix}/{name}/`.");
        quote! {
            #[doc = #doc]
            #gate
            pub fn #module(&self) -> #module::Api<'a> {
                #module::Api::new(self.client)
            }
        }
    });
    let calls = endpoints
        .iter()
        .map(|&index| endpoint_methods(api, index, options, own));
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

/// Whether `endpoint` is a method on its namespace handle: every endpoint but a file answer,
/// which is fetched through the ticket that names its URL, never decoded.
pub fn has_call(endpoint: &Endpoint) -> bool {
    endpoint.answers_json() || endpoint.empty_response
}

/// An endpoint's methods on its namespace handle: the call, and the stream of a paged list's
/// items or the polling of a resource in progress where the spec says.
fn endpoint_methods(api: &Api, index: usize, options: &Options, gate: &TokenStream) -> TokenStream {
    let endpoint = &api.endpoints[index];
    let error = &options.error_alias;
    let method = ident(&endpoint.operation);
    let request = ident(&endpoint.request.rust_name);
    let mut doc = Doc::default();
    doc.markdown(format!(
        "{}: {}",
        escape(&endpoint.title),
        code(&endpoint.route())
    ));
    doc.markdown(if endpoint.idempotent {
        "Validated before it is sent; retried on rate limits, server faults and connection failures."
    } else {
        "Validated before it is sent; never retried automatically."
    });
    let doc = doc.tokens();
    if !has_call(endpoint) {
        return quote!();
    }
    let items = items_method(api, index, options, gate);
    let until = until_final_method(endpoint, options, gate);
    let download = download_methods(endpoint, options, gate);
    let resolves = resolves_doc(endpoint, error);
    quote! {
        #doc
        #[doc = ""]
        #[doc = #resolves]
        #gate
        pub fn #method<'r>(&self, request: &'r #request) -> ::wechatpay_runtime::Call<'r, #request>
        where
            'a: 'r,
        {
            ::wechatpay_runtime::Call::new(self.client, request)
        }
        #items
        #until
        #download
    }
}

/// What awaiting an endpoint's [`wechatpay_runtime::Call`] gives, written out: the method's
/// signature names only the call.
fn resolves_doc(endpoint: &Endpoint, error: &syn::Path) -> String {
    // The type `Operation::Response` names, as a reader finds it in the docs.
    let response = spelt(&response_type(endpoint)).replace("::wechatpay_runtime::", "");
    let error = spelt(&quote!(#error));
    format!(" Awaited, it gives `Result<Response<{response}>, {error}>`.")
}

/// `<operation>_to_path` and `<operation>_to_writer` for a download ticket: the ticket asked
/// for, then its file fetched, decompressed when gzip was asked for, and checked by its hash.
fn download_methods(endpoint: &Endpoint, options: &Options, gate: &TokenStream) -> TokenStream {
    let Some(Download::Ticket(ticket)) = &endpoint.download else {
        return quote!();
    };
    let error = &options.error_alias;
    let error_code = options.error_code();
    let request = ident(&endpoint.request.rust_name);
    let fields = &endpoint.response.fields;
    // The checker made each a text or enum field: both have `as_str`.
    let text = |index: usize| {
        let name = ident(&fields[index].rust_name);
        quote!(ticket.#name.as_str())
    };
    let (url, hash_type, hash_value) = (
        text(ticket.url),
        text(ticket.hash_type),
        text(ticket.hash_value),
    );
    let gzip = match &ticket.gzip_when {
        None => quote!(false),
        Some((index, value)) => {
            let field = &endpoint.request.fields[*index];
            let name = ident(&field.rust_name);
            match (field.presence == Presence::Optional, &field.ty) {
                (true, Type::Enum(_)) => {
                    quote!(request.#name.as_ref().is_some_and(|value| value.as_str() == #value))
                }
                (true, _) => quote!(request.#name.as_deref() == Some(#value)),
                (false, _) => quote!(request.#name.as_str() == #value),
            }
        }
    };
    let to_path = ident(&format!("{}_to_path", endpoint.operation));
    let to_writer = ident(&format!("{}_to_writer", endpoint.operation));
    let route = code(&endpoint.route());
    let path_doc = format!(
        " {route}, then the file its answer names, into `path`: written beside it and renamed \
         into place only once complete and matching the answer's hash (decompressed first when \
         gzip was asked for). On any error `path` is left as it was."
    );
    let writer_doc = format!(
        " {route}, then the file its answer names, into `writer`. What was written is \
         unverified until this returns `Ok`: on an error, discard it."
    );
    quote! {
        #[doc = #path_doc]
        #gate
        pub async fn #to_path(
            &self,
            request: &#request,
            path: impl AsRef<::std::path::Path>,
        ) -> Result<::wechatpay_runtime::Downloaded, #error> {
            let ticket = self.client.execute(request).await?;
            let download = ::wechatpay_runtime::DownloadRequest::from_ticket(#url, #hash_type, #hash_value)
                .gzip(#gzip);
            self.client.download_to_path::<#error_code>(&download, path).await
        }

        #[doc = #writer_doc]
        #gate
        pub async fn #to_writer<W: ::wechatpay_runtime::AsyncWrite + Unpin>(
            &self,
            request: &#request,
            writer: W,
        ) -> Result<::wechatpay_runtime::Downloaded, #error> {
            let ticket = self.client.execute(request).await?;
            let download = ::wechatpay_runtime::DownloadRequest::from_ticket(#url, #hash_type, #hash_value)
                .gzip(#gzip);
            self.client.download_to_writer::<#error_code, W>(&download, writer).await
        }
    }
}

/// `<operation>_items`: every item of a paged list, as a stream.
fn items_method(api: &Api, index: usize, options: &Options, gate: &TokenStream) -> TokenStream {
    let endpoint = &api.endpoints[index];
    let Some(paging) = &endpoint.paging else {
        return quote!();
    };
    let error = &options.error_alias;
    let request = ident(&endpoint.request.rust_name);
    let items = ident(&format!("{}_items", endpoint.operation));
    // The namespace module re-exports the endpoint's items, so its names resolve here as in the
    // endpoint's own module.
    let ctx = Context::new(Scope::Endpoint(index), TextSource::Page, options);
    let item = match &endpoint.response.fields[paging.items].ty {
        Type::Array(item) => ctx.value_type(item),
        _ => quote!(()),
    };
    let doc = format!(
        " Every item of {}, page after page from the request's offset, as a stream: a page is \
         asked for once the items before it are taken, each as a call of its own (validated, \
         signed, verified, retried). The stream ends after the last item or its first error.",
        code(&endpoint.route())
    );
    quote! {
        #[doc = #doc]
        #gate
        pub fn #items(
            &self,
            request: #request,
        ) -> impl ::wechatpay_runtime::Stream<Item = Result<#item, #error>> + Send + use<> {
            self.client.items(request)
        }
    }
}

/// `<operation>_until_final`: the call repeated while the resource is pending.
fn until_final_method(endpoint: &Endpoint, options: &Options, gate: &TokenStream) -> TokenStream {
    let Some(poll) = &endpoint.poll else {
        return quote!();
    };
    let error = &options.error_alias;
    let request = ident(&endpoint.request.rust_name);
    let until = ident(&format!("{}_until_final", endpoint.operation));
    let pending: Vec<String> = poll
        .pending
        .iter()
        .map(|value| code(&value.value))
        .collect();
    let doc = format!(
        " {}, repeated while the answer is {}, waiting longer each time, until the policy's \
         deadline.",
        code(&endpoint.route()),
        pending.join(" or ")
    );
    let resolves = resolves_doc(endpoint, error);
    quote! {
        #[doc = #doc]
        #[doc = ""]
        #[doc = #resolves]
        #gate
        pub fn #until<'r>(
            &self,
            request: &'r #request,
            policy: &'r ::wechatpay_runtime::PollPolicy,
        ) -> ::wechatpay_runtime::Call<'r, #request>
        where
            'a: 'r,
        {
            ::wechatpay_runtime::Call::until_final(self.client, request, policy)
        }
    }
}
