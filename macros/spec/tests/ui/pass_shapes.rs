//! The shapes beyond plain fields, expanded by the macro: an answer without a body, a paged list
//! with JSON text in its query, an integer enum, a decimal, and a notification.
wechatpay_spec_macros::include_spec!("../specs/shapes");

use things::{
    CloseThingRequest, Kind, ListThingsRequest, NameThingRequest, Thing, ThingPage, WeighedThing,
    WeighedThingEventType,
};
use wechatpay_runtime::notify::NotificationResource;
use wechatpay_runtime::{NoContent, Operation, Paged, ResponseBody, Validate, WireEnum};

fn main() {
    let close = CloseThingRequest::new(18_000_000_000_000_000_000);
    assert_eq!(close.request_target(), "/v3/things/18000000000000000000/close");
    assert_eq!(CloseThingRequest::RESPONSE_BODY, ResponseBody::Empty);
    let _: Option<<CloseThingRequest as Operation>::Response> = Some(NoContent);

    let list = ListThingsRequest::new()
        .with_filter_json(&vec!["a".to_owned()])
        .unwrap()
        .limit(2);
    assert_eq!(list.parse_filter().unwrap().unwrap(), ["a"]);
    assert_eq!(list.request_target(), "/v3/things?filter=%5B%22a%22%5D&limit=2");
    let page: ThingPage =
        serde_json::from_str(r#"{"data":[{"kind":2,"weight":1.5},{"kind":7}],"total_count":9}"#)
            .unwrap();
    let page = <ListThingsRequest as Paged>::into_page(page);
    assert_eq!(page.total, Some(9));
    let things: &[Thing] = &page.items;
    assert_eq!(things[0].kind, Kind::Small);
    assert_eq!(things[0].weight.unwrap().get(), 1.5);
    assert_eq!(things[1].kind.as_i64(), 7);

    // An encrypted field whose page limit is the plaintext's: 20 characters, checked before
    // anything is encrypted.
    assert!(NameThingRequest::ENCRYPTS);
    assert!(NameThingRequest::new("张三").validate().is_ok());
    let long = NameThingRequest::new("名".repeat(21));
    assert_eq!(long.validate().unwrap_err().violations()[0].field, "holder");

    // A notification: its resource, its event types, and the original type tying them.
    assert_eq!(<WeighedThing as NotificationResource>::ORIGINAL_TYPE, "thing");
    assert_eq!(
        <WeighedThing as NotificationResource>::EventType::from_wire("THING.WEIGHED"),
        WeighedThingEventType::Weighed
    );
    let weighed: WeighedThing =
        serde_json::from_str(r#"{"weight":2.5,"weighed_at":"2025-11-21T08:00:05+08:00"}"#).unwrap();
    assert_eq!(weighed.weight.get(), 2.5);
}
