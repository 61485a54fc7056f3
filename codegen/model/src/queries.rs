//! Questions every reader of the model asks, answered once here: a request's members in table
//! order, a group's fields, the objects a request reaches.

use std::collections::{HashMap, HashSet};

use crate::model::{Api, Endpoint, Field, OneOf, OneOfMember, Presence, Request, Type, TypeRef};
use crate::spec::ErrorRow;

/// A member of a request, in table order: a plain field, or a one-of group at the place of its
/// first member.
#[derive(Debug, Clone, Copy)]
pub enum Member<'a> {
    /// A field that is not in a group.
    Field(&'a Field),
    /// A one-of group.
    Group(&'a OneOf),
}

impl Request {
    /// The request's members in table order; a group stands where its first member does.
    pub fn members(&self) -> Vec<Member<'_>> {
        self.fields
            .iter()
            .enumerate()
            .filter_map(|(index, field)| match field.presence {
                Presence::OneOf(group) => {
                    let group = self.one_of.get(group)?;
                    let first = group.members.first().map(|member| member.field);
                    (first == Some(index)).then_some(Member::Group(group))
                }
                _ => Some(Member::Field(field)),
            })
            .collect()
    }

    /// A group's members with their fields, in table order.
    pub fn group_fields<'a>(
        &'a self,
        group: &'a OneOf,
    ) -> impl Iterator<Item = (&'a OneOfMember, &'a Field)> {
        group.members.iter().filter_map(|member| {
            let field = self.fields.get(member.field)?;
            Some((member, field))
        })
    }
}

impl Api {
    /// The public error codes (`shared/`) that `endpoint`'s page does not list: the spec assumes
    /// them for it. The codes its page lists are its own `errors`.
    pub fn assumed_errors<'a>(&'a self, endpoint: &Endpoint) -> Vec<&'a ErrorRow> {
        self.common_errors
            .iter()
            .filter(|row| !endpoint.errors.iter().any(|own| own.code == row.code))
            .collect()
    }

    /// The hub of every one-of group shaped like a group of an earlier endpoint: the first group
    /// (in endpoint order) with the same Rust name and the same variants holding the same types,
    /// keyed and valued as `(endpoint, group)`. Values convert between a group and its hub both
    /// ways, so a choice made for one endpoint serves any other (directly, or through the hub).
    /// Conversions through a hub grow with the number of groups; between every pair they would
    /// grow with its square.
    pub fn one_of_hubs(&self) -> HashMap<(usize, usize), (usize, usize)> {
        type Shape<'a> = (&'a str, Vec<(&'a str, &'a Type)>);
        let mut first: HashMap<Shape<'_>, (usize, usize)> = HashMap::new();
        let mut hubs = HashMap::new();
        for (e, endpoint) in self.endpoints.iter().enumerate() {
            for g in 0..endpoint.request.one_of.len() {
                let Some(shape) = self.group_shape(e, g) else {
                    continue;
                };
                match first.get(&shape) {
                    Some(&hub) => {
                        hubs.insert((e, g), hub);
                    }
                    None => {
                        first.insert(shape, (e, g));
                    }
                }
            }
        }
        hubs
    }

    /// A group's Rust name and its variants with their types.
    fn group_shape(&self, endpoint: usize, group: usize) -> Option<(&str, Vec<(&str, &Type)>)> {
        let request = &self.endpoints.get(endpoint)?.request;
        let group = request.one_of.get(group)?;
        let variants = request
            .group_fields(group)
            .map(|(member, field)| (member.variant.as_str(), &field.ty))
            .collect();
        Some((group.rust_name.as_str(), variants))
    }

    /// Whether `endpoint`'s request carries an encrypted field, at the top or inside an object:
    /// the client must then encrypt it and name the key it used.
    pub fn request_encrypts(&self, endpoint: &Endpoint) -> bool {
        let mut pending: Vec<&Field> = endpoint.request.fields.iter().collect();
        let mut seen = HashSet::new();
        while let Some(field) = pending.pop() {
            if field.encrypted.is_some() {
                return true;
            }
            let mut ty = &field.ty;
            while let Type::Array(item) = ty {
                ty = item;
            }
            if let Type::Object(reference) = ty
                && seen.insert(reference.clone())
                && let Some(object) = self.object_def(reference)
            {
                pending.extend(&object.fields);
            }
        }
        false
    }

    /// The objects reachable from a request, which therefore need validation rules and
    /// constructors (callers build them).
    pub fn request_objects(&self) -> HashSet<TypeRef> {
        let mut found = HashSet::new();
        // A request's fields, and the JSON their text holds: callers build both.
        let mut pending: Vec<&Type> = self
            .endpoints
            .iter()
            .flat_map(|e| &e.request.fields)
            .flat_map(|f| {
                let json = f.json.as_ref().and_then(|json| json.inner.as_ref());
                std::iter::once(&f.ty).chain(json)
            })
            .collect();
        while let Some(ty) = pending.pop() {
            match ty {
                Type::Array(item) => pending.push(item),
                Type::Object(reference) => {
                    if found.insert(reference.clone())
                        && let Some(object) = self.object_def(reference)
                    {
                        pending.extend(object.fields.iter().map(|f| &f.ty));
                    }
                }
                _ => {}
            }
        }
        found
    }
}
