//! Conversions between same-shaped one-of groups of different endpoints (an `OrderRef` chosen for
//! the e-commerce return order serves the brand one): `From` in both directions, so a caller
//! writes a choice once.

use proc_macro2::TokenStream;
use quote::quote;
use wechatpay_spec::model::Api;

use super::Options;
use super::types::ident;

/// `impl From<Other> for Group` for each group of endpoint `index` and each same-shaped group
/// elsewhere.
pub fn conversions(api: &Api, index: usize, options: &Options) -> TokenStream {
    let Some(endpoint) = api.endpoints.get(index) else {
        return quote!();
    };
    let root = &options.root;
    let mut impls = Vec::new();
    for (g, group) in endpoint.request.one_of.iter().enumerate() {
        let this = ident(&group.rust_name);
        for (e, other_group) in api.same_shaped_groups(index, g) {
            let other = &api.endpoints[e];
            let namespace = other.namespace.iter().map(|segment| ident(segment));
            let other_type = ident(&other.request.one_of[other_group].rust_name);
            let path = quote!(#root #(::#namespace)*::#other_type);
            let arms = endpoint.request.group_fields(group).map(|(member, _)| {
                let variant = ident(&member.variant);
                quote!(#path::#variant(value) => Self::#variant(value),)
            });
            let doc = format!(
                " The same choice, as {} takes it.",
                super::docs::code(&endpoint.route())
            );
            impls.push(quote! {
                impl ::core::convert::From<#path> for #this {
                    #[doc = #doc]
                    fn from(value: #path) -> Self {
                        match value {
                            #(#arms)*
                        }
                    }
                }
            });
        }
    }
    quote!(#(#impls)*)
}
