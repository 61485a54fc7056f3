//! `#[derive(WireEnum)]`: check the enum, then emit the impls.

mod attr;
mod expand;
mod model;

use proc_macro2::TokenStream;
use syn::DeriveInput;

pub(crate) fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let def = model::WireEnumDef::from_input(input)?;
    Ok(expand::expand(&def))
}
