//! What `#[derive(Validate)]` emits beside its error when the type or its attributes are invalid:
//! the `Validate` impl, with a body that is never run, so that one mistake gives one error
//! instead of one more at every `validate()` call and every `nested` use of the type.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub(crate) fn expand(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::wechatpay_runtime::Validate for #ident #ty_generics #where_clause {
            fn validate_at(
                &self,
                _: &::wechatpay_runtime::FieldPath<'_>,
                _: &mut ::std::vec::Vec<::wechatpay_runtime::Violation>,
            ) {
                ::core::unreachable!("the Validate derive reported an error")
            }
        }
    }
}
