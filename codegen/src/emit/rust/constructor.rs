//! Constructors: `new` taking the required members, a setter for each optional one. Requests
//! and the objects callers put in them both get one.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use wechatpay_spec::model::{Presence, Type};
use wechatpay_spec::queries::Member;

use super::docs::code;
use super::types::{Context, Side, ident};

/// `new` taking the required members, and a setter for each optional one: callers never write
/// struct literals, so a field added later as optional breaks none of them.
///
/// The parameters follow one rule (spec/README.md, "Constructors"): the required fields in table
/// order, then the one-of groups in the order their first members stand. Pages that list the
/// same fields in another order still give the same constructor.
/// `leading` are parameters taken before the members (an upload's file), each initialising the
/// field of its name.
pub fn constructor(
    ctx: &Context,
    type_name: &str,
    members: &[Member],
    leading: &[(Ident, TokenStream)],
) -> TokenStream {
    let name = ident(type_name);
    let mut params: Vec<TokenStream> = leading
        .iter()
        .map(|(field, ty)| quote!(#field: #ty))
        .collect();
    let mut group_params = Vec::new();
    let mut inits: Vec<TokenStream> = leading.iter().map(|(field, _)| quote!(#field)).collect();
    let mut setters = Vec::new();
    for member in members {
        match member {
            Member::Group(group) => {
                let field = ident(&group.name);
                let ty = ident(&group.rust_name);
                group_params.push(quote!(#field: #ty));
                inits.push(quote!(#field));
            }
            Member::Field(field) if field.presence == Presence::Optional => {
                let field_name = ident(&field.rust_name);
                inits.push(quote!(#field_name: None));
                let ty = ctx.member_type(field, Side::Sent);
                let doc = format!(" Sets {} ({}).", field.title, code(&field.wire_name));
                let (param, value) = if field.ty == Type::String {
                    (quote!(impl Into<#ty>), quote!(value.into()))
                } else {
                    (ty, quote!(value))
                };
                setters.push(quote! {
                    #[doc = #doc]
                    #[must_use]
                    pub fn #field_name(mut self, value: #param) -> Self {
                        self.#field_name = Some(#value);
                        self
                    }
                });
            }
            Member::Field(field) => {
                let field_name = ident(&field.rust_name);
                let ty = ctx.member_type(field, Side::Sent);
                if field.ty == Type::String {
                    params.push(quote!(#field_name: impl Into<#ty>));
                    inits.push(quote!(#field_name: #field_name.into()));
                } else {
                    params.push(quote!(#field_name: #ty));
                    inits.push(quote!(#field_name));
                }
            }
        }
    }
    params.append(&mut group_params);
    let allow = if params.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    // Nothing required: `new()` is also the default value.
    let default = params.is_empty().then(|| {
        quote! {
            impl ::core::default::Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        impl #name {
            /// Creates a value from its required fields (in table order), then its one-of
            /// choices; optional fields start unset.
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
        #default
    }
}
