//! `#[derive(Validate)]`: read the rules from the attributes, then emit the checks.

mod attr;
mod expand;
mod model;

use proc_macro2::TokenStream;
use syn::DeriveInput;

pub(crate) fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let def = model::ValidateDef::from_input(input)?;
    Ok(expand::expand(&def))
}
