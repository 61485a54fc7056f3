//! Literal values in attributes, with messages that show the expected form.

use syn::parse::ParseStream;
use syn::{Lit, LitInt, LitStr};

/// The string literal after `key =`.
pub(crate) fn string(input: ParseStream<'_>, key: &str) -> syn::Result<LitStr> {
    if input.peek(LitStr) {
        return input.parse();
    }
    let expected = format!("`{key}` takes a string literal: {key} = \"…\"");
    if input.peek(Lit) {
        let other: Lit = input.parse()?;
        return Err(syn::Error::new(other.span(), expected));
    }
    Err(input.error(expected))
}

/// The non-negative integer literal after `key =`, with the literal for later messages.
pub(crate) fn integer(input: ParseStream<'_>, key: &str) -> syn::Result<(usize, LitInt)> {
    let expected = format!("`{key}` takes a non-negative integer literal: {key} = 1");
    if input.peek(LitInt) {
        let lit: LitInt = input.parse()?;
        let value = lit
            .base10_parse()
            .map_err(|_| syn::Error::new(lit.span(), &expected))?;
        return Ok((value, lit));
    }
    if input.peek(Lit) {
        let other: Lit = input.parse()?;
        return Err(syn::Error::new(other.span(), expected));
    }
    Err(input.error(expected))
}
