//! What `#[derive(WireEnum)]` emits beside its error when the enum is invalid: every impl it
//! promises, with bodies that are never run, so that one mistake gives one error instead of one
//! more at every use of `as_str` (or `as_i64`), `parse`, `Display` or serde.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput};

use super::attr::Kind;
use super::model::kind_of;

pub(crate) fn expand(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let mut with_de = input.generics.clone();
    with_de.params.insert(0, syn::parse_quote!('de));
    let (de_impl_generics, _, _) = with_de.split_for_impl();
    let unreachable = quote!(::core::unreachable!(
        "the WireEnum derive reported an error"
    ));
    // The kind the enum was meant to have, so that uses of its integer or string API type-check.
    let kind = match &input.data {
        Data::Enum(data) => kind_of(data).0,
        Data::Struct(_) | Data::Union(_) => Kind::Str,
    };
    let (wire_trait, parse_error) = match kind {
        Kind::Str => (
            quote! {
                impl #impl_generics ::wechatpay_runtime::WireEnum for #ident #ty_generics #where_clause {
                    const KNOWN: &'static [&'static str] = &[];
                    fn known(_: &str) -> ::core::option::Option<Self> { #unreachable }
                    fn from_unknown(_: ::wechatpay_runtime::UnknownValue) -> Self { #unreachable }
                    fn as_str(&self) -> &str { #unreachable }
                    fn is_known(&self) -> bool { #unreachable }
                }

                impl #impl_generics #ident #ty_generics #where_clause {
                    /// Not generated: the derive reported an error.
                    pub fn as_str(&self) -> &str { #unreachable }
                    /// Not generated: the derive reported an error.
                    pub fn is_known(&self) -> bool { #unreachable }
                }
            },
            quote!(::core::convert::Infallible),
        ),
        Kind::Int => (
            quote! {
                impl #impl_generics ::wechatpay_runtime::WireIntEnum for #ident #ty_generics #where_clause {
                    const KNOWN: &'static [i64] = &[];
                    fn known(_: i64) -> ::core::option::Option<Self> { #unreachable }
                    fn from_unknown(_: ::wechatpay_runtime::UnknownInt) -> Self { #unreachable }
                    fn as_i64(&self) -> i64 { #unreachable }
                    fn is_known(&self) -> bool { #unreachable }
                }

                impl #impl_generics #ident #ty_generics #where_clause {
                    /// Not generated: the derive reported an error.
                    pub fn as_i64(&self) -> i64 { #unreachable }
                    /// Not generated: the derive reported an error.
                    pub fn is_known(&self) -> bool { #unreachable }
                }
            },
            quote!(::wechatpay_runtime::wire_int_enum::ParseWireIntError),
        ),
    };
    quote! {
        #[automatically_derived]
        #wire_trait

        #[automatically_derived]
        impl #impl_generics ::core::fmt::Display for #ident #ty_generics #where_clause {
            fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { #unreachable }
        }

        #[automatically_derived]
        impl #impl_generics ::core::str::FromStr for #ident #ty_generics #where_clause {
            type Err = #parse_error;
            fn from_str(_: &str) -> ::core::result::Result<Self, Self::Err> { #unreachable }
        }

        #[automatically_derived]
        impl #impl_generics ::wechatpay_runtime::serde::Serialize for #ident #ty_generics #where_clause {
            fn serialize<S>(&self, _: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: ::wechatpay_runtime::serde::Serializer,
            {
                #unreachable
            }
        }

        #[automatically_derived]
        impl #de_impl_generics ::wechatpay_runtime::serde::Deserialize<'de> for #ident #ty_generics #where_clause {
            fn deserialize<D>(_: D) -> ::core::result::Result<Self, D::Error>
            where
                D: ::wechatpay_runtime::serde::Deserializer<'de>,
            {
                #unreachable
            }
        }
    }
}
