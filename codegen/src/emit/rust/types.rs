//! Rust types for model types, and the serde attributes each needs.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use wechatpay_spec::model::{
    Charset, Endpoint, Field, Length, LengthUnit, LimitOn, MAX_ENCRYPTED_PLAINTEXT_BYTES, Presence,
    Scope, TextSource, Type, TypeRef,
};

/// What the emitter needs to know about where its output lands.
#[derive(Clone)]
pub struct Context {
    /// The scope whose definitions are emitted into the current module.
    pub scope: Scope,
    /// The path at which the shared definitions are reached (`crate::shared`).
    pub shared_path: syn::Path,
    /// The path of the project's shared definitions, for references into the base.
    pub base_shared_path: syn::Path,
    /// The error-code enum operations answer with.
    pub error_code: syn::Path,
    /// Whose words the module's descriptions usually are (its spec file's `source.descriptions`).
    pub descriptions: TextSource,
    /// Whether the crate declares its own features ([`super::Options::family_features`]), so
    /// that what few callers need can wait behind one.
    pub family_features: bool,
}

impl Context {
    /// The context of the module holding `scope`'s definitions.
    pub fn new(scope: Scope, descriptions: TextSource, options: &super::Options) -> Self {
        Self {
            scope,
            descriptions,
            shared_path: options.shared_path.clone(),
            base_shared_path: options.base_shared_path.clone(),
            error_code: options.error_code(),
            family_features: options.family_features,
        }
    }
}

impl Context {
    /// The path to a named definition, as seen from the current module.
    pub fn reference(&self, reference: &TypeRef) -> TokenStream {
        let name = ident(&reference.rust_name);
        if reference.scope == self.scope {
            quote!(#name)
        } else if reference.scope == Scope::Base {
            let base = &self.base_shared_path;
            quote!(#base::#name)
        } else {
            let shared = &self.shared_path;
            quote!(#shared::#name)
        }
    }

    /// The Rust type of a value, ignoring presence.
    pub fn value_type(&self, ty: &Type) -> TokenStream {
        match ty {
            Type::String => quote!(String),
            Type::Integer => quote!(i64),
            Type::UnsignedInteger => quote!(u64),
            Type::Decimal => quote!(::wechatpay_runtime::Decimal),
            Type::Bool => quote!(bool),
            Type::DateTime => quote!(::wechatpay_runtime::time::OffsetDateTime),
            Type::JsonObject => quote!(::wechatpay_runtime::JsonObject),
            Type::Enum(reference) | Type::IntegerEnum(reference) | Type::Object(reference) => {
                self.reference(reference)
            }
            Type::Array(item) => {
                let item = self.value_type(item);
                quote!(Vec<#item>)
            }
        }
    }

    /// The Rust type of a field's value on `side`: an encrypted field holds its plaintext where
    /// callers write it (`SecretString`, encrypted as it is sent) and its ciphertext where answers
    /// bring it (`Encrypted`, opened on demand); any other field, its type.
    pub fn member_type(&self, field: &Field, side: Side) -> TokenStream {
        match (field.encrypted, side) {
            (Some(_), Side::Sent) => quote!(::wechatpay_runtime::SecretString),
            (Some(_), Side::Answered) => quote!(::wechatpay_runtime::Encrypted),
            (None, _) => self.value_type(&field.ty),
        }
    }

    /// The Rust type of a field on `side`: `Option` when it may be absent.
    pub fn field_type(&self, field: &Field, side: Side) -> TokenStream {
        let value = self.member_type(field, side);
        if field.presence == Presence::Optional {
            quote!(Option<#value>)
        } else {
            value
        }
    }
}

/// The type a successful call answers with: the endpoint's response struct, or the runtime's
/// `NoContent` when the answer has no body. Named as seen from the endpoint's namespace.
pub fn response_type(endpoint: &Endpoint) -> TokenStream {
    if !endpoint.answers_json() {
        quote!(::wechatpay_runtime::NoContent)
    } else {
        let name = ident(&endpoint.response.rust_name);
        quote!(#name)
    }
}

/// Which way a struct travels: written by callers and sent, or read from answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A request, or an object inside one.
    Sent,
    /// A response, or an object inside one.
    Answered,
}

/// An identifier from a name the checker has vetted.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The serde attributes of a data field (response or object).
pub fn serde_attrs(field: &Field) -> TokenStream {
    let mut args = Vec::new();
    if field.rust_name != field.wire_name {
        let wire = &field.wire_name;
        args.push(quote!(rename = #wire));
    }
    let optional = field.presence == Presence::Optional;
    if optional {
        args.push(quote!(default, skip_serializing_if = "Option::is_none"));
    }
    if field.ty == Type::DateTime {
        let with = if optional {
            "::wechatpay_runtime::datetime::rfc3339_option"
        } else {
            "::wechatpay_runtime::datetime::rfc3339"
        };
        args.push(quote!(with = #with));
    }
    if args.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#args),*)])
    }
}

/// Whether the value is validated through its own `Validate` impl.
pub fn is_nested(ty: &Type) -> bool {
    match ty {
        Type::Object(_) => true,
        Type::Array(item) => is_nested(item),
        _ => false,
    }
}

/// The `#[validate(...)]` attribute of a request-side field, or nothing when no rule applies.
/// `wire_name_default` is the name the derive assumes when none is given.
pub fn validate_attr(field: &Field, wire_name_default: &str) -> TokenStream {
    let mut args = Vec::new();
    if field.wire_name != wire_name_default {
        let wire = &field.wire_name;
        args.push(quote!(name = #wire));
    }
    if let Some(limit_on) = field.encrypted {
        if field.presence != Presence::Optional {
            args.push(quote!(required));
        }
        // The page's limit, when it is the plaintext's; otherwise the encryption's own (the
        // runtime checks that one on every `SecretString` anyway, naming the field).
        let length = match limit_on {
            LimitOn::Plaintext => field.length,
            LimitOn::Nothing | LimitOn::Ciphertext => Some(Length {
                min: None,
                max: Some(MAX_ENCRYPTED_PLAINTEXT_BYTES),
                unit: LengthUnit::Bytes,
            }),
        };
        args.extend(string_rules(length, None, None));
    } else if is_nested(&field.ty) {
        args.push(quote!(nested));
    } else if field.ty == Type::String {
        if field.presence != Presence::Optional {
            args.push(quote!(required));
        }
        args.extend(string_rules(
            field.length,
            field.charset.as_ref(),
            field.pattern.as_deref(),
        ));
    } else if let (Type::Array(_), Some(items)) = (&field.ty, &field.items) {
        let rules = string_rules(
            items.length,
            items.charset.as_ref(),
            items.pattern.as_deref(),
        );
        args.push(quote!(each(#(#rules),*)));
    }
    let has_rule = args.len() > usize::from(field.wire_name != wire_name_default);
    if has_rule {
        quote!(#[validate(#(#args),*)])
    } else {
        quote!()
    }
}

/// `length(...)`, `charset = "…"` and `pattern = "…"`, for those the value has.
fn string_rules(
    length: Option<Length>,
    charset: Option<&Charset>,
    pattern: Option<&str>,
) -> Vec<TokenStream> {
    let mut rules = Vec::new();
    if let Some(length) = length {
        let mut limits = Vec::new();
        if let Some(min) = length.min {
            let min = proc_macro2::Literal::u64_unsuffixed(min);
            limits.push(quote!(min = #min));
        }
        if let Some(max) = length.max {
            let max = proc_macro2::Literal::u64_unsuffixed(max);
            limits.push(quote!(max = #max));
        }
        if length.unit == LengthUnit::Bytes {
            limits.push(quote!(unit = "bytes"));
        }
        rules.push(quote!(length(#(#limits),*)));
    }
    if let Some(charset) = charset {
        let class = charset.class();
        rules.push(quote!(charset = #class));
    }
    if let Some(pattern) = pattern {
        rules.push(quote!(pattern = #pattern));
    }
    rules
}

/// A short token stream (a path, a type) as one word of text for docs: `crate::Error`, not
/// `crate :: Error`.
pub(crate) fn spelt(tokens: &TokenStream) -> String {
    tokens.to_string().replace(' ', "")
}
