//! The request and response shapes beyond plain JSON fields, each end to end: the golden
//! sample's generated client against the mock, with faults where they make sense.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use futures_util::{StreamExt as _, TryStreamExt as _};
use serde_json::{Value, json};
use wechatpay_golden_sample::shared::{AuthorizedData, BusinessType, Partner, PartnerType};
use wechatpay_golden_sample::{
    Apis as _, applyment, brand, catering, global, marketing, offlineface, parking, pay, payscore,
};
use wechatpay_mock::{Fault, Record};
use wechatpay_runtime::{Decimal, Error, JsonObject, Validate as _};
use wechatpay_tests::{Harness, SigningKey, raw_request};

fn record(value: Value) -> Record {
    match value {
        Value::Object(fields) => Record::new(fields),
        other => panic!("a record is an object, not {other}"),
    }
}

/// The body of the last request the mock received, as JSON.
fn last_body(h: &Harness) -> Value {
    let received = h.mock.received();
    serde_json::from_slice(&received.last().unwrap().body).unwrap()
}

#[tokio::test]
async fn an_answer_without_a_body_is_verified_and_acknowledged() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let api = h.client.pay();
    let close = pay::CloseOrderRequest::new("1217752501201407033233368018", "1230000109");
    let closed = api.close_order(&close).await.unwrap();
    assert_eq!(closed.http_status(), 204);
    assert!(closed.request_id().is_some());
    assert_eq!(last_body(&h), json!({"mchid": "1230000109"}));

    // A 204 whose signature does not cover what was sent is refused, however empty it is.
    let route = "POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close";
    h.mock
        .inject(route, Fault::WrongSignature, Some(1))
        .unwrap();
    let forged = api.close_order(&close).await.unwrap_err();
    assert!(matches!(forged, Error::Verification { .. }), "{forged:?}");
    h.mock.inject(route, Fault::Unsigned, Some(1)).unwrap();
    assert!(matches!(
        api.close_order(&close).await.unwrap_err(),
        Error::Verification { .. }
    ));
}

#[tokio::test]
async fn a_delete_sends_its_json_body() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let deleted = h
        .client
        .brand()
        .delete_store(&brand::DeleteStoreRequest::new("S-1", "123456789"))
        .await
        .unwrap();
    assert_eq!(deleted.http_status(), 204);
    let received = h.mock.received();
    let last = received.last().unwrap();
    assert_eq!(last.target, "/v3/brand/partner/store/brandstores/S-1");
    assert_eq!(last_body(&h), json!({"brand_id": "123456789"}));
}

#[tokio::test]
async fn decimals_travel_as_json_numbers() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let dish = catering::Dish::new("宫保鸡丁", Decimal::new(1.5).unwrap(), 3800);
    let request = catering::SyncOrderStatusRequest::new("O-1", vec![dish]);
    let synced = h
        .client
        .catering()
        .sync_order_status(&request)
        .await
        .unwrap();
    assert_eq!(synced.http_status(), 204);
    assert_eq!(last_body(&h)["dish_list"][0]["count"], json!(1.5));

    // The mock refuses a count that is not a number, naming where it is.
    let target = "/v3/catering/orders/sync-status";
    let body = br#"{"out_order_no":"O-1","dish_list":[{"name":"x","count":"1.5","price":1}]}"#;
    let (status, _, answer) = raw_request(&h, "POST", target, body, None).await;
    assert_eq!(status, 400);
    let answer: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(answer["detail"]["field"], "dish_list[0].count", "{answer}");
}

#[tokio::test]
async fn unsigned_ids_in_the_path_and_in_the_answer() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let id: u64 = 12_000_002_124_775_691_000;
    h.mock.insert(
        "applyment/applyment",
        record(json!({"applyment_id": id, "applyment_state": "APPLYMENT_STATE_AUDITING"})),
    );
    let api = h.client.applyment();
    let found = api
        .query_applyment(&applyment::QueryApplymentRequest::new(id))
        .await
        .unwrap();
    assert_eq!(found.applyment_id, id);
    assert_eq!(
        h.mock.received().last().unwrap().target,
        format!("/v3/applyment4sub/applyment/applyment_id/{id}")
    );

    // An answer that does not fit is a typed error naming the field.
    h.mock.insert(
        "applyment/applyment",
        record(json!({"applyment_id": 7, "applyment_state": 5})),
    );
    let error = api
        .query_applyment(&applyment::QueryApplymentRequest::new(7))
        .await
        .unwrap_err();
    let Error::Decode { path, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(path, "applyment_state");
    // An id below zero or past u64 is refused the same way.
    for id in ["-7", "18446744073709551616", "7.5"] {
        let answer = format!(r#"{{"applyment_id":{id},"applyment_state":"X"}}"#);
        let deserializer = &mut serde_json::Deserializer::from_str(&answer);
        let error =
            serde_path_to_error::deserialize::<_, applyment::Applyment>(deserializer).unwrap_err();
        assert_eq!(error.path().to_string(), "applyment_id", "{id}");
    }
}

fn favor_stock_filter() -> String {
    serde_json::to_string(&AuthorizedData::new(BusinessType::FavorStock).stock_id("2433405"))
        .unwrap()
}

#[tokio::test]
async fn partnerships_are_built_with_their_header_and_listed_page_by_page() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let api = h.client.marketing();
    for (key, appid) in [("k-1", "wx01"), ("k-2", "wx02"), ("k-3", "wx03")] {
        let request = marketing::BuildPartnershipRequest::new(
            key,
            Partner::new(PartnerType::Appid).appid(appid),
            AuthorizedData::new(BusinessType::FavorStock),
        );
        let built = api.build_partnership(&request).await.unwrap();
        assert_eq!(built.partner.appid.as_deref(), Some(appid));
        let sent = h.mock.received();
        let header = sent
            .last()
            .unwrap()
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("Idempotency-Key"));
        assert_eq!(header.map(|(_, value)| value.as_str()), Some(key));
    }

    // JSON text in the query: written from its type, read back as its type.
    let list = marketing::ListPartnershipsRequest::new(favor_stock_filter())
        .with_partner_json(&Partner::new(PartnerType::Appid))
        .unwrap()
        .limit(2);
    assert_eq!(
        list.parse_partner().unwrap().unwrap().partner_type,
        PartnerType::Appid
    );
    list.validate().unwrap();
    let all: Vec<_> = api
        .list_partnerships_items(list.clone())
        .try_collect()
        .await
        .unwrap();
    let appids: Vec<_> = all
        .iter()
        .map(|p| p.partner.appid.clone().unwrap())
        .collect();
    assert_eq!(appids, ["wx01", "wx02", "wx03"]);
    let offsets: Vec<String> = h
        .mock
        .received()
        .iter()
        .filter(|r| r.target.starts_with("/v3/marketing/partnerships?"))
        .map(|r| {
            r.target
                .split("offset=")
                .nth(1)
                .unwrap_or("none")
                .to_owned()
        })
        .collect();
    assert_eq!(
        offsets,
        ["none", "2"],
        "the first page asks for no offset, the second for 2"
    );

    // A fault on the second page ends the stream with a typed error, after the first page's items.
    let route = "GET /v3/marketing/partnerships";
    let mut stream = std::pin::pin!(api.list_partnerships_items(list));
    assert!(stream.next().await.unwrap().is_ok());
    assert!(stream.next().await.unwrap().is_ok());
    h.mock
        .inject(
            route,
            Fault::Error {
                code: "PARAM_ERROR".to_owned(),
                status: Some(400),
            },
            Some(1),
        )
        .unwrap();
    let failed = stream.next().await.unwrap().unwrap_err();
    assert_eq!(failed.api().unwrap().status, 400);
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn times_in_the_query_and_lists_paged_by_page_index() {
    let h = Harness::start(SigningKey::PublicKey).await;
    for n in 1..=5 {
        h.mock.insert(
            "marketing/stock",
            record(json!({
                "stock_id": format!("S{n}"),
                "stock_creator_mchid": "1900000109",
                "create_time": "2015-05-20T13:29:35.120+08:00",
            })),
        );
    }
    h.mock.insert(
        "marketing/stock",
        record(json!({
            "stock_id": "OTHER",
            "stock_creator_mchid": "1900000110",
            "create_time": "2015-05-20T13:29:35.120+08:00",
        })),
    );
    let since = wechatpay_runtime::datetime::parse("2015-05-20T13:29:35.120+08:00").unwrap();
    let request =
        marketing::ListFavorStocksRequest::new(0, 2, "1900000109").create_start_time(since);
    let stocks: Vec<_> = h
        .client
        .marketing()
        .list_favor_stocks_items(request)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = stocks.iter().map(|s| s.stock_id.as_str()).collect();
    assert_eq!(ids, ["S1", "S2", "S3", "S4", "S5"]);
    let targets: Vec<String> = h.mock.received().iter().map(|r| r.target.clone()).collect();
    assert_eq!(targets.len(), 3, "{targets:#?}");
    for (page, target) in targets.iter().enumerate() {
        assert!(target.starts_with(&format!(
            "/v3/marketing/favor/stocks?offset={page}&limit=2&"
        )));
        assert!(
            target.ends_with("&create_start_time=2015-05-20T13%3A29%3A35.120%2B08%3A00"),
            "{target}"
        );
    }
}

#[tokio::test]
async fn one_value_in_the_path_and_in_the_body() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let photos = vec!["Media_id1".to_owned(), "Media_id2".to_owned()];
    let request = global::UpdateMerchantRequest::new("20000100", "1900000109", "某某", 644)
        .with_store_photos_json(&photos)
        .unwrap();
    assert_eq!(request.parse_store_photos().unwrap().unwrap(), photos);
    let updated = h.client.global().update_merchant(&request).await.unwrap();
    assert_eq!(updated.sub_mchid, "20000100");
    let received = h.mock.received();
    assert_eq!(
        received.last().unwrap().target,
        "/v3/global/merchants/20000100"
    );
    let body = last_body(&h);
    assert_eq!(body["sub_mchid"], "20000100");
    assert_eq!(body["store_photos"], r#"["Media_id1","Media_id2"]"#);

    // Two different values for the one parameter: the mock refuses, naming it.
    let body =
        br#"{"sp_mchid":"1900000109","sub_mchid":"20000101","name":"x","business_category":644}"#;
    let (status, _, answer) =
        raw_request(&h, "PATCH", "/v3/global/merchants/20000100", body, None).await;
    assert_eq!(status, 400);
    let answer: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(answer["detail"]["field"], "sub_mchid", "{answer}");
    assert!(
        answer["detail"]["issue"]
            .as_str()
            .unwrap()
            .contains("differs")
    );
}

#[tokio::test]
async fn integer_enums_free_form_objects_and_enum_items() {
    use offlineface::{Business, BusinessProduct, BusinessScene, LimitPay};
    let h = Harness::start(SigningKey::PublicKey).await;
    let request = offlineface::CreateTransactionRequest::new(
        "T20250101001",
        Business::new(BusinessProduct::K12, BusinessScene::Canteen),
        100,
    )
    .limit_pay(vec![LimitPay::NoBalance, LimitPay::NoDebit]);
    let created = h
        .client
        .offlineface()
        .create_transaction(&request)
        .await
        .unwrap();
    assert_eq!(created.business.business_scene_id, BusinessScene::Canteen);
    let sent = last_body(&h);
    assert_eq!(
        sent["business"],
        json!({"business_product_id": 2, "business_scene_id": 3})
    );
    assert_eq!(sent["limit_pay"], json!(["no_balance", "no_debit"]));

    // Values the enum does not know are kept; free-form objects hold any object.
    let answer = json!({
        "out_trade_no": "T1",
        "business": {"business_product_id": 11, "business_scene_id": 126},
        "total": 1,
        "promotion_detail": [{"coupon_id": "C1", "amount": 5}],
        "extra": {"anything": [1, 2]},
    });
    let read: offlineface::FaceTransaction = serde_json::from_value(answer).unwrap();
    assert_eq!(
        read.business.business_product_id,
        BusinessProduct::CorporateCatering
    );
    assert!(!read.business.business_scene_id.is_known());
    assert_eq!(read.business.business_scene_id.as_i64(), 126);
    let detail: &JsonObject = &read.promotion_detail.as_ref().unwrap()[0];
    assert_eq!(detail["coupon_id"], "C1");

    // A free-form field that is not an object, and a string where an integer enum goes: errors
    // naming the field.
    for (bad, field) in [
        (json!({"extra": "text"}), "extra"),
        (
            json!({"business": {"business_product_id": "2", "business_scene_id": 3}}),
            "business.business_product_id",
        ),
    ] {
        let mut answer = json!({
            "out_trade_no": "T1",
            "business": {"business_product_id": 2, "business_scene_id": 3},
            "total": 1,
        });
        for (key, value) in bad.as_object().unwrap() {
            answer[key] = value.clone();
        }
        let bytes = serde_json::to_vec(&answer).unwrap();
        let deserializer = &mut serde_json::Deserializer::from_slice(&bytes);
        let error =
            serde_path_to_error::deserialize::<_, offlineface::FaceTransaction>(deserializer)
                .unwrap_err();
        assert_eq!(error.path().to_string(), field);
    }
}

#[tokio::test]
async fn patterns_and_item_rules_are_checked_before_sending_and_by_the_mock() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let order = payscore::CreateOrderRequest::new("P-1", "OnAccept").service_end_time("20250101");
    let created = h.client.payscore().create_order(&order).await.unwrap();
    assert_eq!(created.service_start_time, "OnAccept");

    let wrong = payscore::CreateOrderRequest::new("P-1", "tomorrow");
    let error = h.client.payscore().create_order(&wrong).await.unwrap_err();
    let Error::Validation(violations) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        violations.violations()[0].field,
        "service_start_time",
        "{violations}"
    );
    let (status, _, answer) = raw_request(
        &h,
        "POST",
        "/v3/payscore/payafter-orders",
        br#"{"out_order_no":"P-1","service_start_time":"tomorrow"}"#,
        None,
    )
    .await;
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&answer).contains("does not match the pattern"));

    let texts = vec!["停车优惠".to_owned(), "<b>免费</b>".to_owned()];
    let reminder = parking::ApplyReminderRequest::new("R-1", texts);
    let error = h
        .client
        .parking()
        .apply_reminder(&reminder)
        .await
        .unwrap_err();
    let Error::Validation(violations) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        violations.violations()[0].field,
        "notification_text_list[1]"
    );
}
