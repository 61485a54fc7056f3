//! A value's type and rules, resolved: the part of a row that says what its value is, shared by
//! a field, an array's items and the JSON a string holds.

use wechatpay_rules::Charset;

use super::resolve::Resolver;
use crate::diagnostics::FileReporter;
use crate::doc_type::{self, DocType, Kind};
use crate::model::{ItemRules, JsonText, Length, Type};
use crate::spec::{
    EnumBase, FieldDef, FormatBase, FormatDef, ItemsDef, NumberKind, Representation, ValueDef,
};

/// What a value resolves to: its type and the string rules that apply to it.
pub(super) struct Resolved {
    pub(super) ty: Type,
    pub(super) length: Option<Length>,
    pub(super) charset: Option<Charset>,
    pub(super) pattern: Option<String>,
    /// For an array of strings: each item's rules, when it has any.
    pub(super) items: Option<ItemRules>,
}

impl Resolved {
    fn plain(ty: Type) -> Self {
        Self {
            ty,
            length: None,
            charset: None,
            pattern: None,
            items: None,
        }
    }
}

/// The keys of a field row that say what its value is, as a [`ValueDef`].
pub(super) fn value_of(def: &FieldDef) -> ValueDef {
    ValueDef {
        ty: Some(def.ty.clone()),
        length_unit: def.length_unit,
        enum_name: def.enum_name.clone(),
        format: def.format.clone(),
        object: def.object.clone(),
        items: def.items.clone(),
        free_form: def.free_form,
        number: def.number,
        charset: def.charset.clone(),
        pattern: def.pattern.clone(),
    }
}

impl Resolver<'_> {
    /// Resolves a value's type and rules; `at` is the YAML key path of the keys in `def`.
    pub(super) fn value(&self, def: &ValueDef, at: &str, report: &mut FileReporter) -> Resolved {
        let Some(written) = def.ty.as_deref() else {
            report.error(format!("{at}.type"), "the value needs a `type`");
            return Resolved::plain(Type::String);
        };
        let parsed = match doc_type::parse(written) {
            Ok(parsed) => Some(parsed),
            Err(message) => {
                report.error(format!("{at}.type"), message);
                None
            }
        };
        let kind = parsed.map(|p| p.kind);
        let format = self.format_named(def.format.as_deref(), at, report);
        self.check_keys(def, written, kind, format, at, report);
        let ty = self.type_of(def, kind, format, at, report);
        let length = parsed.filter(|p| p.min.is_some() || p.max.is_some()).map(
            |DocType { min, max, .. }| Length {
                min,
                max,
                unit: def.length_unit.unwrap_or(self.default_unit),
            },
        );
        if def.length_unit.is_some() && length.is_none() {
            report.error(
                format!("{at}.length_unit"),
                "`length_unit` applies to limited strings only (`string[MIN,MAX]`, `string(MAX)`)",
            );
        }
        let charset = self.charset(def, format, at, report);
        let pattern = def.pattern.clone().filter(|pattern| {
            let compiled = wechatpay_rules::pattern::compile(pattern);
            if let Err(error) = &compiled {
                report.error(format!("{at}.pattern"), error.to_string());
            }
            compiled.is_ok()
        });
        let items = match &ty {
            Type::Array(_) => def
                .items
                .as_ref()
                .map(|items| self.value(&items.value(), &format!("{at}.items"), report))
                // Rules on text only: an enum's values are checked by the enum.
                .filter(|item| item.ty == Type::String)
                .and_then(|item| {
                    let rules = ItemRules {
                        length: item.length,
                        charset: item.charset,
                        pattern: item.pattern,
                    };
                    (rules != ItemRules::default()).then_some(rules)
                }),
            _ => None,
        };
        Resolved {
            ty,
            length,
            charset,
            pattern,
            items,
        }
    }

    /// A string row's `json`: the type of the JSON text it holds, where the spec gives one.
    pub(super) fn json_text(
        &self,
        json: &ValueDef,
        holder: &Type,
        at: &str,
        report: &mut FileReporter,
    ) -> JsonText {
        if *holder != Type::String {
            report.error(
                at,
                "`json` marks a plain string that holds JSON text; this field is not a plain string",
            );
        }
        let inner = if json.ty.is_none() && json.object.is_none() && json.items.is_none() {
            None
        } else {
            Some(self.value(json, at, report).ty)
        };
        JsonText { inner }
    }

    /// The format a row names, when it names one that exists.
    fn format_named(
        &self,
        name: Option<&str>,
        at: &str,
        report: &mut FileReporter,
    ) -> Option<&FormatDef> {
        let name = name?;
        let found = self.shared.formats.get(name).copied();
        if found.is_none() {
            let hint = crate::suggest::did_you_mean(name, self.shared.formats.keys().copied());
            report.error(
                format!("{at}.format"),
                format!(
                    "unknown format `{name}`{hint}; define it under `formats:` in {}",
                    self.shared_dir
                ),
            );
        }
        found
    }

    /// Keys that do not go with the row's type.
    fn check_keys(
        &self,
        def: &ValueDef,
        written: &str,
        kind: Option<Kind>,
        format: Option<&FormatDef>,
        at: &str,
        report: &mut FileReporter,
    ) {
        let Some(kind) = kind else { return };
        if let Some(format) = format {
            let fits = matches!(
                (format.base, kind),
                (FormatBase::String, Kind::String)
                    | (
                        FormatBase::Int,
                        Kind::Integer | Kind::UnsignedInteger | Kind::Number
                    )
            );
            if !fits {
                report.error(
                    format!("{at}.format"),
                    format!(
                        "the format is for {:?} values, but this field's type is `{written}`",
                        format.base
                    ),
                );
            }
        }
        let misplaced = [
            (
                def.object.is_some() && !matches!(kind, Kind::Object | Kind::Array),
                "object",
                "`object` names the type of an `object` or `array` field only",
            ),
            (
                def.items.is_some() && kind != Kind::Array,
                "items",
                "`items` applies to `array` fields only",
            ),
            (
                def.free_form && kind != Kind::Object,
                "free_form",
                "`free_form` applies to `object` fields only",
            ),
            (
                def.free_form && def.object.is_some(),
                "free_form",
                "a free-form object has no declared type: drop `object` or `free_form`",
            ),
            (
                def.number.is_some() && kind != Kind::Number,
                "number",
                "`number: integer | decimal` applies to `number` fields only",
            ),
            (
                def.charset.is_some() && kind != Kind::String,
                "charset",
                "`charset` applies to strings only",
            ),
            (
                def.pattern.is_some() && kind != Kind::String,
                "pattern",
                "`pattern` applies to strings only",
            ),
        ];
        for (wrong, key, message) in misplaced {
            if wrong {
                report.error(format!("{at}.{key}"), message);
            }
        }
    }

    /// The value's type: by the type column, then by `enum`, `format`, `object` and `items`.
    fn type_of(
        &self,
        def: &ValueDef,
        kind: Option<Kind>,
        format: Option<&FormatDef>,
        at: &str,
        report: &mut FileReporter,
    ) -> Type {
        let integer_enum = |this: &Self, report: &mut FileReporter| match &def.enum_name {
            Some(name) => this.enum_type(name, EnumBase::Integer, at, report),
            None => Type::Integer,
        };
        match kind {
            None | Some(Kind::String) => self.string_type(def, format, at, report),
            Some(Kind::Integer) => integer_enum(self, report),
            Some(Kind::UnsignedInteger) => {
                self.no_enum(def, "a `uint64`", at, report);
                Type::UnsignedInteger
            }
            Some(Kind::Number) => match def.number {
                Some(NumberKind::Integer) => integer_enum(self, report),
                Some(NumberKind::Decimal) => {
                    self.no_enum(def, "a decimal", at, report);
                    Type::Decimal
                }
                None => {
                    report.error(
                        format!("{at}.type"),
                        "a `number` column may hold integers or decimals: say which with \
                         `number: integer` or `number: decimal` (and record the reading as an \
                         erratum when the page does not say)",
                    );
                    Type::Integer
                }
            },
            Some(Kind::Bool) => {
                self.no_enum(def, "a boolean", at, report);
                Type::Bool
            }
            Some(Kind::Object) => match (&def.object, def.free_form) {
                (Some(name), false) => self.object_type(name, &format!("{at}.object"), report),
                (None, true) => Type::JsonObject,
                _ => {
                    report.error(
                        format!("{at}.type"),
                        "an `object` field needs `object: <name>`, or `free_form: true` when the \
                         page declares no properties for it",
                    );
                    Type::JsonObject
                }
            },
            Some(Kind::Array) => self.array_type(def, at, report),
        }
    }

    fn array_type(&self, def: &ValueDef, at: &str, report: &mut FileReporter) -> Type {
        match (&def.object, &def.items) {
            (Some(name), None) => Type::Array(Box::new(self.object_type(
                name,
                &format!("{at}.object"),
                report,
            ))),
            (None, Some(items)) => {
                let items_at = format!("{at}.items");
                let item = self.value(&items.value(), &items_at, report).ty;
                if matches!(item, Type::Array(_)) {
                    report.error(
                        items_at,
                        "an array of arrays is not supported; describe the inner array as an object's field",
                    );
                }
                if matches!(items, ItemsDef::Value(value) if value.object.is_some()) {
                    report.error(
                        format!("{at}.items.object"),
                        "write an array of objects as `object: <name>` on the field itself",
                    );
                }
                Type::Array(Box::new(item))
            }
            _ => {
                report.error(
                    format!("{at}.type"),
                    "an `array` field needs exactly one of `object: <name>` (an array of objects) or `items: <type>`",
                );
                Type::Array(Box::new(Type::String))
            }
        }
    }

    fn no_enum(&self, def: &ValueDef, what: &str, at: &str, report: &mut FileReporter) {
        if def.enum_name.is_some() {
            report.error(
                format!("{at}.enum"),
                format!("{what} cannot take an `enum`; enums are strings or integers"),
            );
        }
    }

    fn string_type(
        &self,
        def: &ValueDef,
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
            Some(name) => self.enum_type(name, EnumBase::String, at, report),
            None if datetime => Type::DateTime,
            None => Type::String,
        }
    }

    /// The enum `name`, which must travel as `base` says the field's type does.
    fn enum_type(&self, name: &str, base: EnumBase, at: &str, report: &mut FileReporter) -> Type {
        match self.enum_ref(name) {
            Some((reference, def)) => {
                if def.base != base {
                    let (enum_is, field_is) = match def.base {
                        EnumBase::String => ("strings", "an integer"),
                        EnumBase::Integer => ("integers", "a string"),
                    };
                    report.error(
                        format!("{at}.enum"),
                        format!(
                            "the enum `{name}` has {enum_is} for values, but this field is {field_is}"
                        ),
                    );
                }
                match def.base {
                    EnumBase::String => Type::Enum(reference),
                    EnumBase::Integer => Type::IntegerEnum(reference),
                }
            }
            None => {
                let known = self
                    .local_enums
                    .keys()
                    .map(String::as_str)
                    .chain(self.shared.enums.keys().copied());
                report.error(format!("{at}.enum"), self.unknown("enum", name, known));
                Type::String
            }
        }
    }

    /// The row's charset: its own, or its format's (not both).
    fn charset(
        &self,
        def: &ValueDef,
        format: Option<&FormatDef>,
        at: &str,
        report: &mut FileReporter,
    ) -> Option<Charset> {
        let from_format = format.and_then(|f| f.charset.as_deref());
        match (def.charset.as_deref(), from_format) {
            (Some(_), Some(_)) => {
                report.error(
                    format!("{at}.charset"),
                    "the format already gives a charset; keep one of the two",
                );
                None
            }
            (Some(own), None) => match Charset::parse(own) {
                Ok(charset) => Some(charset),
                Err(error) => {
                    report.error(format!("{at}.charset"), error.to_string());
                    None
                }
            },
            // Formats' charsets were checked with the formats; a bad one is already reported.
            (None, Some(class)) => Charset::parse(class).ok(),
            (None, None) => None,
        }
    }
}
