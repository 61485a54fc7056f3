//! Checking an enum for `WireEnum` and reducing it to what the expansion needs.

use std::collections::HashMap;

use proc_macro2::Ident;
use syn::{Attribute, Data, DeriveInput, Fields, LitStr, Type, Variant};

use super::attr::WireAttr;
use crate::errors::Errors;

/// An enum that passed every check.
pub(crate) struct WireEnumDef<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) known: Vec<Known<'a>>,
    pub(crate) other: Other<'a>,
}

/// A variant with a wire value.
pub(crate) struct Known<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) value: LitStr,
    pub(crate) aliases: Vec<LitStr>,
}

/// The catch-all variant and the type of its one field.
pub(crate) struct Other<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
}

const CATCH_ALL: &str = "#[wire(other)] Unknown(::wechatpay_runtime::UnknownValue)";

impl<'a> WireEnumDef<'a> {
    /// Checks `input`, reporting every misuse at once.
    pub(crate) fn from_input(input: &'a DeriveInput) -> syn::Result<Self> {
        let data = match &input.data {
            Data::Enum(data) => data,
            Data::Struct(data) => {
                return Err(syn::Error::new(
                    data.struct_token.span,
                    "WireEnum can only be derived for an enum of string values",
                ));
            }
            Data::Union(data) => {
                return Err(syn::Error::new(
                    data.union_token.span,
                    "WireEnum can only be derived for an enum of string values",
                ));
            }
        };

        let mut errors = Errors::default();
        if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
            errors.spanned(
                &input.generics,
                "WireEnum cannot be derived for a generic enum: its variants are plain string values",
            );
        }
        reject_misplaced(
            &mut errors,
            &input.attrs,
            "on the enum; put it on each variant",
        );
        let mut variants = Variants::default();
        for variant in &data.variants {
            variants.add(&mut errors, variant);
        }
        let catch_all_marked = data
            .variants
            .iter()
            .flat_map(|variant| &variant.attrs)
            .any(|attr| attr.path().is_ident("wire") && WireAttr::marks_catch_all(attr));
        if !catch_all_marked {
            errors.spanned(
                &input.ident,
                format!(
                    "WireEnum needs a catch-all variant for values this version does not know, so reading never fails: add `{CATCH_ALL}`"
                ),
            );
        }
        errors.finish()?;
        let Some(other) = variants.other else {
            // Unreachable: a missing or malformed catch-all has already been reported.
            return Err(syn::Error::new_spanned(
                &input.ident,
                "missing #[wire(other)] variant",
            ));
        };
        Ok(WireEnumDef {
            ident: &input.ident,
            known: variants.known,
            other,
        })
    }
}

/// The variants read so far: the known ones, the catch-all, and which variant reads each
/// spelling.
#[derive(Default)]
struct Variants<'a> {
    known: Vec<Known<'a>>,
    other: Option<Other<'a>>,
    claimed: HashMap<String, &'a Ident>,
}

impl<'a> Variants<'a> {
    fn add(&mut self, errors: &mut Errors, variant: &'a Variant) {
        for field in &variant.fields {
            reject_misplaced(errors, &field.attrs, "on a field; put it on the variant");
        }
        match variant_attr(errors, variant) {
            Some(WireAttr::Value { value, aliases }) => {
                self.add_known(errors, variant, value, aliases);
            }
            Some(WireAttr::Other(keyword)) => self.add_other(errors, variant, &keyword),
            None => {}
        }
    }

    /// A variant with a wire value: a unit variant whose spellings no other variant reads.
    fn add_known(
        &mut self,
        errors: &mut Errors,
        variant: &'a Variant,
        value: LitStr,
        aliases: Vec<LitStr>,
    ) {
        if !matches!(variant.fields, Fields::Unit) {
            errors.spanned(
                &variant.fields,
                format!(
                    "variant `{}` has a wire value, so it cannot hold data; only the catch-all holds one: {CATCH_ALL}",
                    variant.ident
                ),
            );
        }
        for spelling in std::iter::once(&value).chain(&aliases) {
            claim(errors, &mut self.claimed, spelling, &variant.ident);
        }
        self.known.push(Known {
            ident: &variant.ident,
            value,
            aliases,
        });
    }

    /// The catch-all: the only one, holding the raw value in one unnamed field.
    fn add_other(&mut self, errors: &mut Errors, variant: &'a Variant, keyword: &Ident) {
        if let Some(first) = &self.other {
            errors.spanned(
                keyword,
                format!(
                    "only one variant can be #[wire(other)]; `{}` already is",
                    first.ident
                ),
            );
        }
        match catch_all_field(variant) {
            Some(ty) => {
                self.other.get_or_insert(Other {
                    ident: &variant.ident,
                    ty,
                });
            }
            None => {
                let message = format!(
                    "the #[wire(other)] variant holds the raw value in one unnamed field: `{}(::wechatpay_runtime::UnknownValue)`",
                    variant.ident
                );
                // A unit variant has no field tokens to point at.
                match &variant.fields {
                    Fields::Unit => errors.spanned(&variant.ident, message),
                    fields => errors.spanned(fields, message),
                }
            }
        }
    }
}

/// The variant's one `#[wire]` attribute, parsed; `None` (with the error recorded) when it is
/// missing, repeated or malformed.
fn variant_attr(errors: &mut Errors, variant: &Variant) -> Option<WireAttr> {
    let mut attrs = variant
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("wire"));
    let Some(first) = attrs.next() else {
        errors.spanned(
            &variant.ident,
            format!(
                "variant `{}` needs #[wire(\"VALUE\")] giving its spelling on the wire, or #[wire(other)] to be the catch-all",
                variant.ident
            ),
        );
        return None;
    };
    for repeated in attrs {
        errors.spanned(
            repeated,
            "duplicate #[wire] attribute; give the value and its aliases in one: #[wire(\"VALUE\", alias = \"OTHER\")]",
        );
    }
    errors.take(WireAttr::parse(first))
}

/// The type of the catch-all's single unnamed field.
fn catch_all_field(variant: &Variant) -> Option<&Type> {
    match &variant.fields {
        Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
            fields.unnamed.first().map(|field| &field.ty)
        }
        _ => None,
    }
}

/// Records `spelling` as `variant`'s, or an error when it is empty or already taken.
fn claim<'a>(
    errors: &mut Errors,
    claimed: &mut HashMap<String, &'a Ident>,
    spelling: &LitStr,
    variant: &'a Ident,
) {
    let text = spelling.value();
    if text.is_empty() {
        errors.spanned(spelling, "a wire value cannot be the empty string");
        return;
    }
    if let Some(owner) = claimed.get(&text) {
        let whose = if *owner == variant {
            "this variant".to_owned()
        } else {
            format!("variant `{owner}`")
        };
        errors.spanned(
            spelling,
            format!("duplicate wire value {text:?}: {whose} already reads it"),
        );
        return;
    }
    claimed.insert(text, variant);
}

fn reject_misplaced(errors: &mut Errors, attrs: &[Attribute], place: &str) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("wire")) {
        errors.spanned(attr, format!("#[wire] does nothing {place}"));
    }
}
