//! The shared file: component schemas that belong to no one operation, the public error codes,
//! and the formats the drafts name.

use serde_json::{Map, Value, json};

use super::document::join;
use super::schema::{Converter, DATETIME_FORMAT, FileParts, component_spec_name};
use super::values::without_nulls;
use crate::openapi_ext as ext;
use crate::spec::TextSource;

impl Converter<'_> {
    /// The shared definitions: with our export, the components it names without a scope
    /// (no `.` in the name); otherwise every component schema.
    pub fn shared(&self, parts: &mut FileParts) -> Map<String, Value> {
        let mut enums = Map::new();
        let mut objects = Map::new();
        let schemas_pointer = self.doc.schemas_pointer();
        let schemas = self
            .doc
            .at(schemas_pointer)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for (component, schema) in &schemas {
            if self.ours && (component.contains('.') || schema.get(ext::SPEC_NAME).is_none()) {
                continue;
            }
            let pointer = join(schemas_pointer, component);
            let name = component_spec_name(component, schema);
            if schema.get("enum").is_some() {
                let def = self.enum_def(parts, schema, &pointer, &format!("enums.{name}"), &name);
                enums.insert(name, def);
            } else if schema.get("properties").is_some() || schema.get("allOf").is_some() {
                let def =
                    self.object_def(parts, schema, &pointer, &format!("objects.{name}"), &name);
                objects.insert(name, def);
            } else {
                parts.unsupported(
                    &pointer,
                    "a component that is neither an object nor an enum is inlined where it is used",
                );
            }
        }
        let mut shared = Map::new();
        enums.extend(std::mem::take(&mut parts.enums));
        let mut names = self.shared_names.borrow_mut();
        names.extend(enums.keys().cloned());
        names.extend(objects.keys().cloned());
        drop(names);
        objects.extend(std::mem::take(&mut parts.objects));
        if !enums.is_empty() {
            shared.insert("enums".into(), Value::Object(enums));
        }
        if !objects.is_empty() {
            shared.insert("objects".into(), Value::Object(objects));
        }
        if let Some(Value::Array(errors)) = self.doc.root.get(ext::COMMON_ERRORS)
            && !errors.is_empty()
        {
            shared.insert(
                "errors".into(),
                without_nulls(&Value::Array(errors.clone())),
            );
        }
        shared
    }

    /// The formats the drafts name, once every draft is read.
    pub fn formats(&self) -> Option<Value> {
        self.uses_datetime.get().then(|| {
            json!({ DATETIME_FORMAT: {
                "base": "string",
                "representation": "datetime",
                "description": "An RFC 3339 time with its offset (2015-05-20T13:29:35.120+08:00).",
            }})
        })
    }
}

/// The shared file's parts: shared definitions read as the page's words.
pub(super) fn shared_parts(line: usize) -> FileParts {
    FileParts::new(line, TextSource::Page)
}
