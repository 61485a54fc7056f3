use wechatpay_apiv3::ecommerce::profitsharing::{OrderRef, QueryReturnOrderRequest, ReturnOrder};
use wechatpay_runtime::{Operation, Validate};

/// A request built, checked and addressed, and an answer read: no client, no network.
pub fn offline(body: &[u8]) -> Result<ReturnOrder, Box<dyn std::error::Error>> {
    let request = QueryReturnOrderRequest::new(
        "1900000109",                              // sub_mchid
        "R20190516001",                            // out_return_no
        OrderRef::out_order_no("P20150806125346"), // 二选一: order_id or out_order_no, never both
    );
    request.validate()?; // every violation, with the wire field name, the rule and the value
    assert_eq!(
        request.request_target(),
        "/v3/ecommerce/profitsharing/returnorders?sub_mchid=1900000109&out_order_no=P20150806125346&out_return_no=R20190516001"
    );
    let order: ReturnOrder = serde_json::from_slice(body)?; // amounts i64 in fen, times with their +08:00
    Ok(order)
}
