//! The code `#[derive(WireEnum)]` emits. Everything shared lives in
//! `wechatpay_runtime::wire_enum` (string values) and `wechatpay_runtime::wire_int_enum`
//! (integer values); what is here is only what differs from enum to enum.

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens as _, quote, quote_spanned};
use syn::spanned::Spanned as _;

use super::attr::Kind;
use super::model::WireEnumDef;

pub(crate) fn expand(def: &WireEnumDef<'_>) -> TokenStream {
    match def.kind {
        Kind::Str => expand_str(def),
        Kind::Int => expand_int(def),
    }
}

/// A string enum: `WireEnum`, `as_str`, an infallible `FromStr`.
fn expand_str(def: &WireEnumDef<'_>) -> TokenStream {
    let ident = def.ident;
    let parts = Parts::of(def);
    let Parts {
        variants,
        values,
        spellings,
        other,
        catch_all,
    } = &parts;
    let serde = serde_impls(ident, &quote!(::wechatpay_runtime::wire_enum));

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

        #serde
    }
}

/// An integer enum: `WireIntEnum`, `as_i64`, a `FromStr` of the number's text.
fn expand_int(def: &WireEnumDef<'_>) -> TokenStream {
    let ident = def.ident;
    let parts = Parts::of(def);
    let Parts {
        variants,
        values,
        spellings,
        other,
        catch_all,
    } = &parts;
    let runtime = quote!(::wechatpay_runtime::wire_int_enum);
    let serde = serde_impls(ident, &runtime);

    quote! {
        #[automatically_derived]
        impl ::wechatpay_runtime::WireIntEnum for #ident {
            const KNOWN: &'static [i64] = &[#(#values),*];

            fn known(value: i64) -> ::core::option::Option<Self> {
                match value {
                    #(#spellings => ::core::option::Option::Some(Self::#variants),)*
                    _ => ::core::option::Option::None,
                }
            }

            fn from_unknown(value: ::wechatpay_runtime::UnknownInt) -> Self {
                Self::#other(#catch_all::wrap(value))
            }

            fn as_i64(&self) -> i64 {
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
            /// The value on the wire: the canonical one for a known value, the integer as
            /// received for an unknown one.
            pub fn as_i64(&self) -> i64 {
                <Self as ::wechatpay_runtime::WireIntEnum>::as_i64(self)
            }

            /// Whether this is a value this version knows, rather than one kept as received.
            pub fn is_known(&self) -> bool {
                <Self as ::wechatpay_runtime::WireIntEnum>::is_known(self)
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let value = <Self as ::wechatpay_runtime::WireIntEnum>::as_i64(self);
                ::core::fmt::Display::fmt(&value, f)
            }
        }

        #[automatically_derived]
        impl ::core::str::FromStr for #ident {
            type Err = #runtime::ParseWireIntError;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                #runtime::from_str(value)
            }
        }

        #serde
    }
}

/// The pieces both kinds of enum interpolate.
struct Parts<'a> {
    /// The known variants, in declaration order.
    variants: Vec<&'a Ident>,
    /// Each known variant's canonical value, as written.
    values: Vec<TokenStream>,
    /// Each known variant's match pattern: its value and aliases.
    spellings: Vec<TokenStream>,
    other: &'a Ident,
    /// `<Type as CatchAllTrait>`, spanned at the catch-all's field type.
    catch_all: TokenStream,
}

impl<'a> Parts<'a> {
    fn of(def: &WireEnumDef<'a>) -> Self {
        let spellings = def.known.iter().map(|known| {
            let value = &known.value;
            let aliases = &known.aliases;
            quote!(#value #(| #aliases)*)
        });
        // Through a trait, spanned at the field's type, so a catch-all holding the wrong type is
        // reported there with a message saying what to write.
        let ty = def.other.ty;
        let catch_all = match def.kind {
            Kind::Str => quote_spanned!(ty.span()=>
                <#ty as ::wechatpay_runtime::wire_enum::__private::CatchAll>),
            Kind::Int => quote_spanned!(ty.span()=>
                <#ty as ::wechatpay_runtime::wire_int_enum::__private::CatchAllInt>),
        };
        Parts {
            variants: def.known.iter().map(|known| known.ident).collect(),
            values: def
                .known
                .iter()
                .map(|known| known.value.to_token_stream())
                .collect(),
            spellings: spellings.collect(),
            other: def.other.ident,
            catch_all,
        }
    }
}

/// `Serialize` and `Deserialize`, delegating to `serialize` and `deserialize` in `runtime`.
fn serde_impls(ident: &Ident, runtime: &TokenStream) -> TokenStream {
    quote! {
        #[automatically_derived]
        impl ::wechatpay_runtime::serde::Serialize for #ident {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: ::wechatpay_runtime::serde::Serializer,
            {
                #runtime::serialize(self, serializer)
            }
        }

        #[automatically_derived]
        impl<'de> ::wechatpay_runtime::serde::Deserialize<'de> for #ident {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: ::wechatpay_runtime::serde::Deserializer<'de>,
            {
                #runtime::deserialize(deserializer)
            }
        }
    }
}
