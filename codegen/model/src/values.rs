//! Whether a JSON value fits the field that describes it: the one reading the mock applies to
//! the requests it receives and the checker to the request examples of the pages.

use serde_json::Value;

use crate::model::{Api, Endpoint, Field, Location, Presence, Type};

/// Where a value does not fit, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Misfit {
    /// The wire path (`receivers[0].amount`).
    pub path: String,
    /// The value (null when missing).
    pub value: Value,
    /// What is wrong.
    pub issue: String,
}

/// Checks one value against its field. Query, path and header values arrive as text; body values
/// are JSON, so a number must be a JSON number there.
pub fn check_value(api: &Api, field: &Field, value: &Value, path: &str) -> Result<(), Misfit> {
    let misfit = |issue: String| {
        Err(Misfit {
            path: path.to_owned(),
            value: value.clone(),
            issue,
        })
    };
    let from_text = field.location.is_some_and(|l| l != Location::Body);
    if let Some(checked) = check_special(api, field, value, from_text) {
        return checked.or_else(misfit);
    }
    match (&field.ty, value) {
        (Type::String | Type::DateTime | Type::Enum(_), Value::String(text)) => {
            match text_problem(api, field, text) {
                Some(issue) => misfit(issue),
                None => json_text_fits(api, field, text, path),
            }
        }
        (Type::Integer, Value::Number(number)) if number.is_i64() => Ok(()),
        (Type::Integer, Value::String(text)) if from_text => text
            .parse::<i64>()
            .map(|_| ())
            .or_else(|_| misfit(format!("{text:?} is not an integer"))),
        (Type::UnsignedInteger, Value::Number(number)) if number.is_u64() => Ok(()),
        (Type::UnsignedInteger, Value::String(text)) if from_text => text
            .parse::<u64>()
            .map(|_| ())
            .or_else(|_| misfit(format!("{text:?} is not a non-negative integer"))),
        (Type::Decimal, Value::Number(_)) => Ok(()),
        (Type::Decimal, Value::String(text))
            if from_text && text.parse::<f64>().is_ok_and(f64::is_finite) =>
        {
            Ok(())
        }
        (Type::JsonObject, Value::Object(_)) => Ok(()),
        (Type::Bool, Value::Bool(_)) => Ok(()),
        (Type::Bool, Value::String(text)) if from_text && (text == "true" || text == "false") => {
            Ok(())
        }
        (Type::Object(reference), Value::Object(_)) => match api.object_def(reference) {
            Some(object) => check_fields(api, &object.fields, value, path),
            None => Ok(()),
        },
        (Type::Array(item), Value::Array(items)) => {
            let rules = field.items.clone().unwrap_or_default();
            let item_field = Field {
                ty: (**item).clone(),
                length: rules.length,
                charset: rules.charset,
                pattern: rules.pattern,
                items: None,
                json: None,
                ..field.clone()
            };
            for (i, item_value) in items.iter().enumerate() {
                check_value(api, &item_field, item_value, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        _ => misfit(format!(
            "expected {} (`{}`)",
            kind_name(&field.ty),
            field.doc_type
        )),
    }
}

/// The fields whose value is not read by its JSON type alone: an integer enum (a number, or its
/// text in a query) and an encrypted field (ciphertext, which only its key can check). `None`
/// for any other field; otherwise the issue, if there is one.
fn check_special(
    api: &Api,
    field: &Field,
    value: &Value,
    from_text: bool,
) -> Option<Result<(), String>> {
    let issue = |issue: Option<String>| issue.map_or(Ok(()), Err);
    if field.encrypted.is_some() {
        return Some(match value {
            Value::String(_) => Ok(()),
            _ => Err(format!(
                "expected an encrypted string (`{}`)",
                field.doc_type
            )),
        });
    }
    let Type::IntegerEnum(_) = &field.ty else {
        return None;
    };
    Some(match value {
        Value::Number(number) if number.is_i64() => {
            issue(text_problem(api, field, &number.to_string()))
        }
        Value::String(text) if from_text => issue(text_problem(api, field, text)),
        _ => Err(format!("expected an integer (`{}`)", field.doc_type)),
    })
}

/// The fields of an object value: each required one present (and not null), each present one
/// fitting.
fn check_fields(api: &Api, fields: &[Field], object: &Value, path: &str) -> Result<(), Misfit> {
    for field in fields {
        let inner_path = if path.is_empty() {
            field.wire_name.clone()
        } else {
            format!("{path}.{}", field.wire_name)
        };
        match object.get(&field.wire_name) {
            Some(value) if !value.is_null() => check_value(api, field, value, &inner_path)?,
            _ if field.presence == Presence::Required => {
                return Err(Misfit {
                    issue: format!("{} is required", field.wire_name),
                    path: inner_path,
                    value: Value::Null,
                });
            }
            _ => {}
        }
    }
    Ok(())
}

/// A response body, as a page's example prints it, against the endpoint's response fields: an
/// object, each required field present and each present one fitting. Keys the response does not
/// list are allowed, as the client reads them (a field added later must not break it).
pub fn check_response_body(api: &Api, endpoint: &Endpoint, body: &Value) -> Result<(), Misfit> {
    let Some(object) = body.as_object() else {
        return Err(Misfit {
            path: String::new(),
            value: body.clone(),
            issue: "a JSON answer is an object".to_owned(),
        });
    };
    for field in &endpoint.response.fields {
        match object.get(&field.wire_name) {
            Some(value) => check_value(api, field, value, &field.wire_name)?,
            None if field.presence == Presence::Required => {
                return Err(Misfit {
                    path: field.wire_name.clone(),
                    value: Value::Null,
                    issue: format!("{} is required", field.wire_name),
                });
            }
            None => {}
        }
    }
    Ok(())
}

/// A request body, as a page's example prints it, against the endpoint's body fields: each
/// required one present, each present one fitting, no other key, and exactly one member of each
/// one-of group that travels in the body.
pub fn check_request_body(api: &Api, endpoint: &Endpoint, body: &Value) -> Result<(), Misfit> {
    let Some(object) = body.as_object() else {
        return Err(Misfit {
            path: String::new(),
            value: body.clone(),
            issue: "a JSON body is an object".to_owned(),
        });
    };
    let in_body: Vec<&Field> = endpoint
        .request
        .fields
        .iter()
        .filter(|f| f.is_in(Location::Body))
        .collect();
    if let Some(unknown) = object
        .keys()
        .find(|key| !in_body.iter().any(|f| f.wire_name == **key))
    {
        return Err(Misfit {
            path: unknown.clone(),
            value: object[unknown].clone(),
            issue: format!("`{unknown}` is not a body field of this request"),
        });
    }
    for field in &in_body {
        match object.get(&field.wire_name) {
            Some(value) => check_value(api, field, value, &field.wire_name)?,
            None if field.presence == Presence::Required => {
                return Err(Misfit {
                    path: field.wire_name.clone(),
                    value: Value::Null,
                    issue: format!("{} is required", field.wire_name),
                });
            }
            None => {}
        }
    }
    for group in &endpoint.request.one_of {
        let sent: Vec<&str> = endpoint
            .request
            .group_fields(group)
            .filter(|(_, f)| f.is_in(Location::Body) && object.contains_key(&f.wire_name))
            .map(|(_, f)| f.wire_name.as_str())
            .collect();
        if sent.len() != 1
            && endpoint
                .request
                .group_fields(group)
                .all(|(_, f)| f.is_in(Location::Body))
        {
            return Err(Misfit {
                path: group.name.clone(),
                value: Value::Null,
                issue: format!(
                    "exactly one of the group `{}` is sent, not {}",
                    group.name,
                    sent.len()
                ),
            });
        }
    }
    Ok(())
}

fn kind_name(ty: &Type) -> &'static str {
    match ty {
        Type::String | Type::DateTime | Type::Enum(_) => "a string",
        Type::Integer | Type::IntegerEnum(_) => "an integer",
        Type::UnsignedInteger => "a non-negative integer",
        Type::Decimal => "a number",
        Type::Bool => "true or false",
        Type::Object(_) | Type::JsonObject => "an object",
        Type::Array(_) => "an array",
    }
}

/// A string holding JSON text: the text is JSON, and fits the type the spec gives it.
fn json_text_fits(api: &Api, field: &Field, text: &str, path: &str) -> Result<(), Misfit> {
    let Some(json) = &field.json else {
        return Ok(());
    };
    let parsed: Value = serde_json::from_str(text).map_err(|error| Misfit {
        path: path.to_owned(),
        value: Value::String(text.to_owned()),
        issue: format!("the text is not JSON: {error}"),
    })?;
    let Some(inner) = &json.inner else {
        return Ok(());
    };
    let inner_field = Field {
        ty: inner.clone(),
        // Inside the JSON, values are JSON again, not text.
        location: None,
        also_in: Vec::new(),
        length: None,
        charset: None,
        pattern: None,
        items: None,
        json: None,
        encrypted: None,
        ..field.clone()
    };
    check_value(api, &inner_field, &parsed, path)
}

/// Why `text` does not fit `field`: length, charset, enum membership, time format.
pub fn text_problem(api: &Api, field: &Field, text: &str) -> Option<String> {
    if let Some(problem) = field.text_problem(text) {
        return Some(problem);
    }
    match &field.ty {
        Type::Enum(reference) | Type::IntegerEnum(reference) => {
            let Some(def) = api.enum_def(reference) else {
                return Some(format!(
                    "the spec defines no enum `{}`",
                    reference.rust_name
                ));
            };
            let known = def
                .values
                .iter()
                .any(|v| v.value == text || v.aliases.iter().any(|a| a == text));
            (!known).then(|| format!("{text:?} is not a documented value"))
        }
        Type::DateTime => datetime_problem(text),
        _ => None,
    }
}

/// Why `text` is not an RFC 3339 time with an offset, as the service writes times.
pub fn datetime_problem(text: &str) -> Option<String> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .err()
        .map(|e| format!("not an RFC 3339 time: {e}"))
}
