//! Checking an enum for `WireEnum` and reducing it to what the expansion needs.

use std::collections::HashMap;

use proc_macro2::Ident;
use syn::{Attribute, Data, DataEnum, DeriveInput, Fields, Type, Variant};

use super::attr::{Kind, WireAttr, WireLit};
use crate::errors::Errors;

/// An enum that passed every check.
pub(crate) struct WireEnumDef<'a> {
    pub(crate) ident: &'a Ident,
    /// Strings or integers; every value in `known` is of this kind.
    pub(crate) kind: Kind,
    pub(crate) known: Vec<Known<'a>>,
    pub(crate) other: Other<'a>,
}

/// A variant with a wire value.
pub(crate) struct Known<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) value: WireLit,
    pub(crate) aliases: Vec<WireLit>,
}

/// The catch-all variant and the type of its one field.
pub(crate) struct Other<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
}

/// How the catch-all of an enum of `kind` is written, quoted in messages.
fn catch_all(kind: Kind) -> String {
    format!(
        "#[wire(other)] Unknown(::wechatpay_runtime::{})",
        kind.unknown_type()
    )
}

/// Whether the enum's values are strings or integers, told from its tokens alone (so the
/// fallback of a malformed enum agrees): the kind of the first wire value written; with none,
/// integers when the catch-all holds `UnknownInt`, strings otherwise. Also the variant whose
/// value decided it, for messages.
pub(crate) fn kind_of(data: &DataEnum) -> (Kind, Option<&Ident>) {
    for variant in &data.variants {
        if let Some(kind) = wire_attrs(variant).find_map(WireAttr::kind_hint) {
            return (kind, Some(&variant.ident));
        }
    }
    let holds_unknown_int = data.variants.iter().any(|variant| {
        let is_catch_all = wire_attrs(variant).any(WireAttr::marks_catch_all);
        is_catch_all && catch_all_field(variant).is_some_and(names_unknown_int)
    });
    let kind = if holds_unknown_int {
        Kind::Int
    } else {
        Kind::Str
    };
    (kind, None)
}

/// The variant's `#[wire]` attributes.
fn wire_attrs(variant: &Variant) -> impl Iterator<Item = &Attribute> {
    variant
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("wire"))
}

/// Whether `ty` is a path ending in `UnknownInt`.
fn names_unknown_int(ty: &Type) -> bool {
    match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|last| last.ident == "UnknownInt"),
        _ => false,
    }
}

impl<'a> WireEnumDef<'a> {
    /// Checks `input`, reporting every misuse at once.
    pub(crate) fn from_input(input: &'a DeriveInput) -> syn::Result<Self> {
        let data = match &input.data {
            Data::Enum(data) => data,
            Data::Struct(data) => {
                return Err(syn::Error::new(
                    data.struct_token.span,
                    "WireEnum can only be derived for an enum of string or integer wire values",
                ));
            }
            Data::Union(data) => {
                return Err(syn::Error::new(
                    data.union_token.span,
                    "WireEnum can only be derived for an enum of string or integer wire values",
                ));
            }
        };

        let mut errors = Errors::default();
        if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
            errors.spanned(
                &input.generics,
                "WireEnum cannot be derived for a generic enum: its variants are plain wire values",
            );
        }
        reject_misplaced(
            &mut errors,
            &input.attrs,
            "on the enum; put it on each variant",
        );
        let (kind, kind_from) = kind_of(data);
        let mut variants = Variants {
            kind,
            kind_from,
            known: Vec::new(),
            other: None,
            claimed: HashMap::new(),
        };
        for variant in &data.variants {
            variants.add(&mut errors, variant);
        }
        let catch_all_marked = data
            .variants
            .iter()
            .flat_map(wire_attrs)
            .any(WireAttr::marks_catch_all);
        if !catch_all_marked {
            errors.spanned(
                &input.ident,
                format!(
                    "WireEnum needs a catch-all variant for values this version does not know, so reading never fails: add `{}`",
                    catch_all(kind)
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
            kind,
            known: variants.known,
            other,
        })
    }
}

/// The variants read so far: the known ones, the catch-all, and which variant reads each
/// spelling.
struct Variants<'a> {
    /// The enum's kind, and the variant whose value decided it (see [`kind_of`]).
    kind: Kind,
    kind_from: Option<&'a Ident>,
    known: Vec<Known<'a>>,
    other: Option<Other<'a>>,
    claimed: HashMap<Claim, &'a Ident>,
}

/// A spelling a variant reads.
#[derive(PartialEq, Eq, Hash)]
enum Claim {
    Str(String),
    Int(i64),
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

    /// A variant with a wire value: a unit variant whose spellings are of the enum's kind and
    /// read by no other variant.
    fn add_known(
        &mut self,
        errors: &mut Errors,
        variant: &'a Variant,
        value: WireLit,
        aliases: Vec<WireLit>,
    ) {
        if !matches!(variant.fields, Fields::Unit) {
            errors.spanned(
                &variant.fields,
                format!(
                    "variant `{}` has a wire value, so it cannot hold data; only the catch-all holds one: {}",
                    variant.ident,
                    catch_all(self.kind)
                ),
            );
        }
        for spelling in std::iter::once(&value).chain(&aliases) {
            if spelling.kind() == self.kind {
                claim(errors, &mut self.claimed, spelling, &variant.ident);
            } else {
                errors.spanned(spelling, self.mixed_kinds(spelling));
            }
        }
        self.known.push(Known {
            ident: &variant.ident,
            value,
            aliases,
        });
    }

    /// Why `spelling`, of the other kind, cannot be a value of this enum.
    fn mixed_kinds(&self, spelling: &WireLit) -> String {
        let (this, enum_kind) = match spelling.kind() {
            Kind::Str => ("a string", "integers"),
            Kind::Int => ("an integer", "strings"),
        };
        let first = self
            .kind_from
            .map(|variant| format!(", as the first one (on `{variant}`) is"))
            .unwrap_or_default();
        format!(
            "{spelling} is {this}, but this enum's wire values are {enum_kind}{first}; a WireEnum's values are all strings or all integers, so that it travels as one JSON type"
        )
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
                    "the #[wire(other)] variant holds the raw value in one unnamed field: `{}(::wechatpay_runtime::{})`",
                    variant.ident,
                    self.kind.unknown_type()
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
    let mut attrs = wire_attrs(variant);
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
    claimed: &mut HashMap<Claim, &'a Ident>,
    spelling: &WireLit,
    variant: &'a Ident,
) {
    let key = match spelling {
        WireLit::Str(lit) if lit.value().is_empty() => {
            errors.spanned(spelling, "a wire value cannot be the empty string");
            return;
        }
        WireLit::Str(lit) => Claim::Str(lit.value()),
        WireLit::Int(int) => Claim::Int(int.value),
    };
    if let Some(owner) = claimed.get(&key) {
        let whose = if *owner == variant {
            "this variant".to_owned()
        } else {
            format!("variant `{owner}`")
        };
        errors.spanned(
            spelling,
            format!("duplicate wire value {spelling}: {whose} already reads it"),
        );
        return;
    }
    claimed.insert(key, variant);
}

fn reject_misplaced(errors: &mut Errors, attrs: &[Attribute], place: &str) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("wire")) {
        errors.spanned(attr, format!("#[wire] does nothing {place}"));
    }
}
