//! Field rows: each cell of a parameter table decided from the model, and the definitions the
//! fields reach.

use wechatpay_spec::model::{
    Api, Field, ItemRules, Length, LimitOn, OneOf, Presence, Scope, TextSource, Type, TypeRef,
};

use super::view::RowView;
use crate::emit::rust::types::{Context, Side};
use crate::emit::rust::{Options, spelt};

/// Text safe inside a Markdown table cell: pipes escaped, line breaks as `<br>`.
pub fn cell(text: &str) -> String {
    text.trim()
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

/// `value` in backticks, with a longer fence when it holds one.
pub fn code(value: &str) -> String {
    if value.contains('`') {
        format!("`` {value} ``")
    } else {
        format!("`{value}`")
    }
}

/// The anchor of a definition on a page: its Rust name, lower-cased, as GitHub makes headings'.
pub fn anchor(rust_name: &str) -> String {
    rust_name.to_lowercase()
}

/// The rows of `fields`, seen from `scope` on `side`; `groups` are the request's one-of groups.
pub fn rows(fields: &[&Field], scope: &Scope, side: Side, groups: &[OneOf]) -> Vec<RowView> {
    // The Rust emitter owns how a field's type is spelt; its text is read here, not redone.
    let context = Context::new(scope.clone(), TextSource::Page, &Options::default());
    fields
        .iter()
        .map(|field| RowView {
            name: code(&field.wire_name),
            title: cell(&field.title),
            doc_type: code(&field.doc_type),
            rust_type: rust_type(&context, field, side),
            required: required(field.presence, groups),
            limits: limits(field),
            encryption: encryption(field.encrypted, side),
            description: description(field),
        })
        .collect()
}

fn rust_type(context: &Context, field: &Field, side: Side) -> String {
    let spelt = spelt(&context.field_type(field, side));
    let short = spelt
        .replace("::wechatpay_runtime::time::", "")
        .replace("::wechatpay_runtime::", "")
        .replace("crate::shared::", "")
        .replace("::wechatpay_apiv3::shared::", "");
    match named(&field.ty) {
        Some(reference) => format!("[{}](#{})", code(&short), anchor(&reference.rust_name)),
        None => code(&short),
    }
}

/// The enum or object a type names, through arrays.
pub fn named(ty: &Type) -> Option<&TypeRef> {
    match ty {
        Type::Enum(reference) | Type::IntegerEnum(reference) | Type::Object(reference) => {
            Some(reference)
        }
        Type::Array(item) => named(item),
        _ => None,
    }
}

fn required(presence: Presence, groups: &[OneOf]) -> String {
    match presence {
        Presence::Required => "required".to_owned(),
        Presence::Optional => "optional".to_owned(),
        Presence::OneOf(index) => match groups.get(index) {
            Some(group) => format!("one of `{}` (二选一)", group.rust_name),
            None => "one of two (二选一)".to_owned(),
        },
    }
}

fn limits(field: &Field) -> String {
    let mut parts = Vec::new();
    // An enum's values are its limit; how its length would be counted says nothing more.
    if !matches!(field.ty, Type::Enum(_) | Type::IntegerEnum(_))
        && let Some(length) = field.length
    {
        parts.push(length_text(length));
    }
    if let Some(charset) = &field.charset {
        parts.push(format!("characters {}", code(charset.class())));
    }
    if let Some(pattern) = &field.pattern {
        parts.push(format!("matches {}", code(pattern)));
    }
    if let Some(items) = &field.items {
        parts.push(format!("each item: {}", items_text(items)));
    }
    if field.json.is_some() {
        parts.push("holds JSON text".to_owned());
    }
    cell(&parts.join("; "))
}

fn items_text(items: &ItemRules) -> String {
    let mut parts = Vec::new();
    if let Some(length) = items.length {
        parts.push(length_text(length));
    }
    if let Some(charset) = &items.charset {
        parts.push(format!("characters {}", code(charset.class())));
    }
    if let Some(pattern) = &items.pattern {
        parts.push(format!("matches {}", code(pattern)));
    }
    parts.join(", ")
}

/// `1 to 32 characters`, `at most 64 bytes`.
fn length_text(length: Length) -> String {
    let noun = |count: u64| {
        length
            .unit
            .noun(usize::try_from(count).unwrap_or(usize::MAX))
    };
    match (length.min, length.max) {
        (Some(min), Some(max)) => format!("{min} to {max} {}", noun(max)),
        (None, Some(max)) => format!("at most {max} {}", noun(max)),
        (Some(min), None) => format!("at least {min} {}", noun(min)),
        (None, None) => String::new(),
    }
}

fn encryption(encrypted: Option<LimitOn>, side: Side) -> String {
    let Some(limit_on) = encrypted else {
        return String::new();
    };
    let held = match side {
        Side::Sent => "plaintext given, encrypted by the client",
        Side::Answered => "ciphertext answered, opened with `decrypt(&client)`",
    };
    let limit = match limit_on {
        LimitOn::Plaintext => "the limit is the plaintext's",
        LimitOn::Ciphertext | LimitOn::Nothing => "plaintext at most 214 bytes",
    };
    format!("encrypted (敏感信息): {held}; {limit}")
}

fn description(field: &Field) -> String {
    let mut text = cell(&field.description);
    if let Some(example) = &field.example {
        if !text.is_empty() {
            text.push_str("<br>");
        }
        text.push_str(&format!("示例值: {}", code(&cell(example))));
    }
    text
}

/// A definition a page shows: the reference, and whether it is an object (else an enum).
pub type Reached<'a> = (&'a TypeRef, bool);

/// The enums and objects `fields` reach, each once, objects followed into their own fields.
pub fn reached<'a>(api: &'a Api, fields: &[&'a Field], found: &mut Vec<Reached<'a>>) {
    for field in fields {
        let Some(reference) = named(&field.ty) else {
            continue;
        };
        if found.iter().any(|(known, _)| *known == reference) {
            continue;
        }
        let is_object = matches!(innermost(&field.ty), Type::Object(_));
        found.push((reference, is_object));
        if is_object && let Some(object) = api.object_def(reference) {
            let inner: Vec<&Field> = object.fields.iter().collect();
            reached(api, &inner, found);
        }
    }
}

fn innermost(ty: &Type) -> &Type {
    match ty {
        Type::Array(item) => innermost(item),
        other => other,
    }
}
