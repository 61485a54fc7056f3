//! Encrypted fields (敏感信息), as the service treats them: a request's are RSA-OAEP ciphertext
//! under the key its `Wechatpay-Serial` names, which the mock opens with that key's private half
//! and checks as plaintext; an answer's are encrypted under the merchant's public key. Records
//! keep the plaintext.

use serde_json::{Map, Value};
use wechatpay_runtime::protocol::keys::{PrivateKey, PublicKey};
use wechatpay_spec::model::{Api, Field, LimitOn, MAX_ENCRYPTED_PLAINTEXT_BYTES, Type};

use crate::params::ParamError;

/// Opens every encrypted field of a request body in place (nested objects and arrays included),
/// checking each plaintext against its field's rules.
pub(crate) fn open_request(
    api: &Api,
    fields: &[Field],
    body: &mut Value,
    key: &PrivateKey,
) -> Result<(), Box<ParamError>> {
    walk(api, fields, body, "", &mut |field, value, path| {
        let refuse = |issue: String| {
            Box::new(ParamError {
                field: path.to_owned(),
                value: Value::Null,
                issue,
                location: "body",
            })
        };
        let Value::String(ciphertext) = value else {
            return Err(refuse(format!("{path} is not an encrypted string")));
        };
        let plaintext = key.decrypt_oaep(ciphertext).map_err(|error| {
            refuse(format!(
                "{path} does not decrypt with the key Wechatpay-Serial names ({error})"
            ))
        })?;
        let text = plaintext.expose();
        if text.len() as u64 > MAX_ENCRYPTED_PLAINTEXT_BYTES {
            return Err(refuse(format!("{path} is longer than 214 bytes")));
        }
        if field.encrypted == Some(LimitOn::Plaintext)
            && let Some(problem) = field.text_problem(text)
        {
            return Err(refuse(format!("{path}: {problem}")));
        }
        *value = Value::String(text.to_owned());
        Ok(())
    })
}

/// Encrypts every encrypted field of an answer in place, under the merchant's public key.
pub(crate) fn seal_answer(
    api: &Api,
    fields: &[Field],
    answer: &mut Map<String, Value>,
    key: &PublicKey,
) {
    let mut object = Value::Object(std::mem::take(answer));
    let _ = walk(api, fields, &mut object, "", &mut |_, value, _| {
        if let Value::String(plaintext) = value
            && let Ok(ciphertext) = key.encrypt_oaep(plaintext.as_bytes())
        {
            *value = Value::String(ciphertext);
        }
        Ok(())
    });
    if let Value::Object(map) = object {
        *answer = map;
    }
}

type Visit<'a> = dyn FnMut(&Field, &mut Value, &str) -> Result<(), Box<ParamError>> + 'a;

/// Calls `visit` on every encrypted field's value under `value` (an object of `fields`).
fn walk(
    api: &Api,
    fields: &[Field],
    value: &mut Value,
    path: &str,
    visit: &mut Visit<'_>,
) -> Result<(), Box<ParamError>> {
    let Value::Object(object) = value else {
        return Ok(());
    };
    for field in fields {
        let Some(inner) = object.get_mut(&field.wire_name) else {
            continue;
        };
        let path = if path.is_empty() {
            field.wire_name.clone()
        } else {
            format!("{path}.{}", field.wire_name)
        };
        if field.encrypted.is_some() {
            visit(field, inner, &path)?;
            continue;
        }
        walk_type(api, &field.ty, inner, &path, visit)?;
    }
    Ok(())
}

fn walk_type(
    api: &Api,
    ty: &Type,
    value: &mut Value,
    path: &str,
    visit: &mut Visit<'_>,
) -> Result<(), Box<ParamError>> {
    match (ty, value) {
        (Type::Object(reference), value @ Value::Object(_)) => match api.object_def(reference) {
            Some(object) => walk(api, &object.fields, value, path, visit),
            None => Ok(()),
        },
        (Type::Array(item), Value::Array(items)) => {
            for (i, value) in items.iter_mut().enumerate() {
                walk_type(api, item, value, &format!("{path}[{i}]"), visit)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
