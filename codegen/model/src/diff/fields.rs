//! Two versions of a table of fields (a request, a response, a resource), compared field by
//! field and into the objects and enums they use.
//!
//! Fields are the same field when they have the same wire name. Nested objects are walked
//! breadth-first and named by path (`receivers[].amount`); an object reached by several fields
//! is compared once, at the first path that reaches it, which also ends any cycle.

use std::collections::{HashSet, VecDeque};

use crate::model::{Field, ItemRules, JsonText, Location, Presence, Request, Type, TypeRef};

use super::Models;
use super::limits::{self, TextRules};
use super::record::{At, Recorder};
use super::report::Kind;
use super::rules::{self, Added, Uses};
use super::types::{encryption, field_summary, presence, type_path};

/// One table of fields, with its request when it is one (for one-of groups and locations).
#[derive(Debug, Clone, Copy)]
pub struct Table<'a> {
    /// The fields, in table order.
    pub fields: &'a [Field],
    /// The request the fields belong to, for a request's own table.
    pub request: Option<&'a Request>,
}

impl<'a> Table<'a> {
    /// A table of an object or a response: no groups, no locations.
    pub fn plain(fields: &'a [Field]) -> Self {
        Self {
            fields,
            request: None,
        }
    }
}

/// A pair of tables waiting to be compared.
struct Pending<'a> {
    /// The path of the field holding them, with its trailing `.` (empty at the top).
    prefix: String,
    old: Table<'a>,
    new: Table<'a>,
    uses: Uses,
}

/// The state of one walk from a pair of top tables.
struct Walk<'a, 'r> {
    models: &'a Models<'a>,
    at: At<'r>,
    out: &'r mut Recorder,
    pending: VecDeque<Pending<'a>>,
    /// The object pairs already queued.
    seen: HashSet<(TypeRef, TypeRef)>,
}

/// Records every difference between two tables and the objects and enums they reach.
pub fn compare(
    models: &Models<'_>,
    at: At<'_>,
    (old, new): (Table<'_>, Table<'_>),
    uses: Uses,
    out: &mut Recorder,
) {
    let mut walk = Walk {
        models,
        at,
        out,
        pending: VecDeque::from([Pending {
            prefix: String::new(),
            old,
            new,
            uses,
        }]),
        seen: HashSet::new(),
    };
    while let Some(next) = walk.pending.pop_front() {
        walk.table(&next);
    }
}

impl<'a> Walk<'a, '_> {
    fn table(&mut self, pair: &Pending<'a>) {
        let (old, new) = (pair.old, pair.new);
        for (old_index, old_field) in old.fields.iter().enumerate() {
            let path = format!("{}{}", pair.prefix, old_field.wire_name);
            match find(new.fields, &old_field.wire_name) {
                Some((new_index, new_field)) => self.field(
                    (old_field, old_index, old.request),
                    (new_field, new_index, new.request),
                    &path,
                    pair.uses,
                ),
                None => self.out.record(
                    self.at.path(&path),
                    Kind::FieldRemoved,
                    (Some(field_summary(old_field, old_index, old.request)), None),
                    rules::field_removed(pair.uses),
                ),
            }
        }
        for (new_index, new_field) in new.fields.iter().enumerate() {
            if find(old.fields, &new_field.wire_name).is_some() {
                continue;
            }
            let path = format!("{}{}", pair.prefix, new_field.wire_name);
            let added = added(new_field, new.request, old.request);
            self.out.record(
                self.at.path(&path),
                Kind::FieldAdded,
                (None, Some(field_summary(new_field, new_index, new.request))),
                rules::field_added(pair.uses, added),
            );
        }
    }

    fn field(
        &mut self,
        (old, old_index, old_request): (&'a Field, usize, Option<&Request>),
        (new, new_index, new_request): (&'a Field, usize, Option<&Request>),
        path: &str,
        uses: Uses,
    ) {
        let at = self.at.path(path);
        if old.rust_name != new.rust_name {
            let names = (Some(old.rust_name.clone()), Some(new.rust_name.clone()));
            self.out
                .record(at, Kind::FieldRenamed, names, rules::field_renamed());
        }
        let (was, is) = (
            presence(old, old_index, old_request),
            presence(new, new_index, new_request),
        );
        if was != is {
            let now_optional = new.presence != Presence::Required;
            let verdict = rules::presence_changed(uses, now_optional);
            self.out
                .record(at, Kind::PresenceChanged, (Some(was), Some(is)), verdict);
        }
        let (was, is) = (locations(old), locations(new));
        if was != is {
            let verdict = rules::location_changed();
            self.out
                .record(at, Kind::LocationChanged, (Some(was), Some(is)), verdict);
        }
        self.encryption(old, new, uses, at);
        let (was, is) = (
            type_path(self.models.old, &old.ty),
            type_path(self.models.new, &new.ty),
        );
        if was != is {
            // A new type has rules of its own; the type change says all there is to say.
            let verdict = rules::type_changed();
            self.out
                .record(at, Kind::TypeChanged, (Some(was), Some(is)), verdict);
            return;
        }
        self.descend(&old.ty, &new.ty, path, uses);
        self.rules(text_rules(old), text_rules(new), uses, at);
        if old.items.is_some() || new.items.is_some() {
            let items_path = format!("{path}[]");
            let (was, is) = (
                item_rules(old.items.as_ref()),
                item_rules(new.items.as_ref()),
            );
            self.rules(was, is, uses, self.at.path(&items_path));
        }
        self.json(old.json.as_ref(), new.json.as_ref(), path, uses);
    }

    fn encryption(&mut self, old: &Field, new: &Field, uses: Uses, at: At<'_>) {
        let words = (
            Some(encryption(old.encrypted).to_owned()),
            Some(encryption(new.encrypted).to_owned()),
        );
        match (old.encrypted, new.encrypted) {
            (Some(was), Some(is)) => {
                if let Some(direction) = limits::encryption_direction(was, is) {
                    let verdict = rules::encryption_limit(uses, direction);
                    self.out.record(at, Kind::EncryptionChanged, words, verdict);
                }
            }
            (None, None) => {}
            _ => {
                let verdict = rules::encryption_toggled(uses);
                self.out.record(at, Kind::EncryptionChanged, words, verdict);
            }
        }
    }

    fn rules(&mut self, old: TextRules<'_>, new: TextRules<'_>, uses: Uses, at: At<'_>) {
        for change in limits::compare(old, new) {
            let verdict = rules::rule_changed(uses, change.direction);
            self.out.record(
                at,
                change.kind,
                (Some(change.old), Some(change.new)),
                verdict,
            );
        }
    }

    fn json(
        &mut self,
        old: Option<&'a JsonText>,
        new: Option<&'a JsonText>,
        path: &str,
        uses: Uses,
    ) {
        let inner_path = |json: Option<&'a JsonText>, api| {
            json.map(|json| json.inner.as_ref().map(|inner| type_path(api, inner)))
        };
        let (was, is) = (
            inner_path(old, self.models.old),
            inner_path(new, self.models.new),
        );
        if was == is {
            if let (Some(Some(old)), Some(Some(new))) = (
                old.map(|json| json.inner.as_ref()),
                new.map(|json| json.inner.as_ref()),
            ) {
                self.descend(old, new, &format!("{path}(json)"), uses);
            }
            return;
        }
        let words = |json: Option<Option<String>>| match json {
            None => "not JSON text".to_owned(),
            Some(None) => "JSON text".to_owned(),
            Some(Some(inner)) => format!("JSON text of {inner}"),
        };
        let verdict = rules::json_text_changed(was.is_none());
        let words = (Some(words(was)), Some(words(is)));
        self.out
            .record(self.at.path(path), Kind::JsonTextChanged, words, verdict);
    }

    /// Into two types of the same path: an array's items, an enum's values, an object's fields.
    fn descend(&mut self, old: &'a Type, new: &'a Type, path: &str, uses: Uses) {
        match (old, new) {
            (Type::Array(old), Type::Array(new)) => {
                self.descend(old, new, &format!("{path}[]"), uses);
            }
            (Type::Enum(was), Type::Enum(is)) | (Type::IntegerEnum(was), Type::IntegerEnum(is)) => {
                if let (Some(was), Some(is)) =
                    (self.models.old.enum_def(was), self.models.new.enum_def(is))
                {
                    super::enums::compare(was, is, uses, self.at.path(path), self.out);
                }
            }
            (Type::Object(was), Type::Object(is)) => self.object(was, is, path, uses),
            _ => {}
        }
    }

    fn object(&mut self, was: &TypeRef, is: &TypeRef, path: &str, uses: Uses) {
        if !self.seen.insert((was.clone(), is.clone())) {
            return;
        }
        let (Some(old), Some(new)) = (
            self.models.old.object_def(was),
            self.models.new.object_def(is),
        ) else {
            return;
        };
        // An object a request reaches has a constructor, wherever else it is used.
        let built = self.models.old_request_objects.contains(was)
            || self.models.new_request_objects.contains(is);
        let uses = if built { uses.and(Uses::SENT) } else { uses };
        self.pending.push_back(Pending {
            prefix: format!("{path}."),
            old: Table::plain(&old.fields),
            new: Table::plain(&new.fields),
            uses,
        });
    }
}

fn find<'a>(fields: &'a [Field], wire_name: &str) -> Option<(usize, &'a Field)> {
    fields
        .iter()
        .enumerate()
        .find(|(_, field)| field.wire_name == wire_name)
}

/// How a new field stands: a member of a group is a new choice when a group of that name
/// existed before.
fn added(field: &Field, new: Option<&Request>, old: Option<&Request>) -> Added {
    match field.presence {
        Presence::Required => Added::Required,
        Presence::Optional => Added::Optional,
        Presence::OneOf(group) => {
            let name = new.and_then(|r| r.one_of.get(group)).map(|g| &g.name);
            let existed = old.is_some_and(|r| r.one_of.iter().any(|g| Some(&g.name) == name));
            if existed {
                Added::NewChoice
            } else {
                Added::NewGroup
            }
        }
    }
}

/// Where a request field is sent, in words (`query`, `path and body`); empty for others.
fn locations(field: &Field) -> String {
    let mut places: Vec<Location> = field
        .location
        .iter()
        .chain(&field.also_in)
        .copied()
        .collect();
    places.sort();
    places.dedup();
    let names: Vec<&str> = places.iter().map(|place| place.as_str()).collect();
    names.join(" and ")
}

fn text_rules(field: &Field) -> TextRules<'_> {
    TextRules {
        length: field.length,
        charset: field.charset.as_ref(),
        pattern: field.pattern.as_deref(),
    }
}

fn item_rules(items: Option<&ItemRules>) -> TextRules<'_> {
    TextRules {
        length: items.and_then(|items| items.length),
        charset: items.and_then(|items| items.charset.as_ref()),
        pattern: items.and_then(|items| items.pattern.as_deref()),
    }
}
