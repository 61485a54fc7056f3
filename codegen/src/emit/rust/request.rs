//! Requests: the struct a caller fills, its one-of enums, its constructor and its
//! `Operation` impl (how it is laid out on the wire).

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use wechatpay_spec::model::{Endpoint, Field, Location, OneOf, Presence, Type};
use wechatpay_spec::queries::Member;

use super::constructor::constructor;
use super::docs::{Doc, code, field_doc};
use super::types::{Context, Side, ident, response_type, validate_attr};
use super::{json_text, upload};

/// The request struct, its one-of enums, its constructor and its `Operation` impl.
/// `encrypts` says whether any field, nested ones included, is sent encrypted.
pub fn request_tokens(ctx: &Context, endpoint: &Endpoint, encrypts: bool) -> TokenStream {
    let one_of = endpoint
        .request
        .one_of
        .iter()
        .map(|group| one_of_tokens(ctx, endpoint, group));
    let request = request_struct(ctx, endpoint);
    // An upload's file comes first: it is what the request is about.
    let leading = match endpoint.request.upload {
        Some(_) => vec![(ident("file"), quote!(::wechatpay_runtime::UploadFile))],
        None => Vec::new(),
    };
    let constructor = constructor(
        ctx,
        &endpoint.request.rust_name,
        &endpoint.request.members(),
        &leading,
    );
    let operation = operation_impl(ctx, endpoint, encrypts);
    let fields: Vec<&Field> = endpoint
        .request
        .members()
        .into_iter()
        .filter_map(|member| match member {
            Member::Field(field) => Some(field),
            Member::Group(_) => None,
        })
        .collect();
    let json = json_text::accessors(ctx, &endpoint.request.rust_name, &fields, true);
    quote! {
        #request
        #constructor
        #json
        #operation
        #(#one_of)*
    }
}

fn request_struct(ctx: &Context, endpoint: &Endpoint) -> TokenStream {
    let mut doc = Doc::default();
    doc.text(&endpoint.title);
    doc.markdown(format!(
        "The request of {}. Build it with [`{}::new`], which takes the required fields; \
         `validate()` checks every documented rule before anything is sent.",
        code(&endpoint.route()),
        endpoint.request.rust_name
    ));
    let doc = doc.tokens();
    let name = ident(&endpoint.request.rust_name);
    let fields = endpoint
        .request
        .members()
        .into_iter()
        .map(|member| match member {
            Member::Field(field) => {
                let doc = field_doc(field, ctx.descriptions).tokens();
                let validate = validate_attr(field, &field.rust_name);
                let field_name = ident(&field.rust_name);
                let ty = ctx.field_type(field, Side::Sent);
                quote!(#doc #validate pub #field_name: #ty,)
            }
            Member::Group(group) => {
                let mut doc = Doc::default();
                let titles: Vec<String> = endpoint
                    .request
                    .group_fields(group)
                    .map(|(_, f)| {
                        format!("{} ({})", super::docs::escape(&f.title), code(&f.wire_name))
                    })
                    .collect();
                doc.markdown(format!("One of: {}.", titles.join(", ")));
                if let Some(description) = &group.description {
                    doc.text(description);
                }
                let doc = doc.tokens();
                let field_name = ident(&group.name);
                let ty = ident(&group.rust_name);
                quote!(#doc #[validate(nested)] pub #field_name: #ty,)
            }
        });
    let file = endpoint.request.upload.as_ref().map(upload::file_field);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, ::wechatpay_runtime::Validate)]
        #[non_exhaustive]
        pub struct #name {
            #file
            #(#fields)*
        }
    }
}

fn one_of_tokens(ctx: &Context, endpoint: &Endpoint, group: &OneOf) -> TokenStream {
    let name = ident(&group.rust_name);
    let mut doc = Doc::default();
    doc.markdown("Exactly one of these is sent (二选一).");
    if let Some(description) = &group.description {
        doc.description(description, group.description_source, ctx.descriptions);
    }
    let doc = doc.tokens();
    let mut variants = Vec::new();
    let mut constructors = Vec::new();
    for (member, field) in endpoint.request.group_fields(group) {
        let variant = ident(&member.variant);
        let default_wire = wechatpay_rules::names::variant_wire_name(&member.variant);
        let field_doc = field_doc(field, ctx.descriptions).tokens();
        let validate = validate_attr(field, &default_wire);
        let ty = ctx.value_type(&field.ty);
        variants.push(quote!(#field_doc #validate #variant(#ty),));
        let constructor = ident(&field.rust_name);
        let doc = format!(" Sends {}.", code(&field.wire_name));
        constructors.push(if field.ty == Type::String {
            quote! {
                #[doc = #doc]
                pub fn #constructor(value: impl Into<String>) -> Self {
                    Self::#variant(value.into())
                }
            }
        } else {
            quote! {
                #[doc = #doc]
                pub fn #constructor(value: #ty) -> Self {
                    Self::#variant(value)
                }
            }
        });
    }
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, ::wechatpay_runtime::Validate)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            #(#constructors)*
        }
    }
}

fn operation_impl(ctx: &Context, endpoint: &Endpoint, encrypts: bool) -> TokenStream {
    let name = ident(&endpoint.request.rust_name);
    // The response stands in the request's own module.
    let response = response_type(endpoint);
    let empty = endpoint.empty_response.then(|| {
        quote!(
            const RESPONSE_BODY: ::wechatpay_runtime::ResponseBody =
                ::wechatpay_runtime::ResponseBody::Empty;
        )
    });
    let method = ident(endpoint.method.variant_name());
    let path = endpoint.path.as_str();
    let idempotent = endpoint.idempotent;
    let signed = endpoint.signed_response;
    let path_fn = path_fn(endpoint);
    let query_fn = located_fn(endpoint, Location::Query);
    let headers_fn = located_fn(endpoint, Location::Header);
    let body_fn = body_fn(ctx, endpoint);
    let file_fn = upload::file_fn(endpoint);
    let encrypts = encrypts.then(|| {
        quote!(
            const ENCRYPTS: bool = true;
        )
    });
    let not_found = not_found_codes(endpoint);
    let error_code = &ctx.error_code;
    quote! {
        impl ::wechatpay_runtime::Operation for #name {
            type Response = #response;
            type ErrorCode = #error_code;
            const METHOD: ::wechatpay_runtime::Method = ::wechatpay_runtime::Method::#method;
            const PATH_TEMPLATE: &'static str = #path;
            const IDEMPOTENT: bool = #idempotent;
            const SIGNED_RESPONSE: bool = #signed;
            #empty
            #encrypts
            #not_found
            #path_fn
            #query_fn
            #headers_fn
            #file_fn
            #body_fn
        }
    }
}

/// `NOT_FOUND_CODES`, when the endpoint's error table lists codes under HTTP 404.
fn not_found_codes(endpoint: &Endpoint) -> TokenStream {
    let codes = endpoint.not_found_codes();
    if codes.is_empty() {
        return quote!();
    }
    quote!(const NOT_FOUND_CODES: &'static [&'static str] = &[#(#codes),*];)
}

/// `path`, filling the template's parameters in the order they stand.
fn path_fn(endpoint: &Endpoint) -> TokenStream {
    if endpoint.path.params().next().is_none() {
        return quote!();
    }
    // Each parameter is bound to a local named after its field, then named in the format
    // string: a literal segment holds no `{` or `}` (the template parser refuses them).
    let mut bindings = Vec::new();
    let format = endpoint.path.render(|name| {
        let field = endpoint
            .request
            .fields
            .iter()
            .find(|f| f.is_in(Location::Path) && f.wire_name == name);
        // The checker matched every parameter with a path field.
        let Some(field) = field else {
            return String::new();
        };
        // A keyword field (`r#type`) cannot be named in a format string: `type_` can.
        let local = match field.rust_name.strip_prefix("r#") {
            Some(keyword) => format!("{keyword}_"),
            None => field.rust_name.clone(),
        };
        if !bindings.iter().any(|(bound, _)| *bound == local) {
            let field_name = ident(&field.rust_name);
            let value = match field.ty {
                Type::String => {
                    quote!(::wechatpay_runtime::query::encode_path_segment(&self.#field_name))
                }
                Type::Enum(_) => quote!(::wechatpay_runtime::query::encode_path_segment(
                    self.#field_name.as_str()
                )),
                // Numbers print as digits, which need no encoding.
                _ => quote!(&self.#field_name),
            };
            bindings.push((local.clone(), value));
        }
        format!("{{{local}}}")
    });
    let format = Literal::string(&format);
    let lets = bindings.iter().map(|(local, value)| {
        let local = quote::format_ident!("{}", local);
        quote!(let #local = #value;)
    });
    quote! {
        fn path(&self) -> ::std::borrow::Cow<'static, str> {
            #(#lets)*
            ::std::borrow::Cow::Owned(format!(#format))
        }
    }
}

/// A value to write: a field's place (`self.limit`), or a reference bound by a pattern
/// (`value` in `if let Some(value) = &self.limit`).
enum Value {
    Place(TokenStream),
    Ref(TokenStream),
}

impl Value {
    /// The value as a reference.
    fn by_ref(&self) -> TokenStream {
        match self {
            Self::Place(place) => quote!(&#place),
            Self::Ref(reference) => reference.clone(),
        }
    }

    /// The value itself, for `Copy` types.
    fn by_copy(&self) -> TokenStream {
        match self {
            Self::Place(place) => place.clone(),
            Self::Ref(reference) => quote!(*#reference),
        }
    }

    /// The expression methods are called on.
    fn receiver(&self) -> TokenStream {
        match self {
            Self::Place(place) => place.clone(),
            Self::Ref(reference) => reference.clone(),
        }
    }
}

/// `write_query` or `write_headers`: the fields at `location`, in table order.
fn located_fn(endpoint: &Endpoint, location: Location) -> TokenStream {
    let push = |wire: &str, ty: &Type, value: Value| -> TokenStream {
        let receiver = value.receiver();
        match (location, ty) {
            // Times are `Copy`; the checker lets them into the query only.
            (Location::Query, Type::DateTime) => {
                let time = value.by_copy();
                quote!(query.push_time(#wire, #time);)
            }
            (Location::Query, Type::String) => {
                let text = value.by_ref();
                quote!(query.push(#wire, #text);)
            }
            (Location::Query, Type::Enum(_)) => quote!(query.push(#wire, #receiver.as_str());),
            (Location::Query, Type::IntegerEnum(_)) => {
                let shown = value.by_ref();
                quote!(query.push_display(#wire, #shown);)
            }
            // Numbers and booleans are `Copy`: shown by value.
            (Location::Query, _) => {
                let shown = value.by_copy();
                quote!(query.push_display(#wire, #shown);)
            }
            (_, Type::String) => quote!(headers.push((#wire, #receiver.clone()));),
            (_, Type::Enum(_)) => quote!(headers.push((#wire, #receiver.as_str().to_owned()));),
            (_, _) => quote!(headers.push((#wire, #receiver.to_string()));),
        }
    };
    let mut statements = Vec::new();
    for member in endpoint.request.members() {
        match member {
            Member::Field(field) if field.is_in(location) => {
                let wire = &field.wire_name;
                let name = ident(&field.rust_name);
                statements.push(if field.presence == Presence::Optional {
                    let push = push(wire, &field.ty, Value::Ref(quote!(value)));
                    quote!(if let Some(value) = &self.#name { #push })
                } else {
                    push(wire, &field.ty, Value::Place(quote!(self.#name)))
                });
            }
            Member::Group(group) => {
                let group_type = ident(&group.rust_name);
                let group_name = ident(&group.name);
                let arms: Vec<TokenStream> = endpoint
                    .request
                    .group_fields(group)
                    .filter(|(_, f)| f.is_in(location))
                    .map(|(member, field)| {
                        let variant = ident(&member.variant);
                        let push = push(&field.wire_name, &field.ty, Value::Ref(quote!(value)));
                        quote!(#group_type::#variant(value) => { #push })
                    })
                    .collect();
                if arms.len() == group.members.len() {
                    statements.push(quote!(match &self.#group_name { #(#arms)* }));
                } else if !arms.is_empty() {
                    statements.push(quote!(match &self.#group_name { #(#arms)* _ => {} }));
                }
            }
            Member::Field(_) => {}
        }
    }
    if statements.is_empty() {
        return quote!();
    }
    match location {
        Location::Query => quote! {
            fn write_query(&self, query: &mut ::wechatpay_runtime::QueryString) {
                #(#statements)*
            }
        },
        _ => quote! {
            fn write_headers(&self, headers: &mut Vec<(&'static str, String)>) {
                #(#statements)*
            }
        },
    }
}

/// One body field of the borrowed body struct, and its value: borrowed, except a time, which is
/// `Copy` and written through its format module.
fn body_member(ctx: &Context, field: &Field) -> (TokenStream, TokenStream) {
    let name = ident(&field.rust_name);
    let ty = ctx.field_type(field, Side::Sent);
    let optional = field.presence == Presence::Optional;
    let mut args = Vec::new();
    if field.rust_name != field.wire_name {
        let wire = &field.wire_name;
        args.push(quote!(rename = #wire));
    }
    if optional {
        args.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let by_value = field.ty == Type::DateTime;
    if by_value {
        let with = if optional {
            "::wechatpay_runtime::datetime::rfc3339_option"
        } else {
            "::wechatpay_runtime::datetime::rfc3339"
        };
        args.push(quote!(with = #with));
    }
    let attr = (!args.is_empty()).then(|| quote!(#[serde(#(#args),*)]));
    if by_value {
        (quote!(#attr #name: #ty,), quote!(#name: self.#name))
    } else {
        (quote!(#attr #name: &'a #ty,), quote!(#name: &self.#name))
    }
}

/// `body`: a borrowed view of the body fields, serialized to the exact bytes that are sent and
/// signed.
fn body_fn(ctx: &Context, endpoint: &Endpoint) -> TokenStream {
    let mut fields = Vec::new();
    let mut values = Vec::new();
    for member in endpoint.request.members() {
        match member {
            Member::Field(field) if field.is_in(Location::Body) => {
                let (member, value) = body_member(ctx, field);
                fields.push(member);
                values.push(value);
            }
            Member::Group(group) => {
                let group_type = ident(&group.rust_name);
                let group_name = ident(&group.name);
                let in_body = endpoint
                    .request
                    .group_fields(group)
                    .filter(|(_, f)| f.is_in(Location::Body));
                for (member, field) in in_body {
                    let name = ident(&field.rust_name);
                    let rename = (field.rust_name != field.wire_name).then(|| {
                        let wire = &field.wire_name;
                        quote!(rename = #wire,)
                    });
                    let ty = ctx.value_type(&field.ty);
                    let variant = ident(&member.variant);
                    fields.push(quote!(
                        #[serde(#rename skip_serializing_if = "Option::is_none")]
                        #name: Option<&'a #ty>,
                    ));
                    // Only the chosen member is written; the others are left out entirely.
                    values.push(quote!(#name: match &self.#group_name {
                        #group_type::#variant(value) => Some(value),
                        _ => None,
                    }));
                }
            }
            Member::Field(_) => {}
        }
    }
    if let Some((meta_field, meta_value)) = upload::meta_member(endpoint) {
        if fields.is_empty() {
            // The common `meta`: the file's name and hash, and nothing else.
            return quote! {
                fn body(&self) -> Result<Option<Vec<u8>>, ::wechatpay_runtime::serde_json::Error> {
                    ::wechatpay_runtime::serde_json::to_vec(&self.file.meta()).map(Some)
                }
            };
        }
        fields.insert(0, meta_field);
        values.insert(0, meta_value);
    }
    if fields.is_empty() {
        return quote!();
    }
    let doc = if endpoint.request.upload.is_some() {
        " The `meta` JSON of the upload, borrowing from the request: what is signed."
    } else {
        " The JSON body, borrowing from the request."
    };
    quote! {
        fn body(&self) -> Result<Option<Vec<u8>>, ::wechatpay_runtime::serde_json::Error> {
            #[doc = #doc]
            #[derive(::wechatpay_runtime::serde::Serialize)]
            #[serde(crate = "::wechatpay_runtime::serde")]
            struct Body<'a> {
                #(#fields)*
            }
            ::wechatpay_runtime::serde_json::to_vec(&Body { #(#values),* }).map(Some)
        }
    }
}
