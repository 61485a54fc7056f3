//! Fields holding JSON text: they stay strings on the wire, and where the spec names the type of
//! that JSON, the struct gets a typed reader (and, for what callers send, a typed writer).

use proc_macro2::TokenStream;
use quote::quote;
use wechatpay_spec::model::{Field, Presence};

use super::docs::{code, json_reader_name};
use super::types::{Context, ident};

/// The readers (and, when `writable`, writers) of `fields` that hold typed JSON text, as an
/// `impl` block of `type_name`; nothing when none does.
pub fn accessors(ctx: &Context, type_name: &str, fields: &[&Field], writable: bool) -> TokenStream {
    let methods: Vec<TokenStream> = fields
        .iter()
        .filter_map(|field| {
            let inner = field.json.as_ref()?.inner.as_ref()?;
            let inner = ctx.value_type(inner);
            Some(field_accessors(field, &inner, writable))
        })
        .collect();
    if methods.is_empty() {
        return quote!();
    }
    let name = ident(type_name);
    quote! {
        impl #name {
            #(#methods)*
        }
    }
}

fn field_accessors(field: &Field, inner: &TokenStream, writable: bool) -> TokenStream {
    let name = ident(&field.rust_name);
    let reader = ident(&json_reader_name(field));
    let wire = code(&field.wire_name);
    let optional = field.presence == Presence::Optional;
    let read_doc = format!(" Reads {wire}, which holds JSON text, as its type.");
    let read = if optional {
        quote! {
            #[doc = #read_doc]
            ///
            /// `None` when the field is absent; an error when its text is not that JSON.
            pub fn #reader(
                &self,
            ) -> Option<Result<#inner, ::wechatpay_runtime::serde_json::Error>> {
                self.#name.as_deref().map(::wechatpay_runtime::serde_json::from_str)
            }
        }
    } else {
        quote! {
            #[doc = #read_doc]
            ///
            /// An error when its text is not that JSON.
            pub fn #reader(&self) -> Result<#inner, ::wechatpay_runtime::serde_json::Error> {
                ::wechatpay_runtime::serde_json::from_str(&self.#name)
            }
        }
    };
    if !writable {
        return read;
    }
    let writer = ident(&format!(
        "with_{}_json",
        field.rust_name.trim_start_matches("r#")
    ));
    let write_doc = format!(" Sets {wire} to `value` written as JSON text.");
    let set = if optional {
        quote!(self.#name = Some(text);)
    } else {
        quote!(self.#name = text;)
    };
    quote! {
        #read

        #[doc = #write_doc]
        pub fn #writer(
            mut self,
            value: &#inner,
        ) -> Result<Self, ::wechatpay_runtime::serde_json::Error> {
            let text = ::wechatpay_runtime::serde_json::to_string(value)?;
            #set
            Ok(self)
        }
    }
}
