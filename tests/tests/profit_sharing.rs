//! The ordinary profit-sharing family (`/v3/profitsharing`) as one product against the mock: a
//! receiver added with its name encrypted, a split taken from the transaction and finished, part
//! of it returned, the rest unfrozen, the remaining amount queried, the day's bill downloaded
//! with its hash checked, and the receiver's 分账动账 notification received by an axum route.
//! The mock keeps the service's rules between these calls.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use wechatpay_apiv3::Apis as _;
use wechatpay_apiv3::profitsharing::{
    AddReceiverRequest, BillTarType, CreateOrderRequest, CreateReturnOrderRequest, OrderRef,
    ProfitSharingMovement, QueryBillRequest, QueryOrderAmountsRequest, QueryOrderRequest,
    QueryReturnOrderRequest, Receiver, ReceiverRelationType, UnfreezeOrderRequest,
};
use wechatpay_apiv3::shared::{
    ErrorCode, ProfitSharingDetailResult, ProfitSharingOrderState, ProfitSharingReceiverType,
    ReturnOrderResult,
};
use wechatpay_mock::MockServer;
use wechatpay_runtime::notify::{Notification, NotificationReceiver};
use wechatpay_runtime::protocol::ApiV3Key;
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_runtime::{Client, PollPolicy};
use wechatpay_tests::keys::{self, PUBLIC_KEY_ID};
use wechatpay_tests::{NOW, RecordingSleeper, SigningKey, client_builder, mock_config};

/// The fixtures' transaction with 1,000 fen to share.
const TRANSACTION: &str = "4208450740201411110007820490";
const APPID: &str = "wx8888888888888888";
const APIV3_KEY: &str = "0123456789abcdefghijklmnopqrstuv";
const PARTNER: &str = "1900000110";

type Movements = Arc<Mutex<Vec<Notification<ProfitSharingMovement>>>>;

/// A mock sending notifications to a merchant route that records the movements, and a client
/// whose sleeps move the clock both share.
async fn start() -> (MockServer, Client, Movements) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let notify_url = format!("http://{}/notify", listener.local_addr().unwrap());
    let clock = ManualClock::new(NOW);
    let config = mock_config(SigningKey::PublicKey, &clock)
        .apiv3_key(ApiV3Key::new(APIV3_KEY).unwrap())
        .notify_url(notify_url, 0.001);
    let mock = MockServer::start(config).await.unwrap();
    let client = client_builder(&clock, Arc::new(RecordingSleeper::new(clock.clone())))
        .base_url(mock.url())
        .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
        .apiv3_key(APIV3_KEY)
        .build()
        .unwrap();
    let movements = Movements::default();
    let seen = Arc::clone(&movements);
    let route = wechatpay_runtime::notify::axum::post(
        NotificationReceiver::new(client.clone()),
        move |movement: Notification<ProfitSharingMovement>| {
            let seen = Arc::clone(&seen);
            async move {
                seen.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(movement);
                Ok::<(), std::io::Error>(())
            }
        },
    );
    let app = axum::Router::new().route("/notify", route);
    tokio::spawn(async move { axum::serve(listener, app).await });
    (mock, client, movements)
}

fn policy() -> PollPolicy {
    PollPolicy::new(
        Duration::from_secs(5),
        Duration::from_secs(30),
        Duration::from_secs(300),
    )
}

fn share(out_order_no: &str, amount: i64) -> CreateOrderRequest {
    CreateOrderRequest::new(
        TRANSACTION,
        out_order_no,
        vec![Receiver::new(
            ProfitSharingReceiverType::MerchantId,
            PARTNER,
            amount,
            "分给合作方",
        )],
        false,
    )
}

fn code(error: &wechatpay_apiv3::Error) -> (u16, Option<ErrorCode>) {
    let api = error.api().unwrap_or_else(|| panic!("{error:?}"));
    (api.status, api.code.clone())
}

#[tokio::test]
async fn the_lifecycle_of_a_split() {
    let (mock, client, movements) = start().await;
    let api = client.profitsharing();

    // A receiver must be added before a split names it.
    let error = api.create_order(&share("P-EARLY", 100)).await.unwrap_err();
    assert_eq!(code(&error), (400, Some(ErrorCode::InvalidRequest)));
    let added = api
        .add_receiver(
            &AddReceiverRequest::new(
                APPID,
                ProfitSharingReceiverType::MerchantId,
                PARTNER,
                ReceiverRelationType::Partner,
            )
            .name("示例商户全称"),
        )
        .await
        .unwrap();
    let name = added.name.as_ref().unwrap().decrypt(&client).unwrap();
    assert_eq!(name.expose(), "示例商户全称");

    // The split: 300 of the transaction's 1,000 fen, processing, then finished.
    let accepted = api.create_order(&share("P-1", 300)).await.unwrap();
    assert_eq!(accepted.state, ProfitSharingOrderState::Processing);
    // Sent again with its number: the same order, no second debit.
    let again = api.create_order(&share("P-1", 300)).await.unwrap();
    assert_eq!(again.order_id, accepted.order_id);
    let order = api
        .query_order_until_final(&QueryOrderRequest::new("P-1", TRANSACTION), &policy())
        .await
        .unwrap();
    assert_eq!(order.state, ProfitSharingOrderState::Finished);
    let receivers = order.receivers.clone().unwrap();
    assert_eq!(receivers[0].result, ProfitSharingDetailResult::Success);
    assert!(receivers[0].finish_time.is_some());

    returns_are_bounded_by_the_split(&api).await;

    // Unfreezing releases the 700 fen left; nothing remains to share.
    let unfrozen = api
        .unfreeze_order(&UnfreezeOrderRequest::new(
            TRANSACTION,
            "P-UNFREEZE",
            "解冻剩余资金",
        ))
        .await
        .unwrap();
    assert_eq!(unfrozen.state, ProfitSharingOrderState::Finished);
    assert_eq!(unfrozen.receivers.as_ref().unwrap()[0].amount, 700);
    let left = api
        .query_order_amounts(&QueryOrderAmountsRequest::new(TRANSACTION))
        .await
        .unwrap();
    assert_eq!(left.unsplit_amount, 0);
    let error = api.create_order(&share("P-2", 1)).await.unwrap_err();
    assert_eq!(code(&error), (403, Some(ErrorCode::NotEnough)));

    the_bill_and_the_notification(&api, &mock, &movements, &order.order_id).await;
}

/// A return gives back at most what the split `P-1` (300 fen to the partner) paid that merchant.
async fn returns_are_bounded_by_the_split(api: &wechatpay_apiv3::profitsharing::Api<'_>) {
    // A return gives back at most what the split paid that merchant.
    let too_much =
        CreateReturnOrderRequest::new("R-0", PARTNER, 301, "退回", OrderRef::out_order_no("P-1"));
    let error = api.create_return_order(&too_much).await.unwrap_err();
    assert_eq!(code(&error), (403, Some(ErrorCode::NotEnough)));
    let part =
        CreateReturnOrderRequest::new("R-1", PARTNER, 100, "退回", OrderRef::out_order_no("P-1"));
    api.create_return_order(&part).await.unwrap();
    let returned = api
        .query_return_order_until_final(&QueryReturnOrderRequest::new("R-1", "P-1"), &policy())
        .await
        .unwrap();
    assert_eq!(
        (returned.result.clone(), returned.amount),
        (ReturnOrderResult::Success, 100)
    );
    let rest =
        CreateReturnOrderRequest::new("R-2", PARTNER, 201, "退回", OrderRef::out_order_no("P-1"));
    let error = api.create_return_order(&rest).await.unwrap_err();
    assert_eq!(code(&error), (403, Some(ErrorCode::NotEnough)));
}

/// The day's bill lists the split `order_id`, and its receiver was told of it.
async fn the_bill_and_the_notification(
    api: &wechatpay_apiv3::profitsharing::Api<'_>,
    mock: &MockServer,
    movements: &Movements,
    order_id: &str,
) {
    // The day's bill lists the split, checked against its hash (gzip on the wire).
    let mut bill = Vec::new();
    let bill_request = QueryBillRequest::new("2025-11-21").tar_type(BillTarType::Gzip);
    api.query_bill_to_writer(&bill_request, &mut bill)
        .await
        .unwrap();
    let bill = String::from_utf8(bill).unwrap();
    assert!(
        bill.contains(&format!(
            "{TRANSACTION},P-1,{},MERCHANT_ID,{PARTNER},300",
            order_id
        )),
        "{bill}"
    );

    // The finished split told its receiver: one movement, read into the generated type.
    for _ in 0..500 {
        if !movements
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_empty()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let movements = movements
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let split_movements: Vec<_> = movements
        .iter()
        .filter(|m| m.resource.out_order_no == "P-1")
        .collect();
    assert_eq!(split_movements.len(), 1, "{:?}", mock.deliveries());
    let movement = &split_movements[0].resource;
    assert_eq!(movement.receiver.amount, 300);
    assert_eq!(movement.receiver.account, PARTNER);
    assert_eq!(movement.order_id, order_id);
}

#[tokio::test]
async fn an_unknown_transaction_has_nothing_to_share() {
    let (_mock, client, _) = start().await;
    let api = client.profitsharing();
    api.add_receiver(&AddReceiverRequest::new(
        APPID,
        ProfitSharingReceiverType::MerchantId,
        PARTNER,
        ReceiverRelationType::Partner,
    ))
    .await
    .unwrap();
    let mut request = share("P-X", 1);
    request.transaction_id = "4208450740201411110000000000".to_owned();
    let error = api.create_order(&request).await.unwrap_err();
    assert_eq!(code(&error), (404, Some(ErrorCode::ResourceNotExists)));
}

/// The movement's event type is spelled five ways in public sources; the resource type, chosen
/// by `original_type`, reads every one of them, and each is acknowledged.
#[tokio::test]
async fn every_spelling_of_the_event_type_is_read_and_acknowledged() {
    let (mock, _client, movements) = start().await;
    let resource = serde_json::json!({
        "mchid": "1900000100",
        "transaction_id": TRANSACTION,
        "order_id": "3008450740201411110007820472",
        "out_order_no": "P-SPELLING",
        "receiver": {"type": "MERCHANT_ID", "account": PARTNER, "amount": 10, "description": "分给合作方"},
        "success_time": "2025-11-21T08:00:05+08:00",
    });
    let serde_json::Value::Object(resource) = resource else {
        unreachable!("an object literal")
    };
    let spellings = [
        "PROFITSHARING",
        "PROFITSHARING_RETURN",
        "PROFITSHARING.SUCCESS",
        "PROFITSHARING.RETURN",
        "TRANSACTION.SUCCESS",
        "PROFITSHARING.NEXT_YEAR",
    ];
    for spelling in spellings {
        mock.notify(
            "profitsharing/profit_sharing_movement",
            Some(spelling),
            resource.clone(),
            Vec::new(),
        )
        .unwrap();
    }
    for _ in 0..500 {
        if movements
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
            == spellings.len()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let read: Vec<String> = movements
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .map(|m| m.event_type.to_string())
        .collect();
    assert_eq!(read.len(), spellings.len(), "{:?}", mock.deliveries());
    for spelling in spellings {
        assert!(
            read.contains(&spelling.to_owned()),
            "{spelling} in {read:?}"
        );
    }
    assert!(
        mock.deliveries().iter().all(|d| d.acknowledged),
        "{:?}",
        mock.deliveries()
    );
}

/// A deleted receiver can no longer be named; the sub-merchant's largest share is queried.
#[tokio::test]
async fn deleting_a_receiver_and_the_largest_share() {
    use wechatpay_apiv3::profitsharing::{DeleteReceiverRequest, QueryMerchantConfigRequest};
    let (_mock, client, _) = start().await;
    let api = client.profitsharing();
    let kind = ProfitSharingReceiverType::MerchantId;
    let add = AddReceiverRequest::new(APPID, kind.clone(), PARTNER, ReceiverRelationType::Partner);
    api.add_receiver(&add).await.unwrap();
    api.delete_receiver(&DeleteReceiverRequest::new(APPID, kind, PARTNER))
        .await
        .unwrap();
    let error = api.create_order(&share("P-DEL", 1)).await.unwrap_err();
    assert_eq!(code(&error), (400, Some(ErrorCode::InvalidRequest)));
    let config = api
        .query_merchant_config(&QueryMerchantConfigRequest::new("1900000109"))
        .await
        .unwrap();
    assert_eq!(config.max_ratio, 3000);
}

/// A split is keyed by its merchant number, so the client retries it after a server fault; the
/// receiver's name is encrypted once for the call, and both attempts send the same ciphertext.
#[tokio::test]
async fn a_split_is_retried_after_a_server_fault_with_its_name_encrypted_once() {
    let (mock, client, _) = start().await;
    let api = client.profitsharing();
    let kind = ProfitSharingReceiverType::MerchantId;
    let add = AddReceiverRequest::new(APPID, kind.clone(), PARTNER, ReceiverRelationType::Partner);
    api.add_receiver(&add).await.unwrap();
    let receiver = Receiver::new(kind, PARTNER, 10, "分给合作方").name("示例商户全称");
    let split = CreateOrderRequest::new(TRANSACTION, "P-RETRY", vec![receiver], false);
    mock.inject(
        "POST /v3/profitsharing/orders",
        wechatpay_mock::Fault::SystemError,
        Some(1),
    )
    .unwrap();
    let before = mock.received_count();
    let answer = api.create_order(&split).await.unwrap();
    assert_eq!(answer.attempts(), 2);
    let sent: Vec<serde_json::Value> = mock.received()[usize::try_from(before).unwrap()..]
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(sent.len(), 2);
    let name = |body: &serde_json::Value| body["receivers"][0]["name"].as_str().unwrap().to_owned();
    assert_ne!(name(&sent[0]), "示例商户全称");
    assert_eq!(
        name(&sent[0]),
        name(&sent[1]),
        "encrypted once for the call"
    );
}
