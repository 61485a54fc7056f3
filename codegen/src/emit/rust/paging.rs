//! Paged lists: the `Paged` impl telling the runtime which fields move through the list and
//! which carry a page of it.

use proc_macro2::TokenStream;
use quote::quote;
use wechatpay_spec::model::{Endpoint, Field, OffsetUnit, Presence, Type};

use super::types::{Context, ident, response_type};

/// `impl Paged` for the request of a list endpoint; nothing for any other.
pub fn paged_impl(ctx: &Context, endpoint: &Endpoint) -> TokenStream {
    let Some(paging) = &endpoint.paging else {
        return quote!();
    };
    let request = ident(&endpoint.request.rust_name);
    let response = response_type(endpoint);
    let offset = &endpoint.request.fields[paging.offset];
    let limit = &endpoint.request.fields[paging.limit];
    let items = &endpoint.response.fields[paging.items];
    let Type::Array(item) = &items.ty else {
        return quote!();
    };
    let item = ctx.value_type(item);
    let unit = match paging.offset_unit {
        OffsetUnit::Items => quote!(Items),
        OffsetUnit::Pages => quote!(Pages),
    };
    let offset_name = ident(&offset.rust_name);
    let get_offset = read_count(offset, quote!(self.#offset_name));
    let set_offset = write_count(offset);
    let limit_name = ident(&limit.rust_name);
    let get_limit = read_optional_count(limit, quote!(self.#limit_name));
    let items_name = ident(&items.rust_name);
    let page_items = if items.presence == Presence::Optional {
        quote!(response.#items_name.unwrap_or_default())
    } else {
        quote!(response.#items_name)
    };
    let total = match paging.total {
        Some(index) => {
            let total = &endpoint.response.fields[index];
            let name = ident(&total.rust_name);
            read_optional_count(total, quote!(response.#name))
        }
        None => quote!(None),
    };
    quote! {
        impl ::wechatpay_runtime::Paged for #request {
            type Item = #item;
            const OFFSET_UNIT: ::wechatpay_runtime::OffsetUnit =
                ::wechatpay_runtime::OffsetUnit::#unit;

            fn offset(&self) -> u64 {
                #get_offset
            }

            fn set_offset(&mut self, offset: u64) {
                #set_offset
            }

            fn limit(&self) -> Option<u64> {
                #get_limit
            }

            fn into_page(response: #response) -> ::wechatpay_runtime::Page<#item> {
                ::wechatpay_runtime::Page::new(#page_items, #total)
            }
        }
    }
}

/// The offset as a `u64`: 0 when unset (or negative, which no list has).
fn read_count(field: &Field, value: TokenStream) -> TokenStream {
    match (field.presence == Presence::Optional, &field.ty) {
        (false, Type::UnsignedInteger) => value,
        (true, Type::UnsignedInteger) => quote!(#value.unwrap_or(0)),
        (false, _) => quote!(u64::try_from(#value).unwrap_or(0)),
        (true, _) => quote!(#value.map_or(0, |offset| u64::try_from(offset).unwrap_or(0))),
    }
}

/// A count as an `Option<u64>`: `None` when unset or negative.
fn read_optional_count(field: &Field, value: TokenStream) -> TokenStream {
    match (field.presence == Presence::Optional, &field.ty) {
        (false, Type::UnsignedInteger) => quote!(Some(#value)),
        (true, Type::UnsignedInteger) => value,
        (false, _) => quote!(u64::try_from(#value).ok()),
        (true, _) => quote!(#value.and_then(|count| u64::try_from(count).ok())),
    }
}

/// Sets the offset field from a `u64` (an `i64` field saturates, past any real list).
fn write_count(field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let value = match &field.ty {
        Type::UnsignedInteger => quote!(offset),
        _ => quote!(i64::try_from(offset).unwrap_or(i64::MAX)),
    };
    if field.presence == Presence::Optional {
        quote!(self.#name = Some(#value);)
    } else {
        quote!(self.#name = #value;)
    }
}
