//! JSON Schemas of fields, objects and enums.

use serde_json::{Map, Value, json};
use wechatpay_spec::model::{
    Api, Charset, Enum, EnumBase, Field, ItemRules, Length, LengthUnit, LimitOn, Object, Presence,
    TextSource, Type,
};
use wechatpay_spec::openapi_ext as ext;

use super::names;
use super::version::Version;

/// What every schema builder reads: the model, for references, and the version written.
#[derive(Clone, Copy)]
pub(super) struct Context<'a> {
    pub api: &'a Api,
    pub version: Version,
}

impl Context<'_> {
    /// The schema of a value of type `ty`, without the rules of any field.
    pub fn type_schema(&self, ty: &Type) -> Value {
        match ty {
            Type::String => json!({ "type": "string" }),
            Type::Integer => json!({ "type": "integer", "format": "int64" }),
            Type::UnsignedInteger => json!({ "type": "integer", "format": "uint64", "minimum": 0 }),
            Type::Decimal => json!({ "type": "number" }),
            Type::Bool => json!({ "type": "boolean" }),
            Type::DateTime => json!({ "type": "string", "format": "date-time" }),
            Type::Enum(reference) | Type::IntegerEnum(reference) | Type::Object(reference) => {
                names::schema_ref(&names::component(self.api, reference))
            }
            Type::JsonObject => json!({ "type": "object" }),
            Type::Array(item) => json!({ "type": "array", "items": self.type_schema(item) }),
        }
    }

    /// The schema of a field: its type with its limits, charset and pattern, its words, and the
    /// extensions that keep what OpenAPI has no keyword for.
    pub fn field_schema(&self, field: &Field) -> Value {
        let mut schema = self.type_schema(&field.ty);
        if schema.get("$ref").is_some() {
            schema = self.version.described_ref(schema, Some(&field.description));
        } else {
            schema["description"] = json!(field.description);
        }
        // A reference's siblings are annotations some tools drop; the title goes where no tool
        // mistakes it for the referenced schema's own.
        if schema.get("$ref").is_none() {
            schema["title"] = json!(field.title);
        } else {
            schema[ext::TITLE] = json!(field.title);
        }
        match field.encrypted {
            // The wire carries ciphertext: the page's rules bind the plaintext (or nothing the
            // wire shows), so they move into the marker instead of constraining the wire value.
            Some(limit_on) => {
                schema[ext::ENCRYPTED] = encrypted_marker(field, limit_on);
                // A limit on the ciphertext is a limit on the wire value itself.
                if limit_on == LimitOn::Ciphertext {
                    text_rules(&mut schema, field.length, None, None);
                }
            }
            None => text_rules(
                &mut schema,
                field.length,
                field.charset.as_ref(),
                field.pattern.as_deref(),
            ),
        }
        if let (Some(rules), Some(items)) = (&field.items, schema.get_mut("items")) {
            item_rules(items, rules);
        }
        if let Some(json) = &field.json {
            // The marker keeps a JSON-text string whose inner type the page does not give.
            schema[ext::JSON] = json!(true);
            if let Some(inner) = &json.inner {
                self.version.json_text(&mut schema, self.type_schema(inner));
            }
        }
        annotate_field(&mut schema, field);
        schema
    }

    /// The schema of an object: its fields as properties, the required ones listed.
    pub fn object_schema(&self, object: &Object) -> Value {
        let mut schema = self.properties(&object.fields);
        schema["title"] = json!(object.title);
        if let Some(description) = &object.description {
            schema["description"] = json!(description);
        }
        schema[ext::RUST_NAME] = json!(object.rust_name);
        schema[ext::SPEC_NAME] = json!(object.name);
        source_marker(&mut schema, object.description_source);
        schema
    }

    /// `type: object` with `fields` as properties; members of one-of groups are never listed as
    /// required (the groups say which one must be there).
    pub fn properties<'f>(&self, fields: impl IntoIterator<Item = &'f Field>) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for field in fields {
            properties.insert(field.wire_name.clone(), self.field_schema(field));
            if field.presence == Presence::Required {
                required.push(json!(field.wire_name));
            }
        }
        let mut schema = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            schema["required"] = Value::Array(required);
        }
        schema
    }
}

/// The schema of an enum: its known values, and the extension saying others may appear.
pub(super) fn enum_schema(definition: &Enum) -> Value {
    let integer = definition.base == EnumBase::Integer;
    let values: Vec<Value> = definition
        .values
        .iter()
        .map(|value| match value.value.parse::<i64>() {
            Ok(number) if integer => json!(number),
            _ => json!(value.value),
        })
        .collect();
    let mut schema = json!({
        "type": if integer { "integer" } else { "string" },
        "title": definition.title,
        "enum": values,
        // WeChat Pay adds values without notice; the generated client reads them as Unknown.
        (ext::OPEN_ENUM): true,
        (ext::ENUM_VARNAMES): definition.values.iter().map(|v| &v.rust_name).collect::<Vec<_>>(),
        (ext::ENUM_DESCRIPTIONS): definition.values.iter().map(|v| &v.meaning).collect::<Vec<_>>(),
    });
    if let Some(description) = &definition.description {
        schema["description"] = json!(description);
    }
    let aliases: Map<String, Value> = definition
        .values
        .iter()
        .filter(|value| !value.aliases.is_empty())
        .map(|value| (value.value.clone(), json!(value.aliases)))
        .collect();
    if !aliases.is_empty() {
        schema[ext::ALIASES] = Value::Object(aliases);
    }
    schema[ext::RUST_NAME] = json!(definition.rust_name);
    schema[ext::SPEC_NAME] = json!(definition.name);
    source_marker(&mut schema, definition.description_source);
    schema
}

/// Length limits, charset and pattern as JSON Schema keywords. A length counted in bytes keeps
/// only `maxLength` (a string of at most n bytes has at most n characters) and says the unit.
fn text_rules(
    schema: &mut Value,
    length: Option<Length>,
    charset: Option<&Charset>,
    pattern: Option<&str>,
) {
    if let Some(length) = length {
        if let Some(max) = length.max {
            schema["maxLength"] = json!(max);
        }
        match (length.unit, length.min) {
            (LengthUnit::Chars, Some(min)) => schema["minLength"] = json!(min),
            (LengthUnit::Bytes, _) => schema[ext::LENGTH] = length_value(length),
            (LengthUnit::Chars, None) => {}
        }
    }
    if let Some(pattern) = whole_value_pattern(charset, pattern) {
        schema["pattern"] = json!(pattern);
    }
    if let Some(charset) = charset {
        schema[ext::CHARSET] = json!(charset.class());
    }
}

fn item_rules(items: &mut Value, rules: &ItemRules) {
    text_rules(
        items,
        rules.length,
        rules.charset.as_ref(),
        rules.pattern.as_deref(),
    );
    // The anchored `pattern` merges the charset in; the spec's own text is kept apart.
    if let Some(pattern) = &rules.pattern {
        items[ext::PATTERN] = json!(pattern);
    }
}

/// One ECMA-262 pattern for the charset and the spec's pattern together. JSON Schema patterns
/// are unanchored, the spec's match the whole value: both are anchored here, the charset as a
/// lookahead so that one `pattern` keyword carries both.
fn whole_value_pattern(charset: Option<&Charset>, pattern: Option<&str>) -> Option<String> {
    let class = charset.map(|charset| format!("[{}]*$", class_text(charset)));
    match (class, pattern) {
        (None, None) => None,
        (Some(class), None) => Some(format!("^{class}")),
        (None, Some(pattern)) => Some(format!("^(?:{pattern})$")),
        (Some(class), Some(pattern)) => Some(format!("^(?={class})(?:{pattern})$")),
    }
}

/// A charset's ranges as the inside of an ECMA-262 character class, with the characters that
/// mean something there escaped.
fn class_text(charset: &Charset) -> String {
    let escape = |c: char| match c {
        '\\' | ']' | '[' | '^' | '-' => format!("\\{c}"),
        c => c.to_string(),
    };
    charset
        .ranges()
        .iter()
        .map(|&(start, end)| match start == end {
            true => escape(start),
            false => format!("{}-{}", escape(start), escape(end)),
        })
        .collect()
}

fn length_value(length: Length) -> Value {
    json!({
        "min": length.min,
        "max": length.max,
        "unit": length.unit.as_str(),
    })
}

/// The `x-wechatpay-encrypted` marker: how the value is encrypted, and the page's rules, which
/// bind the text named by `limit_on`.
fn encrypted_marker(field: &Field, limit_on: LimitOn) -> Value {
    let mut marker = json!({
        "algorithm": "RSAES-OAEP with SHA-1 and MGF1, RSA-2048, base64",
        "key": "the WeChat Pay public key or platform certificate named in Wechatpay-Serial (requests); the merchant key (answers)",
        "limit_on": match limit_on {
            LimitOn::Nothing => "nothing",
            LimitOn::Plaintext => "plaintext",
            LimitOn::Ciphertext => "ciphertext",
        },
    });
    if let Some(length) = field.length {
        marker["length"] = length_value(length);
    }
    if let Some(charset) = &field.charset {
        marker["charset"] = json!(charset.class());
    }
    if let Some(pattern) = &field.pattern {
        marker["pattern"] = json!(pattern);
    }
    marker
}

/// What the spec says of a field that no JSON Schema keyword holds.
fn annotate_field(schema: &mut Value, field: &Field) {
    schema[ext::TYPE] = json!(field.doc_type);
    schema[ext::RUST_NAME] = json!(field.rust_name);
    if let Some(example) = &field.example {
        schema[ext::EXAMPLE] = json!(example);
    }
    if let Some(pattern) = &field.pattern {
        schema[ext::PATTERN] = json!(pattern);
    }
    if let Some(location) = field.location {
        schema[ext::LOCATION] = json!(location.as_str());
    }
    if !field.also_in.is_empty() {
        let places: Vec<&str> = field.also_in.iter().map(|l| l.as_str()).collect();
        schema[ext::ALSO_IN] = json!(places);
    }
    source_marker(schema, field.description_source);
}

/// `x-wechatpay-description-source: spec` when the words are the spec author's, not the page's.
pub(super) fn source_marker(schema: &mut Value, source: TextSource) {
    if source == TextSource::Spec {
        schema[ext::DESCRIPTION_SOURCE] = json!("spec");
    }
}
