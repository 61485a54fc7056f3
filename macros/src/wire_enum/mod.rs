//! `#[derive(WireEnum)]`: check the enum, then emit the impls.

mod attr;
mod expand;
mod fallback;
mod model;

use proc_macro2::TokenStream;
use syn::DeriveInput;

/// The impls, or the errors found and a fallback impl, so that nothing else is reported.
pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    match model::WireEnumDef::from_input(input) {
        Ok(def) => expand::expand(&def),
        Err(error) => {
            let error = error.into_compile_error();
            let fallback = fallback::expand(input);
            quote::quote!(#error #fallback)
        }
    }
}
