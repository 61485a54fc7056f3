//! Data structs: responses and nested objects, read from (and written as) JSON.

use proc_macro2::TokenStream;
use quote::quote;

use super::constructor::constructor;
use super::docs::{Doc, field_doc};
use super::json_text;
use super::types::{Context, Side, ident, serde_attrs, validate_attr};
use wechatpay_spec::model::{Field, Object, TextSource};
use wechatpay_spec::queries::Member;

/// A response or object struct. `validated` marks objects that travel inside a request body:
/// they get the `Validate` derive with its rules, and a constructor, since callers build them.
pub fn object_tokens(ctx: &Context, object: &Object, doc: Doc, validated: bool) -> TokenStream {
    let name = ident(&object.rust_name);
    let doc = doc.tokens();
    let fields = object.fields.iter().map(|field| {
        let doc = field_doc(field, ctx.descriptions).tokens();
        let serde = serde_attrs(field);
        let validate = if validated {
            validate_attr(field, &field.rust_name)
        } else {
            quote!()
        };
        let field_name = ident(&field.rust_name);
        let side = if validated {
            Side::Sent
        } else {
            Side::Answered
        };
        let ty = ctx.field_type(field, side);
        quote! {
            #doc
            #serde
            #validate
            pub #field_name: #ty,
        }
    });
    let validate_derive = if validated {
        quote!(, ::wechatpay_runtime::Validate)
    } else {
        quote!()
    };
    let constructor = if validated {
        let members: Vec<Member> = object.fields.iter().map(Member::Field).collect();
        constructor(ctx, &object.rust_name, &members, &[])
    } else {
        quote!()
    };
    let all_fields: Vec<&Field> = object.fields.iter().collect();
    let json = json_text::accessors(ctx, &object.rust_name, &all_fields, validated);
    quote! {
        #doc
        #[derive(
            Debug, Clone, PartialEq, Eq,
            ::wechatpay_runtime::serde::Serialize,
            ::wechatpay_runtime::serde::Deserialize
            #validate_derive
        )]
        #[serde(crate = "::wechatpay_runtime::serde")]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #constructor
        #json
    }
}

/// The doc comment of a nested object.
pub fn object_doc(object: &Object, usual: TextSource) -> Doc {
    let mut doc = Doc::default();
    doc.text(&object.title);
    if let Some(description) = &object.description {
        doc.description(description, object.description_source, usual);
    }
    doc
}
