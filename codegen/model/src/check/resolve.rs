//! One table of fields resolved against the names a file can see: names, location, presence,
//! type, length, charset and example of each row.

use std::collections::{BTreeMap, HashMap, HashSet};

use wechatpay_rules::headers;

use super::rules::check_spec_name;
use super::shared::SharedNames;
use super::value::{Resolved, value_of};
use crate::diagnostics::FileReporter;
use crate::model::{Field, LimitOn, Object, Presence, Scope, Type, TypeRef};
use crate::spec::{
    EncryptedDef, EnumDef, FieldDef, LengthUnit, Location, ObjectDef, Required, TextSource,
};
use crate::{names, suggest};

/// Resolves the names a field may reference, from one file's point of view.
pub(super) struct Resolver<'a> {
    /// What `shared/` defines.
    pub(super) shared: &'a SharedNames<'a>,
    /// The file's own enums, which shadow none of the shared ones (that is an error).
    pub(super) local_enums: &'a BTreeMap<String, EnumDef>,
    /// The file's own objects.
    pub(super) local_objects: &'a BTreeMap<String, ObjectDef>,
    /// Where the file's own definitions live.
    pub(super) local_scope: Scope,
    /// How lengths are counted unless a row says otherwise.
    pub(super) default_unit: LengthUnit,
    /// The `at` paths of this file's errata.
    pub(super) errata: HashSet<String>,
    /// Where this tree's shared definitions go, as messages name it (`spec/shared/`).
    pub(super) shared_dir: &'a str,
    /// Whose words the file's descriptions are when one does not say.
    pub(super) descriptions: TextSource,
}

/// Whether a field belongs to a request (which has locations and one-of groups) or not.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Request,
    Data,
}

impl Resolver<'_> {
    /// The enum `name` refers to from this file: a local one first (local definitions are in
    /// name order, as the model keeps them), then a shared one.
    pub(super) fn enum_ref(&self, name: &str) -> Option<(TypeRef, &EnumDef)> {
        if let Some(index) = self.local_enums.keys().position(|n| n == name) {
            let def = self.local_enums.get(name)?;
            return Some((self.reference(self.local_scope.clone(), index, name), def));
        }
        let named = self.shared.enums.get(name)?;
        Some((
            self.reference(named.scope.clone(), named.index, name),
            named.def,
        ))
    }

    /// The object `name` refers to from this file, found as [`Resolver::enum_ref`] finds enums.
    fn object_ref(&self, name: &str) -> Option<TypeRef> {
        if let Some(index) = self.local_objects.keys().position(|n| n == name) {
            return Some(self.reference(self.local_scope.clone(), index, name));
        }
        let named = self.shared.objects.get(name)?;
        Some(self.reference(named.scope.clone(), named.index, name))
    }

    fn reference(&self, scope: Scope, index: usize, name: &str) -> TypeRef {
        TypeRef {
            scope,
            index,
            rust_name: names::camel(name),
        }
    }

    pub(super) fn object(
        &self,
        name: &str,
        def: &ObjectDef,
        at: &str,
        report: &mut FileReporter,
    ) -> Object {
        check_spec_name(name, at, report);
        Object {
            name: name.to_owned(),
            rust_name: names::camel(name),
            title: def.title.clone(),
            description: def.description.clone(),
            description_source: def.description_source.unwrap_or(self.descriptions),
            fields: self.fields(
                &def.fields,
                &format!("{at}.fields"),
                &format!("{at}.fields"),
                Side::Data,
                report,
            ),
        }
    }

    /// Resolves a table of fields. `at` is the YAML key path of the list, `errata_at` the
    /// name-based path errata use for it.
    pub(super) fn fields(
        &self,
        defs: &[FieldDef],
        at: &str,
        errata_at: &str,
        side: Side,
        report: &mut FileReporter,
    ) -> Vec<Field> {
        let mut wire_seen = HashSet::new();
        let mut rust_seen: HashMap<String, &str> = HashMap::new();
        let mut fields: Vec<Field> = Vec::new();
        for (i, def) in defs.iter().enumerate() {
            let key = format!("{at}[{i}]");
            let repeated = !wire_seen.insert(def.name.as_str());
            let field = self.field(
                def,
                &key,
                &format!("{errata_at}.{}", def.name),
                side,
                report,
            );
            if repeated {
                // A request may send one value in two places (the path and the body, say):
                // the rows become one field, written at each.
                let first = fields.iter_mut().find(|f| f.wire_name == def.name);
                match (side, first) {
                    (Side::Request, Some(first)) if !first.is_in_any(&field) => {
                        merge_places(first, &field, &key, report);
                    }
                    _ => report.error(
                        format!("{key}.name"),
                        format!(
                            "`{}` is listed twice in this table; keep one row (a request may list \
                             one name again only in another place, `in`)",
                            def.name
                        ),
                    ),
                }
                continue;
            }
            if let Some(other) = rust_seen.insert(field.rust_name.clone(), &def.name) {
                report.error(
                    format!("{key}.name"),
                    format!(
                        "`{}` and `{other}` both become the Rust field `{}`; give one a `rust_name`",
                        def.name, field.rust_name
                    ),
                );
            }
            fields.push(field);
        }
        fields
    }

    /// One row: its names, location, presence, type, length, charset and example.
    fn field(
        &self,
        def: &FieldDef,
        at: &str,
        errata_at: &str,
        side: Side,
        report: &mut FileReporter,
    ) -> Field {
        let rust_name = rust_field_name(def, at, report);
        let location = location(def, side, at, report);
        let presence = presence(def, side, at, report);
        let resolved = self.value(&value_of(def), at, report);
        let json = def
            .json
            .as_ref()
            .map(|json| self.json_text(json, &resolved.ty, &format!("{at}.json"), report));
        let encrypted = def.encrypted.and_then(|encrypted| {
            encryption(
                encrypted,
                &resolved,
                location,
                &format!("{at}.encrypted"),
                report,
            )
        });
        let mut field = Field {
            wire_name: def.name.clone(),
            rust_name,
            title: def.title.clone(),
            description: def.description.clone(),
            description_source: def.description_source.unwrap_or(self.descriptions),
            example: None,
            doc_type: def.ty.clone(),
            location,
            also_in: Vec::new(),
            presence,
            ty: resolved.ty,
            length: resolved.length,
            charset: resolved.charset,
            pattern: resolved.pattern,
            items: resolved.items,
            json,
            encrypted,
        };
        field.example = self.example(&field, def, at, errata_at, report);
        field
    }

    /// The row's example, kept when it fits the field; one that does not is an error unless an
    /// erratum names it (and is then set aside).
    fn example(
        &self,
        field: &Field,
        def: &FieldDef,
        at: &str,
        errata_at: &str,
        report: &mut FileReporter,
    ) -> Option<String> {
        let example = def.example.as_ref()?;
        let example_at = format!("{errata_at}.example");
        match self.example_problem(field, def.enum_name.as_deref(), example) {
            Some(_) if self.errata.contains(&example_at) => None,
            Some(problem) => {
                report.error(
                    format!("{at}.example"),
                    format!(
                        "the example `{example}` does not fit this field ({problem}); correct the transcription, or keep it as \
                         printed and record an erratum with `at: {example_at}`"
                    ),
                );
                None
            }
            None => Some(example.clone()),
        }
    }

    /// "unknown enum `x`; did you mean `y`?; define it …": what to do about a name that
    /// resolves to no definition of `kind`, given the names `known` of that kind.
    pub(super) fn unknown<'k>(
        &self,
        kind: &str,
        name: &str,
        known: impl Iterator<Item = &'k str>,
    ) -> String {
        let hint = suggest::did_you_mean(name, known);
        format!(
            "unknown {kind} `{name}`{hint}; define it under `{kind}s:` in this file or in {}",
            self.shared_dir
        )
    }

    pub(super) fn object_type(&self, name: &str, at: &str, report: &mut FileReporter) -> Type {
        match self.object_ref(name) {
            Some(reference) => Type::Object(reference),
            None => {
                let known = self
                    .local_objects
                    .keys()
                    .map(String::as_str)
                    .chain(self.shared.objects.keys().copied());
                report.error(at, self.unknown("object", name, known));
                Type::String
            }
        }
    }

    /// Why `example` does not fit `field`, if it does not.
    fn example_problem(
        &self,
        field: &Field,
        enum_name: Option<&str>,
        example: &str,
    ) -> Option<String> {
        match &field.ty {
            Type::Integer => example
                .parse::<i64>()
                .err()
                .map(|_| "not an integer that fits in i64".to_owned()),
            Type::Bool => (example != "true" && example != "false")
                .then(|| "not `true` or `false`".to_owned()),
            Type::DateTime => crate::values::datetime_problem(example),
            Type::Enum(_) | Type::IntegerEnum(_) => {
                let name = enum_name?;
                let (_, def) = self.enum_ref(name)?;
                let known = def
                    .values
                    .iter()
                    .any(|v| v.value == example || v.aliases.iter().any(|a| a == example));
                (!known).then(|| format!("not a value of the enum `{name}`"))
            }
            Type::UnsignedInteger => example
                .parse::<u64>()
                .err()
                .map(|_| "not a non-negative integer that fits in u64".to_owned()),
            Type::Decimal => (!example.parse::<f64>().is_ok_and(f64::is_finite))
                .then(|| "not a decimal number".to_owned()),
            Type::String => field.text_problem(example).or_else(|| {
                let json = field.json.as_ref()?;
                serde_json::from_str::<serde_json::Value>(example)
                    .err()
                    .map(|e| format!("the field holds JSON text, and this is not JSON: {e}"))
                    .filter(|_| json.inner.is_some() || !example.is_empty())
            }),
            Type::JsonObject => {
                serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(example)
                    .err()
                    .map(|_| "not a JSON object".to_owned())
            }
            Type::Object(_) | Type::Array(_) => None,
        }
    }
}

/// An encrypted field: a plain string, in a body (a request's) or an answer, whose length limit
/// says which text it applies to.
fn encryption(
    encrypted: EncryptedDef,
    resolved: &Resolved,
    location: Option<Location>,
    at: &str,
    report: &mut FileReporter,
) -> Option<LimitOn> {
    if resolved.ty != Type::String || resolved.charset.is_some() || resolved.pattern.is_some() {
        report.error(
            at,
            "only a plain string is encrypted (no enum, format, charset or pattern: the service \
             sees ciphertext)",
        );
        return None;
    }
    if location.is_some_and(|l| l != Location::Body) {
        report.error(at, "an encrypted request field travels in the JSON body");
        return None;
    }
    match (encrypted, resolved.length) {
        (EncryptedDef::Yes, None) => Some(LimitOn::Nothing),
        (EncryptedDef::Yes, Some(_)) => {
            report.error(
                at,
                "the type has a length limit: say whether the page means the plaintext or the \
                 ciphertext (`encrypted: plaintext` or `encrypted: ciphertext`), and record the \
                 reading as an erratum",
            );
            None
        }
        (EncryptedDef::Plaintext | EncryptedDef::Ciphertext, None) => {
            report.error(
                at,
                "the type has no length limit to place; write `encrypted: true`",
            );
            None
        }
        (EncryptedDef::Plaintext, Some(_)) => Some(LimitOn::Plaintext),
        (EncryptedDef::Ciphertext, Some(_)) => Some(LimitOn::Ciphertext),
    }
}

/// A second row of the same request parameter, in another place: the value is the same, so its
/// type and presence must be too.
fn merge_places(first: &mut Field, again: &Field, at: &str, report: &mut FileReporter) {
    if first.ty != again.ty || first.doc_type != again.doc_type {
        report.error(
            format!("{at}.type"),
            format!(
                "`{}` is sent in two places as one value, so both rows need the same type (`{}` here, `{}` before)",
                again.wire_name, again.doc_type, first.doc_type
            ),
        );
    }
    if first.presence != again.presence {
        report.error(
            format!("{at}.required"),
            format!(
                "`{}` is sent in two places as one value, so both rows need the same `required`",
                again.wire_name
            ),
        );
    }
    first.also_in.extend(again.location);
}

/// The Rust name of a row: its `rust_name`, or the one derived from its wire name.
fn rust_field_name(def: &FieldDef, at: &str, report: &mut FileReporter) -> String {
    if def.name.trim().is_empty() {
        report.error(format!("{at}.name"), "the wire name is empty");
    }
    match &def.rust_name {
        Some(given) => {
            if !names::is_identifier(given) {
                report.error(
                    format!("{at}.rust_name"),
                    format!("`{given}` is not a usable Rust field name (a keyword, or not an identifier)"),
                );
            }
            given.clone()
        }
        None => {
            let derived = names::field_name(&def.name);
            if !names::is_identifier(&derived) {
                report.error(
                    format!("{at}.name"),
                    format!(
                        "`{}` gives no usable Rust name; add a `rust_name`",
                        def.name
                    ),
                );
            }
            derived
        }
    }
}

/// Where a row goes: request fields have a location, other rows none; no field may be a header
/// the client sets itself.
fn location(def: &FieldDef, side: Side, at: &str, report: &mut FileReporter) -> Option<Location> {
    let location = match (side, def.location) {
        (Side::Request, None) => {
            report.error(
                format!("{at}.name"),
                "a request field needs `in: path | query | header | body`",
            );
            None
        }
        (Side::Data, Some(_)) => {
            report.error(
                format!("{at}.in"),
                "only request fields have a location; remove `in`",
            );
            None
        }
        (_, location) => location,
    };
    if location == Some(Location::Header) && headers::is_set_by_client(&def.name) {
        report.error(
            format!("{at}.name"),
            format!(
                "`{}` is set by the runtime on every request; list it under `protocol_headers`, not as a field",
                def.name
            ),
        );
    }
    location
}

/// Whether a row is always there. A one-of member starts optional; its group makes it
/// [`Presence::OneOf`] once the request's groups are built.
fn presence(def: &FieldDef, side: Side, at: &str, report: &mut FileReporter) -> Presence {
    match (side, def.required) {
        (_, Required::Yes) => Presence::Required,
        (_, Required::No) | (Side::Request, Required::OneOf) => Presence::Optional,
        (Side::Data, Required::OneOf) => {
            report.error(
                format!("{at}.required"),
                "one_of (二选一) is a rule for request fields only; a response carries every member, so say `true` or `false`",
            );
            Presence::Optional
        }
    }
}
