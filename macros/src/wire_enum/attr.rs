//! Parsing one variant's `#[wire(...)]` attribute.

use proc_macro2::{Ident, TokenTree};
use syn::ext::IdentExt as _;
use syn::parse::ParseStream;
use syn::{Attribute, Lit, LitStr, Meta, Token};

use crate::lit;

/// How the attribute is written, quoted in messages.
const USAGE: &str =
    "expected #[wire(\"VALUE\")], #[wire(\"VALUE\", alias = \"OTHER\")] or #[wire(other)]";

/// What a `#[wire(...)]` attribute says about its variant.
pub(crate) enum WireAttr {
    /// A known value: its canonical spelling and the other spellings read as it.
    Value { value: LitStr, aliases: Vec<LitStr> },
    /// The catch-all; the `other` keyword, for messages.
    Other(Ident),
}

impl WireAttr {
    /// Parses `#[wire(...)]`.
    pub(crate) fn parse(attr: &Attribute) -> syn::Result<Self> {
        match &attr.meta {
            Meta::List(list) if !list.tokens.is_empty() => list.parse_args_with(parse_args),
            _ => Err(syn::Error::new_spanned(attr, USAGE)),
        }
    }

    /// Whether `attr` is meant to mark the catch-all, even if it is malformed; a malformed one
    /// is reported on its own, not also as a missing catch-all.
    pub(crate) fn marks_catch_all(attr: &Attribute) -> bool {
        match &attr.meta {
            Meta::List(list) => match list.tokens.clone().into_iter().next() {
                Some(TokenTree::Ident(first)) => first == "other",
                _ => false,
            },
            Meta::Path(_) | Meta::NameValue(_) => false,
        }
    }
}

fn parse_args(input: ParseStream<'_>) -> syn::Result<WireAttr> {
    if input.peek(LitStr) {
        let value = input.parse()?;
        let aliases = parse_aliases(input)?;
        return Ok(WireAttr::Value { value, aliases });
    }
    if input.peek(Ident::peek_any) {
        let key = input.call(Ident::parse_any)?;
        return match key.to_string().as_str() {
            "other" => {
                // A trailing comma is tolerated, as everywhere in Rust; nothing else is.
                input.parse::<Option<Token![,]>>()?;
                if input.is_empty() {
                    Ok(WireAttr::Other(key))
                } else {
                    Err(input.error("the catch-all takes nothing else: #[wire(other)]"))
                }
            }
            "alias" => Err(syn::Error::new(
                key.span(),
                "the canonical wire value comes first: #[wire(\"VALUE\", alias = \"OTHER\")]",
            )),
            _ => Err(syn::Error::new(
                key.span(),
                format!("unknown key `{key}` in #[wire]; {USAGE}"),
            )),
        };
    }
    if input.peek(Lit) {
        let other: Lit = input.parse()?;
        return Err(syn::Error::new(
            other.span(),
            "the wire value must be a string literal: #[wire(\"VALUE\")]",
        ));
    }
    Err(input.error(USAGE))
}

/// `, alias = "A", alias = "B"` after the value.
fn parse_aliases(input: ParseStream<'_>) -> syn::Result<Vec<LitStr>> {
    let mut aliases = Vec::new();
    while !input.is_empty() {
        input.parse::<Token![,]>()?;
        if input.is_empty() {
            break;
        }
        let key = input.call(Ident::parse_any)?;
        match key.to_string().as_str() {
            "alias" => {
                input.parse::<Token![=]>()?;
                aliases.push(lit::string(input, "alias")?);
            }
            "other" => {
                return Err(syn::Error::new(
                    key.span(),
                    "a variant with a wire value cannot also be the catch-all #[wire(other)]",
                ));
            }
            _ => {
                return Err(syn::Error::new(
                    key.span(),
                    format!(
                        "unknown key `{key}` in #[wire]; after the value only `alias = \"…\"` may follow"
                    ),
                ));
            }
        }
    }
    Ok(aliases)
}
