//! The decisions a row leaves open, each taken and noted: presence (a missing or unknown 必填
//! cell, 选填 beside a 二选一 rule, 必填 beside a condition), location, the value list and its
//! example, formats, encryption, how a `number` is read, and whether the examples fit.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::draft::{DraftEnum, DraftField};
use super::enums;
use super::fields::{Builder, Place, Side};
use super::rows::{Cell, RawRow};
use super::text;
use super::types::PageType;
use super::vocabulary::{Presence, presence};
use crate::doc_type::Kind;
use crate::spec::{EncryptedDef, EnumValueDef, Location, Method, NumberKind, Required};

/// The presence a description suggests when the 必填 cell does not say.
fn inferred(description: &str, side: Side) -> Required {
    if side == Side::Request && text::one_of_sentence(description).is_some() {
        Required::OneOf
    } else if text::is_conditional(description) {
        Required::No
    } else {
        Required::Yes
    }
}

fn spelled(required: Required) -> &'static str {
    match required {
        Required::Yes => "required: true",
        Required::No => "required: false",
        Required::OneOf => "required: one_of",
    }
}

impl Builder {
    /// The row's presence: its 必填 cell, or the description when the cell is missing or
    /// unreadable; then the checks of the cell against the description.
    pub(crate) fn required(
        &mut self,
        row: &RawRow,
        description: &str,
        side: Side,
        place: &Place,
        at: &str,
    ) -> Required {
        let at = format!("{at}.required");
        let guess = inferred(description, side);
        let mut required = match &row.required {
            Cell::Given(cell) => match presence(cell) {
                Some(Presence::Plain(required)) => required,
                Some(Presence::Conditional) => {
                    let issue = format!(
                        "the 必填 cell says `{cell}`: drafted optional; the description says \
                         when the field is sent"
                    );
                    self.note(row.line, &at, issue);
                    Required::No
                }
                None => {
                    let issue = format!(
                        "the 必填 cell says `{cell}`, which is none of 是, 否, 必填, 选填, 二选一: \
                         drafted {} from the description",
                        spelled(guess)
                    );
                    self.note(row.line, &at, issue);
                    guess
                }
            },
            Cell::Missing(why) => {
                self.note(
                    row.line,
                    &at,
                    format!("{why}: drafted {} from the description", spelled(guess)),
                );
                guess
            }
            Cell::MissingInTable => guess,
        };
        let one_of = text::one_of_sentence(description);
        let cell_given = matches!(row.required, Cell::Given(_));
        if side == Side::Request && required == Required::No && one_of.is_some() && cell_given {
            let issue = "marked optional, but the description says 二选一: drafted one_of, a \
                         member of a group in request.one_of";
            self.note(row.line, &at, issue);
            required = Required::OneOf;
        }
        if side == Side::Response && required == Required::OneOf {
            let issue = "二选一 in a response, where one-of rules do not apply (they bind \
                         requests): drafted optional";
            self.note(row.line, &at, issue);
            required = Required::No;
        } else if side == Side::Response && one_of.is_some() {
            let issue = format!(
                "the description states a 二选一 rule, which binds requests only: kept {}",
                spelled(required)
            );
            self.note(row.line, &at, issue);
        }
        if required == Required::OneOf && !place.is_top() {
            let issue = "二选一 inside an object: one-of groups stand in the request's own table \
                         only; drafted optional";
            self.note(row.line, &at, issue);
            required = Required::No;
        }
        if required == Required::Yes && cell_given && text::is_conditional(description) {
            let issue = "marked required, but the description says when the field is present: \
                         kept required";
            self.note(row.line, &at, issue);
        }
        required
    }

    /// Where a request row travels: the layout's word, the description's first word, the path,
    /// or the method's usual place (noted).
    pub(crate) fn location(
        &mut self,
        row: &RawRow,
        described: Option<Location>,
        at: &str,
    ) -> Location {
        let at = format!("{at}.in");
        if let (Some(given), Some(said)) = (row.location, described)
            && given != said
        {
            self.note(
                row.line,
                &at,
                format!(
                    "the table puts the field in {}, its description in {}: drafted {}",
                    given.as_str(),
                    said.as_str(),
                    given.as_str()
                ),
            );
        }
        let in_path = self.path_params.contains(&row.name);
        match row.location.or(described) {
            Some(location) if in_path && location != Location::Path => {
                self.note(
                    row.line,
                    &at,
                    format!(
                        "the path names `{{{}}}`, but the page puts the field in {}: drafted path",
                        row.name,
                        location.as_str()
                    ),
                );
                Location::Path
            }
            Some(Location::Path) if !in_path => {
                self.note(
                    row.line,
                    &at,
                    format!(
                        "the page puts the field in the path, which has no `{{{}}}`",
                        row.name
                    ),
                );
                Location::Path
            }
            Some(location) => location,
            None if in_path => Location::Path,
            None => {
                let usual = match self.method {
                    Method::Get | Method::Delete => Location::Query,
                    _ => Location::Body,
                };
                self.note(
                    row.line,
                    &at,
                    format!(
                        "the page gives no location: drafted {}, as for most {} parameters",
                        usual.as_str(),
                        self.method.as_str()
                    ),
                );
                usual
            }
        }
    }

    /// The rules the description states: a value list, RFC 3339, a charset, encryption; and
    /// how a `number` column is read.
    pub(crate) fn value_rules(
        &mut self,
        field: &mut DraftField,
        page_type: &PageType,
        place: &Place,
        at: &str,
    ) {
        let description = field.description.clone();
        if let Some(list) = enums::read(&description) {
            if page_type.kind == Kind::String {
                self.value_list(field, list, place, at);
            } else {
                let issue = format!(
                    "a value list on a `{}` field: not drafted as an enum; an integer enum needs \
                     `type: integer` and a rust_name for each value",
                    field.ty
                );
                self.note(field.line, &format!("{at}.type"), issue);
            }
        }
        if page_type.kind == Kind::String {
            if text::names_rfc3339(&description) {
                field.format = Some("rfc3339".to_owned());
            }
            field.charset = text::charset(&description);
        }
        if text::says_encrypted(&description) {
            let (encrypted, reading) = if page_type.max.is_some() {
                (
                    EncryptedDef::Ciphertext,
                    "encrypted: ciphertext (the page's length read as the ciphertext's)",
                )
            } else {
                (EncryptedDef::Yes, "encrypted: true")
            };
            field.encrypted = Some(encrypted);
            let issue = format!(
                "the description says the value is encrypted (加密): drafted {reading}; check \
                 the side and, for a limit, which text it bounds"
            );
            self.note(field.line, &format!("{at}.encrypted"), issue);
        }
        if page_type.kind == Kind::Number {
            field.number = Some(NumberKind::Integer);
            self.note(
                field.line,
                &format!("{at}.number"),
                "a `number` column: drafted `number: integer`; say `decimal` if it holds fractions",
            );
        }
    }

    /// The field's value list as an enum (the same values as an enum already made reuse it),
    /// and its 示例值 checked against the list.
    fn value_list(
        &mut self,
        field: &mut DraftField,
        list: enums::ValueList,
        place: &Place,
        at: &str,
    ) {
        let mut seen = HashSet::new();
        for (value, _) in &list.values {
            if !seen.insert(value.as_str()) {
                self.note(
                    field.line,
                    &format!("{at}.enum"),
                    format!("the value list gives `{value}` twice"),
                );
            }
        }
        if let Some(example) = &field.example
            && !seen.contains(example.as_str())
        {
            let spellings: Vec<&str> = list.values.iter().map(|(v, _)| v.as_str()).collect();
            let issue = format!(
                "the 示例值 `{example}` is not among the listed values ({})",
                spellings.join(", ")
            );
            self.note(field.line, &format!("{at}.example"), issue);
        }
        let index = match self.enum_by_values.get(&list.values) {
            Some(index) => *index,
            None => {
                let name = self.names.claim(&field.name, place.owner.as_deref());
                let values = list
                    .values
                    .iter()
                    .map(|(value, meaning)| EnumValueDef {
                        value: value.clone(),
                        meaning: meaning.clone(),
                        aliases: Vec::new(),
                        rust_name: None,
                    })
                    .collect();
                self.enums.push(DraftEnum {
                    name,
                    title: field.title.clone(),
                    description: (!list.before.is_empty()).then_some(list.before),
                    values,
                });
                self.enum_by_values
                    .insert(list.values, self.enums.len() - 1);
                self.enum_by_name
                    .insert(name_of_last(&self.enums), self.enums.len() - 1);
                self.enums.len() - 1
            }
        };
        field.enum_name = self.enums.get(index).map(|e| e.name.clone());
    }

    /// Whether the 示例值 fits the type.
    pub(crate) fn example_fits(&mut self, field: &DraftField, page_type: &PageType, at: &str) {
        let Some(example) = &field.example else {
            return;
        };
        let problem = match page_type.kind {
            Kind::Integer => example
                .parse::<i64>()
                .is_err()
                .then_some("not an integer (i64)".to_owned()),
            Kind::UnsignedInteger => example
                .parse::<u64>()
                .is_err()
                .then_some("not an unsigned integer (u64)".to_owned()),
            Kind::Number => (!example.parse::<f64>().is_ok_and(f64::is_finite))
                .then_some("not a number".to_owned()),
            Kind::Bool => (!matches!(example.as_str(), "true" | "false"))
                .then_some("not true or false".to_owned()),
            Kind::String => length_problem(example, page_type).or_else(|| {
                field
                    .format
                    .as_ref()
                    .and_then(|_| crate::values::datetime_problem(example))
            }),
            Kind::Object | Kind::Array => None,
        };
        if let Some(problem) = problem {
            self.note(
                field.line,
                &format!("{at}.example"),
                format!(
                    "the 示例值 `{example}` does not fit `{}`: {problem}; kept as written",
                    field.ty
                ),
            );
        }
    }

    /// Whether the example body's value of an enum field is one of the listed values.
    pub(crate) fn example_body_value(
        &mut self,
        field: &DraftField,
        example: Option<&Map<String, Value>>,
        at: &str,
    ) {
        let Some(Value::String(value)) = example.and_then(|e| e.get(&field.name)) else {
            return;
        };
        let index = field
            .enum_name
            .as_ref()
            .and_then(|n| self.enum_by_name.get(n));
        let Some(list) = index.and_then(|i| self.enums.get(*i)) else {
            return;
        };
        if !list.values.iter().any(|v| v.value == *value) {
            let spellings: Vec<&str> = list.values.iter().map(|v| v.value.as_str()).collect();
            let issue = format!(
                "the example body has `{value}`, which the value list ({}) does not give",
                spellings.join(", ")
            );
            self.note(field.line, &format!("{at}.enum"), issue);
        }
    }
}

/// The name of the enum made last.
fn name_of_last(enums: &[DraftEnum]) -> String {
    enums.last().map(|e| e.name.clone()).unwrap_or_default()
}

/// How a string breaks its type's length, counted in characters.
fn length_problem(example: &str, page_type: &PageType) -> Option<String> {
    let length = example.chars().count() as u64;
    let too_short = page_type.min.is_some_and(|min| length < min);
    let too_long = page_type.max.is_some_and(|max| length > max);
    (too_short || too_long).then(|| format!("{length} characters"))
}
