//! `#[derive(DecodeObject)]`: read the struct and its `#[serde]` field attributes, then emit a
//! `Deserialize` that reads a JSON object through `wechatpay_runtime::decode`.

mod expand;
mod fallback;
mod model;

use proc_macro2::TokenStream;
use syn::DeriveInput;

/// The impl, or the errors found and a fallback impl, so that nothing else is reported.
pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    match model::ObjectDef::from_input(input) {
        Ok(def) => expand::expand(&def),
        Err(error) => {
            let error = error.into_compile_error();
            let fallback = fallback::expand(input);
            quote::quote!(#error #fallback)
        }
    }
}
