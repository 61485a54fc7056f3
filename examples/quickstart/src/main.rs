//! Queries a return order, then polls it until it is final.

use wechatpay_apiv3::Apis as _; // adds client.ecommerce(), client.brand(), ...
use wechatpay_apiv3::ecommerce::profitsharing::{OrderRef, QueryReturnOrderRequest};
use wechatpay_runtime::{Client, PollPolicy};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .merchant_key_file(
            "1900000109",
            "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
            "apiclient_key.pem",
        )
        .wechatpay_public_key_file("PUB_KEY_ID_0114232134912410000000000000", "pub_key.pem")
        // The production domains are the default; for the bundled mock, its URL:
        // .base_url("http://127.0.0.1:8080")
        .build()?; // cheap to clone, Send + Sync, one connection pool

    let request = QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516001",
        OrderRef::out_order_no("P20150806125346"),
    );
    let profitsharing = client.ecommerce().profitsharing();
    match profitsharing.query_return_order(&request).await {
        Ok(order) => println!(
            "{} fen, {} (Request-ID {:?})",
            order.amount,
            order.result,
            order.request_id()
        ),
        Err(error) if error.is_not_found() => println!("no such return order"),
        Err(error) => return Err(error.report().into()),
    }

    // A return order still PROCESSING is queried again, with backoff, until final or the deadline.
    let order = profitsharing
        .query_return_order_until_final(&request, &PollPolicy::default())
        .await?;
    println!("final: {}", order.result);
    Ok(())
}
