//! Data structs: responses and nested objects, read from (and written as) JSON.

use proc_macro2::TokenStream;
use quote::quote;

use super::constructor::constructor;
use super::docs::{Doc, field_doc};
use super::features;
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
    // Requests are written; answers are read, and written again only by callers who store or
    // forward them, who turn the feature on: the derive is much of what an answer costs to
    // compile. Reading is `DecodeObject`, a lean `Deserialize` for JSON objects.
    let (serialize, serialize_on_demand) = if validated || !ctx.family_features {
        (quote!(::wechatpay_runtime::serde::Serialize,), quote!())
    } else {
        let feature = features::SERIALIZE_ANSWERS;
        (
            quote!(),
            quote!(#[cfg_attr(feature = #feature, derive(::wechatpay_runtime::serde::Serialize))]),
        )
    };
    // Equality is for what callers build and compare: requests. An answer is `non_exhaustive`,
    // so a caller cannot write one to compare with, and the two derives were about 7% of a
    // 1,000-endpoint crate's check (BENCHMARKS.md); callers compare its fields.
    let equality = if validated {
        quote!(PartialEq, Eq,)
    } else {
        quote!()
    };
    quote! {
        #doc
        #[derive(
            Debug, Clone, #equality
            #serialize
            ::wechatpay_runtime::DecodeObject
            #validate_derive
        )]
        #serialize_on_demand
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
