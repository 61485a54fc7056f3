//! Starts the mock in-process and queries a return order with the generated client:
//!
//! ```text
//! cargo run -p wechatpay-mock --example query_return_order
//! ```
//!
//! Nothing leaves the machine: the mock listens on 127.0.0.1, with keys made for this run.

use wechatpay_apiv3::Apis as _;
use wechatpay_apiv3::ecommerce::profitsharing::{OrderRef, QueryReturnOrderRequest};
use wechatpay_mock::keys::DevKeys;
use wechatpay_mock::{MockConfig, MockServer};
use wechatpay_runtime::PollPolicy;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keys made for this run: the mock verifies with one half, the client signs with the other.
    let keys = DevKeys::generate()?;
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
    let mock =
        MockServer::start(MockConfig::new(keys.merchant(), keys.signing()).spec_dir(spec)).await?;
    println!("mock listening on {}", mock.url());

    let client = keys
        .client_builder()
        .base_urls(mock.url(), mock.url())
        .build()?;

    let request = QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516001",
        OrderRef::out_order_no("P20150806125346"),
    );
    let order = client
        .ecommerce()
        .profitsharing()
        .query_return_order(&request)
        .await?;
    println!(
        "return order {}: {} fen returned by {}, result {}, finished {} (Request-ID {})",
        order.out_return_no,
        order.amount,
        order.return_mchid,
        order.result,
        order
            .finish_time
            .and_then(|t| wechatpay_runtime::datetime::format(t).ok())
            .unwrap_or_default(),
        order.request_id().unwrap_or("none"),
    );

    // An unknown order is a typed "not found", a normal answer to a query.
    let missing = QueryReturnOrderRequest::new(
        "1900000109",
        "R-DOES-NOT-EXIST",
        OrderRef::out_order_no("P20150806125346"),
    );
    match client.execute(&missing).await {
        Err(error) if error.is_not_found() => println!("R-DOES-NOT-EXIST: not found ({error})"),
        other => println!("R-DOES-NOT-EXIST: unexpected {other:?}"),
    }

    // A return order still PROCESSING; the mock settles it 60 s after start, on its clock.
    let processing = QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516002",
        OrderRef::out_order_no("P20150806125346"),
    );
    let now = client.execute(&processing).await?;
    println!(
        "R20190516002 is {} now; polling would wait for it with:",
        now.result
    );
    println!(
        "  client.ecommerce().profitsharing().query_return_order_until_final(&request, &{:?})",
        PollPolicy::default()
    );
    Ok(())
}
