//! The `Deserialize` impl `#[derive(DecodeObject)]` emits: a map visitor with one slot per
//! field; everything the fields share is in `wechatpay_runtime::decode`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::model::{FieldDef, Missing, ObjectDef};

pub(crate) fn expand(def: &ObjectDef<'_>) -> TokenStream {
    let ident = def.ident;
    let name = ident.to_string();
    let decode = quote!(::wechatpay_runtime::decode);
    let de = quote!(::wechatpay_runtime::serde::de);
    let slots: Vec<_> = (0..def.fields.len())
        .map(|index| format_ident!("__field{index}"))
        .collect();
    let declarations = def.fields.iter().zip(&slots).map(|(field, slot)| {
        let ty = field.ty;
        quote!(let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None;)
    });
    let wrappers = def
        .fields
        .iter()
        .zip(&slots)
        .filter_map(|(field, slot)| with_wrapper(field, slot));
    let arms = def.fields.iter().zip(&slots).map(|(field, slot)| {
        let wire = &field.wire;
        let value = match &field.with {
            Some(_) => {
                let wrapper = format_ident!("__With{}", slot);
                quote!(map.next_value::<#wrapper>().map(|value| value.0))
            }
            None => quote!(map.next_value()),
        };
        quote!(#wire => #decode::fill(&mut #slot, #wire, #value)?,)
    });
    let values = def.fields.iter().zip(&slots).map(|(field, slot)| {
        let field_ident = field.ident;
        let wire = &field.wire;
        match field.missing {
            Missing::Error => quote!(#field_ident: #decode::required(#slot, #wire)?,),
            Missing::Default => quote!(#field_ident: #slot.unwrap_or_default(),),
        }
    });
    quote! {
        #[automatically_derived]
        impl<'de> ::wechatpay_runtime::serde::Deserialize<'de> for #ident {
            fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: ::wechatpay_runtime::serde::Deserializer<'de>,
            {
                #(#wrappers)*

                struct __Visitor;

                impl<'de> #de::Visitor<'de> for __Visitor {
                    type Value = #ident;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        #decode::expecting(f, #name)
                    }

                    fn visit_map<__A>(self, mut map: __A) -> ::core::result::Result<#ident, __A::Error>
                    where
                        __A: #de::MapAccess<'de>,
                    {
                        #(#declarations)*
                        while let ::core::option::Option::Some(key) = map.next_key::<#decode::Key<'de>>()? {
                            match key.as_str() {
                                #(#arms)*
                                _ => {
                                    map.next_value::<#de::IgnoredAny>()?;
                                }
                            }
                        }
                        ::core::result::Result::Ok(#ident {
                            #(#values)*
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}

/// A field read through `with` gets a wrapper type whose `Deserialize` calls that module's
/// `deserialize`: the value's type is only known to the map, so a function cannot be passed.
fn with_wrapper(field: &FieldDef<'_>, slot: &Ident) -> Option<TokenStream> {
    let with = field.with.as_ref()?;
    let ty = field.ty;
    let wrapper = format_ident!("__With{}", slot);
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
