//! Which OpenAPI version is written, and the few places where 3.0 and 3.1 differ.

use std::fmt;
use std::str::FromStr;

use serde_json::{Value, json};
use wechatpay_spec::openapi_ext as ext;

/// The OpenAPI version of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Version {
    /// OpenAPI 3.1.1: JSON Schema 2020-12 schemas, `webhooks`.
    #[default]
    V3_1,
    /// OpenAPI 3.0.3, for tools that read only 3.0 (progenitor, say): no `webhooks` (they go to
    /// `x-webhooks`), no `contentSchema` (it goes to `x-wechatpay-content-schema`), and a `$ref`
    /// with a description wrapped in `allOf`, since 3.0 ignores a reference's siblings.
    V3_0,
}

impl Version {
    /// The `openapi` field's value.
    pub fn number(self) -> &'static str {
        match self {
            Self::V3_1 => "3.1.1",
            Self::V3_0 => "3.0.3",
        }
    }

    /// A reference to a component schema, described.
    pub(super) fn described_ref(self, target: Value, description: Option<&str>) -> Value {
        let Some(description) = description.filter(|text| !text.is_empty()) else {
            return target;
        };
        match self {
            Self::V3_1 => {
                let mut schema = target;
                schema["description"] = json!(description);
                schema
            }
            Self::V3_0 => json!({ "allOf": [target], "description": description }),
        }
    }

    /// A string holding JSON text whose own schema is `inner`.
    pub(super) fn json_text(self, schema: &mut Value, inner: Value) {
        match self {
            Self::V3_1 => {
                schema["contentMediaType"] = json!("application/json");
                schema["contentSchema"] = inner;
            }
            Self::V3_0 => schema[ext::CONTENT_SCHEMA] = inner,
        }
    }

    /// The schema of a file's bytes (an upload's part, a downloaded file).
    pub(super) fn binary(self) -> Value {
        match self {
            Self::V3_1 => {
                json!({ "type": "string", "contentMediaType": "application/octet-stream" })
            }
            Self::V3_0 => json!({ "type": "string", "format": "binary" }),
        }
    }

    /// The key notifications are listed under.
    pub(super) fn webhooks_key(self) -> &'static str {
        match self {
            Self::V3_1 => "webhooks",
            Self::V3_0 => ext::WEBHOOKS_3_0,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::V3_1 => "3.1",
            Self::V3_0 => "3.0",
        })
    }
}

impl FromStr for Version {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "3.1" | "3.1.1" => Ok(Self::V3_1),
            "3.0" | "3.0.3" => Ok(Self::V3_0),
            other => Err(format!(
                "unknown OpenAPI version `{other}`: write 3.1 or 3.0"
            )),
        }
    }
}
