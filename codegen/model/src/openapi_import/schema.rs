//! A schema read as a spec value: its type text and the keys that refine it (`enum`, `object`,
//! `items`, `format`, `number`, `free_form`, `charset`, `pattern`, `length_unit`), the shape of
//! the spec's `ValueDef`. Named component schemas become references by name; inline objects
//! and value lists become local definitions of the file being drafted.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use super::document::{Document, Resolved, join, problem};
use super::report::{Problem, ProblemKind};
use super::values::{number, put, schema_type, spec_name, string_type, text};
use crate::openapi_ext as ext;
use crate::spec::{LengthUnit, TextSource};

/// How many schemas one import may read (with references inlined): far above a real
/// document's few thousand, low enough that expansions cannot run away.
const SCHEMA_BUDGET: usize = 200_000;

/// The name of the shared format a `date-time` string gets.
pub(super) const DATETIME_FORMAT: &str = "rfc3339";

/// What every reader of schemas shares: the document and what the whole import learns.
pub(super) struct Converter<'d> {
    pub doc: &'d Document,
    /// The spec-wide length unit of the drafts.
    pub default_unit: LengthUnit,
    /// Whether any value is a time, so the shared file needs the format.
    pub uses_datetime: Cell<bool>,
    /// Whether the document is our own export (it carries our extensions), so that what the
    /// extensions settle is not noted as open.
    pub ours: bool,
    budget: Cell<usize>,
    /// The pointers of references being inlined, to refuse one inside itself.
    inlining: RefCell<Vec<String>>,
    /// The shared file's definitions made of inline schemas inside components, by pointer:
    /// every draft that meets the same schema names the shared one instead of its own copy.
    shared_inline: RefCell<HashMap<String, String>>,
    /// Whether the shared file is being read (its inline definitions are recorded).
    reading_shared: Cell<bool>,
    /// Every shared definition's name, which a file's own definitions must not take.
    pub shared_names: RefCell<HashSet<String>>,
}

/// One draft file being built: its local definitions, its notes and its problems.
pub(super) struct FileParts {
    pub objects: Map<String, Value>,
    pub enums: Map<String, Value>,
    pub notes: Vec<Value>,
    pub problems: Vec<Problem>,
    /// The line notes point at.
    pub line: usize,
    /// Whose words the file's descriptions are unless one says otherwise.
    pub descriptions: TextSource,
    /// Names the file's own definitions must not take (the shared ones).
    pub reserved: HashSet<String>,
}

impl FileParts {
    pub fn new(line: usize, descriptions: TextSource) -> Self {
        Self {
            objects: Map::new(),
            enums: Map::new(),
            notes: Vec::new(),
            problems: Vec::new(),
            line,
            descriptions,
            reserved: HashSet::new(),
        }
    }

    /// An `import_notes` entry: a decision the draft took that a person must settle.
    pub fn note(&mut self, at: &str, issue: impl Into<String>) {
        self.notes
            .push(json!({ "line": self.line, "at": at, "issue": issue.into() }));
    }

    /// What `$ref`-following gave: the target, or `None` once the problem is recorded.
    pub fn reported<'d>(
        &mut self,
        followed: Result<Resolved<'d>, Problem>,
    ) -> Option<Resolved<'d>> {
        followed.map_err(|problem| self.problems.push(problem)).ok()
    }

    pub fn unsupported(&mut self, pointer: &str, message: impl Into<String>) {
        self.problems
            .push(problem(pointer, ProblemKind::Unsupported, message));
    }

    /// A local name made of `hint`, not yet taken by an object or enum of this file.
    pub fn fresh_name(&self, hint: &str) -> String {
        let base = spec_name(hint);
        let taken = |name: &str| {
            self.objects.contains_key(name)
                || self.enums.contains_key(name)
                || self.reserved.contains(name)
        };
        if !taken(&base) {
            return base;
        }
        (2..)
            .map(|n| format!("{base}_{n}"))
            .find(|name| !taken(name))
            .unwrap_or(base)
    }
}

/// The target of a schema once a 3.0 "described reference" (`allOf: [$ref]` beside a
/// description) is seen through.
pub(super) fn unwrap_described(schema: &Value) -> &Value {
    match schema.get("allOf").and_then(Value::as_array) {
        Some(items)
            if items.len() == 1
                && items[0].get("$ref").is_some()
                && schema.get("properties").is_none()
                && schema.get("type").is_none() =>
        {
            &items[0]
        }
        _ => schema,
    }
}

impl<'d> Converter<'d> {
    pub fn new(doc: &'d Document, default_unit: LengthUnit) -> Self {
        Self {
            ours: doc.root.get(ext::LENGTH_UNIT).is_some(),
            doc,
            default_unit,
            uses_datetime: Cell::new(false),
            budget: Cell::new(SCHEMA_BUDGET),
            inlining: RefCell::new(Vec::new()),
            shared_inline: RefCell::new(HashMap::new()),
            reading_shared: Cell::new(false),
            shared_names: RefCell::new(HashSet::new()),
        }
    }

    /// The parts of a draft other than the shared file: its names stay clear of the shared ones.
    pub fn file_parts(&self, line: usize, descriptions: TextSource) -> FileParts {
        let mut parts = FileParts::new(line, descriptions);
        parts.reserved = self.shared_names.borrow().clone();
        parts
    }

    /// Marks the shared file as being read (or no longer).
    pub fn reading_shared(&self, reading: bool) {
        self.reading_shared.set(reading);
    }

    /// The shared definition made of the inline schema at `pointer`, when there is one.
    fn shared_inline(&self, pointer: &str) -> Option<String> {
        if self.reading_shared.get() {
            return None;
        }
        self.shared_inline.borrow().get(pointer).cloned()
    }

    /// Records that the inline schema at `pointer` became the shared definition `name`.
    fn record_inline(&self, pointer: &str, name: &str) {
        if self.reading_shared.get() {
            self.shared_inline
                .borrow_mut()
                .insert(pointer.to_owned(), name.to_owned());
        }
    }

    /// Takes one unit of the budget; `false` once it is spent.
    pub fn spend(&self) -> bool {
        let left = self.budget.get();
        self.budget.set(left.saturating_sub(1));
        left > 0
    }

    /// The spec value of `schema` (at `pointer` in the document, `at` in the draft); `hint`
    /// names what an inline definition would be called.
    pub fn value(
        &self,
        parts: &mut FileParts,
        schema: &Value,
        (pointer, at): (&str, &str),
        hint: &str,
    ) -> Map<String, Value> {
        if !self.spend() {
            parts.problems.push(problem(
                pointer,
                ProblemKind::TooComplex,
                "the document's schemas expand past the importer's budget; the value is drafted as any JSON object",
            ));
            return free_form();
        }
        let schema = unwrap_described(schema);
        if schema.get("$ref").is_some() {
            return self.reference(parts, schema, (pointer, at), hint);
        }
        if let Some(alternatives) = nullable_alternative(schema) {
            return self.value(parts, alternatives, (pointer, at), hint);
        }
        for keyword in ["oneOf", "anyOf", "not"] {
            if schema.get(keyword).is_some() && schema.get("properties").is_none() {
                parts.unsupported(
                    &join(pointer, keyword),
                    format!("`{keyword}` has no spec key (a field has one shape); drafted as any JSON object"),
                );
                return free_form();
            }
        }
        let ty = match schema_type(schema) {
            Ok(ty) => ty,
            Err(message) => {
                parts.unsupported(
                    &join(pointer, "type"),
                    format!("{message}; drafted as any JSON object"),
                );
                return free_form();
            }
        };
        let ty = ty.or_else(|| {
            (schema.get("properties").is_some() || schema.get("allOf").is_some())
                .then_some("object")
        });
        match ty {
            Some("string") => self.string(parts, schema, (pointer, at), hint),
            Some("integer") => self.integer(parts, schema, pointer, hint),
            Some("number") => {
                if !self.ours {
                    parts.note(
                        &format!("{at}.number"),
                        "the document says `number` without saying whether it holds whole numbers: drafted as a decimal",
                    );
                }
                let mut map = Map::new();
                map.insert("type".into(), json!("number"));
                map.insert("number".into(), json!("decimal"));
                map
            }
            Some("boolean") => single("bool"),
            Some("array") => self.array(parts, schema, (pointer, at), hint),
            Some("object") => self.object(parts, schema, pointer, hint),
            Some(other) => {
                parts.unsupported(
                    &join(pointer, "type"),
                    format!("type `{other}` has no spec type; drafted as any JSON object"),
                );
                free_form()
            }
            None => {
                parts.unsupported(
                    pointer,
                    "a schema without a type admits any JSON value; drafted as any JSON object",
                );
                free_form()
            }
        }
    }

    /// A `$ref`: a named enum or object by its spec name, anything else inlined.
    fn reference(
        &self,
        parts: &mut FileParts,
        schema: &Value,
        (pointer, at): (&str, &str),
        hint: &str,
    ) -> Map<String, Value> {
        let resolved = match self.doc.follow(schema, pointer) {
            Ok(resolved) => resolved,
            Err(found) => {
                let mut found = found;
                found.message.push_str("; drafted as any JSON object");
                parts.problems.push(found);
                return free_form();
            }
        };
        let target = resolved.value;
        if let Some(component) = &resolved.component {
            let name = component_spec_name(component, target);
            let integer = schema_type(target).ok().flatten() == Some("integer");
            if target.get("enum").is_some() {
                let mut map = single(if integer { "integer" } else { "string" });
                map.insert("enum".into(), json!(name));
                return map;
            }
            let object = schema_type(target).ok().flatten() == Some("object")
                || target.get("properties").is_some()
                || target.get("allOf").is_some();
            if object && !is_free_form(target) {
                let mut map = single("object");
                map.insert("object".into(), json!(name));
                return map;
            }
        }
        if self.inlining.borrow().contains(&resolved.pointer) {
            parts.problems.push(problem(
                pointer,
                ProblemKind::RefCycle,
                format!(
                    "`#{}` contains itself and is no named component; drafted as any JSON object",
                    resolved.pointer
                ),
            ));
            return free_form();
        }
        self.inlining.borrow_mut().push(resolved.pointer.clone());
        let value = self.value(parts, target, (&resolved.pointer, at), hint);
        self.inlining.borrow_mut().pop();
        value
    }

    fn string(
        &self,
        parts: &mut FileParts,
        schema: &Value,
        (pointer, at): (&str, &str),
        hint: &str,
    ) -> Map<String, Value> {
        let ours = self.ours;
        let bytes = schema.get(ext::LENGTH);
        let (min, max, unit) = match bytes {
            Some(length) => (
                number(length, "min"),
                number(length, "max"),
                LengthUnit::Bytes,
            ),
            None => (
                number(schema, "minLength"),
                number(schema, "maxLength"),
                LengthUnit::Chars,
            ),
        };
        if min.is_some() && max.is_none() {
            parts.note(
                &format!("{at}.type"),
                "the document gives a minimum length without a maximum, which the spec's type cannot say: the minimum is left out",
            );
        }
        let mut map = single(&string_type(min, max));
        if max.is_some() && unit != self.default_unit {
            map.insert("length_unit".into(), json!(unit.as_str()));
        }
        if schema.get("enum").is_some() {
            map.insert(
                "enum".into(),
                json!(self.inline_enum(parts, schema, pointer, hint)),
            );
        }
        match text(schema, "format") {
            Some("date-time") => {
                self.uses_datetime.set(true);
                map.insert("format".into(), json!(DATETIME_FORMAT));
            }
            Some("binary" | "byte") => parts.unsupported(
                &join(pointer, "format"),
                "bytes outside a multipart upload have no spec type; drafted as a string",
            ),
            _ => {}
        }
        put(&mut map, "charset", schema.get(ext::CHARSET).cloned());
        match (schema.get(ext::PATTERN), text(schema, "pattern")) {
            (Some(pattern), _) => {
                map.insert("pattern".into(), pattern.clone());
            }
            (None, Some(pattern)) if !ours => {
                map.insert("pattern".into(), json!(unanchored(pattern)));
                parts.note(
                    &format!("{at}.pattern"),
                    "a JSON Schema pattern matches anywhere in the value, a spec pattern the whole value: check the drafted pattern means what the document means",
                );
            }
            _ => {}
        }
        map
    }

    fn integer(
        &self,
        parts: &mut FileParts,
        schema: &Value,
        pointer: &str,
        hint: &str,
    ) -> Map<String, Value> {
        let written = match text(schema, "format") {
            Some("uint64") => "uint64",
            Some("int32") => "int",
            _ => "int64",
        };
        if schema.get("enum").is_some() {
            let name = self.inline_enum(parts, schema, pointer, hint);
            let mut map = single("integer");
            map.insert("enum".into(), json!(name));
            return map;
        }
        single(written)
    }

    fn array(
        &self,
        parts: &mut FileParts,
        schema: &Value,
        (pointer, at): (&str, &str),
        hint: &str,
    ) -> Map<String, Value> {
        let Some(items) = schema.get("items") else {
            parts.unsupported(
                pointer,
                "an array without `items` has no item type; drafted as an array of strings",
            );
            let mut map = single("array");
            map.insert("items".into(), json!("string"));
            return map;
        };
        let item = self.value(
            parts,
            items,
            (&join(pointer, "items"), &format!("{at}.items")),
            hint,
        );
        let mut map = single("array");
        match (item.get("type").and_then(Value::as_str), item.get("object")) {
            (Some("object"), Some(object)) => {
                map.insert("object".into(), object.clone());
            }
            _ if item.len() == 1 => {
                put(&mut map, "items", item.get("type").cloned());
            }
            _ => {
                map.insert("items".into(), Value::Object(item));
            }
        }
        map
    }

    fn object(
        &self,
        parts: &mut FileParts,
        schema: &Value,
        pointer: &str,
        hint: &str,
    ) -> Map<String, Value> {
        if is_free_form(schema) {
            if schema
                .get("additionalProperties")
                .is_some_and(Value::is_object)
            {
                parts.unsupported(
                    &join(pointer, "additionalProperties"),
                    "a map's value type has no spec key; drafted as any JSON object",
                );
            }
            return free_form();
        }
        let name = match self.shared_inline(pointer) {
            Some(name) => name,
            None => {
                let name = parts.fresh_name(hint);
                self.record_inline(pointer, &name);
                // Reserve the name first, so that nested definitions take others.
                parts.objects.insert(name.clone(), Value::Null);
                let definition =
                    self.object_def(parts, schema, pointer, &format!("objects.{name}"), hint);
                parts.objects.insert(name.clone(), definition);
                name
            }
        };
        let mut map = single("object");
        map.insert("object".into(), json!(name));
        map
    }
}

impl Converter<'_> {
    /// The name of the enum an inline value list becomes: the shared one made of the same
    /// schema, or a new one of the file's.
    fn inline_enum(
        &self,
        parts: &mut FileParts,
        schema: &Value,
        pointer: &str,
        hint: &str,
    ) -> String {
        if let Some(name) = self.shared_inline(pointer) {
            return name;
        }
        let name = parts.fresh_name(hint);
        self.record_inline(pointer, &name);
        let definition = self.enum_def(parts, schema, pointer, &format!("enums.{name}"), hint);
        parts.enums.insert(name.clone(), definition);
        name
    }
}

/// `{type: object, free_form: true}`: any JSON object.
pub(super) fn free_form() -> Map<String, Value> {
    let mut map = single("object");
    map.insert("free_form".into(), json!(true));
    map
}

/// `{type: <written>}`.
pub(super) fn single(written: &str) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("type".into(), json!(written));
    map
}

/// An object schema that declares no properties.
pub(super) fn is_free_form(schema: &Value) -> bool {
    schema.get("properties").is_none() && schema.get("allOf").is_none()
}

/// The spec name of a component: the one our export records, or one made of its name.
pub(super) fn component_spec_name(component: &str, schema: &Value) -> String {
    text(schema, ext::SPEC_NAME).map_or_else(|| spec_name(component), str::to_owned)
}

/// The schema a 3.0 `nullable` or a 3.1 `anyOf`/`oneOf` with `null` stands for.
fn nullable_alternative(schema: &Value) -> Option<&Value> {
    for keyword in ["anyOf", "oneOf"] {
        if let Some(items) = schema.get(keyword).and_then(Value::as_array) {
            let others: Vec<&Value> = items
                .iter()
                .filter(|item| text(item, "type") != Some("null"))
                .collect();
            if others.len() == 1 && items.len() == 2 {
                return others.first().copied();
            }
        }
    }
    None
}

/// A pattern without the `^…$` a JSON Schema pattern needs to match the whole value, which
/// the spec's patterns always do.
fn unanchored(pattern: &str) -> &str {
    pattern
        .strip_prefix('^')
        .and_then(|inner| inner.strip_suffix('$'))
        .filter(|inner| !inner.ends_with('\\'))
        .unwrap_or(pattern)
}
