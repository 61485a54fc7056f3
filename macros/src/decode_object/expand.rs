//! What `#[derive(DecodeObject)]` emits: `wechatpay_runtime::decode::DecodeObject` (a slot, a
//! match arm and a line per field) and a `Deserialize` that hands the object to
//! `wechatpay_runtime::decode::deserialize`, which owns the loop over its keys.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::Index;

use super::model::{FieldDef, Missing, ObjectDef};

pub(crate) fn expand(def: &ObjectDef<'_>) -> TokenStream {
    let ident = def.ident;
    let name = ident.to_string();
    let decode = quote!(::wechatpay_runtime::decode);
    let de = quote!(::wechatpay_runtime::serde::de);
    let slot_types = def.fields.iter().map(|field| {
        let ty = field.ty;
        quote!(::core::option::Option<#ty>,)
    });
    let empty = def
        .fields
        .iter()
        .map(|_| quote!(::core::option::Option::None,));
    let fill = fill_body(def);
    let finish = finish_body(def);
    quote! {
        #[automatically_derived]
        impl #decode::DecodeObject for #ident {
            type Slots = (#(#slot_types)*);
            const NAME: &'static str = #name;

            fn empty() -> Self::Slots {
                (#(#empty)*)
            }

            fn fill<'de, __A: #de::MapAccess<'de>>(
                slots: &mut Self::Slots,
                key: &str,
                map: &mut __A,
            ) -> ::core::result::Result<(), __A::Error> {
                #fill
            }

            fn finish<__E: #de::Error>(slots: Self::Slots) -> ::core::result::Result<Self, __E> {
                #finish
            }
        }

        #[automatically_derived]
        impl<'de> ::wechatpay_runtime::serde::Deserialize<'de> for #ident {
            fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: ::wechatpay_runtime::serde::Deserializer<'de>,
            {
                #decode::deserialize(deserializer)
            }
        }
    }
}

/// A match on the key: an arm per field putting the value in its slot, and the rest passed over.
fn fill_body(def: &ObjectDef<'_>) -> TokenStream {
    let decode = quote!(::wechatpay_runtime::decode);
    let wrappers = def
        .fields
        .iter()
        .enumerate()
        .filter_map(|(index, field)| with_wrapper(field, index));
    let arms = def.fields.iter().enumerate().map(|(index, field)| {
        let wire = &field.wire;
        let slot = Index::from(index);
        let value = match &field.with {
            Some(_) => {
                let wrapper = wrapper_ident(index);
                quote!(map.next_value::<#wrapper>().map(|value| value.0))
            }
            None => quote!(map.next_value()),
        };
        quote!(#wire => #decode::fill(&mut slots.#slot, #wire, #value),)
    });
    // With no fields, `slots` and `key` are unused: every key is passed over.
    let unused = def.fields.is_empty().then(|| quote!(let _ = (slots, key);));
    quote! {
        #(#wrappers)*
        #unused
        match key {
            #(#arms)*
            _ => #decode::skip(map),
        }
    }
}

/// The struct from its slots. The required ones are matched as `Some` in one pattern, so the
/// struct is built without an early return per field; when one is `None`, `missing` finds which.
fn finish_body(def: &ObjectDef<'_>) -> TokenStream {
    let decode = quote!(::wechatpay_runtime::decode);
    let taken: Vec<Ident> = (0..def.fields.len())
        .map(|index| format_ident!("slot{index}"))
        .collect();
    let patterns = def
        .fields
        .iter()
        .zip(&taken)
        .map(|(field, slot)| match field.missing {
            Missing::Error => quote!(::core::option::Option::Some(#slot),),
            Missing::Default => quote!(#slot,),
        });
    let required = def
        .fields
        .iter()
        .enumerate()
        .filter(|(_, field)| field.missing == Missing::Error)
        .map(|(index, field)| {
            let slot = Index::from(index);
            let wire = &field.wire;
            quote!((#wire, slots.#slot.is_none()),)
        })
        .collect::<Vec<_>>();
    let values = def.fields.iter().zip(&taken).map(|(field, slot)| {
        let field_ident = field.ident;
        match field.missing {
            Missing::Error => quote!(#field_ident: #slot,),
            Missing::Default => quote!(#field_ident: #slot.unwrap_or_default(),),
        }
    });
    // Without a required field the pattern cannot fail, and an `else` would be linted.
    let otherwise = (!required.is_empty()).then(|| {
        quote!(else {
            return ::core::result::Result::Err(#decode::missing(&[#(#required)*]));
        })
    });
    quote! {
        let (#(#patterns)*) = slots #otherwise;
        ::core::result::Result::Ok(Self {
            #(#values)*
        })
    }
}

fn wrapper_ident(index: usize) -> Ident {
    format_ident!("__With{index}")
}

/// A field read through `with` gets a wrapper type whose `Deserialize` calls that module's
/// `deserialize`: the value's type is only known to the map, so a function cannot be passed.
fn with_wrapper(field: &FieldDef<'_>, index: usize) -> Option<TokenStream> {
    let with = field.with.as_ref()?;
    let ty = field.ty;
    let wrapper = wrapper_ident(index);
    Some(quote! {
        struct #wrapper(#ty);
        impl<'de> ::wechatpay_runtime::serde::Deserialize<'de> for #wrapper {
            fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: ::wechatpay_runtime::serde::Deserializer<'de>,
            {
                #with::deserialize(deserializer).map(#wrapper)
            }
        }
    })
}
