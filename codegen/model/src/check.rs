//! Checks parsed spec files and builds the [`Api`] model from them.
//!
//! Every problem is collected (not just the first), each located at its key path; the model is
//! returned only when there are none.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diagnostics::{FileReporter, SpecError, SpecErrors};
use crate::doc_type::{self, Kind};
use crate::load::{Parsed, SpecTree};
use wechatpay_rules::{Charset, headers};

use crate::model::{
    Api, Definitions, Endpoint, Enum, EnumValue, Field, Length, Object, OneOf, OneOfMember,
    Presence, Request, Scope, Source, Type, TypeRef,
};
use crate::names;
use crate::path::PathTemplate;
use crate::spec::{
    EndpointFile, EnumDef, EnumValueDef, ErrorRow, FieldDef, FormatBase, FormatDef, LengthUnit,
    Location, ObjectDef, Representation, Required, SharedFile,
};

/// The variant every generated enum keeps for values it does not know.
const CATCH_ALL_VARIANT: &str = "Unknown";

/// Checks `tree` and builds the model. With a `base` (the project's own spec), the tree may use
/// the base's shared definitions and settings; references to them point into the base crate.
pub fn check(tree: &SpecTree, base: Option<&SpecTree>) -> Result<Api, SpecErrors> {
    let mut errors = Vec::new();
    let base_settings = base.and_then(|b| b.settings.as_ref());
    let Some(settings) = tree.settings.as_ref().or(base_settings) else {
        return Err(SpecErrors(vec![SpecError {
            file: "settings.yaml".into(),
            key_path: String::new(),
            position: None,
            message: "missing: the spec directory needs a settings.yaml".into(),
        }]));
    };
    let default_unit = settings.value.length_unit;

    let shared_names = SharedNames::collect(tree, base, &mut errors);
    let (shared, mut common_errors) = build_shared(
        &tree.shared,
        &shared_names,
        Scope::Shared,
        default_unit,
        &mut errors,
    );
    // A user's tree may use the base's definitions (looked up, never emitted again) and answers
    // with the base's public error codes too.
    let (base_definitions, base_errors) = match base {
        Some(base) => build_shared(
            &base.shared,
            &shared_names,
            Scope::Base,
            base_settings.map_or(default_unit, |s| s.value.length_unit),
            &mut errors,
        ),
        None => (Definitions::default(), Vec::new()),
    };
    for row in base_errors {
        if !common_errors
            .iter()
            .any(|known: &ErrorRow| known.code == row.code)
        {
            common_errors.push(row);
        }
    }

    let endpoints: Vec<Endpoint> = tree
        .endpoints
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let mut report = FileReporter::new(&file.path, &file.positions, &mut errors);
            build_endpoint(index, file, &shared_names, default_unit, &mut report)
        })
        .collect();
    check_namespace_names(tree, &endpoints, &mut errors);

    if errors.is_empty() {
        Ok(Api {
            length_unit: default_unit,
            length_unit_reason: settings.value.length_unit_reason.clone(),
            shared,
            base: base_definitions,
            common_errors,
            endpoints,
        })
    } else {
        errors.sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
        Err(SpecErrors(errors))
    }
}

/// The definitions and public error rows of `shared/` files, all of one `scope`, sorted by name
/// so that their order is the one [`SharedNames`] gives indices by.
fn build_shared(
    files: &[Parsed<SharedFile>],
    names: &SharedNames,
    scope: Scope,
    default_unit: LengthUnit,
    errors: &mut Vec<SpecError>,
) -> (Definitions, Vec<ErrorRow>) {
    let mut definitions = Definitions::default();
    let mut rows = Vec::new();
    for file in files {
        let mut report = FileReporter::new(&file.path, &file.positions, errors);
        let resolver = Resolver {
            shared: names,
            local_enums: &BTreeMap::new(),
            local_objects: &BTreeMap::new(),
            local_scope: scope.clone(),
            default_unit,
            errata: HashSet::new(),
        };
        for (name, def) in &file.value.formats {
            check_format(name, def, &format!("formats.{name}"), &mut report);
        }
        for (name, def) in &file.value.enums {
            definitions
                .enums
                .push(build_enum(name, def, &format!("enums.{name}"), &mut report));
        }
        for (name, def) in &file.value.objects {
            definitions.objects.push(resolver.object(
                name,
                def,
                &format!("objects.{name}"),
                &mut report,
            ));
        }
        check_error_rows(&file.value.errors, &mut report);
        rows.extend(file.value.errors.iter().cloned());
    }
    definitions.enums.sort_by(|a, b| a.name.cmp(&b.name));
    definitions.objects.sort_by(|a, b| a.name.cmp(&b.name));
    (definitions, rows)
}

/// A name defined in `shared/`: its definition, the scope it lives in, and its index among that
/// scope's definitions of its kind (sorted by name).
struct Named<'a, D> {
    def: &'a D,
    scope: Scope,
    index: usize,
}

impl<'a, D> Named<'a, D> {
    /// A name not yet numbered ([`number_by_scope`] gives the index once all are known).
    fn new(def: &'a D, scope: Scope) -> Self {
        Self {
            def,
            scope,
            index: 0,
        }
    }
}

/// Names defined in `shared/` (the tree's own, and the base's), with where each lives.
struct SharedNames<'a> {
    enums: BTreeMap<&'a str, Named<'a, EnumDef>>,
    objects: BTreeMap<&'a str, Named<'a, ObjectDef>>,
    formats: BTreeMap<&'a str, &'a FormatDef>,
}

impl<'a> SharedNames<'a> {
    fn collect(
        tree: &'a SpecTree,
        base: Option<&'a SpecTree>,
        errors: &mut Vec<SpecError>,
    ) -> Self {
        let mut names = Self {
            enums: BTreeMap::new(),
            objects: BTreeMap::new(),
            formats: BTreeMap::new(),
        };
        for file in base.map(|b| b.shared.as_slice()).unwrap_or_default() {
            for (name, def) in &file.value.enums {
                names.enums.insert(name, Named::new(def, Scope::Base));
            }
            for (name, def) in &file.value.objects {
                names.objects.insert(name, Named::new(def, Scope::Base));
            }
            for (name, def) in &file.value.formats {
                names.formats.insert(name, def);
            }
        }
        let base_formats: HashSet<&str> = names.formats.keys().copied().collect();
        let mut defined_in: HashMap<(&str, &str), &str> = HashMap::new();
        for file in &tree.shared {
            let mut report = FileReporter::new(&file.path, &file.positions, errors);
            let mut define = |kind: &'static str,
                              name: &'a str,
                              in_base: bool,
                              report: &mut FileReporter| {
                if in_base {
                    report.error(
                        format!("{kind}.{name}"),
                        format!("`{name}` is one of the project's shared definitions; use it as it is, or give yours another name"),
                    );
                    return false;
                }
                match defined_in.insert((kind, name), &file.relative) {
                    Some(other) => {
                        report.error(
                            format!("{kind}.{name}"),
                            format!("`{name}` is already defined in {other}; keep one definition"),
                        );
                        false
                    }
                    None => true,
                }
            };
            for (name, def) in &file.value.enums {
                let in_base = names
                    .enums
                    .get(name.as_str())
                    .is_some_and(|n| n.scope == Scope::Base);
                if define("enums", name, in_base, &mut report) {
                    names.enums.insert(name, Named::new(def, Scope::Shared));
                }
            }
            for (name, def) in &file.value.objects {
                let in_base = names
                    .objects
                    .get(name.as_str())
                    .is_some_and(|n| n.scope == Scope::Base);
                if define("objects", name, in_base, &mut report) {
                    names.objects.insert(name, Named::new(def, Scope::Shared));
                }
            }
            for (name, def) in &file.value.formats {
                if define(
                    "formats",
                    name,
                    base_formats.contains(name.as_str()),
                    &mut report,
                ) {
                    names.formats.insert(name, def);
                }
            }
        }
        number_by_scope(names.enums.values_mut());
        number_by_scope(names.objects.values_mut());
        names
    }
}

/// Gives each name its index within its scope, in name order: the order [`build_shared`] sorts
/// the definitions in.
fn number_by_scope<'n, 'a: 'n, D: 'a>(entries: impl Iterator<Item = &'n mut Named<'a, D>>) {
    let mut next: HashMap<Scope, usize> = HashMap::new();
    for entry in entries {
        let counter = next.entry(entry.scope.clone()).or_default();
        entry.index = *counter;
        *counter += 1;
    }
}

/// Resolves the names a field may reference, from one file's point of view.
struct Resolver<'a> {
    shared: &'a SharedNames<'a>,
    local_enums: &'a BTreeMap<String, EnumDef>,
    local_objects: &'a BTreeMap<String, ObjectDef>,
    local_scope: Scope,
    default_unit: LengthUnit,
    /// The `at` paths of this file's errata.
    errata: HashSet<String>,
}

/// Whether a field belongs to a request (which has locations and one-of groups) or not.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Data,
}

impl Resolver<'_> {
    /// The enum `name` refers to from this file: a local one first (local definitions are in
    /// name order, as the model keeps them), then a shared one.
    fn enum_ref(&self, name: &str) -> Option<(TypeRef, &EnumDef)> {
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

    fn object(&self, name: &str, def: &ObjectDef, at: &str, report: &mut FileReporter) -> Object {
        check_spec_name(name, at, report);
        Object {
            name: name.to_owned(),
            rust_name: names::camel(name),
            title: def.title.clone(),
            description: def.description.clone(),
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
    fn fields(
        &self,
        defs: &[FieldDef],
        at: &str,
        errata_at: &str,
        side: Side,
        report: &mut FileReporter,
    ) -> Vec<Field> {
        let mut wire_seen = HashSet::new();
        let mut rust_seen: HashMap<String, &str> = HashMap::new();
        let mut fields = Vec::new();
        for (i, def) in defs.iter().enumerate() {
            let key = format!("{at}[{i}]");
            let repeated = !wire_seen.insert(def.name.as_str());
            if repeated {
                report.error(
                    format!("{key}.name"),
                    format!("`{}` is listed twice in this table; keep one row", def.name),
                );
            }
            let field = self.field(
                def,
                &key,
                &format!("{errata_at}.{}", def.name),
                side,
                report,
            );
            if let Some(other) = rust_seen.insert(field.rust_name.clone(), &def.name)
                && !repeated
            {
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

    fn field(
        &self,
        def: &FieldDef,
        at: &str,
        errata_at: &str,
        side: Side,
        report: &mut FileReporter,
    ) -> Field {
        if def.name.trim().is_empty() {
            report.error(format!("{at}.name"), "the wire name is empty");
        }
        let rust_name = match &def.rust_name {
            Some(given) => {
                if !names::is_identifier(given) {
                    report.error(
                        format!("{at}.rust_name"),
                        format!("`{given}` is not a usable Rust field name (a keyword, or not an identifier)"),
                    );
                }
                given.clone()
            }
            None => names::field_name(&def.name),
        };
        if def.rust_name.is_none() && !names::is_identifier(&rust_name) {
            report.error(
                format!("{at}.name"),
                format!(
                    "`{}` gives no usable Rust name; add a `rust_name`",
                    def.name
                ),
            );
        }

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

        let presence = match (side, def.required) {
            (_, Required::Yes) => Presence::Required,
            (_, Required::No) => Presence::Optional,
            // Optional until `build_one_of` finds the member's group.
            (Side::Request, Required::OneOf) => Presence::Optional,
            (Side::Data, Required::OneOf) => {
                report.error(
                    format!("{at}.required"),
                    "one_of (二选一) is a rule for request fields only; a response carries every member, so say `true` or `false`",
                );
                Presence::Optional
            }
        };

        let parsed = match doc_type::parse(&def.ty) {
            Ok(parsed) => Some(parsed),
            Err(message) => {
                report.error(format!("{at}.type"), message);
                None
            }
        };
        let format = def.format.as_deref().and_then(|name| {
            let found = self.shared.formats.get(name).copied();
            if found.is_none() {
                report.error(
                    format!("{at}.format"),
                    format!("unknown format `{name}`; define it under `formats:` in spec/shared/"),
                );
            }
            found
        });
        let kind = parsed.map(|p| p.kind);
        let ty = self.value_type(def, kind, format, at, report);
        let unit = def.length_unit.unwrap_or(self.default_unit);
        let length = parsed
            .filter(|p| p.min.is_some() || p.max.is_some())
            .map(|p| Length {
                min: p.min,
                max: p.max,
                unit,
            });
        if def.length_unit.is_some() && length.is_none() {
            report.error(
                format!("{at}.length_unit"),
                "`length_unit` applies to limited strings only (`string[MIN,MAX]`, `string(MAX)`)",
            );
        }
        // Formats' charsets were checked with the formats; a bad one is already reported.
        let charset = format
            .and_then(|f| f.charset.as_deref())
            .and_then(|class| Charset::parse(class).ok());

        let mut field = Field {
            wire_name: def.name.clone(),
            rust_name,
            title: def.title.clone(),
            description: def.description.clone(),
            example: None,
            doc_type: def.ty.clone(),
            location,
            presence,
            ty,
            length,
            charset,
        };
        if let Some(example) = &def.example {
            let example_at = format!("{errata_at}.example");
            match self.example_problem(&field, def.enum_name.as_deref(), example) {
                Some(_) if self.errata.contains(&example_at) => {}
                Some(problem) => report.error(
                    format!("{at}.example"),
                    format!(
                        "the example `{example}` does not fit this field ({problem}); correct the transcription, or keep it as \
                         printed and record an erratum with `at: {example_at}`"
                    ),
                ),
                None => field.example = Some(example.clone()),
            }
        }
        field
    }

    fn value_type(
        &self,
        def: &FieldDef,
        kind: Option<Kind>,
        format: Option<&FormatDef>,
        at: &str,
        report: &mut FileReporter,
    ) -> Type {
        if let (Some(kind), Some(format)) = (kind, format) {
            let fits = matches!(
                (format.base, kind),
                (FormatBase::String, Kind::String) | (FormatBase::Int, Kind::Integer)
            );
            if !fits {
                report.error(
                    format!("{at}.format"),
                    format!(
                        "the format is for {:?} values, but this field's type is `{}`",
                        format.base, def.ty
                    ),
                );
            }
        }
        if def.enum_name.is_some() && kind != Some(Kind::String) && kind.is_some() {
            report.error(format!("{at}.enum"), "only string fields take an `enum`");
        }
        if def.object.is_some() && !matches!(kind, Some(Kind::Object | Kind::Array) | None) {
            report.error(
                format!("{at}.object"),
                "`object` names the type of an `object` or `array` field only",
            );
        }
        if def.items.is_some() && !matches!(kind, Some(Kind::Array) | None) {
            report.error(
                format!("{at}.items"),
                "`items` applies to `array` fields only",
            );
        }
        match kind {
            None | Some(Kind::String) => self.string_type(def, format, at, report),
            Some(Kind::Integer) => Type::Integer,
            Some(Kind::Bool) => Type::Bool,
            Some(Kind::Object) => match &def.object {
                Some(name) => self.object_type(name, &format!("{at}.object"), report),
                None => {
                    report.error(
                        format!("{at}.type"),
                        "an `object` field needs `object: <name>`",
                    );
                    Type::String
                }
            },
            Some(Kind::Array) => match (&def.object, &def.items) {
                (Some(name), None) => Type::Array(Box::new(self.object_type(
                    name,
                    &format!("{at}.object"),
                    report,
                ))),
                (None, Some(items)) => Type::Array(Box::new(self.items_type(items, at, report))),
                _ => {
                    report.error(
                        format!("{at}.type"),
                        "an `array` field needs exactly one of `object: <name>` (an array of objects) or `items: <type>`",
                    );
                    Type::Array(Box::new(Type::String))
                }
            },
        }
    }

    fn string_type(
        &self,
        def: &FieldDef,
        format: Option<&FormatDef>,
        at: &str,
        report: &mut FileReporter,
    ) -> Type {
        let datetime = format.is_some_and(|f| f.representation == Representation::Datetime);
        match &def.enum_name {
            Some(_) if datetime => {
                report.error(
                    format!("{at}.enum"),
                    "a field is either an enum or a time, not both",
                );
                Type::String
            }
            Some(name) => match self.enum_ref(name) {
                Some((reference, _)) => Type::Enum(reference),
                None => {
                    report.error(
                        format!("{at}.enum"),
                        format!("unknown enum `{name}`; define it under `enums:` in this file or in spec/shared/"),
                    );
                    Type::String
                }
            },
            None if datetime => Type::DateTime,
            None => Type::String,
        }
    }

    fn object_type(&self, name: &str, at: &str, report: &mut FileReporter) -> Type {
        match self.object_ref(name) {
            Some(reference) => Type::Object(reference),
            None => {
                report.error(
                    at,
                    format!("unknown object `{name}`; define it under `objects:` in this file or in spec/shared/"),
                );
                Type::String
            }
        }
    }

    fn items_type(&self, items: &str, at: &str, report: &mut FileReporter) -> Type {
        match doc_type::parse(items).map(|t| t.kind) {
            Ok(Kind::String) => Type::String,
            Ok(Kind::Integer) => Type::Integer,
            Ok(Kind::Bool) => Type::Bool,
            Ok(_) => {
                report.error(
                    format!("{at}.items"),
                    "`items` is for scalar items; for objects write `object: <name>` instead",
                );
                Type::String
            }
            Err(message) => {
                report.error(format!("{at}.items"), message);
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
            Type::DateTime => {
                time::OffsetDateTime::parse(example, &time::format_description::well_known::Rfc3339)
                    .err()
                    .map(|e| format!("not an RFC 3339 time: {e}"))
            }
            Type::Enum(_) => {
                let name = enum_name?;
                let (_, def) = self.enum_ref(name)?;
                let known = def
                    .values
                    .iter()
                    .any(|v| v.value == example || v.aliases.iter().any(|a| a == example));
                (!known).then(|| format!("not a value of the enum `{name}`"))
            }
            Type::String => field.text_problem(example),
            Type::Object(_) | Type::Array(_) => None,
        }
    }
}

fn check_format(name: &str, def: &FormatDef, at: &str, report: &mut FileReporter) {
    check_spec_name(name, at, report);
    if let Some(charset) = &def.charset {
        if def.base != FormatBase::String {
            report.error(
                format!("{at}.charset"),
                "a charset applies to string formats only",
            );
        }
        if let Err(error) = Charset::parse(charset) {
            report.error(format!("{at}.charset"), error.to_string());
        }
    }
    if def.representation == Representation::Datetime && def.base != FormatBase::String {
        report.error(
            format!("{at}.representation"),
            "a datetime is written as a string; set `base: string`",
        );
    }
}

/// One enum value as the model keeps it: its variant name is the spec's `rust_name`, or the
/// value's, in UpperCamelCase.
fn enum_value(def: &EnumValueDef) -> EnumValue {
    EnumValue {
        value: def.value.clone(),
        rust_name: names::camel(def.rust_name.as_deref().unwrap_or(&def.value)),
        meaning: def.meaning.clone(),
        aliases: def.aliases.clone(),
    }
}

fn build_enum(name: &str, def: &EnumDef, at: &str, report: &mut FileReporter) -> Enum {
    check_spec_name(name, at, report);
    if def.values.is_empty() {
        report.error(format!("{at}.values"), "an enum needs at least one value");
    }
    let mut spellings: HashMap<&str, &str> = HashMap::new();
    let mut variants: HashMap<String, &str> = HashMap::new();
    let mut values = Vec::new();
    for (i, value) in def.values.iter().enumerate() {
        let key = format!("{at}.values[{i}]");
        for spelling in std::iter::once(&value.value).chain(&value.aliases) {
            if spelling.is_empty() {
                report.error(format!("{key}.value"), "an enum value cannot be empty");
            }
            if let Some(owner) = spellings.insert(spelling, &value.value) {
                report.error(
                    key.clone(),
                    format!("`{spelling}` is already a spelling of `{owner}`; each spelling may name one value"),
                );
            }
        }
        let built = enum_value(value);
        let rust_name = built.rust_name.clone();
        if !names::is_identifier(&rust_name) {
            report.error(
                key.clone(),
                format!(
                    "`{}` gives no usable variant name; add a `rust_name`",
                    value.value
                ),
            );
        } else if rust_name == CATCH_ALL_VARIANT {
            report.error(
                key.clone(),
                format!(
                    "`{}` would become the variant `{CATCH_ALL_VARIANT}`, which every enum keeps for values it does not know; add a `rust_name`",
                    value.value
                ),
            );
        } else if let Some(other) = variants.insert(rust_name.clone(), &value.value) {
            report.error(
                key.clone(),
                format!(
                    "`{}` and `{other}` both become the variant `{rust_name}`; give one a `rust_name`",
                    value.value
                ),
            );
        }
        values.push(built);
    }
    Enum {
        name: name.to_owned(),
        rust_name: names::camel(name),
        title: def.title.clone(),
        description: def.description.clone(),
        values,
    }
}

fn check_error_rows(rows: &[crate::spec::ErrorRow], report: &mut FileReporter) {
    let mut seen = HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        if !(400..=599).contains(&row.status) {
            report.error(
                format!("errors[{i}].status"),
                format!("{} is not an error status (400 to 599)", row.status),
            );
        }
        if row.code.is_empty()
            || !row
                .code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            report.error(
                format!("errors[{i}].code"),
                format!("`{}` is not an error code (UPPER_SNAKE_CASE)", row.code),
            );
        }
        if !seen.insert((row.status, row.code.as_str())) {
            report.error(
                format!("errors[{i}]"),
                format!("{} {} is listed twice; keep one row", row.status, row.code),
            );
        }
    }
}

/// Spec names are snake_case, so that every derived Rust name is predictable.
fn check_spec_name(name: &str, at: &str, report: &mut FileReporter) {
    if names::snake(name) != name || !names::is_identifier(name) {
        report.error(
            at,
            format!(
                "`{name}` is not a snake_case name; write it as `{}`",
                names::snake(name)
            ),
        );
    }
}

fn build_endpoint(
    index: usize,
    file: &Parsed<EndpointFile>,
    shared: &SharedNames,
    default_unit: LengthUnit,
    report: &mut FileReporter,
) -> Endpoint {
    let spec = &file.value;
    let (namespace, operation) = split_relative(&file.relative);
    for segment in &namespace {
        if !names::is_identifier(segment)
            || names::snake(segment) != *segment
            || segment == "shared"
        {
            report.error(
                "",
                format!("the directory `{segment}` cannot name a Rust module; use a snake_case name other than `shared`"),
            );
        }
    }
    if !names::is_identifier(&operation) || names::snake(&operation) != operation {
        report.error(
            "",
            format!("the file name `{operation}` cannot name a client method; use a snake_case name such as query_order.yaml"),
        );
    }

    for (name, _) in spec
        .enums
        .iter()
        .filter(|(n, _)| shared.enums.contains_key(n.as_str()))
    {
        report.error(
            format!("enums.{name}"),
            format!(
                "`{name}` is also defined in spec/shared/; use the shared one or rename this one"
            ),
        );
    }
    for (name, _) in spec
        .objects
        .iter()
        .filter(|(n, _)| shared.objects.contains_key(n.as_str()))
    {
        report.error(
            format!("objects.{name}"),
            format!(
                "`{name}` is also defined in spec/shared/; use the shared one or rename this one"
            ),
        );
    }

    let resolver = Resolver {
        shared,
        local_enums: &spec.enums,
        local_objects: &spec.objects,
        local_scope: Scope::Endpoint(index),
        default_unit,
        errata: spec.errata.iter().map(|e| e.at.clone()).collect(),
    };
    check_errata(spec, shared, report);

    let path = PathTemplate::parse(&spec.path);
    if let Err(message) = &path {
        report.error("path", message.clone());
    }
    let mut fields = resolver.fields(
        &spec.request.fields,
        "request.fields",
        "request.fields",
        Side::Request,
        report,
    );
    check_locations(spec, path.as_ref().ok(), &fields, report);
    let one_of = build_one_of(spec, &mut fields, report);

    let response_name = spec
        .response
        .name
        .clone()
        .unwrap_or_else(|| format!("{operation}_response"));
    check_spec_name(&response_name, "response.name", report);
    let response = Object {
        rust_name: names::camel(&response_name),
        name: response_name,
        title: spec.title.clone(),
        description: spec.response.description.clone(),
        fields: resolver.fields(
            &spec.response.fields,
            "response.fields",
            "response.fields",
            Side::Data,
            report,
        ),
    };

    let poll = spec
        .response
        .poll
        .as_ref()
        .and_then(|poll| check_poll(poll, &spec.response.fields, &response, &resolver, report));

    let mut definitions = Definitions::default();
    for (name, def) in &spec.enums {
        definitions
            .enums
            .push(build_enum(name, def, &format!("enums.{name}"), report));
    }
    for (name, def) in &spec.objects {
        definitions
            .objects
            .push(resolver.object(name, def, &format!("objects.{name}"), report));
    }
    check_error_rows(&spec.errors, report);
    check_dates(spec, report);
    for (i, example) in spec.examples.responses.iter().enumerate() {
        if let Err(error) = serde_json::from_str::<serde_json::Value>(&example.body) {
            report.error(
                format!("examples.responses[{i}].body"),
                format!("the example is not valid JSON ({error}); keep it as printed and fix only transcription slips"),
            );
        }
    }

    Endpoint {
        spec_file: file.relative.clone(),
        namespace,
        request: Request {
            rust_name: format!("{}Request", names::camel(&operation)),
            fields,
            one_of,
        },
        operation,
        title: spec.title.clone(),
        summary: spec.summary.clone(),
        method: spec.method,
        path: path.unwrap_or_else(|_| PathTemplate::unusable(&spec.path)),
        idempotent: spec.idempotent,
        signed_response: spec.signed_response,
        source: Source {
            document: spec.source.document.clone(),
            url: spec.source.url.clone(),
            applicable_to: spec.source.applicable_to.clone(),
            updated: spec.source.updated.clone(),
            version: spec.source.version.clone(),
            history: spec.source.history.clone(),
            notes: spec.source.notes.clone(),
        },
        protocol_headers: spec.protocol_headers.clone(),
        response,
        poll,
        definitions,
        errors: spec.errors.clone(),
        request_url_example: spec.examples.request_url.clone(),
        response_examples: spec
            .examples
            .responses
            .iter()
            .map(|e| (e.status, e.body.clone()))
            .collect(),
        errata: spec.errata.clone(),
    }
}

/// `response.poll` names an enum field of the response and values of that enum.
fn check_poll(
    poll: &crate::spec::PollDef,
    defs: &[FieldDef],
    response: &Object,
    resolver: &Resolver,
    report: &mut FileReporter,
) -> Option<crate::model::Poll> {
    let Some(index) = response
        .fields
        .iter()
        .position(|f| f.wire_name == poll.field)
    else {
        report.error(
            "response.poll.field",
            format!("the response has no field `{}`", poll.field),
        );
        return None;
    };
    let enum_name = defs.get(index).and_then(|def| def.enum_name.as_deref());
    let (Type::Enum(enum_ref), Some(name)) = (&response.fields[index].ty, enum_name) else {
        report.error(
            "response.poll.field",
            format!(
                "`{}` is not an enum field; polling watches an enum's values",
                poll.field
            ),
        );
        return None;
    };
    let (_, def) = resolver.enum_ref(name)?;
    let mut pending = Vec::new();
    for (i, value) in poll.pending.iter().enumerate() {
        match def.values.iter().find(|v| &v.value == value) {
            Some(known) => pending.push(enum_value(known)),
            None => report.error(
                format!("response.poll.pending[{i}]"),
                format!("`{value}` is not a value of the enum `{name}`"),
            ),
        }
    }
    if poll.pending.is_empty() {
        report.error("response.poll.pending", "name at least one pending value");
    }
    Some(crate::model::Poll {
        field: index,
        enum_ref: enum_ref.clone(),
        pending,
    })
}

/// `ecommerce/profitsharing/query_order.yaml` → (`[ecommerce, profitsharing]`, `query_order`).
fn split_relative(relative: &str) -> (Vec<String>, String) {
    let mut parts: Vec<String> = relative.split('/').map(str::to_owned).collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file
        .rsplit_once('.')
        .map_or(file.as_str(), |(stem, _)| stem)
        .to_owned();
    (parts, stem)
}

/// Where each request field goes. Path parameters are matched with the template only when it
/// parsed (a broken one is reported once, at `path`).
fn check_locations(
    spec: &EndpointFile,
    path: Option<&PathTemplate>,
    fields: &[Field],
    report: &mut FileReporter,
) {
    for name in path.into_iter().flat_map(PathTemplate::params) {
        if !fields
            .iter()
            .any(|f| f.wire_name == *name && f.location == Some(Location::Path))
        {
            report.error(
                "path",
                format!("the path has `{{{name}}}` but no request field `{name}` with `in: path`"),
            );
        }
    }
    for (i, field) in fields.iter().enumerate() {
        let at = format!("request.fields[{i}]");
        match field.location {
            Some(Location::Path) => {
                if path.is_some_and(|path| !path.has_param(&field.wire_name)) {
                    report.error(
                        format!("{at}.in"),
                        format!(
                            "`{}` is a path parameter, but the path has no `{{{}}}`",
                            field.wire_name, field.wire_name
                        ),
                    );
                }
                if field.presence != Presence::Required {
                    report.error(
                        format!("{at}.required"),
                        "a path parameter is always required",
                    );
                }
            }
            Some(Location::Body) if spec.method.has_no_body() => {
                report.error(
                    format!("{at}.in"),
                    format!(
                        "a {} request has no body; send this field in the query",
                        spec.method.as_str()
                    ),
                );
            }
            Some(Location::Query | Location::Header)
                if !matches!(
                    field.ty,
                    Type::String | Type::Integer | Type::Bool | Type::Enum(_)
                ) =>
            {
                report.error(
                    format!("{at}.type"),
                    "only strings, integers, booleans and enums can travel in a query or a header",
                );
            }
            _ => {}
        }
    }
}

/// Builds the request's one-of groups and makes each member's presence [`Presence::OneOf`].
/// `fields` are the request's fields in the order of `spec.request.fields`.
fn build_one_of(
    spec: &EndpointFile,
    fields: &mut [Field],
    report: &mut FileReporter,
) -> Vec<OneOf> {
    let says_one_of = |index: usize| {
        spec.request
            .fields
            .get(index)
            .is_some_and(|def| def.required == Required::OneOf)
    };
    let mut groups = Vec::new();
    let mut group_names = HashSet::new();
    for (g, group) in spec.request.one_of.iter().enumerate() {
        let at = format!("request.one_of[{g}]");
        check_spec_name(&group.name, &format!("{at}.name"), report);
        if !group_names.insert(group.name.as_str()) {
            report.error(
                format!("{at}.name"),
                format!("the group `{}` is defined twice", group.name),
            );
        }
        if fields.iter().any(|f| f.rust_name == group.name) {
            report.error(
                format!("{at}.name"),
                format!(
                    "`{}` is also a request field; the group becomes a field too, so name it apart",
                    group.name
                ),
            );
        }
        if group.members.len() < 2 {
            report.error(
                format!("{at}.members"),
                "a one-of group names at least two fields",
            );
        }
        let mut members = Vec::new();
        for (m, member) in group.members.iter().enumerate() {
            let member_at = format!("{at}.members[{m}]");
            match fields.iter().position(|f| f.wire_name == *member) {
                None => report.error(
                    member_at,
                    format!("the group names `{member}`, which is not a request field"),
                ),
                Some(index) => match fields[index].presence {
                    Presence::OneOf(_) => report.error(
                        member_at,
                        format!("`{member}` is already a member of another group"),
                    ),
                    _ if says_one_of(index) => {
                        fields[index].presence = Presence::OneOf(g);
                        members.push(OneOfMember {
                            field: index,
                            variant: names::camel(&fields[index].rust_name),
                        });
                    }
                    _ => report.error(
                        member_at,
                        format!("`{member}` is a group member, so its `required` must be `one_of`"),
                    ),
                },
            }
        }
        members.sort_unstable_by_key(|member| member.field);
        groups.push(OneOf {
            name: group.name.clone(),
            rust_name: names::camel(&group.name),
            description: group.description.clone(),
            members,
        });
    }
    for (i, field) in fields.iter().enumerate() {
        if says_one_of(i) && !matches!(field.presence, Presence::OneOf(_)) {
            report.error(
                format!("request.fields[{i}].required"),
                format!(
                    "`{}` says `required: one_of` but no group in `request.one_of` names it",
                    field.wire_name
                ),
            );
        }
    }
    groups
}

fn check_dates(spec: &EndpointFile, report: &mut FileReporter) {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let mut check = |at: String, date: &str| {
        if time::Date::parse(date, &format).is_err() {
            report.error(at, format!("`{date}` is not a date written YYYY-MM-DD"));
        }
    };
    if let Some(updated) = &spec.source.updated {
        check("source.updated".into(), updated);
    }
    for (i, entry) in spec.source.history.iter().enumerate() {
        check(format!("source.history[{i}].date"), &entry.date);
    }
}

/// Field keys an erratum may name after a field (`request.fields.order_id.example`).
const FIELD_KEYS: &[&str] = &[
    "name",
    "rust_name",
    "title",
    "in",
    "type",
    "length_unit",
    "required",
    "description",
    "example",
    "enum",
    "format",
    "object",
    "items",
];

/// Every erratum's `at` must name something in this file (or a shared definition it uses).
fn check_errata(spec: &EndpointFile, shared: &SharedNames, report: &mut FileReporter) {
    for (i, erratum) in spec.errata.iter().enumerate() {
        if let Err(problem) = errata_target(spec, shared, &erratum.at) {
            report.error(
                format!("errata[{i}].at"),
                format!(
                    "`{}` names nothing in this file: {problem}; write a key path by names such as \
                     `response.fields.result` or `objects.receiver.fields.amount.example`, or `page`",
                    erratum.at
                ),
            );
        }
    }
}

fn errata_target(spec: &EndpointFile, shared: &SharedNames, at: &str) -> Result<(), String> {
    let parts: Vec<&str> = at.split('.').collect();
    let field_in = |fields: &[FieldDef], rest: &[&str]| -> Result<(), String> {
        let (name, key) = match rest {
            [] => return Ok(()), // the whole table
            [name] => (*name, None),
            [name, key] => (*name, Some(*key)),
            _ => return Err("expected `fields.<name>` or `fields.<name>.<key>`".into()),
        };
        if !fields.iter().any(|f| f.name == name) {
            return Err(format!("there is no field `{name}`"));
        }
        match key {
            Some(key) if !FIELD_KEYS.contains(&key) => Err(format!("a field has no key `{key}`")),
            _ => Ok(()),
        }
    };
    match parts.as_slice() {
        ["page"] | ["source", ..] | ["examples", ..] | ["path"] | ["method"] | ["title"] => Ok(()),
        ["request" | "response"] => Ok(()),
        ["request", "fields", rest @ ..] => field_in(&spec.request.fields, rest),
        ["request", "one_of", name] => spec
            .request
            .one_of
            .iter()
            .any(|g| g.name == *name)
            .then_some(())
            .ok_or_else(|| format!("there is no one-of group `{name}`")),
        ["response", "fields", rest @ ..] => field_in(&spec.response.fields, rest),
        ["response", "name" | "description"] => Ok(()),
        ["objects", name] => (spec.objects.contains_key(*name)
            || shared.objects.contains_key(name))
        .then_some(())
        .ok_or_else(|| format!("there is no object `{name}`")),
        ["objects", name, "fields", rest @ ..] => {
            let fields = spec
                .objects
                .get(*name)
                .or_else(|| shared.objects.get(name).map(|named| named.def))
                .map(|o| o.fields.as_slice())
                .ok_or_else(|| format!("there is no object `{name}`"))?;
            field_in(fields, rest)
        }
        ["enums", name, rest @ ..] => {
            let def = spec
                .enums
                .get(*name)
                .or_else(|| shared.enums.get(name).map(|named| named.def))
                .ok_or_else(|| format!("there is no enum `{name}`"))?;
            match rest {
                [] => Ok(()),
                ["values", value] | ["values", value, "meaning" | "aliases" | "value"] => def
                    .values
                    .iter()
                    .any(|v| v.value == *value || v.aliases.iter().any(|a| a == value))
                    .then_some(())
                    .ok_or_else(|| format!("the enum `{name}` has no value `{value}`")),
                _ => Err("expected `enums.<name>` or `enums.<name>.values.<VALUE>`".into()),
            }
        }
        ["errors", code] => spec
            .errors
            .iter()
            .any(|e| e.code == *code)
            .then_some(())
            .ok_or_else(|| format!("the error table has no code `{code}`")),
        ["errors"] | ["protocol_headers", ..] => Ok(()),
        _ => Err("unknown key path".into()),
    }
}

/// Rust type names must be unique within a module: per namespace across its endpoints, and in
/// `shared`.
fn check_namespace_names(tree: &SpecTree, endpoints: &[Endpoint], errors: &mut Vec<SpecError>) {
    let mut seen: HashMap<(Vec<String>, String), String> = HashMap::new();
    for (endpoint, file) in endpoints.iter().zip(&tree.endpoints) {
        let mut report = FileReporter::new(&file.path, &file.positions, errors);
        let mut names = vec![
            (
                endpoint.request.rust_name.clone(),
                "request.fields".to_owned(),
            ),
            (endpoint.response.rust_name.clone(), "response".to_owned()),
        ];
        names.extend(
            endpoint
                .request
                .one_of
                .iter()
                .enumerate()
                .map(|(i, g)| (g.rust_name.clone(), format!("request.one_of[{i}].name"))),
        );
        names.extend(
            endpoint
                .definitions
                .enums
                .iter()
                .map(|e| (e.rust_name.clone(), format!("enums.{}", e.name))),
        );
        names.extend(
            endpoint
                .definitions
                .objects
                .iter()
                .map(|o| (o.rust_name.clone(), format!("objects.{}", o.name))),
        );
        for (rust_name, at) in names {
            let key = (endpoint.namespace.clone(), rust_name.clone());
            let here = format!("{} ({at})", file.relative);
            if let Some(first) = seen.insert(key, here) {
                report.error(
                    at,
                    format!(
                        "the Rust type `{rust_name}` is already defined in this namespace by {first}; rename one (names are unique per namespace)"
                    ),
                );
            }
        }
    }
}
