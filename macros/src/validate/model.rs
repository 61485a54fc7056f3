//! Checking a type for `Validate` and reducing it to the checks to emit.

use heck::ToSnakeCase as _;
use proc_macro2::{Ident, Span};
use syn::spanned::Spanned as _;
use syn::ext::IdentExt as _;
use syn::{Attribute, Data, DeriveInput, Fields, Generics};

use super::attr::Rules;
use crate::errors::Errors;

/// A type that passed every check.
pub(crate) struct ValidateDef<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    pub(crate) shape: Shape<'a>,
}

pub(crate) enum Shape<'a> {
    /// A struct with named fields (or none): the fields that carry rules.
    Struct(Vec<Check<'a>>),
    /// A one-of enum: every variant, with its rules if it has any.
    OneOf(Vec<(&'a Ident, Option<Check<'a>>)>),
}

/// One value to check: a named field, or the single field of a one-of variant.
pub(crate) struct Check<'a> {
    /// The field (for a struct) or the variant (for a one-of enum).
    pub(crate) ident: &'a Ident,
    /// The wire name used in violation paths: the `name` key, or one derived from the Rust name.
    pub(crate) name: String,
    /// Where a type error in the emitted check is reported: the field's name, or the
    /// variant's value type.
    pub(crate) span: Span,
    pub(crate) rules: Rules,
}

impl<'a> ValidateDef<'a> {
    /// Checks `input`, reporting every misuse at once.
    pub(crate) fn from_input(input: &'a DeriveInput) -> syn::Result<Self> {
        let mut errors = Errors::default();
        reject_misplaced(
            &mut errors,
            &input.attrs,
            "on the type; put it on each field to check",
        );
        let shape = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(fields) => Shape::Struct(
                    fields
                        .named
                        .iter()
                        .filter_map(|field| {
                            let ident = field.ident.as_ref()?;
                            let rules = errors.take(Rules::from_attrs(&field.attrs))??;
                            let default = ident.unraw().to_string();
                            Some(Check::new(ident, default, ident.span(), rules))
                        })
                        .collect(),
                ),
                // Nothing to check, as for a request without parameters.
                Fields::Unit => Shape::Struct(Vec::new()),
                Fields::Unnamed(fields) => {
                    return Err(syn::Error::new_spanned(
                        fields,
                        "Validate needs named fields, so each violation can name its field on the wire",
                    ));
                }
            },
            Data::Enum(data) => Shape::OneOf(
                data.variants
                    .iter()
                    .filter_map(|variant| {
                        let field = match &variant.fields {
                            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => fields.unnamed.first()?,
                            fields => {
                                let has = match fields.len() {
                                    0 => "none".to_owned(),
                                    n => n.to_string(),
                                };
                                errors.spanned(
                                    variant,
                                    format!(
                                        "each variant of a one-of enum holds exactly one unnamed value, like `OrderId(String)`; `{}` has {has}",
                                        variant.ident
                                    ),
                                );
                                return None;
                            }
                        };
                        reject_misplaced(&mut errors, &field.attrs, "on the value of a variant; put it on the variant");
                        let check = errors.take(Rules::from_attrs(&variant.attrs))?.map(|rules| {
                            let default = variant.ident.unraw().to_string().to_snake_case();
                            Check::new(&variant.ident, default, field.ty.span(), rules)
                        });
                        Some((&variant.ident, check))
                    })
                    .collect(),
            ),
            Data::Union(data) => {
                return Err(syn::Error::new(
                    data.union_token.span,
                    "Validate can be derived for a struct with named fields or a one-of enum, not for a union",
                ));
            }
        };
        errors.finish()?;
        Ok(ValidateDef {
            ident: &input.ident,
            generics: &input.generics,
            shape,
        })
    }
}

impl<'a> Check<'a> {
    /// A check named by the `name` key if given, otherwise by `default`.
    fn new(ident: &'a Ident, default: String, span: Span, rules: Rules) -> Self {
        let name = rules.name.as_ref().map_or(default, syn::LitStr::value);
        Check {
            span,
            ident,
            name,
            rules,
        }
    }
}

fn reject_misplaced(errors: &mut Errors, attrs: &[Attribute], place: &str) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("validate")) {
        errors.spanned(attr, format!("#[validate] does nothing {place}"));
    }
}
