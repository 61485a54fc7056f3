//! Checking a type for `Validate` and reducing it to the checks to emit.

use proc_macro2::{Ident, Span};
use syn::ext::IdentExt as _;
use syn::spanned::Spanned as _;
use syn::{Attribute, Data, DataEnum, DeriveInput, Fields, FieldsNamed, Generics, Variant};

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
                Fields::Named(fields) => Shape::Struct(struct_checks(&mut errors, fields)),
                // Nothing to check, as for a request without parameters.
                Fields::Unit => Shape::Struct(Vec::new()),
                Fields::Unnamed(fields) => {
                    return Err(syn::Error::new_spanned(
                        fields,
                        "Validate needs named fields, so each violation can name its field on the wire",
                    ));
                }
            },
            Data::Enum(data) => Shape::OneOf(one_of_checks(&mut errors, data)),
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

/// The fields that carry rules, each named on the wire by its Rust name unless `name` says
/// otherwise.
fn struct_checks<'a>(errors: &mut Errors, fields: &'a FieldsNamed) -> Vec<Check<'a>> {
    let mut checks = Vec::new();
    for field in &fields.named {
        let Some(ident) = &field.ident else { continue };
        if let Some(Some(rules)) = errors.take(Rules::from_attrs(&field.attrs)) {
            let default = ident.unraw().to_string();
            checks.push(Check::new(ident, default, ident.span(), rules));
        }
    }
    checks
}

/// Every variant, each named on the wire by the `snake_case` of its Rust name unless `name`
/// says otherwise.
fn one_of_checks<'a>(
    errors: &mut Errors,
    data: &'a DataEnum,
) -> Vec<(&'a Ident, Option<Check<'a>>)> {
    let mut variants = Vec::new();
    for variant in &data.variants {
        let Some(ty) = one_of_value(errors, variant) else {
            continue;
        };
        if let Some(rules) = errors.take(Rules::from_attrs(&variant.attrs)) {
            let check = rules.map(|rules| {
                let default =
                    wechatpay_rules::names::variant_wire_name(&variant.ident.unraw().to_string());
                Check::new(&variant.ident, default, ty.span(), rules)
            });
            variants.push((&variant.ident, check));
        }
    }
    variants
}

/// The type of the one value a one-of variant holds.
fn one_of_value<'a>(errors: &mut Errors, variant: &'a Variant) -> Option<&'a syn::Type> {
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
    reject_misplaced(
        errors,
        &field.attrs,
        "on the value of a variant; put it on the variant",
    );
    Some(&field.ty)
}

impl<'a> Check<'a> {
    /// A check named by the `name` key if given, otherwise by `default`.
    fn new(ident: &'a Ident, default: String, span: Span, rules: Rules) -> Self {
        let name = rules.name.as_ref().map_or(default, syn::LitStr::value);
        Check {
            ident,
            name,
            span,
            rules,
        }
    }
}

fn reject_misplaced(errors: &mut Errors, attrs: &[Attribute], place: &str) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("validate")) {
        errors.spanned(attr, format!("#[validate] does nothing {place}"));
    }
}
