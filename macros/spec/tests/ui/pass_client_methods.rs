//! The client methods of a user's endpoints, beside the project's, on the same client type.
mod api {
    wechatpay_spec_macros::include_spec!("../../../../examples/custom-endpoint/spec", root = crate::api);
}

use api::Apis as _;

#[allow(dead_code)]
async fn call(client: &wechatpay_runtime::Client) -> Result<(), api::Error> {
    let request = api::ecommerce::profitsharing::QueryOrderAmountsRequest::new("4208");
    let amounts = client.ecommerce().profitsharing().query_order_amounts(&request).await?;
    let _: i64 = amounts.unsplit_amount;
    Ok(())
}

fn main() {}
