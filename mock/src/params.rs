//! Request parameters checked against the spec, as the service would: the first problem becomes
//! a 400 PARAM_ERROR whose `detail` names the field, the value, the issue and the location.

use serde_json::Value;
use wechatpay_spec::model::{Api, Endpoint, Field, Location, Presence, Type};

/// The first problem found in a request.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamError {
    /// The wire name (a path such as `receivers[0].amount` inside a body).
    pub field: String,
    /// The offending value, as received (null when missing).
    pub value: Value,
    /// What is wrong.
    pub issue: String,
    /// `query`, `path`, `header` or `body`.
    pub location: &'static str,
}

/// A request's parameters, decoded.
pub struct Received<'a> {
    /// Query parameters, decoded, in order.
    pub query: &'a [(String, String)],
    /// Path parameters, decoded.
    pub path: &'a [(String, String)],
    /// Headers by name.
    pub header: &'a dyn Fn(&str) -> Option<String>,
    /// The JSON body, when there is one.
    pub body: Option<&'a Value>,
}

/// Checks every request field of `endpoint`; on success returns the scalar parameters sent, as
/// `(wire name, text)`, which identify the record asked for.
pub fn check(
    api: &Api,
    endpoint: &Endpoint,
    received: &Received,
) -> Result<Vec<(String, String)>, Box<ParamError>> {
    let mut sent = Vec::new();
    let mut groups_seen = vec![false; endpoint.request.one_of.len()];
    for field in &endpoint.request.fields {
        let location = field.location.unwrap_or(Location::Query);
        let value = lookup(received, field, location);
        let Some(value) = value else {
            if field.presence == Presence::Required {
                return Err(Box::new(ParamError {
                    field: field.wire_name.clone(),
                    value: Value::Null,
                    issue: format!("{} is required", field.wire_name),
                    location: location.as_str(),
                }));
            }
            continue;
        };
        if let Presence::OneOf(group) = field.presence {
            // Sending both members is accepted, as the service does: the docs' own sample does it.
            groups_seen[group] = true;
        }
        check_value(api, field, &value, &field.wire_name).map_err(|(path, value, issue)| {
            Box::new(ParamError {
                field: path,
                value,
                issue,
                location: location.as_str(),
            })
        })?;
        if let Some(text) = scalar_text(&value) {
            sent.push((field.wire_name.clone(), text));
        }
    }
    for (group, seen) in endpoint.request.one_of.iter().zip(groups_seen) {
        if !seen {
            let fields: Vec<&Field> = group
                .members
                .iter()
                .filter_map(|member| endpoint.request.fields.get(member.field))
                .collect();
            let names: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
            let location = fields
                .first()
                .and_then(|f| f.location)
                .unwrap_or(Location::Query);
            return Err(Box::new(ParamError {
                field: names.join("/"),
                value: Value::Null,
                issue: format!("one of {} is required (二选一)", names.join(", ")),
                location: location.as_str(),
            }));
        }
    }
    Ok(sent)
}

fn lookup(received: &Received, field: &Field, location: Location) -> Option<Value> {
    let text = |pairs: &[(String, String)]| {
        pairs
            .iter()
            .find(|(name, _)| *name == field.wire_name)
            .map(|(_, value)| Value::String(value.clone()))
    };
    match location {
        Location::Query => text(received.query),
        Location::Path => text(received.path),
        Location::Header => (received.header)(&field.wire_name).map(Value::String),
        Location::Body => received.body?.get(&field.wire_name).cloned(),
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

type Problem = (String, Value, String);

/// Checks one value against its field. Query, path and header values arrive as text; body values
/// are JSON, so a number must be a JSON number there.
fn check_value(api: &Api, field: &Field, value: &Value, path: &str) -> Result<(), Problem> {
    let problem = |issue: String| Err((path.to_owned(), value.clone(), issue));
    let from_text = field.location.is_some_and(|l| l != Location::Body);
    match (&field.ty, value) {
        (Type::String | Type::DateTime | Type::Enum(_), Value::String(text)) => {
            check_text(api, field, text).or_else(problem)
        }
        (Type::Integer, Value::Number(number)) if number.is_i64() => Ok(()),
        (Type::Integer, Value::String(text)) if from_text => text
            .parse::<i64>()
            .map(|_| ())
            .or_else(|_| problem(format!("{text:?} is not an integer"))),
        (Type::Bool, Value::Bool(_)) => Ok(()),
        (Type::Bool, Value::String(text)) if from_text && (text == "true" || text == "false") => {
            Ok(())
        }
        (Type::Object(reference), Value::Object(_)) => {
            let Some(object) = api.object_def(reference) else {
                return Ok(());
            };
            for inner in &object.fields {
                let inner_path = format!("{path}.{}", inner.wire_name);
                match value.get(&inner.wire_name) {
                    Some(inner_value) if !inner_value.is_null() => {
                        check_value(api, inner, inner_value, &inner_path)?;
                    }
                    _ if inner.presence == Presence::Required => {
                        return Err((
                            inner_path,
                            Value::Null,
                            format!("{} is required", inner.wire_name),
                        ));
                    }
                    _ => {}
                }
            }
            Ok(())
        }
        (Type::Array(item), Value::Array(items)) => {
            let item_field = Field {
                ty: (**item).clone(),
                ..field.clone()
            };
            for (i, item_value) in items.iter().enumerate() {
                check_value(api, &item_field, item_value, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        _ => problem(format!(
            "expected {} (`{}`)",
            kind_name(&field.ty),
            field.doc_type
        )),
    }
}

fn kind_name(ty: &Type) -> &'static str {
    match ty {
        Type::String | Type::DateTime | Type::Enum(_) => "a string",
        Type::Integer => "an integer",
        Type::Bool => "true or false",
        Type::Object(_) => "an object",
        Type::Array(_) => "an array",
    }
}

/// Length, charset, enum membership and time format of a text value.
fn check_text(api: &Api, field: &Field, text: &str) -> Result<(), String> {
    if let Some(problem) = field.text_problem(text) {
        return Err(problem);
    }
    match &field.ty {
        Type::Enum(reference) => {
            let Some(def) = api.enum_def(reference) else {
                return Err(format!(
                    "the spec defines no enum `{}`",
                    reference.rust_name
                ));
            };
            let known = def
                .values
                .iter()
                .any(|v| v.value == text || v.aliases.iter().any(|a| a == text));
            if known {
                Ok(())
            } else {
                Err(format!("{text:?} is not a documented value"))
            }
        }
        Type::DateTime => wechatpay_runtime::datetime::parse(text)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        _ => Ok(()),
    }
}
