//! Every example the pages print is kept in spec/ and checked: every success example of every
//! endpoint fits its response in the model, and the seeds' examples deserialize into the
//! generated types and back unchanged, and each example request URL is exactly what the
//! generated request builds from the same parameters.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use serde::de::DeserializeOwned;
use wechatpay_apiv3::{brand, ecommerce, shared};
use wechatpay_runtime::Operation;
use wechatpay_spec::model::{Api, Endpoint};

fn api() -> Api {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    wechatpay_spec::load_api(&spec).unwrap_or_else(|errors| panic!("{errors}"))
}

fn endpoint<'a>(api: &'a Api, spec_file: &str) -> &'a Endpoint {
    api.endpoints
        .iter()
        .find(|e| e.spec_file == spec_file)
        .unwrap_or_else(|| panic!("no endpoint from {spec_file}"))
}

/// Deserializes every example of `spec_file` into `T`, and checks that writing it back gives the
/// same JSON value (so no field was dropped or renamed on the way).
fn examples_deserialize<T: DeserializeOwned + serde::Serialize + std::fmt::Debug>(
    api: &Api,
    spec_file: &str,
) -> Vec<T> {
    let endpoint = endpoint(api, spec_file);
    assert!(
        !endpoint.response_examples.is_empty(),
        "{spec_file} keeps no example"
    );
    endpoint
        .response_examples
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, 200);
            let value: T = serde_json::from_str(body).unwrap_or_else(|e| {
                panic!("{spec_file}: the example does not deserialize: {e}\n{body}")
            });
            let original: serde_json::Value = serde_json::from_str(body).unwrap();
            assert_eq!(
                serde_json::to_value(&value).unwrap(),
                original,
                "{spec_file}: {value:?}"
            );
            value
        })
        .collect()
}

/// The path and query of an example URL as printed.
fn request_target(url: &str) -> &str {
    let start = url.find("/v3/").expect("an APIv3 URL");
    &url[start..]
}

#[test]
fn every_success_example_of_every_endpoint_fits_its_response() {
    // Every endpoint of the tree, none named here: an endpoint added later is checked too. The
    // checker refuses a spec whose example does not fit (unless an erratum keeps it as printed);
    // this says the same of the tree as it stands.
    let api = api();
    let mut checked = Vec::new();
    for endpoint in &api.endpoints {
        let excused = endpoint
            .errata
            .iter()
            .any(|erratum| erratum.at == "examples.responses");
        for (status, body) in &endpoint.response_examples {
            if !(200..300).contains(status) || body.trim().is_empty() {
                continue;
            }
            let value: serde_json::Value = serde_json::from_str(body).unwrap();
            // An erratum may keep a misfit as printed; a fitting example is checked all the same.
            match wechatpay_spec::values::check_response_body(&api, endpoint, &value) {
                Ok(()) => checked.push(endpoint.spec_file.as_str()),
                Err(misfit) if !excused => panic!("{}: {misfit:?}", endpoint.spec_file),
                Err(_) => {}
            }
        }
    }
    assert!(checked.len() >= 10, "{checked:?}");
}

#[test]
fn ecommerce_return_order_example() {
    let api = api();
    let spec = "ecommerce/profitsharing/query_return_order.yaml";
    let [order] = examples_deserialize::<ecommerce::profitsharing::ReturnOrder>(&api, spec)
        .try_into()
        .unwrap();
    assert_eq!(order.amount, 10);
    assert_eq!(order.result, shared::ReturnOrderResult::Success);
    assert_eq!(
        order.fail_reason,
        Some(wechatpay_apiv3::shared::ReturnOrderFailReason::TimeOutClosed)
    );
    let finish = order.finish_time.expect("the example has a finish time");
    assert_eq!(finish.offset().whole_hours(), 8);
    assert_eq!(finish.millisecond(), 120);

    let request = ecommerce::profitsharing::QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516001",
        ecommerce::profitsharing::OrderRef::out_order_no("P20150806125346"),
    );
    let url = endpoint(&api, spec).request_url_example.as_deref().unwrap();
    assert_eq!(request.request_target(), request_target(url));
}

#[test]
fn brand_return_order_example() {
    let api = api();
    let [order] = examples_deserialize::<brand::profitsharing::ReturnOrder>(
        &api,
        "brand/profitsharing/query_return_order.yaml",
    )
    .try_into()
    .unwrap();
    assert_eq!(order.return_mchid, "86693852");
    assert_eq!(order.result, shared::ReturnOrderResult::Success);
}

#[test]
fn ecommerce_order_example() {
    let api = api();
    let spec = "ecommerce/profitsharing/query_order.yaml";
    let [order] = examples_deserialize::<ecommerce::profitsharing::ProfitSharingOrder>(&api, spec)
        .try_into()
        .unwrap();
    assert_eq!(
        order.status,
        ecommerce::profitsharing::ProfitSharingOrderStatus::Finished
    );
    let receivers = order.receivers.expect("the example lists receivers");
    assert_eq!(receivers.len(), 1);
    assert_eq!(receivers[0].amount, 100);
    assert_eq!(receivers[0].description, "分给商户1900000110");
    assert_eq!(
        receivers[0].receiver_type, None,
        "the example predates `type`"
    );
    assert_eq!(order.finish_amount, Some(100));

    let request = ecommerce::profitsharing::QueryOrderRequest::new(
        "1900000109",
        "4208450740201411110007820472",
        "P20150806125346",
    );
    let url = endpoint(&api, spec).request_url_example.as_deref().unwrap();
    assert_eq!(request.request_target(), request_target(url));
}

#[test]
fn a_processing_return_order_without_finish_time_or_fail_reason_deserializes() {
    let body = r#"{"sub_mchid":"1900000109","order_id":"3008450740201411110007820472",
        "out_order_no":"P20150806125346","out_return_no":"R20190516001","return_mchid":"86693852",
        "amount":10,"return_no":"3008450740201411110007820472","result":"PROCESSING"}"#;
    let order: ecommerce::profitsharing::ReturnOrder = serde_json::from_str(body).unwrap();
    assert_eq!(order.result, shared::ReturnOrderResult::Processing);
    assert_eq!(order.finish_time, None);
    // The service may also send an empty string for a time that has not come yet.
    let body = body.replace(
        r#""result":"PROCESSING""#,
        r#""result":"PROCESSING","finish_time":"""#,
    );
    let order: brand::profitsharing::ReturnOrder = serde_json::from_str(&body).unwrap();
    assert_eq!(order.finish_time, None);
}

#[test]
fn unknown_fields_and_values_are_accepted_and_kept() {
    let body = r#"{"sub_mchid":"1","transaction_id":"2","out_order_no":"3","order_id":"4",
        "status":"SUSPENDED","brand_new_field":{"nested":true},
        "receivers":[{"amount":1,"description":"d","result":"FROZEN","type":"PERSONAL_OPENID",
        "receiver_account":"openid-1"}]}"#;
    let order: ecommerce::profitsharing::ProfitSharingOrder = serde_json::from_str(body).unwrap();
    assert!(!order.status.is_known());
    assert_eq!(order.status.as_str(), "SUSPENDED");
    let receiver = &order.receivers.as_ref().unwrap()[0];
    assert_eq!(receiver.result.as_str(), "FROZEN");
    assert_eq!(
        receiver.receiver_mchid, None,
        "a personal receiver has no merchant id"
    );
    assert_eq!(
        receiver.receiver_type,
        Some(ecommerce::profitsharing::ReceiverType::PersonalOpenid)
    );
    let written = serde_json::to_value(&order).unwrap();
    assert_eq!(written["status"], "SUSPENDED");
    assert_eq!(written["receivers"][0]["result"], "FROZEN");
}

#[test]
fn a_truncated_or_mistyped_response_is_a_decode_error_naming_the_field() {
    let truncated = r#"{"sub_mchid":"1900000109","order_id":"30084507"#;
    assert!(serde_json::from_str::<ecommerce::profitsharing::ReturnOrder>(truncated).is_err());
    let mistyped = r#"{"sub_mchid":"1","order_id":"2","out_order_no":"3","out_return_no":"4",
        "return_mchid":"5","return_no":"6","amount":"ten","result":"SUCCESS"}"#;
    let error =
        serde_json::from_str::<ecommerce::profitsharing::ReturnOrder>(mistyped).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("invalid type: string \"ten\", expected i64"),
        "{error}"
    );
    let missing = r#"{"sub_mchid":"1","order_id":"2","out_order_no":"3","out_return_no":"4",
        "return_mchid":"5","return_no":"6","result":"SUCCESS"}"#;
    let error = serde_json::from_str::<ecommerce::profitsharing::ReturnOrder>(missing).unwrap_err();
    assert!(
        error.to_string().contains("missing field `amount`"),
        "{error}"
    );
}

#[test]
fn the_colon_before_milliseconds_of_page_001_reads_and_writes_back_with_a_dot() {
    // 001's finish_time description prints 2015-05-20T13:29:35:120+08:00 (an erratum).
    let body = r#"{"sub_mchid":"1","order_id":"2","out_order_no":"3","out_return_no":"4",
        "return_no":"5","return_mchid":"6","amount":1,"result":"FAIL",
        "finish_time":"2015-05-20T13:29:35:120+08:00"}"#;
    let order: brand::profitsharing::ReturnOrder = serde_json::from_str(body).unwrap();
    let finish = order.finish_time.unwrap();
    assert_eq!(
        (finish.millisecond(), finish.offset().whole_hours()),
        (120, 8)
    );
    let written = serde_json::to_value(&order).unwrap();
    assert_eq!(written["finish_time"], "2015-05-20T13:29:35.120+08:00");
    // FAIL is read as the shared enum's canonical spelling, which is what is written back.
    assert_eq!(written["result"], "FAILED");
}

/// The ordinary family's examples (from public descriptions of its pages) read into the
/// generated types and write back unchanged.
#[test]
fn the_ordinary_family_examples_round_trip() {
    use wechatpay_apiv3::profitsharing as ps;
    let api = api();
    let dir = "profitsharing";
    examples_deserialize::<ps::AddedReceiver>(&api, &format!("{dir}/add_receiver.yaml"));
    examples_deserialize::<ps::AcceptedProfitSharingOrder>(
        &api,
        &format!("{dir}/create_order.yaml"),
    );
    examples_deserialize::<ps::AcceptedReturnOrder>(
        &api,
        &format!("{dir}/create_return_order.yaml"),
    );
    examples_deserialize::<ps::DeletedReceiver>(&api, &format!("{dir}/delete_receiver.yaml"));
    examples_deserialize::<ps::BillTicket>(&api, &format!("{dir}/query_bill.yaml"));
    examples_deserialize::<ps::MerchantConfig>(&api, &format!("{dir}/query_merchant_config.yaml"));
    examples_deserialize::<ps::ProfitSharingOrder>(&api, &format!("{dir}/query_order.yaml"));
    examples_deserialize::<ps::OrderUnsplitAmount>(
        &api,
        &format!("{dir}/query_order_amounts.yaml"),
    );
    examples_deserialize::<ps::ReturnOrder>(&api, &format!("{dir}/query_return_order.yaml"));
    examples_deserialize::<ps::AcceptedUnfreezeOrder>(&api, &format!("{dir}/unfreeze_order.yaml"));
}
