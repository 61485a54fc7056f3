//! The e-commerce (电商收付通) and brand (连锁品牌) profit-sharing families against the mock, each
//! as one flow: add a receiver, split, poll until finished, return part, poll the return, finish
//! the order (releasing the rest), query the remaining amount (and, for e-commerce, the
//! after-sales service fee split); with the rules between calls
//! the mock keeps (receivers first, `NOT_ENOUGH` beyond what is left or was paid).

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::time::Duration;

use wechatpay_apiv3::Apis as _;
use wechatpay_apiv3::shared::{EcommerceReceiverType, ErrorCode, ProfitSharingReceiverType};
use wechatpay_apiv3::{brand, ecommerce};
use wechatpay_runtime::PollPolicy;
use wechatpay_tests::{Harness, SigningKey};

const APPID: &str = "wx8888888888888888";
const SUB_MCHID: &str = "1900000109";
const PARTNER: &str = "1900000110";
const BRAND: &str = "1900000108";

fn policy() -> PollPolicy {
    PollPolicy::new(
        Duration::from_secs(5),
        Duration::from_secs(30),
        Duration::from_secs(300),
    )
}

fn code(error: &wechatpay_apiv3::Error) -> (u16, Option<ErrorCode>) {
    let api = error.api().unwrap_or_else(|| panic!("{error:?}"));
    (api.status, api.code.clone())
}

/// The fixtures' e-commerce transaction with 1,000 fen to share.
const ECOMMERCE_TRANSACTION: &str = "4208450740201411110007820491";

/// A platform's split of `amount` fen to the partner.
fn ecommerce_split(
    out_order_no: &str,
    amount: i64,
) -> ecommerce::profitsharing::CreateOrderRequest {
    let receiver = ecommerce::profitsharing::SplitReceiver::new(
        EcommerceReceiverType::MerchantId,
        PARTNER,
        amount,
        "平台抽成",
    );
    ecommerce::profitsharing::CreateOrderRequest::new(
        APPID,
        SUB_MCHID,
        ECOMMERCE_TRANSACTION,
        out_order_no,
        vec![receiver],
        false,
    )
}

#[tokio::test]
async fn the_ecommerce_flow() {
    use ecommerce::profitsharing::{
        AddReceiverRequest, CreateReturnOrderRequest, FinishOrderRequest, OrderRef,
        OriginalOrderRef, ProfitSharingOrderStatus, QueryOrderAmountsRequest, QueryOrderRequest,
        QueryReturnOrderRequest, ReceiverRelationType,
    };
    const TRANSACTION: &str = ECOMMERCE_TRANSACTION;
    let h = Harness::start(SigningKey::PublicKey).await;
    let api = h.client.ecommerce().profitsharing();
    let split = ecommerce_split;

    let error = api.create_order(&split("E-0", 100)).await.unwrap_err();
    assert_eq!(code(&error), (400, Some(ErrorCode::InvalidRequest)));
    let add = AddReceiverRequest::new(
        APPID,
        EcommerceReceiverType::MerchantId,
        PARTNER,
        ReceiverRelationType::Platform,
    );
    api.add_receiver(&add).await.unwrap();
    let error = api.create_order(&split("E-BIG", 1_001)).await.unwrap_err();
    assert_eq!(code(&error), (403, Some(ErrorCode::NotEnough)));

    api.create_order(&split("E-1", 300)).await.unwrap();
    let order = api
        .query_order_until_final(
            &QueryOrderRequest::new(SUB_MCHID, TRANSACTION, "E-1"),
            &policy(),
        )
        .await
        .unwrap();
    assert_eq!(order.status, ProfitSharingOrderStatus::Finished);
    assert_eq!(order.receivers.as_ref().unwrap()[0].amount, 300);

    let back = |out_return_no: &str, amount: i64| {
        CreateReturnOrderRequest::new(
            SUB_MCHID,
            out_return_no,
            PARTNER,
            amount,
            "用户退款",
            OriginalOrderRef::out_order_no("E-1"),
        )
    };
    api.create_return_order(&back("ER-1", 100)).await.unwrap();
    let returned = api
        .query_return_order_until_final(
            &QueryReturnOrderRequest::new(SUB_MCHID, "ER-1", OrderRef::out_order_no("E-1")),
            &policy(),
        )
        .await
        .unwrap();
    assert_eq!(returned.amount, 100);
    assert_eq!(
        returned.result,
        wechatpay_apiv3::shared::ReturnOrderResult::Success
    );
    let error = api
        .create_return_order(&back("ER-2", 201))
        .await
        .unwrap_err();
    assert_eq!(code(&error), (403, Some(ErrorCode::NotEnough)));

    api.finish_order(&FinishOrderRequest::new(
        SUB_MCHID,
        TRANSACTION,
        "E-FINISH",
        "完结分账",
    ))
    .await
    .unwrap();
    let left = api
        .query_order_amounts(&QueryOrderAmountsRequest::new(TRANSACTION))
        .await
        .unwrap();
    assert_eq!(left.unsplit_amount, 0);
}

#[tokio::test]
async fn the_ecommerce_after_sales_fee() {
    use ecommerce::profitsharing::{
        AfterSalesResult, AfterSalesScene, AfterSalesType, CreateAfterSalesOrderRequest,
        QueryAfterSalesOrderRequest,
    };
    const TRANSACTION: &str = ECOMMERCE_TRANSACTION;
    let h = Harness::start(SigningKey::PublicKey).await;
    let api = h.client.ecommerce().profitsharing();
    // After a refund, the platform's service fee, split and finished in turn.
    let fee = CreateAfterSalesOrderRequest::new(
        SUB_MCHID,
        TRANSACTION,
        30,
        AfterSalesType::ServiceFeeIncome,
        AfterSalesScene::RefundTicket,
        "50300000012025112100000000001",
    );
    api.create_after_sales_order(&fee).await.unwrap();
    let fee = api
        .query_after_sales_order_until_final(
            &QueryAfterSalesOrderRequest::new(SUB_MCHID, TRANSACTION),
            &policy(),
        )
        .await
        .unwrap();
    assert_eq!(
        (fee.amount, fee.result.clone()),
        (30, AfterSalesResult::Success)
    );
    assert!(fee.finish_time.is_some());
}

#[tokio::test]
async fn the_brand_flow() {
    use brand::profitsharing::{
        AddReceiverRequest, CreateOrderRequest, CreateReturnOrderRequest, FinishOrderRequest,
        OrderRef, OriginalOrderRef, QueryOrderAmountsRequest, QueryOrderRequest,
        QueryReturnOrderRequest, Receiver, ReceiverRelationType,
    };
    // The fixtures' brand transaction with 1,000 fen to share.
    const TRANSACTION: &str = "4208450740201411110007820492";
    let h = Harness::start(SigningKey::PlatformCertificate).await;
    let api = h.client.brand().profitsharing();
    let split = |brand_mchid: &str, out_order_no: &str, amount: i64| {
        let receiver = Receiver::new(
            ProfitSharingReceiverType::MerchantId,
            PARTNER,
            amount,
            "品牌分成",
        );
        CreateOrderRequest::new(
            brand_mchid,
            SUB_MCHID,
            APPID,
            TRANSACTION,
            out_order_no,
            vec![receiver],
            false,
        )
    };
    let add = AddReceiverRequest::new(
        BRAND,
        APPID,
        ProfitSharingReceiverType::MerchantId,
        PARTNER,
        ReceiverRelationType::Supplier,
    );
    api.add_receiver(&add).await.unwrap();
    // Receivers are the brand's own: another brand has not added this one.
    let error = api
        .create_order(&split("1900000107", "B-0", 100))
        .await
        .unwrap_err();
    assert_eq!(code(&error), (400, Some(ErrorCode::InvalidRequest)));

    api.create_order(&split(BRAND, "B-1", 400)).await.unwrap();
    let order = api
        .query_order_until_final(
            &QueryOrderRequest::new(SUB_MCHID, TRANSACTION, "B-1"),
            &policy(),
        )
        .await
        .unwrap();
    assert_eq!(order.receivers.as_ref().unwrap()[0].amount, 400);

    let back = CreateReturnOrderRequest::new(
        SUB_MCHID,
        "BR-1",
        PARTNER,
        150,
        "退款",
        OriginalOrderRef::out_order_no("B-1"),
    );
    api.create_return_order(&back).await.unwrap();
    let returned = api
        .query_return_order_until_final(
            &QueryReturnOrderRequest::new(SUB_MCHID, "BR-1", OrderRef::out_order_no("B-1")),
            &policy(),
        )
        .await
        .unwrap();
    assert_eq!(returned.amount, 150);

    api.finish_order(&FinishOrderRequest::new(
        SUB_MCHID,
        TRANSACTION,
        "B-FINISH",
        "完结分账",
    ))
    .await
    .unwrap();
    let left = api
        .query_order_amounts(&QueryOrderAmountsRequest::new(TRANSACTION))
        .await
        .unwrap();
    assert_eq!(left.unsplit_amount, 0);
    let error = api.create_order(&split(BRAND, "B-2", 1)).await.unwrap_err();
    assert_eq!(code(&error), (403, Some(ErrorCode::NotEnough)));
}

#[tokio::test]
async fn a_brands_largest_share() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let api = h.client.brand().profitsharing();
    let request = brand::profitsharing::QueryBrandConfigRequest::new(BRAND);
    let config = api.query_brand_config(&request).await.unwrap();
    assert_eq!(config.max_ratio, 3000);
}

/// A deleted receiver can no longer be named by a split, in each family.
#[tokio::test]
async fn a_deleted_receiver_is_refused_in_each_family() {
    let h = Harness::start(SigningKey::PublicKey).await;
    let api = h.client.ecommerce().profitsharing();
    let receiver = (EcommerceReceiverType::MerchantId, PARTNER);
    let add = ecommerce::profitsharing::AddReceiverRequest::new(
        APPID,
        receiver.0.clone(),
        receiver.1,
        ecommerce::profitsharing::ReceiverRelationType::Platform,
    );
    api.add_receiver(&add).await.unwrap();
    let delete =
        ecommerce::profitsharing::DeleteReceiverRequest::new(APPID, receiver.0, receiver.1);
    api.delete_receiver(&delete).await.unwrap();
    let error = api
        .create_order(&ecommerce_split("E-DEL", 1))
        .await
        .unwrap_err();
    assert_eq!(code(&error), (400, Some(ErrorCode::InvalidRequest)));

    let api = h.client.brand().profitsharing();
    let kind = ProfitSharingReceiverType::MerchantId;
    let add = brand::profitsharing::AddReceiverRequest::new(
        BRAND,
        APPID,
        kind.clone(),
        PARTNER,
        brand::profitsharing::ReceiverRelationType::Supplier,
    );
    api.add_receiver(&add).await.unwrap();
    let delete =
        brand::profitsharing::DeleteReceiverRequest::new(BRAND, APPID, kind.clone(), PARTNER);
    api.delete_receiver(&delete).await.unwrap();
    let split = brand::profitsharing::CreateOrderRequest::new(
        BRAND,
        SUB_MCHID,
        APPID,
        "4208450740201411110007820492",
        "B-DEL",
        vec![brand::profitsharing::Receiver::new(
            kind,
            PARTNER,
            1,
            "品牌分成",
        )],
        false,
    );
    let error = api.create_order(&split).await.unwrap_err();
    assert_eq!(code(&error), (400, Some(ErrorCode::InvalidRequest)));
}
