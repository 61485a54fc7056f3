//! Parsing one variant's `#[wire(...)]` attribute.

use std::fmt;

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt as _;
use syn::parse::ParseStream;
use syn::{Attribute, Lit, LitInt, LitStr, Meta, Token};

/// How the attribute is written, quoted in messages.
const USAGE: &str = "expected #[wire(\"VALUE\")], #[wire(\"VALUE\", alias = \"OTHER\")], #[wire(3)], #[wire(3, alias = 4)] or #[wire(other)]";

/// What a `#[wire(...)]` attribute says about its variant.
pub(crate) enum WireAttr {
    /// A known value: its canonical spelling and the other spellings read as it.
    Value {
        value: WireLit,
        aliases: Vec<WireLit>,
    },
    /// The catch-all; the `other` keyword, for messages.
    Other(Ident),
}

/// Whether an enum's values travel as JSON strings or as JSON integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Str,
    Int,
}

impl Kind {
    /// The type the catch-all of such an enum holds.
    pub(crate) fn unknown_type(self) -> &'static str {
        match self {
            Kind::Str => "UnknownValue",
            Kind::Int => "UnknownInt",
        }
    }
}

/// One wire value as written: a string literal, or an integer literal (`-3` for a negative one).
pub(crate) enum WireLit {
    Str(LitStr),
    Int(IntLit),
}

/// An integer wire value: the tokens as written and the value they denote.
pub(crate) struct IntLit {
    minus: Option<Token![-]>,
    lit: LitInt,
    pub(crate) value: i64,
}

impl WireLit {
    pub(crate) fn kind(&self) -> Kind {
        match self {
            WireLit::Str(_) => Kind::Str,
            WireLit::Int(_) => Kind::Int,
        }
    }
}

/// The literal as written, so the expansion names it where the user wrote it and errors point
/// at all of it (the `-` too).
impl ToTokens for WireLit {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            WireLit::Str(lit) => lit.to_tokens(tokens),
            WireLit::Int(int) => {
                int.minus.to_tokens(tokens);
                int.lit.to_tokens(tokens);
            }
        }
    }
}

/// The value as a message shows it: `"SUCCESS"` or `-3`.
impl fmt::Display for WireLit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireLit::Str(lit) => write!(f, "{:?}", lit.value()),
            WireLit::Int(int) => write!(f, "{}", int.value),
        }
    }
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

    /// The kind of value `attr` starts with, read from its first token alone, so it can be told
    /// even when the attribute is malformed: a string literal, or an integer literal or `-`.
    pub(crate) fn kind_hint(attr: &Attribute) -> Option<Kind> {
        let Meta::List(list) = &attr.meta else {
            return None;
        };
        match list.tokens.clone().into_iter().next()? {
            TokenTree::Punct(punct) if punct.as_char() == '-' => Some(Kind::Int),
            TokenTree::Literal(literal) => match Lit::new(literal) {
                Lit::Str(_) => Some(Kind::Str),
                Lit::Int(_) => Some(Kind::Int),
                _ => None,
            },
            _ => None,
        }
    }
}

fn parse_args(input: ParseStream<'_>) -> syn::Result<WireAttr> {
    if let Some(value) = wire_lit(
        input,
        "the wire value must be a string or an integer literal: #[wire(\"VALUE\")] or #[wire(3)]",
    )? {
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
    Err(input.error(USAGE))
}

/// A wire value, if one starts here; `Ok(None)` when the next token starts none. Another kind
/// of literal is an error saying `expected`.
fn wire_lit(input: ParseStream<'_>, expected: &str) -> syn::Result<Option<WireLit>> {
    if input.peek(LitStr) {
        return input.parse().map(|lit| Some(WireLit::Str(lit)));
    }
    if input.peek(Token![-]) || input.peek(LitInt) {
        return int_lit(input).map(|int| Some(WireLit::Int(int)));
    }
    if input.peek(Lit) {
        let other: Lit = input.parse()?;
        return Err(syn::Error::new(other.span(), expected));
    }
    Ok(None)
}

/// An integer literal, optionally negative, in the range of `i64`.
fn int_lit(input: ParseStream<'_>) -> syn::Result<IntLit> {
    let minus: Option<Token![-]> = input.parse()?;
    if !input.peek(LitInt) {
        let message = "a `-` must be followed by an integer literal, like #[wire(-1)]";
        return Err(match &minus {
            Some(minus) => syn::Error::new(minus.span, message),
            None => input.error(message),
        });
    }
    let lit: LitInt = input.parse()?;
    if !lit.suffix().is_empty() {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "an integer wire value takes no suffix: write `{}`; every integer wire value is an i64",
                lit.base10_digits()
            ),
        ));
    }
    let magnitude: Option<u64> = lit.base10_digits().parse().ok();
    let value = match (magnitude, &minus) {
        (Some(magnitude), None) => i64::try_from(magnitude).ok(),
        (Some(magnitude), Some(_)) => 0_i64.checked_sub_unsigned(magnitude),
        (None, _) => None,
    };
    let Some(value) = value else {
        let sign = if minus.is_some() { "-" } else { "" };
        let tokens = quote::quote!(#minus #lit);
        return Err(syn::Error::new_spanned(
            tokens,
            format!(
                "{sign}{} is outside the range of an integer wire value, which is an i64 ({} to {})",
                lit.base10_digits(),
                i64::MIN,
                i64::MAX
            ),
        ));
    };
    Ok(IntLit { minus, lit, value })
}

/// `, alias = "A", alias = "B"` (or `, alias = 4`) after the value.
fn parse_aliases(input: ParseStream<'_>) -> syn::Result<Vec<WireLit>> {
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
                let expected =
                    "`alias` takes a string or an integer literal: alias = \"…\" or alias = 4";
                match wire_lit(input, expected)? {
                    Some(alias) => aliases.push(alias),
                    None => return Err(input.error(expected)),
                }
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
                        "unknown key `{key}` in #[wire]; after the value only aliases may follow: `alias = \"…\"`, or `alias = 4` in an integer enum"
                    ),
                ));
            }
        }
    }
    Ok(aliases)
}
