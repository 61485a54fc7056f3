use wechatpay_apiv3::Apis as _;
use wechatpay_apiv3::profitsharing::*;
use wechatpay_apiv3::shared::ProfitSharingReceiverType::MerchantId;
use wechatpay_runtime::{Client, PollPolicy};

/// Shares 300 of a transaction's fen with a partner, takes 100 back, releases the rest.
pub async fn lifecycle(
    client: &Client,
    tx: &str,
    poll: &PollPolicy,
) -> Result<(), wechatpay_apiv3::Error> {
    let api = client.profitsharing();
    let partner = AddReceiverRequest::new(
        "wx8888888888888888",
        MerchantId,
        "1900000110",
        ReceiverRelationType::Partner,
    );
    api.add_receiver(&partner.name("示例商户全称")).await?; // the name travels encrypted
    let share = Receiver::new(MerchantId, "1900000110", 300, "分给合作方");
    api.create_order(&CreateOrderRequest::new(tx, "P-1", vec![share], false))
        .await?;
    let order = api
        .query_order_until_final(&QueryOrderRequest::new("P-1", tx), poll)
        .await?;
    let back = CreateReturnOrderRequest::new(
        "R-1",
        "1900000110",
        100,
        "退回",
        OrderRef::out_order_no("P-1"),
    );
    api.create_return_order(&back).await?;
    let returned = api
        .query_return_order_until_final(&QueryReturnOrderRequest::new("R-1", "P-1"), poll)
        .await?;
    api.unfreeze_order(&UnfreezeOrderRequest::new(tx, "P-2", "解冻剩余资金"))
        .await?;
    let left = api
        .query_order_amounts(&QueryOrderAmountsRequest::new(tx))
        .await?;
    let bill = QueryBillRequest::new(crate::today()).tar_type(BillTarType::Gzip);
    api.query_bill_to_path(&bill, crate::bill_path()).await?; // hash checked first
    println!(
        "{} {:?}, returned {:?}, {} fen left",
        order.order_id, order.state, returned.result, left.unsplit_amount
    );
    Ok(())
}
