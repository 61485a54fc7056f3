//! Adds three endpoints, each by its own YAML spec in `spec/`, and calls them against the mock
//! server, which serves them from the same specs. The project's specs describe these routes
//! too now: a user's spec of a route is what the mock serves, and the types are this crate's.
//!
//! ```text
//! cargo run -p wechatpay-example-custom-endpoint
//! ```
//!
//! - `POST /v3/ecommerce/profitsharing/returnorders`: a JSON body with a one-of group, using the
//!   project's shared `merchant_return_no` format and `return_order_fail_reason` enum;
//! - `GET /v3/ecommerce/profitsharing/orders/{transaction_id}/amounts`: a path parameter;
//! - `POST /v3/ecommerce/profitsharing/orders`: an array of objects in the body and a header.

mod api {
    // The items land in this module; its path is `crate::api`.
    wechatpay_spec_macros::include_spec!("../spec", root = crate::api);
}

use api::Apis as _;
use api::ecommerce::profitsharing::{
    CreateOrderRequest, CreateReturnOrderRequest, OrderRef, QueryOrderAmountsRequest, Receiver,
    ReceiverType,
};
use wechatpay_mock::keys::DevKeys;
use wechatpay_mock::{MockConfig, MockServer, Record};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let keys = DevKeys::generate()?;
    // The mock serves the project's specs and this crate's own, side by side.
    let config = MockConfig::new(keys.merchant(), keys.signing())
        .spec_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec"))
        .user_spec_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/spec"));
    let mock = MockServer::start(config).await?;
    // The amounts of one order, for the GET to find.
    let amounts = serde_json::json!({"transaction_id": "4208450740201411110007820472", "unsplit_amount": 1000});
    if let serde_json::Value::Object(fields) = amounts {
        mock.insert("ecommerce/profitsharing/order_amounts", Record::new(fields));
    }

    let client = keys
        .client_builder()
        .base_urls(mock.url(), mock.url())
        .build()?;
    let profitsharing = client.ecommerce().profitsharing();

    let returned = profitsharing
        .create_return_order(&CreateReturnOrderRequest::new(
            "1900000109",
            "R20190516004",
            "86693852",
            10,
            "用户退款",
            OrderRef::out_order_no("P20150806125346"),
        ))
        .await?;
    println!(
        "POST returnorders: {} ({} fen) is {}",
        returned.out_return_no, returned.amount, returned.result
    );

    let amounts = profitsharing
        .query_order_amounts(&QueryOrderAmountsRequest::new(
            "4208450740201411110007820472",
        ))
        .await?;
    println!(
        "GET orders/{}/amounts: {} fen left to share",
        amounts.transaction_id, amounts.unsplit_amount
    );

    let order = profitsharing
        .create_order(
            &CreateOrderRequest::new(
                "1900000109",
                "4208450740201411110007820472",
                "P20150806125348",
                vec![Receiver::new(
                    ReceiverType::MerchantId,
                    "1900000110",
                    100,
                    "分给商户",
                )],
                true,
            )
            .idempotency_key("order-P20150806125348"),
        )
        .await?;
    println!(
        "POST orders: {} created as {}",
        order.out_order_no, order.order_id
    );
    Ok(())
}
