//! The definitions of `shared/`: the names every file can use, with where each lives and its
//! index there, and the enums, objects, formats and public error rows themselves.

use std::collections::{BTreeMap, HashMap, HashSet};

use wechatpay_rules::Charset;

use super::errata::check_shared_errata;
use super::resolve::Resolver;
use super::rules::{check_error_rows, check_spec_name};
use crate::diagnostics::{FileReporter, SpecError};
use crate::load::{Parsed, SpecTree};
use crate::model::{Definitions, Enum, EnumValue, Scope};
use crate::names;
use crate::spec::{
    EnumBase, EnumDef, EnumValueDef, ErrorRow, FormatBase, FormatDef, LengthUnit, ObjectDef,
    Representation, SharedFile, TextSource,
};

/// The variant every generated enum keeps for values it does not know.
const CATCH_ALL_VARIANT: &str = "Unknown";

/// The definitions and public error rows of `shared/` files, all of one `scope`, sorted by name
/// so that their order is the one [`SharedNames`] gives indices by.
pub(super) fn build_shared(
    files: &[Parsed<SharedFile>],
    names: &SharedNames,
    (scope, shared_dir): (Scope, &str),
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
            errata: file.value.errata.iter().map(|e| e.at.clone()).collect(),
            shared_dir,
            // Shared definitions are copied from the pages unless one says otherwise.
            descriptions: TextSource::Page,
        };
        for (name, def) in &file.value.formats {
            check_format(name, def, &format!("formats.{name}"), &mut report);
        }
        for (name, def) in &file.value.enums {
            definitions.enums.push(build_enum(
                name,
                def,
                &format!("enums.{name}"),
                TextSource::Page,
                &mut report,
            ));
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
        check_shared_errata(&file.value, &mut report);
        super::import_notes::check_import_notes(&file.value.import_notes, &mut report);
        rows.extend(file.value.errors.iter().cloned());
    }
    definitions.enums.sort_by(|a, b| a.name.cmp(&b.name));
    definitions.objects.sort_by(|a, b| a.name.cmp(&b.name));
    (definitions, rows)
}

/// A name defined in `shared/`: its definition, the scope it lives in, and its index among that
/// scope's definitions of its kind (sorted by name).
pub(super) struct Named<'a, D> {
    pub(super) def: &'a D,
    pub(super) scope: Scope,
    pub(super) index: usize,
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
pub(super) struct SharedNames<'a> {
    pub(super) enums: BTreeMap<&'a str, Named<'a, EnumDef>>,
    pub(super) objects: BTreeMap<&'a str, Named<'a, ObjectDef>>,
    pub(super) formats: BTreeMap<&'a str, &'a FormatDef>,
}

impl<'a> SharedNames<'a> {
    /// The names of the base (for a user's tree) and of the tree's own `shared/` files. A tree
    /// may not define a name twice, nor one of the base's.
    pub(super) fn collect(
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
        let mut first_definition = HashMap::new();
        for file in &tree.shared {
            let mut definer = Definer {
                report: FileReporter::new(&file.path, &file.positions, errors),
                file: &file.relative,
                first_definition: &mut first_definition,
            };
            names.add_file(&file.value, &base_formats, &mut definer);
        }
        number_by_scope(names.enums.values_mut());
        number_by_scope(names.objects.values_mut());
        names
    }

    /// The names one of the tree's `shared/` files defines.
    fn add_file(
        &mut self,
        file: &'a SharedFile,
        base_formats: &HashSet<&str>,
        definer: &mut Definer<'a, '_>,
    ) {
        for (name, def) in &file.enums {
            let in_base = self
                .enums
                .get(name.as_str())
                .is_some_and(|n| n.scope == Scope::Base);
            if definer.define("enums", name, in_base) {
                self.enums.insert(name, Named::new(def, Scope::Shared));
            }
        }
        for (name, def) in &file.objects {
            let in_base = self
                .objects
                .get(name.as_str())
                .is_some_and(|n| n.scope == Scope::Base);
            if definer.define("objects", name, in_base) {
                self.objects.insert(name, Named::new(def, Scope::Shared));
            }
        }
        for (name, def) in &file.formats {
            if definer.define("formats", name, base_formats.contains(name.as_str())) {
                self.formats.insert(name, def);
            }
        }
    }
}

/// Tells whether a `shared/` file may define a name: once in the tree, never one of the base's.
struct Definer<'a, 'r> {
    report: FileReporter<'r>,
    /// The file, relative to the spec root.
    file: &'a str,
    /// Where each `(kind, name)` was first defined.
    first_definition: &'r mut HashMap<(&'static str, &'a str), &'a str>,
}

impl<'a> Definer<'a, '_> {
    fn define(&mut self, kind: &'static str, name: &'a str, in_base: bool) -> bool {
        if in_base {
            self.report.error(
                format!("{kind}.{name}"),
                format!("`{name}` is one of the project's shared definitions; use it as it is, or give yours another name"),
            );
            return false;
        }
        match self.first_definition.insert((kind, name), self.file) {
            Some(other) => {
                self.report.error(
                    format!("{kind}.{name}"),
                    format!("`{name}` is already defined in {other}; keep one definition"),
                );
                false
            }
            None => true,
        }
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
pub(super) fn enum_value(def: &EnumValueDef) -> EnumValue {
    EnumValue {
        value: def.value.clone(),
        rust_name: names::camel(def.rust_name.as_deref().unwrap_or(&def.value)),
        meaning: def.meaning.clone(),
        aliases: def.aliases.clone(),
    }
}

pub(super) fn build_enum(
    name: &str,
    def: &EnumDef,
    at: &str,
    descriptions: TextSource,
    report: &mut FileReporter,
) -> Enum {
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
            let is_integer = spelling
                .parse::<i64>()
                .is_ok_and(|number| number.to_string() == *spelling);
            if def.base == EnumBase::Integer && !is_integer {
                report.error(
                    key.clone(),
                    format!(
                        "`{spelling}` is not an integer written plainly (`3`, `-1`), as every value of an integer enum is"
                    ),
                );
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
        if def.base == EnumBase::Integer && value.rust_name.is_none() {
            report.error(
                format!("{key}.rust_name"),
                format!(
                    "`{}` is a number, which makes no variant name; give it a `rust_name` saying \
                     what it means (`canteen` for 食堂)",
                    value.value
                ),
            );
        } else if !names::is_identifier(&rust_name) {
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
        description_source: def.description_source.unwrap_or(descriptions),
        base: def.base,
        values,
    }
}
