//! What the generator emits for shapes the seed pages do not have: a POST with a JSON body, a
//! path parameter, a user header, nested objects and arrays, a one-of group in a body.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use wechatpay_golden_sample::shared::ReceiverType;
use wechatpay_golden_sample::sharing::{
    CreateOrderRequest, CreateReturnOrderRequest, OrderRef, QueryOrderRequest, Receiver,
};
use wechatpay_runtime::time::OffsetDateTime;
use wechatpay_runtime::time::format_description::well_known::Rfc3339;
use wechatpay_runtime::{Method, Operation, Rule, Validate};

fn receivers() -> Vec<Receiver> {
    vec![
        Receiver::new(ReceiverType::MerchantId, "1900000110", 100),
        Receiver::new(ReceiverType::PersonalOpenid, "oUpF8uMuAJO", 20)
            .name("张三")
            .tags(vec!["vip".into()]),
    ]
}

#[test]
fn a_post_sends_its_body_fields_as_json_in_table_order() {
    let request = CreateOrderRequest::new(
        "1900000109",
        "4208450740201411110007820472",
        "P2015*1",
        receivers(),
        true,
    )
    .deadline(OffsetDateTime::parse("2015-05-20T13:29:35.120+08:00", &Rfc3339).unwrap());
    assert_eq!(CreateOrderRequest::METHOD, Method::Post);
    assert_eq!(request.request_target(), "/v3/sample/profitsharing/orders");
    let body = String::from_utf8(request.body().unwrap().unwrap()).unwrap();
    assert_eq!(
        body,
        r#"{"sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P2015*1","receivers":[{"type":"MERCHANT_ID","account":"1900000110","amount":100},{"type":"PERSONAL_OPENID","account":"oUpF8uMuAJO","name":"张三","amount":20,"tags":["vip"]}],"unfreeze_unsplit":true,"deadline":"2015-05-20T13:29:35.120+08:00"}"#
    );
    request.validate().unwrap();
}

#[test]
fn optional_body_fields_are_left_out_and_headers_are_user_supplied() {
    let request = CreateOrderRequest::new("1", "2", "3", Vec::new(), false);
    let body = String::from_utf8(request.body().unwrap().unwrap()).unwrap();
    assert!(!body.contains("deadline"), "{body}");
    let mut headers = Vec::new();
    request.write_headers(&mut headers);
    assert!(headers.is_empty());

    let request = request.request_tag("batch-7");
    let mut headers = Vec::new();
    request.write_headers(&mut headers);
    assert_eq!(headers, [("Request-Tag", "batch-7".to_owned())]);
    assert_eq!(request.query_string(), "");
}

#[test]
fn nested_violations_are_reported_with_their_path() {
    let mut bad = receivers();
    bad.push(Receiver::new(ReceiverType::MerchantId, "", 1).name("名".repeat(400)));
    let request =
        CreateOrderRequest::new("1", "2", "bad no", bad, false).request_tag("x".repeat(17));
    let error = request.validate().unwrap_err();
    let fields: Vec<&str> = error
        .violations()
        .iter()
        .map(|v| v.field.as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "out_order_no",
            "receivers[2].account",
            "receivers[2].name",
            "Request-Tag"
        ],
        "{error}"
    );
    // `name` is limited in bytes: 400 Chinese characters are 1,200 bytes.
    assert!(matches!(
        error.violations()[2].rule,
        Rule::Length { actual: 1200, .. }
    ));
}

#[test]
fn a_path_parameter_is_percent_encoded_and_the_query_follows() {
    let request = QueryOrderRequest::new("P 2015/06?#");
    assert_eq!(
        request.request_target(),
        "/v3/sample/profitsharing/orders/P%202015%2F06%3F%23"
    );
    assert_eq!(
        QueryOrderRequest::PATH_TEMPLATE,
        "/v3/sample/profitsharing/orders/{out_order_no}"
    );

    let request = QueryOrderRequest::new("P1")
        .sub_mchid("1900000109")
        .limit(20)
        .receiver_type(ReceiverType::PersonalOpenid);
    assert_eq!(
        request.request_target(),
        "/v3/sample/profitsharing/orders/P1?sub_mchid=1900000109&limit=20&receiver_type=PERSONAL_OPENID"
    );
    assert!(request.body().unwrap().is_none());
}

#[test]
fn a_one_of_group_in_a_body_sends_only_the_chosen_member() {
    let by_id = CreateReturnOrderRequest::new(10, OrderRef::order_id("3008"));
    assert_eq!(
        by_id.body().unwrap().unwrap(),
        br#"{"order_id":"3008","amount":10}"#
    );
    let by_no = CreateReturnOrderRequest::new(10, OrderRef::out_order_no("P1"));
    assert_eq!(
        by_no.body().unwrap().unwrap(),
        br#"{"out_order_no":"P1","amount":10}"#
    );
    let error = CreateReturnOrderRequest::new(10, OrderRef::out_order_no(""))
        .validate()
        .unwrap_err();
    assert_eq!(error.violations()[0].field, "out_order_no");
}

#[test]
fn enum_aliases_read_in_nested_objects() {
    let order: wechatpay_golden_sample::sharing::ProfitSharingOrder = serde_json::from_str(
        r#"{"order_id":"1","create_time":"2015-05-20T13:29:35+08:00",
            "receivers":[{"type":"PERSONAL_WECHATID","account":"a","amount":1}]}"#,
    )
    .unwrap();
    let receivers = order.receivers.unwrap();
    assert_eq!(receivers[0].receiver_type, ReceiverType::PersonalOpenid);
    assert_eq!(
        serde_json::to_value(&receivers[0]).unwrap()["type"],
        "PERSONAL_OPENID"
    );
}
