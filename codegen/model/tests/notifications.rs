//! Notification files: a valid one loads into the model, and each mistake in one is a located
//! error naming the key.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;

use common::{SETTINGS, VALID, assert_at, errors_of};

const NOTIFICATION: &str = "\
title: 事情通知
source:
  from: a test
  descriptions: spec
event_types:
  - value: THING.DONE
    meaning: 完成
    rust_name: done
about: thing
resource:
  original_type: thing
  name: done_thing
  fields:
    - name: id
      title: Id
      type: string[1,32]
      required: true
      description: d
    - name: kind
      title: Kind
      type: string[1,32]
      required: false
      description: d
      enum: thing_kind
enums:
  thing_kind:
    title: Kind
    description: d
    values:
      - value: BIG
        meaning: big
";

/// The endpoint the notification is `about`: its response is named `thing`.
fn endpoint() -> String {
    VALID.replace("response:\n", "response:\n  name: thing\n")
}

fn errors(notification: &str) -> Vec<wechatpay_spec::SpecError> {
    errors_of(&[
        ("ns/query_things.yaml", &endpoint()),
        ("ns/notifications/thing_done.yaml", notification),
    ])
}

#[test]
fn a_valid_notification_loads_into_the_model() {
    assert!(
        errors(NOTIFICATION).is_empty(),
        "{:#?}",
        errors(NOTIFICATION)
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("settings.yaml"), SETTINGS).unwrap();
    std::fs::create_dir_all(dir.path().join("ns/notifications")).unwrap();
    std::fs::write(dir.path().join("ns/query_things.yaml"), endpoint()).unwrap();
    std::fs::write(
        dir.path().join("ns/notifications/thing_done.yaml"),
        NOTIFICATION,
    )
    .unwrap();
    let api = wechatpay_spec::load_api(dir.path()).unwrap();
    let notification = &api.notifications[0];
    assert_eq!(
        (
            notification.namespace.as_slice(),
            notification.name.as_str()
        ),
        (&["ns".to_owned()][..], "thing_done")
    );
    assert_eq!(notification.resource.rust_name, "DoneThing");
    assert_eq!(notification.event_type.rust_name, "DoneThingEventType");
    assert_eq!(notification.event_type.values[0].value, "THING.DONE");
    assert_eq!(notification.original_type, "thing");
    assert_eq!(notification.definitions.enums[0].rust_name, "ThingKind");
}

#[test]
fn an_empty_original_type_is_refused() {
    let text = NOTIFICATION.replace("original_type: thing", "original_type: \"\"");
    assert_at(&errors(&text), "resource.original_type", "original_type");
}

#[test]
fn a_notification_needs_event_types() {
    let start = NOTIFICATION.find("event_types:").unwrap();
    let end = NOTIFICATION.find("about:").unwrap();
    let text = format!(
        "{}event_types: []\n{}",
        &NOTIFICATION[..start],
        &NOTIFICATION[end..]
    );
    assert_at(&errors(&text), "event_types", "event_type");
}

#[test]
fn about_must_name_a_response_of_the_namespace() {
    let text = NOTIFICATION.replace("about: thing", "about: thingz");
    assert_at(
        &errors(&text),
        "about",
        "no endpoint in `ns` answers with `thingz`",
    );
    let errors = errors(&text);
    assert!(errors[0].message.contains("known: thing"), "{}", errors[0]);
}

#[test]
fn an_unknown_key_is_located() {
    let text = NOTIFICATION.replace("about: thing", "abuot: thing");
    let errors = errors(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].message.contains("did you mean `about`?"),
        "{}",
        errors[0]
    );
    assert_eq!(errors[0].position.map(|p| p.line), Some(9));
}

#[test]
fn an_unknown_enum_in_the_resource_is_named() {
    let text = NOTIFICATION.replace("enum: thing_kind", "enum: thing_kinds");
    let errors = errors(&text);
    assert!(
        errors
            .iter()
            .any(|e| e.key_path.starts_with("resource.fields")
                && e.message.contains("did you mean `thing_kind`?")),
        "{errors:#?}"
    );
}

#[test]
fn a_resource_name_an_endpoint_uses_is_refused() {
    // The endpoint's response type is `Thing`; a resource of that name would clash with it.
    let text = NOTIFICATION.replace("name: done_thing", "name: thing");
    assert_at(&errors(&text), "resource", "already used in this namespace");
}
