//! Request parameters checked against the spec, as the service would: the first problem becomes
//! a 400 PARAM_ERROR whose `detail` names the field, the value, the issue and the location.

use serde_json::Value;
use wechatpay_spec::model::{Api, Endpoint, Field, Location, OneOf, Presence};
use wechatpay_spec::values;

use crate::config::{Both, Strictness, Unknown};

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
    strictness: &Strictness,
) -> Result<Vec<(String, String)>, Box<ParamError>> {
    let mut sent = Vec::new();
    let mut members_sent = vec![0usize; endpoint.request.one_of.len()];
    for field in &endpoint.request.fields {
        let mut first_text: Option<String> = None;
        for location in field.location.iter().chain(&field.also_in).copied() {
            let Some(value) = checked_value(api, field, location, received)? else {
                continue;
            };
            if let Presence::OneOf(group) = field.presence {
                members_sent[group] += 1;
            }
            let Some(text) = scalar_text(&value) else {
                continue;
            };
            // One value listed in two places (the path and the body) must be the same in both.
            match &first_text {
                Some(first) if *first != text => {
                    return Err(Box::new(ParamError {
                        field: field.wire_name.clone(),
                        value,
                        issue: format!(
                            "{} differs between the places it is sent ({first:?} before)",
                            field.wire_name
                        ),
                        location: location.as_str(),
                    }));
                }
                Some(_) => {}
                None => {
                    first_text = Some(text.clone());
                    sent.push((field.wire_name.clone(), text));
                }
            }
        }
    }
    for (group, count) in endpoint.request.one_of.iter().zip(members_sent) {
        let refused = match count {
            0 => "one of {} is required (二选一)",
            1 => continue,
            _ if strictness.both_one_of_members == Both::Accept => continue,
            _ => "only one of {} may be sent (二选一)",
        };
        return Err(group_error(endpoint, group, refused));
    }
    Ok(sent)
}

/// The value of `field` sent at `location`, checked; `None` when an optional field is absent.
fn checked_value(
    api: &Api,
    field: &Field,
    location: Location,
    received: &Received,
) -> Result<Option<Value>, Box<ParamError>> {
    let value = lookup(received, field, location)
        .filter(|value| field.presence == Presence::Optional || !is_missing_text(value));
    let Some(value) = value else {
        if field.presence == Presence::Required {
            return Err(Box::new(ParamError {
                field: field.wire_name.clone(),
                value: Value::Null,
                issue: format!("{} is required", field.wire_name),
                location: location.as_str(),
            }));
        }
        return Ok(None);
    };
    // A field sent in two places is read as text in the one and as JSON in the other.
    let here;
    let field = if field.also_in.is_empty() {
        field
    } else {
        here = Field {
            location: Some(location),
            also_in: Vec::new(),
            ..field.clone()
        };
        &here
    };
    values::check_value(api, field, &value, &field.wire_name).map_err(|misfit| {
        Box::new(ParamError {
            field: misfit.path,
            value: misfit.value,
            issue: misfit.issue,
            location: location.as_str(),
        })
    })?;
    Ok(Some(value))
}

/// A required text value that counts as not sent: the rule the client validates with.
fn is_missing_text(value: &Value) -> bool {
    match value {
        Value::String(text) => wechatpay_spec::rules::is_missing(Some(text)),
        _ => false,
    }
}

/// A one-of group's error, naming its members: `issue` holds `{}` where their names go.
fn group_error(endpoint: &Endpoint, group: &OneOf, issue: &str) -> Box<ParamError> {
    let fields: Vec<&Field> = endpoint
        .request
        .group_fields(group)
        .map(|(_, field)| field)
        .collect();
    let names: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
    let location = fields
        .first()
        .and_then(|f| f.location)
        .unwrap_or(Location::Query);
    Box::new(ParamError {
        field: names.join("/"),
        value: Value::Null,
        issue: issue.replace("{}", &names.join(", ")),
        location: location.as_str(),
    })
}

/// The query of `target`, decoded strictly as the service would read it: `+` is a space, every
/// `%` starts two hex digits, the result is UTF-8 without NUL, each parameter is sent once, and
/// (unless the strictness says otherwise) each is one the endpoint defines.
pub fn decode_query(
    target: &str,
    endpoint: &Endpoint,
    strictness: &Strictness,
) -> Result<Vec<(String, String)>, Box<ParamError>> {
    let Some((_, query)) = target.split_once('?') else {
        return Ok(Vec::new());
    };
    let mut decoded: Vec<(String, String)> = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let name =
            decode_component(raw_name).map_err(|issue| query_error(raw_name, raw_name, issue))?;
        let value =
            decode_component(raw_value).map_err(|issue| query_error(&name, raw_value, issue))?;
        let defined = endpoint
            .request
            .fields
            .iter()
            .any(|f| f.is_in(Location::Query) && f.wire_name == name);
        if !defined {
            if strictness.unknown_query_parameters == Unknown::Ignore {
                continue;
            }
            return Err(query_error(
                &name,
                &value,
                "is not a parameter of this endpoint".to_owned(),
            ));
        }
        if decoded.iter().any(|(known, _)| *known == name) {
            return Err(query_error(
                &name,
                &value,
                "is sent more than once".to_owned(),
            ));
        }
        decoded.push((name, value));
    }
    Ok(decoded)
}

fn query_error(name: &str, value: &str, issue: String) -> Box<ParamError> {
    Box::new(ParamError {
        field: name.to_owned(),
        value: Value::String(value.to_owned()),
        issue: format!("{name} {issue}"),
        location: "query",
    })
}

/// One `application/x-www-form-urlencoded` component, refused rather than guessed at when it is
/// not well formed.
fn decode_component(raw: &str) -> Result<String, String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|pair| std::str::from_utf8(pair).ok())
                    .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                    .ok_or_else(|| {
                        "has a `%` not followed by two hex digits (percent-encoding)".to_owned()
                    })?;
                out.push(hex);
                i += 2;
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    if out.contains(&0) {
        return Err("holds a NUL character (%00)".to_owned());
    }
    String::from_utf8(out).map_err(|_| "is not UTF-8 once decoded".to_owned())
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

#[cfg(test)]
mod tests {
    use super::decode_component;

    #[test]
    fn components_decode_strictly() {
        assert_eq!(decode_component("a+b%20c%E5%88%86").unwrap(), "a b c分");
        for bad in ["%zz", "%", "%4", "a%00b", "%FF", "%E5%88"] {
            assert!(decode_component(bad).is_err(), "{bad}");
        }
    }
}
