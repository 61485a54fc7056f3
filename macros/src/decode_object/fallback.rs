//! What `#[derive(DecodeObject)]` emits beside its error when the struct is invalid: the
//! `Deserialize` impl it promises, with a body that is never run, so that one mistake gives one
//! error instead of one more at every place the struct is read.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub(crate) fn expand(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (_, ty_generics, where_clause) = input.generics.split_for_impl();
    let mut with_de = input.generics.clone();
    with_de.params.insert(0, syn::parse_quote!('de));
    let (de_impl_generics, _, _) = with_de.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #de_impl_generics ::wechatpay_runtime::serde::Deserialize<'de> for #ident #ty_generics #where_clause {
            fn deserialize<D>(_: D) -> ::core::result::Result<Self, D::Error>
            where
                D: ::wechatpay_runtime::serde::Deserializer<'de>,
            {
                ::core::unreachable!("the DecodeObject derive reported an error")
            }
        }
    }
}
