//! What the derive reads of a struct: each field's name on the wire and how a missing or special
//! value is read, from the same `#[serde(...)]` attributes serde's derives read, so one set of
//! attributes serves both directions.

use syn::{Data, DeriveInput, Fields, Ident, LitStr, Type};

use crate::errors::Errors;

/// A struct the derive accepts.
pub(crate) struct ObjectDef<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) fields: Vec<FieldDef<'a>>,
}

/// One named field.
pub(crate) struct FieldDef<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    /// The key on the wire: `rename`, or the field's name.
    pub(crate) wire: String,
    /// What a missing key gives.
    pub(crate) missing: Missing,
    /// `with = "path"`: the module whose `deserialize` reads the value.
    pub(crate) with: Option<syn::Path>,
}

/// What a field gets when its key is absent.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Missing {
    /// An error naming the field.
    Error,
    /// `Default::default()`: `#[serde(default)]`, and an `Option` (serde reads a missing
    /// `Option` as `None` too).
    Default,
}

impl<'a> ObjectDef<'a> {
    pub(crate) fn from_input(input: &'a DeriveInput) -> syn::Result<Self> {
        let mut errors = Errors::default();
        if !input.generics.params.is_empty() {
            errors.spanned(
                &input.generics,
                "DecodeObject reads structs without generics",
            );
        }
        // On the struct, `crate` only says where serde is for the `Serialize` beside this derive;
        // any other key (`rename_all`, `deny_unknown_fields`, …) would make writing and reading
        // disagree, so it is refused rather than ignored.
        for attr in input
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("serde"))
        {
            let parsed = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("crate") {
                    meta.value()?.parse::<LitStr>()?;
                    Ok(())
                } else {
                    Err(meta.error(
                        "DecodeObject reads only `crate` on the struct; use serde's derive for \
                         the others",
                    ))
                }
            });
            errors.take(parsed);
        }
        let fields = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named.named.iter().collect(),
                other => {
                    errors.spanned(other, "DecodeObject reads structs with named fields");
                    Vec::new()
                }
            },
            Data::Enum(data) => {
                errors.spanned(data.enum_token, "DecodeObject reads structs, not enums");
                Vec::new()
            }
            Data::Union(data) => {
                errors.spanned(data.union_token, "DecodeObject reads structs, not unions");
                Vec::new()
            }
        };
        let fields: Vec<FieldDef<'a>> = fields
            .into_iter()
            .filter_map(|field| errors.take(FieldDef::from_field(field)))
            .collect();
        for (index, field) in fields.iter().enumerate() {
            if fields[..index]
                .iter()
                .any(|earlier| earlier.wire == field.wire)
            {
                errors.spanned(
                    field.ident,
                    format!("a second field reads the key `{}`", field.wire),
                );
            }
        }
        errors.finish()?;
        Ok(Self {
            ident: &input.ident,
            fields,
        })
    }
}

impl<'a> FieldDef<'a> {
    fn from_field(field: &'a syn::Field) -> syn::Result<Self> {
        let Some(ident) = field.ident.as_ref() else {
            return Err(syn::Error::new_spanned(field, "a field needs a name"));
        };
        let mut wire = ident.to_string().trim_start_matches("r#").to_owned();
        let mut missing = if is_option(&field.ty) {
            Missing::Default
        } else {
            Missing::Error
        };
        let mut with = None;
        let mut errors = Errors::default();
        for attr in field
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("serde"))
        {
            let parsed = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    wire = meta.value()?.parse::<LitStr>()?.value();
                } else if meta.path.is_ident("default") {
                    missing = Missing::Default;
                } else if meta.path.is_ident("with") {
                    with = Some(meta.value()?.parse::<LitStr>()?.parse::<syn::Path>()?);
                } else if meta.path.is_ident("skip_serializing_if") {
                    // Writing only: read and set aside.
                    meta.value()?.parse::<LitStr>()?;
                } else {
                    return Err(meta.error(
                        "DecodeObject reads `rename`, `default`, `with` and \
                         `skip_serializing_if`; use serde's derive for the others",
                    ));
                }
                Ok(())
            });
            errors.take(parsed);
        }
        errors.finish()?;
        Ok(Self {
            ident,
            ty: &field.ty,
            wire,
            missing,
            with,
        })
    }
}

/// Whether `ty` is written `Option<…>` (or a path ending in it), as serde's derive decides.
fn is_option(ty: &Type) -> bool {
    matches!(ty, Type::Path(path) if path.qself.is_none()
        && path.path.segments.last().is_some_and(|last| last.ident == "Option"))
}
