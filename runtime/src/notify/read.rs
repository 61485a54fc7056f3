//! The checks of a notification, in the order the module documentation lists them.

use serde::Deserialize;
use serde_json::error::Category;
use time::OffsetDateTime;

use super::{Notification, NotificationResource, NotifyError};
use crate::client::Client;
use crate::client::certificates::KeyLookupError;
use crate::clip::{HEADER_CHARS, clip};
use crate::protocol::aead::{ALGORITHM, decrypt_aes_256_gcm};
use crate::protocol::headers::{
    WECHATPAY_NONCE, WECHATPAY_SERIAL, WECHATPAY_SIGNATURE, WECHATPAY_SIGNATURE_TYPE,
    WECHATPAY_TIMESTAMP,
};
use crate::wire_enum::WireEnum;

/// The headers the signature checks read: all a notification's reading needs of its headers.
const SIGNATURE_HEADERS: [&str; 5] = [
    WECHATPAY_SERIAL,
    WECHATPAY_SIGNATURE,
    WECHATPAY_TIMESTAMP,
    WECHATPAY_NONCE,
    WECHATPAY_SIGNATURE_TYPE,
];

/// The envelope, as documented; fields added later are ignored (the body is signed).
#[derive(Deserialize)]
struct Envelope {
    id: String,
    #[serde(with = "crate::datetime::rfc3339")]
    create_time: OffsetDateTime,
    event_type: String,
    resource_type: String,
    summary: String,
    resource: EncryptedResource,
}

#[derive(Deserialize)]
struct EncryptedResource {
    algorithm: String,
    ciphertext: String,
    nonce: String,
    /// Optional in the documentation; absent or `null` is no associated data.
    #[serde(default)]
    associated_data: Option<String>,
    original_type: String,
}

/// Every check of one notification (see the module documentation).
pub(super) async fn notification<'h, R: NotificationResource>(
    client: &Client,
    limit: usize,
    header: impl Fn(&str) -> Option<&'h str>,
    body: &[u8],
) -> Result<Notification<R>, NotifyError> {
    if body.len() > limit {
        return Err(NotifyError::TooLarge { limit });
    }
    // The five header values, taken now: the caller's lookup is not kept across the wait for a
    // certificate download (so it need be neither `Send` nor `Sync`).
    let values = SIGNATURE_HEADERS.map(&header);
    let lookup = |name: &str| {
        SIGNATURE_HEADERS
            .iter()
            .position(|known| known.eq_ignore_ascii_case(name))
            .and_then(|index| values[index])
    };
    let now = client.now_unix();
    let verifier = client
        .verifier_for(&lookup, now)
        .await
        .map_err(|error| match error {
            KeyLookupError::Unknown(error) => NotifyError::Verification(error),
            KeyLookupError::Download(error) => NotifyError::Certificates(error),
        })?;
    verifier
        .verify(lookup, body, now)
        .map_err(NotifyError::Verification)?;
    open(client, body)
}

/// The envelope of a verified body, its resource decrypted and read.
fn open<R: NotificationResource>(
    client: &Client,
    body: &[u8],
) -> Result<Notification<R>, NotifyError> {
    // serde's derive would also read a struct from a JSON array of its fields in order: not
    // the documented envelope.
    if body.trim_ascii_start().first() != Some(&b'{') {
        return Err(NotifyError::Envelope {
            path: ".".to_owned(),
            message: "the body is not a JSON object".to_owned(),
        });
    }
    let envelope: Envelope =
        deserialize(body).map_err(|(path, message)| NotifyError::Envelope { path, message })?;
    let id = clip(&envelope.id, HEADER_CHARS);
    let resource = envelope.resource;
    if resource.algorithm != ALGORITHM {
        return Err(NotifyError::UnsupportedAlgorithm {
            id,
            algorithm: clip(&resource.algorithm, HEADER_CHARS),
        });
    }
    if resource.original_type != R::ORIGINAL_TYPE {
        return Err(NotifyError::OriginalType {
            id,
            expected: R::ORIGINAL_TYPE,
            received: clip(&resource.original_type, HEADER_CHARS),
        });
    }
    let Some(key) = client.apiv3_key() else {
        return Err(NotifyError::NoApiV3Key { id });
    };
    let associated_data = resource.associated_data.unwrap_or_default();
    // Wiped when dropped: the resource may hold personal data.
    let plaintext =
        decrypt_aes_256_gcm(key, &resource.nonce, &associated_data, &resource.ciphertext).map_err(
            |source| NotifyError::Decrypt {
                id: id.clone(),
                source,
            },
        )?;
    let data: R = deserialize(&plaintext).map_err(|(path, message)| NotifyError::Resource {
        id,
        path,
        message,
    })?;
    Ok(Notification {
        id: envelope.id,
        create_time: envelope.create_time,
        event_type: R::EventType::from_wire_owned(envelope.event_type),
        resource_type: envelope.resource_type,
        summary: envelope.summary,
        original_type: resource.original_type,
        associated_data,
        resource: data,
    })
}

/// `bytes` as JSON of `T`; on failure, the JSON path and what is wrong there, without any value
/// serde quoted.
fn deserialize<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, (String, String)> {
    // The plain decoder is faster; the path-tracking one runs only to explain a failure.
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(deserializer)
        .map_err(|traced| (traced.path().to_string(), describe(traced.inner())))
}

/// What serde said about `error`, with any value it quoted left out: serde's messages quote
/// the value that did not fit (`invalid type: string "…"`), and in a resource that is
/// decrypted, possibly personal, data (in an envelope, possibly kilobytes of ciphertext).
pub(super) fn describe(error: &serde_json::Error) -> String {
    let message = error.to_string();
    if error.classify() != Category::Data {
        // Syntax and end-of-input messages name positions and tokens, never values.
        return message;
    }
    for kind in ["invalid type", "invalid value", "unknown variant"] {
        let Some(rest) = message.strip_prefix(kind) else {
            continue;
        };
        // The value comes first and may itself contain ", expected "; what was expected, from
        // the type, comes last.
        return match rest.rfind(", expected ") {
            Some(at) => format!("{kind} (value not shown), {}", &rest[at + 2..]),
            None => format!("{kind} (value not shown)"),
        };
    }
    // The runtime's own times (`crate::datetime`) quote the text, Debug-escaped, then say why.
    if let Some(rest) = message.strip_prefix("invalid time ")
        && let Some(after) = skip_quoted(rest)
    {
        return format!("invalid time (value not shown){after}");
    }
    // These name fields of the type, or counts, never values.
    let safe = [
        "missing field",
        "duplicate field",
        "unknown field",
        "invalid length",
    ];
    if safe.iter().any(|prefix| message.starts_with(prefix)) {
        return message;
    }
    let position = match (error.line(), error.column()) {
        (0, _) => String::new(),
        (line, column) => format!(" at line {line} column {column}"),
    };
    format!(
        "the value does not fit its type (the message is not shown, as it may quote the value){position}"
    )
}

/// What follows the Debug-quoted string `text` starts with, or `None` if it starts with none.
fn skip_quoted(text: &str) -> Option<&str> {
    let mut chars = text.char_indices();
    if chars.next()?.1 != '"' {
        return None;
    }
    while let Some((at, c)) = chars.next() {
        match c {
            // An escape: the next character is part of it (`\"` is a quote inside).
            '\\' => {
                chars.next();
            }
            '"' => return Some(&text[at + 1..]),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)] // Read only to make serde fail.
    struct Shape {
        amount: u64,
        state: Kind,
        name: String,
    }

    #[derive(Debug, Deserialize)]
    enum Kind {
        On,
    }

    fn message(json: &str) -> (String, String) {
        deserialize::<Shape>(json.as_bytes()).unwrap_err()
    }

    #[test]
    fn values_are_never_quoted() {
        let secret = "SECRET, expected nothing";
        for json in [
            format!(r#"{{"amount":"{secret}","state":"On","name":"a"}}"#),
            format!(r#"{{"amount":1,"state":"{secret}","name":"a"}}"#),
            format!(r#"{{"amount":1,"state":"On","name":["{secret}"]}}"#),
        ] {
            let (path, message) = message(&json);
            assert!(!message.contains("SECRET"), "{message}");
            assert!(message.contains("value not shown"), "{message}");
            assert!(
                ["amount", "state", "name"].contains(&path.as_str()),
                "{path}"
            );
        }
        let (path, message) = message(r#"{"amount":"SECRET","state":"On","name":"a"}"#);
        assert_eq!(path, "amount");
        assert!(
            message.starts_with("invalid type (value not shown), expected u64"),
            "{message}"
        );
    }

    #[test]
    fn times_keep_their_reason_only() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)] // Read only to make serde fail.
        struct At {
            #[serde(with = "crate::datetime::rfc3339")]
            at: OffsetDateTime,
        }
        let error = deserialize::<At>(br#"{"at":"SECRET \" quoted: x"}"#).unwrap_err();
        assert_eq!(error.0, "at");
        assert!(!error.1.contains("SECRET"), "{}", error.1);
        assert!(
            error.1.starts_with("invalid time (value not shown): "),
            "{}",
            error.1
        );
        assert!(
            error.1.contains("expected an RFC 3339 date-time"),
            "{}",
            error.1
        );
        assert_eq!(skip_quoted(r#""a\"b" rest"#), Some(" rest"));
        assert_eq!(skip_quoted(r#""open"#), None);
        assert_eq!(skip_quoted("none"), None);
    }

    #[test]
    fn missing_fields_are_named() {
        let (path, message) = message(r#"{"amount":1,"state":"On"}"#);
        assert_eq!(path, ".");
        assert!(message.starts_with("missing field `name`"), "{message}");
    }

    #[test]
    fn syntax_errors_keep_their_position() {
        let (_, message) = message(r#"{"amount":1,"#);
        assert!(message.contains("line 1"), "{message}");
    }
}
