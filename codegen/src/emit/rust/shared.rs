//! Definitions: the `shared` module (error codes, shared enums and objects) and any scope's
//! object structs.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;
use wechatpay_spec::model::{Api, Definitions, Scope, TextSource, TypeRef};

use super::types::Context;
use super::{Options, enums, structs};

/// The items of the `shared` module; empty when there is nothing to share.
pub fn shared_tokens(api: &Api, options: &Options, validated: &HashSet<TypeRef>) -> TokenStream {
    // Shared definitions are the pages' words unless one says otherwise.
    let ctx = Context::new(Scope::Shared, TextSource::Page, options);
    let enums = api
        .shared
        .enums
        .iter()
        .map(|def| enums::enum_tokens(def, ctx.descriptions));
    let objects = definitions_objects(&ctx, &api.shared, validated);
    let error_code = enums::error_code_tokens(&api.error_codes());
    quote! {
        #error_code
        #(#enums)*
        #(#objects)*
    }
}

/// The object structs of one scope's definitions; those a request reaches get validation.
pub fn definitions_objects(
    ctx: &Context,
    definitions: &Definitions,
    validated: &HashSet<TypeRef>,
) -> Vec<TokenStream> {
    definitions
        .objects
        .iter()
        .enumerate()
        .map(|(index, object)| {
            let reference = TypeRef {
                scope: ctx.scope.clone(),
                index,
                rust_name: object.rust_name.clone(),
            };
            let doc = structs::object_doc(object, ctx.descriptions);
            structs::object_tokens(ctx, object, doc, validated.contains(&reference))
        })
        .collect()
}
