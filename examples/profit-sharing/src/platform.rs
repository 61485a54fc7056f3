use wechatpay_apiv3::Apis as _;
use wechatpay_apiv3::ecommerce::profitsharing::*;
use wechatpay_apiv3::shared::EcommerceReceiverType::MerchantId;
use wechatpay_runtime::{Client, PollPolicy};

/// An e-commerce platform (电商收付通) takes its commission from a sub-merchant's sale, refunds
/// part of it, and finishes the order so the sub-merchant gets the rest.
pub async fn platform(
    client: &Client,
    tx: &str,
    poll: &PollPolicy,
) -> Result<(), wechatpay_apiv3::Error> {
    let (api, appid, shop, platform) = (
        client.ecommerce().profitsharing(),
        "wx8888888888888888",
        "1900000109",
        "1900000100",
    );
    api.add_receiver(&AddReceiverRequest::new(
        appid,
        MerchantId,
        platform,
        ReceiverRelationType::Platform,
    ))
    .await?;
    let commission = SplitReceiver::new(MerchantId, platform, 50, "平台抽成");
    api.create_order(&CreateOrderRequest::new(
        appid,
        shop,
        tx,
        "PP-1",
        vec![commission],
        false,
    ))
    .await?;
    let order = api
        .query_order_until_final(&QueryOrderRequest::new(shop, tx, "PP-1"), poll)
        .await?;
    let back = CreateReturnOrderRequest::new(
        shop,
        "PR-1",
        platform,
        20,
        "用户退款",
        OriginalOrderRef::out_order_no("PP-1"),
    );
    api.create_return_order(&back).await?;
    let returned = api
        .query_return_order_until_final(
            &QueryReturnOrderRequest::new(shop, "PR-1", OrderRef::out_order_no("PP-1")),
            poll,
        )
        .await?;
    api.finish_order(&FinishOrderRequest::new(shop, tx, "PP-2", "完结分账"))
        .await?;
    let left = api
        .query_order_amounts(&QueryOrderAmountsRequest::new(tx))
        .await?;
    println!(
        "platform: {} {:?}, returned {:?}, {} fen left",
        order.order_id, order.status, returned.result, left.unsplit_amount
    );
    Ok(())
}
