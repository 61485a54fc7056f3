//! Notifications in two versions, matched by module path: which appear, which are gone, and
//! how each kept one differs (its `original_type`, event types and resource).

use std::collections::BTreeMap;

use crate::model::Notification;

use super::Models;
use super::fields::{self, Table};
use super::record::{At, Recorder};
use super::report::{Kind, Side, Subject, SubjectKind};
use super::rules::{self, Uses};

/// Records the differences between the two models' notifications, matched by module path.
pub fn compare(models: &Models<'_>, out: &mut Recorder) {
    let key = |n: &Notification| {
        let mut parts = n.namespace.clone();
        parts.push(n.name.clone());
        parts.join("::")
    };
    let mut names: BTreeMap<String, (Option<&Notification>, Option<&Notification>)> =
        BTreeMap::new();
    for notification in &models.old.notifications {
        names
            .entry(key(notification))
            .or_default()
            .0
            .get_or_insert(notification);
    }
    for notification in &models.new.notifications {
        names
            .entry(key(notification))
            .or_default()
            .1
            .get_or_insert(notification);
    }
    for (name, pair) in names {
        let subject = Subject {
            kind: SubjectKind::Notification,
            name,
        };
        let at = At {
            subject: &subject,
            side: None,
            path: None,
        };
        match pair {
            (Some(old), None) => {
                let words = (Some(old.original_type.clone()), None);
                out.record(
                    at,
                    Kind::NotificationRemoved,
                    words,
                    rules::notification_removed(),
                );
            }
            (None, Some(new)) => {
                let words = (None, Some(new.original_type.clone()));
                out.record(
                    at,
                    Kind::NotificationAdded,
                    words,
                    rules::notification_added(),
                );
            }
            (Some(old), Some(new)) => notification(models, old, new, at, out),
            (None, None) => {}
        }
    }
}

fn notification(
    models: &Models<'_>,
    old: &Notification,
    new: &Notification,
    at: At<'_>,
    out: &mut Recorder,
) {
    if old.original_type != new.original_type {
        let words = (
            Some(old.original_type.clone()),
            Some(new.original_type.clone()),
        );
        out.record(
            at,
            Kind::OriginalTypeChanged,
            words,
            rules::original_type_changed(),
        );
    }
    let events = At {
        side: Some(Side::EventTypes),
        path: Some("event_type"),
        ..at
    };
    if old.event_type.rust_name != new.event_type.rust_name {
        let names = (
            Some(old.event_type.rust_name.clone()),
            Some(new.event_type.rust_name.clone()),
        );
        out.record(events, Kind::TypeRenamed, names, rules::type_renamed());
    }
    super::enums::compare(&old.event_type, &new.event_type, Uses::READ, events, out);
    let resource = At {
        side: Some(Side::Resource),
        ..at
    };
    if old.resource.rust_name != new.resource.rust_name {
        let names = (
            Some(old.resource.rust_name.clone()),
            Some(new.resource.rust_name.clone()),
        );
        out.record(resource, Kind::TypeRenamed, names, rules::type_renamed());
    }
    let tables = (
        Table::plain(&old.resource.fields),
        Table::plain(&new.resource.fields),
    );
    fields::compare(models, resource, tables, Uses::READ, out);
}
