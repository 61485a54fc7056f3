//! Webhooks our export wrote as notification files: event types, the decrypted resource, its
//! local definitions. A webhook without our extensions names no resource, and is reported.

use serde_json::{Map, Value, json};

use super::document::{join, problem};
use super::operation::EndpointDraft;
use super::report::ProblemKind;
use super::schema::{Converter, FileParts};
use super::values::{put, safe_spec_file, text, without_nulls};
use crate::openapi_ext as ext;
use crate::spec::TextSource;

impl Converter<'_> {
    /// The notification draft of the webhook `key` (its POST at `pointer`), or the problem that
    /// keeps it from one.
    pub fn notification(
        &self,
        key: &str,
        operation: &Value,
        pointer: &str,
    ) -> Result<EndpointDraft, super::Problem> {
        let (file, resource) = placed(key, operation, pointer)?;
        let source = operation
            .get(ext::SOURCE)
            .map(without_nulls)
            .unwrap_or_else(|| json!({}));
        let descriptions = text(&source, "descriptions")
            .and_then(TextSource::from_spelling)
            .unwrap_or_default();
        let mut parts = self.file_parts(self.doc.line_of(key), descriptions);
        let resource_at = join(pointer, ext::DECRYPTED_RESOURCE);
        let resolved = self.doc.follow(resource, &resource_at)?;
        let (_, stem) = crate::load::namespace_and_stem(file);
        let mut map = Map::new();
        put(&mut map, "title", operation.get("summary").cloned());
        put(&mut map, "summary", operation.get("description").cloned());
        let mut source = source;
        if let Some(s) = source.as_object_mut()
            && s.get("descriptions").and_then(Value::as_str) == Some(TextSource::Page.as_str())
        {
            s.remove("descriptions");
        }
        map.insert("source".into(), source);
        map.insert(
            "event_types".into(),
            Value::Array(self.event_types(&mut parts, operation, pointer)),
        );
        let mut resource_map = Map::new();
        put(
            &mut resource_map,
            "original_type",
            operation.get(ext::ORIGINAL_TYPE).cloned(),
        );
        if let Some(name) = text(resolved.value, ext::SPEC_NAME).filter(|name| *name != stem) {
            resource_map.insert("name".into(), json!(name));
        }
        put(
            &mut resource_map,
            "description",
            resolved.value.get("description").cloned(),
        );
        let fields = self.fields(
            &mut parts,
            resolved.value,
            (&resolved.pointer, "resource"),
            None,
        );
        resource_map.insert("fields".into(), Value::Array(fields));
        map.insert("resource".into(), Value::Object(resource_map));
        put(&mut map, "about", operation.get(ext::ABOUT).cloned());
        self.local_definitions(&mut parts, file, operation);
        put(&mut map, "errata", operation.get(ext::ERRATA).cloned());
        Ok(EndpointDraft {
            file: file.to_owned(),
            value: Value::Object(map),
            parts,
        })
    }

    /// The values of the enum the body's `event_type` refers to.
    fn event_types(&self, parts: &mut FileParts, operation: &Value, pointer: &str) -> Vec<Value> {
        let body_at = "/requestBody/content/application~1json/schema/properties/event_type";
        let Some(reference) = operation.pointer(body_at) else {
            parts.unsupported(
                pointer,
                "the webhook's body names no `event_type` schema: no event types drafted",
            );
            return Vec::new();
        };
        match self.doc.follow(reference, &format!("{pointer}{body_at}")) {
            Ok(resolved) => super::fields::enum_values(
                parts,
                resolved.value,
                (&resolved.pointer, "event_types"),
                false,
            ),
            Err(found) => {
                parts.problems.push(found);
                Vec::new()
            }
        }
    }
}

/// The notification file our export names and its resource, when both are there and the file
/// is a notification's place in a spec directory.
fn placed<'a>(
    key: &str,
    operation: &'a Value,
    pointer: &str,
) -> Result<(&'a str, &'a Value), super::Problem> {
    let (Some(file), Some(resource)) = (
        text(operation, ext::SPEC_FILE),
        operation.get(ext::DECRYPTED_RESOURCE),
    ) else {
        return Err(problem(
            pointer,
            ProblemKind::Unsupported,
            format!(
                "webhook `{key}` does not say what its decrypted resource is ({} and {}): no notification drafted",
                ext::DECRYPTED_RESOURCE,
                ext::SPEC_FILE
            ),
        ));
    };
    if !safe_spec_file(file, true) {
        return Err(problem(
            &join(pointer, ext::SPEC_FILE),
            ProblemKind::Unsupported,
            format!(
                "`{file}` is no notification file's place in a spec directory (`<namespace>/notifications/<name>.yaml`): no notification drafted"
            ),
        ));
    }
    Ok((file, resource))
}
