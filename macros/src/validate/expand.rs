//! The code `#[derive(Validate)]` emits: one call into the runtime per checked value, with the
//! rules built as a constant (and a `static` per pattern, so it is compiled once, not per call).

use proc_macro2::{Literal, TokenStream};
use quote::{quote, quote_spanned};

use wechatpay_rules::LengthUnit;

use super::attr::{File, StringRules};
use super::model::{Check, Shape, ValidateDef};

pub(crate) fn expand(def: &ValidateDef<'_>) -> TokenStream {
    let ident = def.ident;
    let (impl_generics, ty_generics, where_clause) = def.generics.split_for_impl();
    let (body, checks_anything) = match &def.shape {
        Shape::Struct(checks) => {
            let statements = checks.iter().map(|check| {
                let field = check.ident;
                // Spanned at the field, so a type the rules cannot check is reported there.
                let value = quote_spanned!(check.span=> &self.#field);
                statement(check, &value)
            });
            (quote!(#(#statements)*), !checks.is_empty())
        }
        Shape::OneOf(variants) if variants.is_empty() => (quote!(match *self {}), false),
        Shape::OneOf(variants) => {
            let arms = variants.iter().map(|(variant, check)| match check {
                Some(check) => {
                    let value = quote_spanned!(check.span=> value);
                    let statement = statement(check, &value);
                    quote!(Self::#variant(value) => { #statement })
                }
                None => quote!(Self::#variant(_) => {}),
            });
            let checks_anything = variants.iter().any(|(_, check)| check.is_some());
            (quote!(match self { #(#arms)* }), checks_anything)
        }
    };
    let unused = (!checks_anything).then(|| quote!(let _ = (path, out);));
    // A one-of group is a Rust field only: its members are sent beside the other fields of the
    // object, so the group's own name stays out of the path.
    let one_of = matches!(def.shape, Shape::OneOf(_)).then(|| {
        quote! {
            fn validate_field(
                &self,
                parent: &::wechatpay_runtime::FieldPath<'_>,
                _name: &'static str,
                out: &mut ::std::vec::Vec<::wechatpay_runtime::Violation>,
            ) {
                ::wechatpay_runtime::Validate::validate_at(self, parent, out);
            }
        }
    });

    quote! {
        #[automatically_derived]
        impl #impl_generics ::wechatpay_runtime::Validate for #ident #ty_generics #where_clause {
            fn validate_at(
                &self,
                path: &::wechatpay_runtime::FieldPath<'_>,
                out: &mut ::std::vec::Vec<::wechatpay_runtime::Violation>,
            ) {
                #unused
                #body
            }

            #one_of
        }
    }
}

/// The statement checking `value` (an expression of type `&T`) against `check`'s rules.
fn statement(check: &Check<'_>, value: &TokenStream) -> TokenStream {
    let name = &check.name;
    if check.rules.nested.is_some() {
        return quote_spanned! {check.span=>
            ::wechatpay_runtime::Validate::validate_field(#value, path, #name, out);
        };
    }
    if let Some(file) = &check.rules.file {
        let rules_const = file_rules(file);
        return quote! {
            ::wechatpay_runtime::validate::FileRules::check(
                &const { #rules_const },
                #value,
                &path.field(#name),
                out,
            );
        };
    }
    // `each(...)` checks the items of a list at `name[i]`; the other rules the value itself.
    let (check_fn, required, rules) = match &check.rules.each {
        Some(each) => (quote!(check_each), false, &each.rules),
        None => (quote!(check), check.rules.required, &check.rules.strings),
    };
    let rules_const = string_rules(required, rules);
    let call = quote! {
        ::wechatpay_runtime::validate::StrRules::#check_fn(
            &const { #rules_const },
            #value,
            &path.field(#name),
            out,
        );
    };
    match &rules.pattern {
        // A block of its own, so every pattern's `static` may have the same name.
        Some(pattern) => quote! {
            {
                static PATTERN: ::wechatpay_runtime::validate::Pattern =
                    ::wechatpay_runtime::validate::Pattern::new(#pattern);
                #call
            }
        },
        None => call,
    }
}

/// `StrRules::new().required().length(...).charset(...).pattern(&PATTERN)`, evaluated at
/// compile time; `PATTERN` is the `static` that [`statement`] declares beside it.
fn string_rules(required: bool, rules: &StringRules) -> TokenStream {
    let mut tokens = quote!(::wechatpay_runtime::validate::StrRules::new());
    if required {
        tokens.extend(quote!(.required()));
    }
    if let Some(length) = &rules.length {
        let min = bound(length.min);
        let max = bound(length.max);
        let unit = match length.unit {
            LengthUnit::Chars => quote!(::wechatpay_runtime::LengthUnit::Chars),
            LengthUnit::Bytes => quote!(::wechatpay_runtime::LengthUnit::Bytes),
        };
        tokens.extend(quote!(.length(#min, #max, #unit)));
    }
    if let Some(charset) = &rules.charset {
        let class = &charset.class;
        let ranges = charset
            .ranges
            .iter()
            .map(|(low, high)| quote!((#low, #high)));
        tokens.extend(quote!(.charset(#class, &[#(#ranges),*])));
    }
    if rules.pattern.is_some() {
        tokens.extend(quote!(.pattern(&PATTERN)));
    }
    tokens
}

/// `FileRules::new().max_bytes(N).content_types("…", &["…", …])`, evaluated at compile time.
fn file_rules(file: &File) -> TokenStream {
    let mut tokens = quote!(::wechatpay_runtime::validate::FileRules::new());
    if let Some(max) = file.max_bytes {
        let max = Literal::u64_unsuffixed(max);
        tokens.extend(quote!(.max_bytes(#max)));
    }
    if let Some((allowed, list)) = &file.content_types {
        tokens.extend(quote!(.content_types(#allowed, &[#(#list),*])));
    }
    tokens
}

fn bound(bound: Option<usize>) -> TokenStream {
    match bound {
        Some(value) => {
            let value = Literal::usize_unsuffixed(value);
            quote!(::core::option::Option::Some(#value))
        }
        None => quote!(::core::option::Option::None),
    }
}
