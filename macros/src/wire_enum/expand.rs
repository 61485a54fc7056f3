//! The code `#[derive(WireEnum)]` emits. Everything shared lives in
//! `wechatpay_runtime::wire_enum`; what is here is only what differs from enum to enum.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;

use super::model::WireEnumDef;

pub(crate) fn expand(def: &WireEnumDef<'_>) -> TokenStream {
    let ident = def.ident;
    let other = def.other.ident;
    let variants: Vec<_> = def.known.iter().map(|known| known.ident).collect();
    let values: Vec<_> = def.known.iter().map(|known| &known.value).collect();
    let spellings = def.known.iter().map(|known| {
        let value = &known.value;
        let aliases = &known.aliases;
        quote!(#value #(| #aliases)*)
    });
    // Through a trait, spanned at the field's type, so a catch-all holding the wrong type is
    // reported there with a message saying what to write.
    let ty = def.other.ty;
    let catch_all =
        quote_spanned!(ty.span()=> <#ty as ::wechatpay_runtime::wire_enum::__private::CatchAll>);

    quote! {
        #[automatically_derived]
        impl ::wechatpay_runtime::WireEnum for #ident {
            const KNOWN: &'static [&'static str] = &[#(#values),*];

            fn known(value: &str) -> ::core::option::Option<Self> {
                match value {
                    #(#spellings => ::core::option::Option::Some(Self::#variants),)*
                    _ => ::core::option::Option::None,
                }
            }

            fn from_unknown(value: ::wechatpay_runtime::UnknownValue) -> Self {
                Self::#other(#catch_all::wrap(value))
            }

            fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#other(value) => #catch_all::raw(value),
                }
            }

            fn is_known(&self) -> bool {
                !::core::matches!(self, Self::#other(_))
            }
        }

        impl #ident {
            /// The spelling on the wire: the canonical one for a known value, the raw string as
            /// received for an unknown one.
            pub fn as_str(&self) -> &str {
                <Self as ::wechatpay_runtime::WireEnum>::as_str(self)
            }

            /// Whether this is a value this version knows, rather than one kept as received.
            pub fn is_known(&self) -> bool {
                <Self as ::wechatpay_runtime::WireEnum>::is_known(self)
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.pad(<Self as ::wechatpay_runtime::WireEnum>::as_str(self))
            }
        }

        #[automatically_derived]
        impl ::core::str::FromStr for #ident {
            type Err = ::core::convert::Infallible;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                let parsed = <Self as ::wechatpay_runtime::WireEnum>::from_wire(value);
                ::core::result::Result::Ok(parsed)
            }
        }

        #[automatically_derived]
        impl ::wechatpay_runtime::serde::Serialize for #ident {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: ::wechatpay_runtime::serde::Serializer,
            {
                ::wechatpay_runtime::wire_enum::serialize(self, serializer)
            }
        }

        #[automatically_derived]
        impl<'de> ::wechatpay_runtime::serde::Deserialize<'de> for #ident {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: ::wechatpay_runtime::serde::Deserializer<'de>,
            {
                ::wechatpay_runtime::wire_enum::deserialize(deserializer)
            }
        }
    }
}
