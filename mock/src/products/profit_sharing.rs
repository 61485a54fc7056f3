//! Profit sharing (分账) as the service keeps it, for each family of its endpoints (the ordinary
//! `/v3/profitsharing`, 普通商户与服务商分账, in [`FAMILIES`]), which differ in paths and
//! spellings, not in rules:
//!
//! - a receiver must be added (`receivers/add`) before a split names it, or the split is
//!   `INVALID_REQUEST`; `receivers/delete` removes it;
//! - a split (`POST /orders`) takes its receivers' amounts from the transaction's unsplit amount
//!   (the record the amounts query answers), `NOT_ENOUGH` beyond it; its release flag
//!   (`unfreeze_unsplit`, `finish`) releases the rest with it. It stays `PROCESSING` for the mock's settle
//!   delay, then `FINISHED` with every receiver `SUCCESS`, which sends the receivers' 分账动账
//!   notifications (see `crate::notify`);
//! - `orders/unfreeze` (`finish-order`) releases what is left, at once;
//! - a return (`POST /return-orders`, `/returnorders`) gives back at most what a finished split paid the merchant
//!   receiver `return_mchid`, less what was returned already (`NOT_ENOUGH` beyond it), and
//!   settles `SUCCESS` after the same delay;
//! - the bill (`GET /bills`) lists the day's successful splits, one line per receiver;
//! - an e-commerce after-sales service fee split (`POST /after-sales-orders`) is `PROCESSING`,
//!   then `SUCCESS` after the same delay.
//!
//! A split or return sent again with its merchant number (`out_order_no`, `out_return_no`) is
//! answered as the first time and changes nothing (同一单号多次请求等同一次).

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value, json};
use wechatpay_spec::model::Method;

use super::{Refusal, Request, answered, collection, integer, text};
use crate::records::{NOW_PLACEHOLDER, Record, Settle, now_text};
use crate::server::App;

/// One family of the product: where its endpoints are, and how it spells what the rules read.
pub(super) struct Family {
    /// `POST`: a split.
    split: &'static str,
    /// `GET`: a split's query, whose collection keeps the splits.
    order: &'static str,
    /// `POST`: what releases the rest of a transaction at once.
    release: &'static str,
    /// `POST`: a return.
    give_back: &'static str,
    /// `GET`: a return's query, whose collection keeps the returns.
    return_order: &'static str,
    /// `GET`: a transaction's unsplit amount, whose collection keeps the transactions.
    amounts: &'static str,
    receivers_add: &'static str,
    receivers_delete: &'static str,
    /// `GET`: the bill ticket, when the family has one.
    bills: Option<&'static str>,
    /// `POST` and `GET`: an after-sales service fee split and its query, when the family has
    /// them.
    after_sales: Option<(&'static str, &'static str)>,
    /// The field a split's receiver names its account with.
    account: &'static str,
    /// The field holding a split's state.
    state: &'static str,
    /// A split's flag releasing the rest with it.
    release_flag: &'static str,
    /// The field holding a return's WeChat Pay number.
    return_number: &'static str,
    /// The merchant whose list of receivers a receiver joins, when lists are per merchant;
    /// `None` for one list (the platform's).
    receiver_scope: Option<&'static str>,
}

/// The families the rules serve: the ordinary one (普通商户与服务商), e-commerce platforms'
/// (电商收付通) and brands (连锁品牌).
pub(super) const FAMILIES: &[Family] = &[
    Family {
        split: "/v3/profitsharing/orders",
        order: "/v3/profitsharing/orders/{out_order_no}",
        release: "/v3/profitsharing/orders/unfreeze",
        give_back: "/v3/profitsharing/return-orders",
        return_order: "/v3/profitsharing/return-orders/{out_return_no}",
        amounts: "/v3/profitsharing/transactions/{transaction_id}/amounts",
        receivers_add: "/v3/profitsharing/receivers/add",
        receivers_delete: "/v3/profitsharing/receivers/delete",
        bills: Some("/v3/profitsharing/bills"),
        after_sales: None,
        account: "account",
        state: "state",
        release_flag: "unfreeze_unsplit",
        return_number: "return_id",
        receiver_scope: Some("sub_mchid"),
    },
    // 电商收付通: the platform keeps one list of receivers for all its sub-merchants.
    Family {
        split: "/v3/ecommerce/profitsharing/orders",
        order: "/v3/ecommerce/profitsharing/orders",
        release: "/v3/ecommerce/profitsharing/finish-order",
        give_back: "/v3/ecommerce/profitsharing/returnorders",
        return_order: "/v3/ecommerce/profitsharing/returnorders",
        amounts: "/v3/ecommerce/profitsharing/orders/{transaction_id}/amounts",
        receivers_add: "/v3/ecommerce/profitsharing/receivers/add",
        receivers_delete: "/v3/ecommerce/profitsharing/receivers/delete",
        bills: None,
        after_sales: Some((
            "/v3/ecommerce/profitsharing/after-sales-orders",
            "/v3/ecommerce/profitsharing/after-sales-orders",
        )),
        account: "receiver_account",
        state: "status",
        release_flag: "finish",
        return_number: "return_no",
        receiver_scope: None,
    },
    // 连锁品牌: each brand keeps its list of receivers.
    Family {
        split: "/v3/brand/profitsharing/orders",
        order: "/v3/brand/profitsharing/orders",
        release: "/v3/brand/profitsharing/finish-order",
        give_back: "/v3/brand/profitsharing/returnorders",
        return_order: "/v3/brand/profitsharing/returnorders",
        amounts: "/v3/brand/profitsharing/orders/{transaction_id}/amounts",
        receivers_add: "/v3/brand/profitsharing/receivers/add",
        receivers_delete: "/v3/brand/profitsharing/receivers/delete",
        bills: None,
        after_sales: None,
        account: "account",
        state: "status",
        release_flag: "finish",
        return_number: "return_no",
        receiver_scope: Some("brand_mchid"),
    },
];

/// The receiver type a return can give back from: a merchant.
const MERCHANT_ID: &str = "MERCHANT_ID";

/// The collections the rules read and write: those of the queries, so that what a POST makes
/// is what its query finds (the POSTs answer with types of their own names).
struct Collections<'a> {
    orders: &'a str,
    returns: &'a str,
    amounts: &'a str,
}

impl<'a> Collections<'a> {
    fn of(app: &'a App, family: &Family) -> Option<Self> {
        Some(Self {
            orders: collection(app, "GET", family.order)?,
            returns: collection(app, "GET", family.return_order)?,
            amounts: collection(app, "GET", family.amounts)?,
        })
    }
}

/// The record a rule of a family makes of a POST, or its refusal; `None` for other requests.
pub(super) fn answer(
    app: &App,
    request: &Request<'_>,
    now: i64,
) -> Option<Result<Map<String, Value>, Refusal>> {
    let endpoint = request.endpoint;
    if endpoint.method != Method::Post {
        return None;
    }
    let body = request.body.and_then(Value::as_object)?;
    let path = endpoint.path.as_str();
    let family = FAMILIES.iter().find(|f| {
        [
            f.split,
            f.release,
            f.give_back,
            f.receivers_add,
            f.receivers_delete,
        ]
        .contains(&path)
            || f.after_sales.is_some_and(|(ask, _)| ask == path)
    })?;
    if let Some((ask, query)) = family.after_sales
        && ask == path
    {
        let queried = collection(app, "GET", query)?;
        let made = after_sales(app, queried, body, now);
        return Some(Ok(answered(endpoint, &made)));
    }
    if path == family.receivers_add || path == family.receivers_delete {
        let key = receiver_key(family, body, text(body, "type"), text(body, "account"));
        let mut receivers = app.products.receivers();
        if path == family.receivers_add {
            receivers.insert(key);
        } else {
            receivers.remove(&key);
        }
        // The answer echoes the request: the generic record serves.
        return None;
    }
    let collections = Collections::of(app, family)?;
    let made = if path == family.split {
        split(app, (family, &collections), body, now)
    } else if path == family.release {
        release(app, (family, &collections), body, now)
    } else {
        give_back(app, (family, &collections), body, now)
    };
    Some(made.map(|record| answered(endpoint, &record)))
}

/// Who a receiver is for the rules: the merchant whose list it is on (when lists are per
/// merchant), its type and account.
fn receiver_key(
    family: &Family,
    body: &Map<String, Value>,
    kind: &str,
    account: &str,
) -> (String, String, String) {
    let scope = family.receiver_scope.map_or("", |field| text(body, field));
    (scope.to_owned(), kind.to_owned(), account.to_owned())
}

/// A number in the style of WeChat Pay's order numbers, unique in this mock.
fn wechat_number(prefix: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("{prefix}{:019}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The answer to the request that sent `body`'s merchant number (`field`) before: a split or
/// return sent again is answered as the first time, and changes nothing.
fn sent_before(
    fixtures: &crate::records::Fixtures,
    collection: &str,
    body: &Map<String, Value>,
    field: &str,
) -> Option<Map<String, Value>> {
    find(fixtures.records(collection), field, text(body, field)).map(|r| r.fields.clone())
}

/// The first record of `records` whose `field` is `value`.
fn find<'r>(records: &'r [Record], field: &str, value: &str) -> Option<&'r Record> {
    records
        .iter()
        .find(|r| !value.is_empty() && r.fields.get(field).and_then(Value::as_str) == Some(value))
}

/// The transaction's unsplit amount, taken by `take` (all of it with `None`); the amount taken.
fn take_from_transaction(
    fixtures: &mut crate::records::Fixtures,
    collections: &Collections<'_>,
    transaction_id: &str,
    take: Option<i64>,
) -> Result<i64, Refusal> {
    let missing = || {
        Refusal::new(
            404,
            "RESOURCE_NOT_EXISTS",
            format!("no transaction {transaction_id} to share"),
        )
    };
    let amounts = fixtures
        .records_mut(collections.amounts)
        .and_then(|records| {
            records.iter_mut().find(|r| {
                r.fields.get("transaction_id").and_then(Value::as_str) == Some(transaction_id)
            })
        })
        .ok_or_else(missing)?;
    let unsplit = integer(&amounts.fields, "unsplit_amount");
    let taken = take.unwrap_or(unsplit);
    if taken > unsplit {
        return Err(Refusal::new(
            403,
            "NOT_ENOUGH",
            format!("{taken} fen asked, {unsplit} fen left to share in {transaction_id}"),
        ));
    }
    amounts
        .fields
        .insert("unsplit_amount".to_owned(), json!(unsplit - taken));
    Ok(taken)
}

/// `POST /orders`: the split, taken from the transaction, `PROCESSING` until the delay passes.
fn split(
    app: &App,
    (family, collections): (&Family, &Collections<'_>),
    body: &Map<String, Value>,
    now: i64,
) -> Result<Map<String, Value>, Refusal> {
    let receivers = body
        .get("receivers")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    check_added(app, family, body, receivers)?;
    let total: i64 = receivers
        .iter()
        .filter_map(Value::as_object)
        .map(|r| integer(r, "amount"))
        .sum();
    let delay = app.config.settle_after_secs;
    app.records.transact(
        |fixtures, elapsed| {
            if let Some(first) = sent_before(fixtures, collections.orders, body, "out_order_no") {
                return Ok(first);
            }
            let transaction_id = text(body, "transaction_id");
            take_from_transaction(fixtures, collections, transaction_id, Some(total))?;
            if body.get(family.release_flag).and_then(Value::as_bool) == Some(true) {
                take_from_transaction(fixtures, collections, transaction_id, None)?;
            }
            let created = now_text(now);
            let items = |result: &str| details(family, receivers, result, &created);
            let mut fields = Map::new();
            copy(
                body,
                &mut fields,
                &["brand_mchid", "sub_mchid", "transaction_id", "out_order_no"],
            );
            fields.insert("order_id".to_owned(), json!(wechat_number("30000")));
            fields.insert(family.state.to_owned(), json!("PROCESSING"));
            fields.insert("receivers".to_owned(), Value::Array(items("PENDING")));
            let mut set = Map::new();
            set.insert(family.state.to_owned(), json!("FINISHED"));
            set.insert("receivers".to_owned(), Value::Array(items("SUCCESS")));
            let record = Record {
                fields: fields.clone(),
                settle: Some(Settle {
                    after_secs: elapsed + delay,
                    set,
                }),
            };
            fixtures.insert(collections.orders, record);
            Ok(fields)
        },
        now,
    )
}

/// Every receiver a split names was added before, or the split is refused.
fn check_added(
    app: &App,
    family: &Family,
    body: &Map<String, Value>,
    receivers: &[Value],
) -> Result<(), Refusal> {
    let added = app.products.receivers();
    for receiver in receivers.iter().filter_map(Value::as_object) {
        let (kind, account) = (text(receiver, "type"), text(receiver, family.account));
        if !added.contains(&receiver_key(family, body, kind, account)) {
            return Err(Refusal::new(
                400,
                "INVALID_REQUEST",
                format!("receiver {kind} {account} was not added (receivers/add)"),
            ));
        }
    }
    Ok(())
}

/// A split's receivers as its record lists them, each with `result`; a successful one with the
/// time it settles. An item carries the account under `account` (what notifications read) and
/// under the family's own spelling, and a merchant's under `receiver_mchid`, which one family's
/// query answers with; the client ignores what its family does not list.
fn details(family: &Family, receivers: &[Value], result: &str, created: &str) -> Vec<Value> {
    receivers
        .iter()
        .filter_map(Value::as_object)
        .enumerate()
        .map(|(index, r)| {
            let account = text(r, family.account);
            let mut item = json!({
                "amount": integer(r, "amount"),
                "description": text(r, "description"),
                "type": text(r, "type"),
                "account": account,
                "result": result,
                "create_time": created,
                "detail_id": format!("36011111111111111111111{index:05}"),
            });
            item[family.account] = json!(account);
            if text(r, "type") == MERCHANT_ID {
                item["receiver_mchid"] = json!(account);
            }
            if result == "SUCCESS" {
                item["finish_time"] = json!(NOW_PLACEHOLDER);
            }
            item
        })
        .collect()
}

/// `POST /orders/unfreeze` (`/finish-order`): what is left goes back to the merchant, at once.
fn release(
    app: &App,
    (family, collections): (&Family, &Collections<'_>),
    body: &Map<String, Value>,
    now: i64,
) -> Result<Map<String, Value>, Refusal> {
    // A service provider names the sub-merchant the money returns to; a direct merchant is the
    // one the mock serves.
    let account = match text(body, "sub_mchid") {
        "" => app
            .config
            .merchants
            .first()
            .map(|merchant| merchant.mchid.clone())
            .unwrap_or_default(),
        sub_mchid => sub_mchid.to_owned(),
    };
    app.records.transact(
        |fixtures, _| {
            if let Some(first) = sent_before(fixtures, collections.orders, body, "out_order_no") {
                return Ok(first);
            }
            let transaction_id = text(body, "transaction_id");
            let released = take_from_transaction(fixtures, collections, transaction_id, None)?;
            let finished = now_text(now);
            let mut fields = Map::new();
            copy(
                body,
                &mut fields,
                &["brand_mchid", "sub_mchid", "transaction_id", "out_order_no"],
            );
            fields.insert("order_id".to_owned(), json!(wechat_number("30000")));
            fields.insert(family.state.to_owned(), json!("FINISHED"));
            let mut item = json!({
                "amount": released,
                "description": text(body, "description"),
                "type": MERCHANT_ID,
                "account": account,
                "receiver_mchid": account,
                "result": "SUCCESS",
                "create_time": finished,
                "finish_time": finished,
                "detail_id": "36011111111111111111111000000",
            });
            item[family.account] = json!(account);
            fields.insert("receivers".to_owned(), json!([item]));
            fixtures.insert(collections.orders, Record::new(fields.clone()));
            Ok(fields)
        },
        now,
    )
}

/// `POST /return-orders`: money given back by a merchant receiver of a finished split.
fn give_back(
    app: &App,
    (family, collections): (&Family, &Collections<'_>),
    body: &Map<String, Value>,
    now: i64,
) -> Result<Map<String, Value>, Refusal> {
    let delay = app.config.settle_after_secs;
    app.records.transact(
        |fixtures, elapsed| {
            if let Some(first) = sent_before(fixtures, collections.returns, body, "out_return_no") {
                return Ok(first);
            }
            let orders = fixtures.records(collections.orders);
            let order = find(orders, "out_order_no", text(body, "out_order_no"))
                .or_else(|| find(orders, "order_id", text(body, "order_id")))
                .ok_or_else(|| {
                    Refusal::new(404, "RESOURCE_NOT_EXISTS", "no such profit-sharing order")
                })?;
            let return_mchid = text(body, "return_mchid");
            let order_no = text(&order.fields, "out_order_no").to_owned();
            let order_id = text(&order.fields, "order_id").to_owned();
            let left = returnable(
                &order.fields,
                fixtures.records(collections.returns),
                return_mchid,
            );
            let amount = integer(body, "amount");
            if amount > left {
                return Err(Refusal::new(
                    403,
                    "NOT_ENOUGH",
                    format!(
                        "{amount} fen asked back from {return_mchid}, {left} fen of its share left"
                    ),
                ));
            }
            let mut fields = Map::new();
            copy(
                body,
                &mut fields,
                &[
                    "sub_mchid",
                    "out_return_no",
                    "return_mchid",
                    "amount",
                    "description",
                ],
            );
            fields.insert("out_order_no".to_owned(), json!(order_no));
            fields.insert("order_id".to_owned(), json!(order_id));
            fields.insert(
                family.return_number.to_owned(),
                json!(wechat_number("30000")),
            );
            fields.insert("result".to_owned(), json!("PROCESSING"));
            fields.insert("create_time".to_owned(), json!(now_text(now)));
            let mut set = Map::new();
            set.insert("result".to_owned(), json!("SUCCESS"));
            set.insert("finish_time".to_owned(), json!(NOW_PLACEHOLDER));
            fixtures.insert(
                collections.returns,
                Record {
                    fields: fields.clone(),
                    settle: Some(Settle {
                        after_secs: elapsed + delay,
                        set,
                    }),
                },
            );
            Ok(fields)
        },
        now,
    )
}

/// What merchant `return_mchid` can still give back of `order`: what the finished split paid
/// it, less the returns of it not failed.
fn returnable(order: &Map<String, Value>, returns: &[Record], return_mchid: &str) -> i64 {
    let paid: i64 = order
        .get("receivers")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_object)
        .filter(|r| {
            text(r, "type") == MERCHANT_ID
                && text(r, "account") == return_mchid
                && text(r, "result") == "SUCCESS"
        })
        .map(|r| integer(r, "amount"))
        .sum();
    let order_no = text(order, "out_order_no");
    let returned: i64 = returns
        .iter()
        .filter(|r| {
            text(&r.fields, "out_order_no") == order_no
                && text(&r.fields, "return_mchid") == return_mchid
                && text(&r.fields, "result") != "FAILED"
        })
        .map(|r| integer(&r.fields, "amount"))
        .sum();
    paid - returned
}

/// `POST /after-sales-orders`: a service fee taken after a refund, `PROCESSING` until the
/// settle delay passes, then `SUCCESS`. The mock checks no amount: the pages say nothing of
/// what bounds it.
fn after_sales(
    app: &App,
    collection: &str,
    body: &Map<String, Value>,
    now: i64,
) -> Map<String, Value> {
    let delay = app.config.settle_after_secs;
    app.records.transact(
        |fixtures, elapsed| {
            let mut fields = Map::new();
            copy(
                body,
                &mut fields,
                &[
                    "sub_mchid",
                    "transaction_id",
                    "amount",
                    "type",
                    "scene",
                    "refund_id",
                ],
            );
            fields.insert("result".to_owned(), json!("PROCESSING"));
            let mut set = Map::new();
            set.insert("result".to_owned(), json!("SUCCESS"));
            set.insert("finish_time".to_owned(), json!(NOW_PLACEHOLDER));
            let settle = Some(Settle {
                after_secs: elapsed + delay,
                set,
            });
            fixtures.insert(
                collection,
                Record {
                    fields: fields.clone(),
                    settle,
                },
            );
            fields
        },
        now,
    )
}

/// Copies the named fields of `from` that are present.
fn copy(from: &Map<String, Value>, to: &mut Map<String, Value>, names: &[&str]) {
    for name in names {
        if let Some(value) = from.get(*name) {
            to.insert((*name).to_owned(), value.clone());
        }
    }
}

/// `GET /bills`: one line per receiver of each split that finished on `bill_date`.
pub(super) fn bill_lines(app: &App, request: &Request<'_>) -> Option<Vec<String>> {
    let path = request.endpoint.path.as_str();
    let family = FAMILIES.iter().find(|f| f.bills == Some(path))?;
    let orders = collection(app, "GET", family.order)?;
    let date = request
        .sent
        .iter()
        .find(|(name, _)| name == "bill_date")
        .map(|(_, value)| value.as_str())
        .unwrap_or_default();
    let mut lines = vec![
        "finish_time,transaction_id,out_order_no,order_id,type,account,amount,description"
            .to_owned(),
    ];
    app.records.view(|fixtures| {
        for order in fixtures.records(orders) {
            let receivers = order.fields.get("receivers").and_then(Value::as_array);
            for receiver in receivers.into_iter().flatten().filter_map(Value::as_object) {
                let finished = text(receiver, "finish_time");
                if text(receiver, "result") != "SUCCESS" || !finished.starts_with(date) {
                    continue;
                }
                lines.push(format!(
                    "{finished},{},{},{},{},{},{},{}",
                    text(&order.fields, "transaction_id"),
                    text(&order.fields, "out_order_no"),
                    text(&order.fields, "order_id"),
                    text(receiver, "type"),
                    text(receiver, "account"),
                    integer(receiver, "amount"),
                    text(receiver, "description").replace(',', " "),
                ));
            }
        }
    });
    Some(lines)
}
