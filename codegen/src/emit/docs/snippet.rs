//! The Rust that calls an endpoint, or reads a notification, with the generated client, as a
//! reference page shows it.
//!
//! Each snippet is a whole async function, so that the same text compiles in a test
//! (`tests/tests/reference_snippets.rs` includes every snippet) and never rots. The request is
//! built from the page's examples when every constructor argument is text, a number, a boolean
//! or an enum; otherwise the function takes the request, since only the caller can build those
//! values (objects, arrays, encrypted text).

use std::collections::BTreeSet;

use wechatpay_spec::model::{Api, Endpoint, Field, Notification, Presence, Scope, Type};
use wechatpay_spec::queries::Member;

use crate::emit::rust::client_has_call;

/// The crate the checked-in reference calls.
const CRATE: &str = "wechatpay_apiv3";

/// Past this width, `new`'s arguments go one to a line, as rustfmt would lay them out.
const LINE_WIDTH: usize = 100;

/// What a request is built from: `new`'s arguments, and the names they use, by module.
#[derive(Default)]
struct Construction {
    arguments: Vec<String>,
    /// `(module, name)`: each imported once, sorted.
    imports: BTreeSet<(String, String)>,
}

/// The snippet for `endpoint`, or `None` when it has no call of its own (a file answer).
pub fn snippet(api: &Api, endpoint: &Endpoint) -> Option<String> {
    if !client_has_call(endpoint) {
        return None;
    }
    let module = format!("{CRATE}::{}", endpoint.namespace.join("::"));
    let request = &endpoint.request.rust_name;
    let handle: String = endpoint
        .namespace
        .iter()
        .map(|segment| format!(".{segment}()"))
        .collect();
    let operation = &endpoint.operation;
    let call = format!("    let answer = client{handle}.{operation}(&request).await?;\n");
    let construction = construction(api, endpoint, &module);
    let (parameter, build) = match &construction {
        Some(construction) => (String::new(), build_line(request, &construction.arguments)),
        None => (
            format!(", request: {request}"),
            "    // The request's values are the caller's to choose.\n".to_owned(),
        ),
    };
    let mut imports = construction.map(|c| c.imports).unwrap_or_default();
    imports.insert((module, request.clone()));
    Some(format!(
        "use {CRATE}::Apis as _;\n{}\n\
         async fn {operation}(client: &wechatpay_runtime::Client{parameter}) \
         -> Result<(), {CRATE}::Error> {{\n{build}{call}    println!(\"{{:?}}\", *answer);\n    \
         Ok(())\n}}\n",
        use_lines(&imports)
    ))
}

/// The snippet that reads `notification` from a request WeChat Pay POSTed: its headers (looked up
/// by name) and its raw body, checked and decrypted by the client.
pub fn notification_snippet(notification: &Notification) -> String {
    let module = format!("{CRATE}::{}", notification.namespace.join("::"));
    let resource = &notification.resource.rust_name;
    let name = &notification.name;
    format!(
        "use {module}::{resource};\nuse wechatpay_runtime::notify::NotifyError;\n\n\
         async fn {name}<'h>(\n    client: &wechatpay_runtime::Client,\n    \
         header: impl Fn(&str) -> Option<&'h str>,\n    body: &[u8],\n) -> Result<(), NotifyError> {{\n    \
         let notification = client.notification::<{resource}>(header, body).await?;\n    \
         println!(\"{{}}: {{:?}}\", notification.id, notification.resource);\n    Ok(())\n}}\n"
    )
}

/// One `use` line per module, its names in braces when there are several.
fn use_lines(imports: &BTreeSet<(String, String)>) -> String {
    let mut lines = String::new();
    let mut modules: Vec<&str> = imports.iter().map(|(module, _)| module.as_str()).collect();
    modules.dedup();
    for module in modules {
        let names: Vec<&str> = imports
            .iter()
            .filter(|(known, _)| known == module)
            .map(|(_, name)| name.as_str())
            .collect();
        match names.as_slice() {
            [one] => lines.push_str(&format!("use {module}::{one};\n")),
            many => lines.push_str(&format!("use {module}::{{{}}};\n", many.join(", "))),
        }
    }
    lines
}

/// `let request = Request::new(...);`, its arguments one to a line when they do not fit on one.
fn build_line(request: &str, arguments: &[String]) -> String {
    let one_line = format!(
        "    let request = {request}::new({});\n",
        arguments.join(", ")
    );
    if one_line.len() <= LINE_WIDTH + 1 {
        return one_line;
    }
    let lines: String = arguments
        .iter()
        .map(|argument| format!("        {argument},\n"))
        .collect();
    format!("    let request = {request}::new(\n{lines}    );\n")
}

/// `new`'s arguments from the page's examples, when each can be written: the required fields in
/// table order, then the groups (the rule `constructor.rs` follows).
fn construction(api: &Api, endpoint: &Endpoint, module: &str) -> Option<Construction> {
    if endpoint.request.upload.is_some() {
        return None;
    }
    let mut built = Construction::default();
    let mut groups = Vec::new();
    for member in endpoint.request.members() {
        match member {
            Member::Field(field) if field.presence == Presence::Required => {
                let argument = argument(api, field, module, &mut built)?;
                built.arguments.push(argument);
            }
            Member::Field(_) => {}
            Member::Group(group) => {
                let (_, field) = endpoint.request.group_fields(group).next()?;
                let value = argument(api, field, module, &mut built)?;
                let name = &group.rust_name;
                groups.push(format!("{name}::{}({value})", field.rust_name));
                built.imports.insert((module.to_owned(), name.clone()));
            }
        }
    }
    built.arguments.append(&mut groups);
    Some(built)
}

/// A field's example as a Rust argument: text as a string literal, a number or a boolean as
/// written, an enum as the variant of its example (else its first); `None` for anything else.
fn argument(api: &Api, field: &Field, module: &str, built: &mut Construction) -> Option<String> {
    if field.encrypted.is_some() {
        return None;
    }
    let example = field.example.as_deref().unwrap_or("");
    match &field.ty {
        Type::String => Some(format!("{example:?}")),
        Type::Integer => Some(example.parse::<i64>().unwrap_or(0).to_string()),
        Type::UnsignedInteger => Some(example.parse::<u64>().unwrap_or(0).to_string()),
        Type::Bool => Some((example == "true").to_string()),
        Type::Enum(reference) | Type::IntegerEnum(reference) => {
            let definition = api.enum_def(reference)?;
            let value = definition
                .values
                .iter()
                .find(|value| value.value == example)
                .or_else(|| definition.values.first())?;
            // A shared enum lives in the shared module; any other in its endpoint's.
            let home = match reference.scope {
                Scope::Shared | Scope::Base => format!("{CRATE}::shared"),
                Scope::Endpoint(_) | Scope::Notification(_) => module.to_owned(),
            };
            built.imports.insert((home, reference.rust_name.clone()));
            Some(format!("{}::{}", reference.rust_name, value.rust_name))
        }
        _ => None,
    }
}
