//! Rows, objects and enums: a property becomes a field row, an object schema an `objects`
//! entry, a value list an `enums` entry, each with the keys our export's extensions keep.

use serde_json::{Map, Value, json};

use super::document::join;
use super::schema::{Converter, FileParts, unwrap_described};
use super::values::{put, scalar_text, spec_name, text};
use crate::doc_type;
use crate::openapi_ext as ext;
use crate::spec::{LengthUnit, TextSource};

/// Properties by name, each with its schema and the schema's pointer, in order.
pub(super) type Properties = Vec<(String, (Value, String))>;

/// A property's place and presence, for [`Converter::field`].
pub(super) struct Row<'a> {
    /// Its wire name.
    pub name: &'a str,
    /// `true`, `false` or `one_of`.
    pub required: Value,
    /// Where a request field travels; `None` in responses and objects.
    pub location: Option<&'a str>,
    /// Its description, when it stands beside the schema (a parameter's).
    pub description: Option<&'a str>,
}

impl Converter<'_> {
    /// The spec row of a property.
    pub fn field(
        &self,
        parts: &mut FileParts,
        row: &Row<'_>,
        schema: &Value,
        (pointer, at): (&str, &str),
    ) -> Value {
        let target = unwrap_described(schema);
        let mut value = self.value(parts, schema, (pointer, at), row.name);
        let mut map = Map::new();
        map.insert("name".into(), json!(row.name));
        if let Some(rust) = text(schema, ext::RUST_NAME)
            && rust != crate::names::field_name(row.name)
        {
            map.insert("rust_name".into(), json!(rust));
        }
        let title = text(schema, ext::TITLE)
            .or_else(|| text(schema, "title"))
            .or_else(|| text(target, "title"));
        if title.is_none() {
            parts.note(
                &format!("{at}.title"),
                "the document gives no title: drafted as the field's name",
            );
        }
        map.insert("title".into(), json!(title.unwrap_or(row.name)));
        put(&mut map, "in", row.location.map(|l| json!(l)));
        let written = text(schema, ext::TYPE).map(str::to_owned);
        let ty = written
            .clone()
            .or_else(|| value.get("type").and_then(Value::as_str).map(str::to_owned));
        map.insert("type".into(), json!(ty.as_deref().unwrap_or("object")));
        value.remove("type");
        self.length_unit(schema, ty.as_deref(), &mut value, &mut map);
        map.insert("required".into(), row.required.clone());
        let description = row
            .description
            .or_else(|| text(schema, "description"))
            .or_else(|| text(target, "description"))
            .unwrap_or_default();
        map.insert("description".into(), json!(description));
        put(
            &mut map,
            "description_source",
            self.source_key(parts, schema),
        );
        let example = schema
            .get(ext::EXAMPLE)
            .or_else(|| schema.get("example"))
            .and_then(scalar_text);
        put(&mut map, "example", example.map(Value::String));
        if let Some(written) = &written
            && written.trim_start().starts_with("number")
            && !value.contains_key("number")
        {
            // A `number` column read as an integer: our export writes it `type: integer`.
            map.insert("number".into(), json!("integer"));
        }
        for (key, item) in value {
            map.insert(key, item);
        }
        self.json_text(parts, schema, (pointer, at), row.name, &mut map);
        self.encrypted(schema, &mut map);
        Value::Object(map)
    }

    /// `length_unit`, when the value's limits are counted otherwise than the drafts' default.
    fn length_unit(
        &self,
        schema: &Value,
        written: Option<&str>,
        value: &mut Map<String, Value>,
        map: &mut Map<String, Value>,
    ) {
        let encrypted_unit = schema
            .get(ext::ENCRYPTED)
            .and_then(|marker| marker.get("length"))
            .and_then(|length| text(length, "unit"))
            .and_then(LengthUnit::from_spelling);
        let limited = written
            .and_then(|w| doc_type::parse(w).ok())
            .is_some_and(|t| t.min.is_some() || t.max.is_some());
        let unit = value.remove("length_unit");
        let unit = match encrypted_unit {
            Some(unit) => (unit != self.default_unit).then(|| json!(unit.as_str())),
            None => unit,
        };
        if limited {
            put(map, "length_unit", unit);
        }
    }

    /// `description_source`, when the words are not the file's usual ones.
    pub fn source_key(&self, parts: &FileParts, schema: &Value) -> Option<Value> {
        let source = text(schema, ext::DESCRIPTION_SOURCE)
            .and_then(TextSource::from_spelling)
            .unwrap_or_default();
        (source != parts.descriptions).then(|| json!(source.as_str()))
    }

    /// `json`: a string holding JSON text, with the inner type when the document gives it.
    fn json_text(
        &self,
        parts: &mut FileParts,
        schema: &Value,
        (pointer, at): (&str, &str),
        name: &str,
        map: &mut Map<String, Value>,
    ) {
        let inner = schema
            .get("contentSchema")
            .map(|inner| (inner, "contentSchema"))
            .or_else(|| {
                schema
                    .get(ext::CONTENT_SCHEMA)
                    .map(|inner| (inner, ext::CONTENT_SCHEMA))
            });
        let marked = schema.get(ext::JSON).is_some()
            || text(schema, "contentMediaType") == Some("application/json");
        match inner {
            Some((inner, key)) => {
                let value = self.value(
                    parts,
                    inner,
                    (&join(pointer, key), &format!("{at}.json")),
                    name,
                );
                map.insert("json".into(), Value::Object(value));
            }
            None if marked => {
                map.insert("json".into(), json!({}));
            }
            None => {}
        }
    }

    /// `encrypted`, with the page's rules the marker moved off the wire value.
    fn encrypted(&self, schema: &Value, map: &mut Map<String, Value>) {
        let Some(marker) = schema.get(ext::ENCRYPTED) else {
            return;
        };
        let limit = match text(marker, "limit_on") {
            Some("plaintext") => json!("plaintext"),
            Some("ciphertext") => json!("ciphertext"),
            _ => json!(true),
        };
        put(map, "charset", marker.get("charset").cloned());
        put(map, "pattern", marker.get("pattern").cloned());
        map.insert("encrypted".into(), limit);
    }

    /// The fields of an object schema (its properties, `allOf` members merged), in order.
    pub fn fields(
        &self,
        parts: &mut FileParts,
        schema: &Value,
        (pointer, at): (&str, &str),
        location: Option<&str>,
    ) -> Vec<Value> {
        self.fields_and_schemas(parts, schema, (pointer, at), location)
            .into_iter()
            .map(|(field, _)| field)
            .collect()
    }

    /// [`Self::fields`], each row with the property schema it was read from.
    pub fn fields_and_schemas(
        &self,
        parts: &mut FileParts,
        schema: &Value,
        (pointer, at): (&str, &str),
        location: Option<&str>,
    ) -> Vec<(Value, Value)> {
        let (properties, required) = self.merged_properties(parts, schema, pointer, at);
        properties
            .into_iter()
            .map(|(name, (property, property_pointer))| {
                let row = Row {
                    name: &name,
                    required: json!(required.contains(&name)),
                    location,
                    description: None,
                };
                let field_at = format!("{at}.fields.{name}");
                let field = self.field(parts, &row, &property, (&property_pointer, &field_at));
                (field, property)
            })
            .collect()
    }

    /// The properties and required names of an object schema, `allOf` members merged in
    /// order (references followed), each property with its pointer.
    pub fn merged_properties(
        &self,
        parts: &mut FileParts,
        schema: &Value,
        pointer: &str,
        at: &str,
    ) -> (Properties, Vec<String>) {
        let mut properties: Properties = Vec::new();
        let mut required = Vec::new();
        let mut pending = vec![(schema.clone(), pointer.to_owned(), 0usize)];
        let mut merged = false;
        while let Some((schema, pointer, depth)) = pending.pop() {
            if !self.spend() || depth > super::MAX_DEPTH {
                parts.problems.push(super::document::problem(
                    &pointer,
                    super::ProblemKind::TooComplex,
                    "`allOf` nests past the importer's bounds; the rest is left out",
                ));
                break;
            }
            let Some(resolved) = parts.reported(self.doc.follow(&schema, &pointer)) else {
                continue;
            };
            let (schema, pointer) = (resolved.value.clone(), resolved.pointer);
            if let Some(Value::Object(map)) = schema.get("properties") {
                for (name, property) in map {
                    if !properties.iter().any(|(known, _)| known == name) {
                        let at_pointer = join(&join(&pointer, "properties"), name);
                        properties.push((name.clone(), (property.clone(), at_pointer)));
                    }
                }
            }
            for name in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(name) = name.as_str() {
                    required.push(name.to_owned());
                }
            }
            if let Some(Value::Array(members)) = schema.get("allOf") {
                merged = true;
                // Pushed in reverse, so that members are read in order.
                for (index, member) in members.iter().enumerate().rev() {
                    let member_pointer = format!("{}/{index}", join(&pointer, "allOf"));
                    pending.push((member.clone(), member_pointer, depth + 1));
                }
            }
        }
        if merged && !self.ours {
            parts.note(
                &format!("{at}.fields"),
                "the document composes this object with `allOf`: its members' properties are merged, in order, into one table",
            );
        }
        (properties, required)
    }

    /// What an `objects` or `enums` entry starts with: its title (`name` standing for a missing
    /// one, with a note), description and whose words those are.
    fn definition_head(
        &self,
        parts: &mut FileParts,
        schema: &Value,
        at: &str,
        (name, kind): (&str, &str),
    ) -> Map<String, Value> {
        let mut map = Map::new();
        let title = text(schema, "title");
        if title.is_none() {
            parts.note(
                &format!("{at}.title"),
                format!("the document gives no title: drafted as the {kind}'s name"),
            );
        }
        map.insert("title".into(), json!(title.unwrap_or(name)));
        put(&mut map, "description", schema.get("description").cloned());
        put(
            &mut map,
            "description_source",
            self.source_key(parts, schema),
        );
        map
    }

    /// An `objects` entry.
    pub fn object_def(
        &self,
        parts: &mut FileParts,
        schema: &Value,
        pointer: &str,
        at: &str,
        name: &str,
    ) -> Value {
        let mut map = self.definition_head(parts, schema, at, (name, "object"));
        let fields = self.fields(parts, schema, (pointer, at), None);
        map.insert("fields".into(), Value::Array(fields));
        Value::Object(map)
    }

    /// An `enums` entry; `name` stands for a missing title.
    pub fn enum_def(
        &self,
        parts: &mut FileParts,
        schema: &Value,
        pointer: &str,
        at: &str,
        name: &str,
    ) -> Value {
        let mut map = self.definition_head(parts, schema, at, (name, "enum"));
        let integer = text(schema, "type") == Some("integer");
        if integer {
            map.insert("type".into(), json!("integer"));
        }
        map.insert(
            "values".into(),
            Value::Array(enum_values(parts, schema, (pointer, at), integer)),
        );
        Value::Object(map)
    }
}

/// The values of an enum schema: meanings from `x-enum-descriptions`, variant names from
/// `x-enum-varnames` where they are not the derived ones, spellings from our aliases.
pub(super) fn enum_values(
    parts: &mut FileParts,
    schema: &Value,
    (pointer, at): (&str, &str),
    integer: bool,
) -> Vec<Value> {
    let list = |key: &str| {
        schema
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (meanings, names) = (list(ext::ENUM_DESCRIPTIONS), list(ext::ENUM_VARNAMES));
    if meanings.is_empty() {
        parts.note(
            &format!("{at}.values"),
            "the document gives the values without meanings: each meaning is drafted as its value",
        );
    }
    let aliases = schema.get(ext::ALIASES).cloned().unwrap_or(Value::Null);
    let mut values = Vec::new();
    for (index, value) in list("enum").iter().enumerate() {
        let Some(written) = scalar_text(value).filter(|_| !value.is_object() && !value.is_array())
        else {
            parts.unsupported(
                &format!("{pointer}/enum/{index}"),
                "an enum value that is not a string or number is left out",
            );
            continue;
        };
        let mut entry = Map::new();
        entry.insert("value".into(), json!(written));
        let meaning = meanings
            .get(index)
            .and_then(Value::as_str)
            .unwrap_or(&written);
        entry.insert("meaning".into(), json!(meaning));
        put(&mut entry, "aliases", aliases.get(&written).cloned());
        match names.get(index).and_then(Value::as_str) {
            Some(rust) if integer || crate::names::camel(&written) != rust => {
                entry.insert("rust_name".into(), json!(crate::names::snake(rust)));
            }
            None if integer => {
                let made = spec_name(&format!("value_{written}"));
                parts.note(
                    &format!("{at}.values.{written}.rust_name"),
                    "a number makes no variant name: drafted from the value",
                );
                entry.insert("rust_name".into(), json!(made));
            }
            _ => {}
        }
        values.push(Value::Object(entry));
    }
    values
}
