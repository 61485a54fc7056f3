//! Enums: known values as variants, a catch-all that keeps what it does not know.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{Doc, code};
use super::types::ident;
use wechatpay_spec::model::{Enum, EnumBase, ErrorCode, TextSource};

/// An enum with its documentation and the `WireEnum` derive.
pub fn enum_tokens(def: &Enum, usual: TextSource) -> TokenStream {
    let mut doc = Doc::default();
    doc.text(&def.title);
    if let Some(description) = def.description.as_deref().filter(|d| *d != def.title) {
        doc.description(description, def.description_source, usual);
    }
    doc.markdown(
        "Values this version does not know are kept in `Unknown` and written back unchanged.",
    );
    let variants = def.values.iter().map(|value| {
        let mut variant_doc = Doc::default();
        variant_doc.markdown(format!(
            "{}: {}",
            code(&value.value),
            super::docs::escape(&value.meaning)
        ));
        if !value.aliases.is_empty() {
            let aliases: Vec<String> = value.aliases.iter().map(|a| code(a)).collect();
            variant_doc.markdown(format!("Also read from {}.", aliases.join(", ")));
        }
        let name = ident(&value.rust_name);
        let (wire, aliases) = match def.base {
            EnumBase::String => (
                Literal::string(&value.value),
                value.aliases.iter().map(|a| Literal::string(a)).collect(),
            ),
            // The checker made sure each integer value is plain decimal text of an `i64`.
            EnumBase::Integer => (
                integer_literal(&value.value),
                value.aliases.iter().map(|a| integer_literal(a)).collect(),
            ),
        };
        let aliases: Vec<Literal> = aliases;
        (
            variant_doc.tokens(),
            quote!(#[wire(#wire #(, alias = #aliases)*)] #name),
        )
    });
    wire_enum(&def.rust_name, def.base, doc, variants.collect())
}

/// An integer enum value as a literal (`124`, `-1`), from the text the checker vetted.
fn integer_literal(text: &str) -> Literal {
    Literal::i64_unsuffixed(text.parse().unwrap_or_default())
}

/// The error codes every endpoint may answer with, as one enum.
pub fn error_code_tokens(codes: &[ErrorCode]) -> TokenStream {
    let mut doc = Doc::default();
    doc.markdown("An error code (`code`) of a WeChat Pay error response.")
        .markdown(
            "The public codes apply to every endpoint; the others come from the endpoints' \
             error tables. Codes this version does not know are kept in `Unknown`.",
        );
    let variants = codes
        .iter()
        .map(|error_code| {
            let mut variant_doc = Doc::default();
            variant_doc.markdown(code(error_code.code));
            for row in &error_code.rows {
                variant_doc.item(format!(
                    "HTTP {}: {} — {}",
                    row.status,
                    super::docs::escape(&row.description),
                    super::docs::escape(&row.solution)
                ));
            }
            let name = ident(&error_code.rust_name);
            let wire = error_code.code;
            (variant_doc.tokens(), quote!(#[wire(#wire)] #name))
        })
        .collect();
    wire_enum("ErrorCode", EnumBase::String, doc, variants)
}

fn wire_enum(
    rust_name: &str,
    base: EnumBase,
    doc: Doc,
    variants: Vec<(TokenStream, TokenStream)>,
) -> TokenStream {
    let name = ident(rust_name);
    let doc = doc.tokens();
    let unknown = match base {
        EnumBase::String => quote!(::wechatpay_runtime::UnknownValue),
        EnumBase::Integer => quote!(::wechatpay_runtime::UnknownInt),
    };
    let variants = variants
        .into_iter()
        .map(|(doc, variant)| quote!(#doc #variant,));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, ::wechatpay_runtime::WireEnum)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version does not know, kept as received.
            #[wire(other)]
            Unknown(#unknown),
        }
    }
}
