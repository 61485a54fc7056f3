//! The mock's state: collections of records (orders, return orders, ...) seeded from a fixtures
//! file, looked up by the parameters a request carries, created by requests that change state,
//! and moved on by the mock's clock.
//!
//! A fixtures file (YAML or JSON) maps a collection to its records. A collection is named
//! `<namespace>/<response name>` from the spec, e.g. `ecommerce/profitsharing/return_order`, so
//! every endpoint answering with that response type shares it. A record is the JSON body the
//! endpoint answers with, plus an optional `_mock` key saying how it changes over time:
//!
//! ```yaml
//! ecommerce/profitsharing/return_order:
//!   - sub_mchid: "1900000109"
//!     out_return_no: R20190516001
//!     result: PROCESSING
//!     _mock:
//!       settle_after_secs: 60          # on the mock's clock, from when the record was loaded
//!       settle: { result: SUCCESS, finish_time: $now }
//! ```

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::Deserialize;
use serde_json::{Map, Value};
use wechatpay_spec::model::{Api, Endpoint, Method, OffsetUnit, Presence, Type};

/// The fixtures the standalone server starts with: the seed pages' own examples.
pub const DEFAULT_FIXTURES: &str = include_str!("../fixtures/default.yaml");

/// The placeholder a settled value may use for the time it settles, written as RFC 3339 +08:00.
pub const NOW_PLACEHOLDER: &str = "$now";

/// A fixtures file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("invalid fixtures: {0}")]
pub struct FixtureError(String);

/// Records by collection.
#[derive(Debug, Clone, Default)]
pub struct Fixtures {
    collections: BTreeMap<String, Vec<Record>>,
}

/// One record: a response body, and how it settles.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The body fields.
    pub fields: Map<String, Value>,
    /// When and how the record changes, if it does.
    pub settle: Option<Settle>,
}

/// A change a record undergoes once, after a delay on the mock's clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Settle {
    /// Seconds after the record was loaded.
    pub after_secs: i64,
    /// Fields set then (`$now` stands for the time it happens).
    pub set: Map<String, Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MockMeta {
    settle_after_secs: i64,
    settle: Map<String, Value>,
}

impl Fixtures {
    /// Reads a fixtures file; JSON is YAML too.
    pub fn from_yaml(text: &str) -> Result<Self, FixtureError> {
        let raw: BTreeMap<String, Vec<Map<String, Value>>> =
            serde_yaml::from_str(text).map_err(|e| FixtureError(e.to_string()))?;
        let mut collections = BTreeMap::new();
        for (name, records) in raw {
            let mut parsed = Vec::with_capacity(records.len());
            for (i, mut fields) in records.into_iter().enumerate() {
                let settle = match fields.remove("_mock") {
                    None => None,
                    Some(meta) => {
                        let meta: MockMeta = serde_json::from_value(meta)
                            .map_err(|e| FixtureError(format!("{name}[{i}]._mock: {e}")))?;
                        Some(Settle {
                            after_secs: meta.settle_after_secs,
                            set: meta.settle,
                        })
                    }
                };
                parsed.push(Record { fields, settle });
            }
            collections.insert(name, parsed);
        }
        Ok(Self { collections })
    }

    /// The seed examples.
    pub fn defaults() -> Self {
        // The file ships with the crate and is checked by the tests.
        Self::from_yaml(DEFAULT_FIXTURES).unwrap_or_default()
    }

    /// Adds a record to a collection.
    pub fn insert(&mut self, collection: impl Into<String>, record: Record) {
        self.collections
            .entry(collection.into())
            .or_default()
            .push(record);
    }

    /// Collection names.
    pub fn collections(&self) -> impl Iterator<Item = (&str, &[Record])> {
        self.collections
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Every collection's records, to change.
    pub(crate) fn collections_mut(&mut self) -> impl Iterator<Item = (&String, &mut Vec<Record>)> {
        self.collections.iter_mut()
    }

    /// The records of a collection.
    pub(crate) fn records_mut(&mut self, collection: &str) -> Option<&mut Vec<Record>> {
        self.collections.get_mut(collection)
    }

    /// The records of a collection, to read.
    pub(crate) fn records(&self, collection: &str) -> &[Record] {
        self.collections.get(collection).map_or(&[], Vec::as_slice)
    }
}

impl Record {
    /// A record that never changes.
    pub fn new(fields: Map<String, Value>) -> Self {
        Self {
            fields,
            settle: None,
        }
    }

    /// Whether every `(name, value)` pair names a field of this record with that value; numbers
    /// compare by their text, since query parameters arrive as text.
    pub(crate) fn matches(&self, keys: &[(String, String)]) -> bool {
        keys.iter()
            .all(|(name, wanted)| match self.fields.get(name) {
                Some(Value::String(value)) => value == wanted,
                Some(Value::Number(value)) => value.to_string() == *wanted,
                Some(Value::Bool(value)) => value.to_string() == *wanted,
                _ => false,
            })
    }

    /// Applies the settle change when its time has come (`elapsed` seconds since loading);
    /// whether it did now.
    pub(crate) fn settle_if_due(&mut self, elapsed: i64, now_text: &str) -> bool {
        let Some(settle) = &self.settle else {
            return false;
        };
        if elapsed < settle.after_secs {
            return false;
        }
        for (name, value) in &settle.set {
            self.fields.insert(name.clone(), fill_now(value, now_text));
        }
        self.settle = None;
        true
    }
}

/// `value` with every `$now` string, however deep, replaced by `now_text`.
fn fill_now(value: &Value, now_text: &str) -> Value {
    match value {
        Value::String(text) if text == NOW_PLACEHOLDER => Value::String(now_text.to_owned()),
        Value::Array(items) => Value::Array(items.iter().map(|v| fill_now(v, now_text)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), fill_now(v, now_text)))
                .collect(),
        ),
        other => other.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Answering a request from the records
// ---------------------------------------------------------------------------------------------

/// The records while the mock runs, and when they were loaded: settling counts from then.
pub(crate) struct Records {
    state: Mutex<State>,
    loaded_at: i64,
}

/// The records, and which request created which: a request that names no field of its record
/// finds the record it created before when it is sent again with the same parameters.
#[derive(Default)]
struct State {
    fixtures: Fixtures,
    created: Vec<Creation>,
    /// Records that settled and have not been announced yet, by collection: what notifications
    /// report.
    settled: Vec<(String, Map<String, Value>)>,
}

/// The scalar parameters of a creating request, and the record they made.
struct Creation {
    collection: String,
    sent: Vec<(String, String)>,
    fields: Map<String, Value>,
}

impl Records {
    pub(crate) fn new(fixtures: Fixtures, loaded_at: i64) -> Self {
        Self {
            state: Mutex::new(State {
                fixtures,
                created: Vec::new(),
                settled: Vec::new(),
            }),
            loaded_at,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Settles every record whose time has come at `now`, and hands over every record settled
    /// since the last call (here or by a lookup), by collection.
    pub(crate) fn take_settled(&self, now: i64) -> Vec<(String, Map<String, Value>)> {
        let mut state = self.lock();
        let now_text = now_text(now);
        let elapsed = now - self.loaded_at;
        let mut settled = Vec::new();
        for (collection, records) in state.fixtures.collections_mut() {
            for record in records.iter_mut() {
                if record.settle_if_due(elapsed, &now_text) {
                    settled.push((collection.clone(), record.fields.clone()));
                }
            }
        }
        let mut announced = std::mem::take(&mut state.settled);
        announced.extend(settled);
        announced
    }

    /// Runs `change` with every collection, under the one lock, with the seconds since loading
    /// (what a settle delay counts from): for rules that read and change several records as one
    /// step, such as a split taking money from a transaction's amounts.
    pub(crate) fn transact<T>(&self, change: impl FnOnce(&mut Fixtures, i64) -> T, now: i64) -> T {
        let mut state = self.lock();
        change(&mut state.fixtures, now - self.loaded_at)
    }

    /// Runs `look` with every collection, under the lock.
    pub(crate) fn view<T>(&self, look: impl FnOnce(&Fixtures) -> T) -> T {
        look(&self.lock().fixtures)
    }

    /// Adds a record to `collection`.
    pub(crate) fn insert(&self, collection: &str, record: Record) {
        self.lock().fixtures.insert(collection, record);
    }

    /// The record a request asks for: found by the parameters sent that are also response
    /// fields (and settled if its time has come). A query for an unknown record finds nothing;
    /// any other method creates the record from the request, on the endpoint's first example.
    pub(crate) fn find_or_create(
        &self,
        collection: &str,
        (api, endpoint): (&Api, &Endpoint),
        sent: &[(String, String)],
        body: Option<&Value>,
        now: i64,
    ) -> Option<Map<String, Value>> {
        let keys: Vec<(String, String)> = sent
            .iter()
            .filter(|(name, _)| {
                endpoint
                    .response
                    .fields
                    .iter()
                    .any(|f| f.wire_name == *name)
            })
            .cloned()
            .collect();
        let mut state = self.lock();
        // A request that changes state and names no field of the record (only objects, say)
        // finds what the same request created before, or creates.
        let identifies = !keys.is_empty() || endpoint.method == Method::Get;
        if !identifies {
            let again = state
                .created
                .iter()
                .find(|c| c.collection == collection && c.sent == sent);
            if let Some(creation) = again {
                return Some(creation.fields.clone());
            }
        } else if let Some(records) = state.fixtures.records_mut(collection)
            && let Some(record) = records.iter_mut().find(|r| r.matches(&keys))
        {
            let settled = record.settle_if_due(now - self.loaded_at, &now_text(now));
            let fields = record.fields.clone();
            if settled {
                state.settled.push((collection.to_owned(), fields.clone()));
            }
            return Some(fields);
        }
        if endpoint.method == Method::Get {
            return None;
        }
        let fields = created(api, endpoint, sent, body, &now_text(now));
        state
            .fixtures
            .insert(collection, Record::new(fields.clone()));
        if !identifies {
            state.created.push(Creation {
                collection: collection.to_owned(),
                sent: sent.to_vec(),
                fields: fields.clone(),
            });
        }
        Some(fields)
    }
}

impl Records {
    /// One line per record of the collections under `namespace` (`a/b` holds `a/b/order`):
    /// what the mock's bills list, as compact JSON in collection order.
    pub(crate) fn bill_lines(&self, namespace: &str) -> Vec<String> {
        let prefix = format!("{namespace}/");
        let state = self.lock();
        state
            .fixtures
            .collections()
            .filter(|(name, _)| name.starts_with(&prefix))
            .flat_map(|(_, records)| records)
            .map(|record| Value::Object(record.fields.clone()).to_string())
            .collect()
    }
}

/// The page size of a list whose request sends none.
pub const DEFAULT_PAGE_SIZE: u64 = 10;

impl Records {
    /// One page of a paged list: the records of `collection` matching the scalar parameters the
    /// request sent that are fields of the items, from the request's offset (in items or in
    /// pages, as the spec says), with the total and the echoed offset and limit where the
    /// response has such fields.
    pub(crate) fn page(
        &self,
        collection: &str,
        (api, endpoint): (&Api, &Endpoint),
        sent: &[(String, String)],
        now: i64,
    ) -> Option<Map<String, Value>> {
        let paging = endpoint.paging.as_ref()?;
        let request = &endpoint.request.fields;
        let number = |index: usize| {
            let name = &request.get(index)?.wire_name;
            let (_, text) = sent.iter().find(|(sent, _)| sent == name)?;
            text.parse::<u64>().ok()
        };
        let offset = number(paging.offset).unwrap_or(0);
        let limit = number(paging.limit).unwrap_or(DEFAULT_PAGE_SIZE).max(1);
        let items_field = endpoint.response.fields.get(paging.items)?;
        let item_fields = match &items_field.ty {
            Type::Array(item) => match item.as_ref() {
                Type::Object(reference) => api.object_def(reference).map(|o| o.fields.as_slice()),
                _ => None,
            },
            _ => None,
        }
        .unwrap_or_default();
        // Only scalar parameters that name a scalar field of the items filter the list.
        let keys: Vec<(String, String)> = sent
            .iter()
            .filter(|(name, _)| {
                item_fields.iter().any(|f| {
                    f.wire_name == *name && !matches!(f.ty, Type::Object(_) | Type::Array(_))
                })
            })
            .cloned()
            .collect();
        let start = match paging.offset_unit {
            OffsetUnit::Items => offset,
            OffsetUnit::Pages => offset.saturating_mul(limit),
        };
        let mut state = self.lock();
        let now_text = now_text(now);
        let matching: Vec<&mut Record> = state
            .fixtures
            .records_mut(collection)
            .map(|records| records.iter_mut().filter(|r| r.matches(&keys)).collect())
            .unwrap_or_default();
        let total = matching.len();
        let mut items = Vec::new();
        let mut settled = Vec::new();
        for record in matching
            .into_iter()
            .skip(usize::try_from(start).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
        {
            if record.settle_if_due(now - self.loaded_at, &now_text) {
                settled.push((collection.to_owned(), record.fields.clone()));
            }
            items.push(Value::Object(record.fields.clone()));
        }
        state.settled.extend(settled);
        let mut body = Map::new();
        body.insert(items_field.wire_name.clone(), Value::Array(items));
        if let Some(total_field) = paging.total.and_then(|i| endpoint.response.fields.get(i)) {
            body.insert(total_field.wire_name.clone(), Value::from(total));
        }
        for (index, value) in [(paging.offset, offset), (paging.limit, limit)] {
            let name = &request[index].wire_name;
            if endpoint
                .response
                .fields
                .iter()
                .any(|f| f.wire_name == *name)
            {
                body.insert(name.clone(), Value::from(value));
            }
        }
        for field in &endpoint.response.fields {
            if field.presence == Presence::Required && !body.contains_key(&field.wire_name) {
                body.insert(field.wire_name.clone(), made_up(api, &field.ty, &now_text));
            }
        }
        Some(body)
    }
}

/// A record made by a request that changes state: the endpoint's first example, with each
/// response field the request sent, and a value made up for each required one still missing.
fn created(
    api: &Api,
    endpoint: &Endpoint,
    sent: &[(String, String)],
    body: Option<&Value>,
    now_text: &str,
) -> Map<String, Value> {
    let mut fields = endpoint
        .response_examples
        .first()
        .and_then(|(_, example)| serde_json::from_str::<Map<String, Value>>(example).ok())
        .unwrap_or_default();
    for field in &endpoint.response.fields {
        let from_body = body.and_then(|b| b.get(&field.wire_name)).cloned();
        let from_params = sent
            .iter()
            .find(|(name, _)| *name == field.wire_name)
            .map(|(_, value)| Value::String(value.clone()));
        if let Some(value) = from_body.or(from_params) {
            fields.insert(field.wire_name.clone(), value);
        } else if field.presence == Presence::Required && !fields.contains_key(&field.wire_name) {
            fields.insert(field.wire_name.clone(), made_up(api, &field.ty, now_text));
        }
    }
    fields
}

/// A value for a required field nothing else supplies: a fresh id, the current time, the first
/// documented value, zero.
pub(crate) fn made_up(api: &Api, ty: &Type, now_text: &str) -> Value {
    made_up_within(api, ty, now_text, MADE_UP_DEPTH)
}

/// How deep [`made_up`] fills objects inside objects: a spec whose required objects nest deeper
/// (or refer to themselves) gets empty objects below, not endless recursion.
const MADE_UP_DEPTH: usize = 8;

fn made_up_within(api: &Api, ty: &Type, now_text: &str, depth: usize) -> Value {
    static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    match ty {
        Type::String => {
            let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Value::String(format!("30000000000000000000{id:08}"))
        }
        Type::DateTime => Value::String(now_text.to_owned()),
        Type::Enum(reference) => api
            .enum_def(reference)
            .and_then(|def| def.values.first())
            .map_or(Value::Null, |v| Value::String(v.value.clone())),
        Type::IntegerEnum(reference) => api
            .enum_def(reference)
            .and_then(|def| def.values.first())
            .and_then(|v| v.value.parse::<i64>().ok())
            .map_or(Value::Null, Value::from),
        Type::Integer | Type::UnsignedInteger => Value::from(0),
        Type::Decimal => Value::from(0.0),
        Type::Bool => Value::Bool(false),
        Type::Array(_) => Value::Array(Vec::new()),
        // An object needs its required fields to be read at all.
        Type::Object(reference) if depth > 0 => api
            .object_def(reference)
            .map(|object| {
                object
                    .fields
                    .iter()
                    .filter(|field| field.presence == Presence::Required)
                    .map(|field| {
                        let value = made_up_within(api, &field.ty, now_text, depth - 1);
                        (field.wire_name.clone(), value)
                    })
                    .collect()
            })
            .map_or_else(|| Value::Object(Map::new()), Value::Object),
        Type::Object(_) | Type::JsonObject => Value::Object(Map::new()),
    }
}

/// `now` as the service writes times: RFC 3339 in Beijing time.
pub(crate) fn now_text(now: i64) -> String {
    let offset = time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC);
    time::OffsetDateTime::from_unix_timestamp(now)
        .map(|t| t.to_offset(offset))
        .ok()
        .and_then(|t| wechatpay_runtime::datetime::format(t).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_and_their_settling() {
        let fixtures = Fixtures::from_yaml(
            "a/b/order:\n  - id: '1'\n    amount: 10\n    result: PROCESSING\n    _mock:\n      settle_after_secs: 5\n      settle: {result: SUCCESS, finish_time: $now, items: [{at: $now}]}\n",
        )
        .unwrap();
        let (name, records) = fixtures.collections().next().unwrap();
        assert_eq!(name, "a/b/order");
        let mut record = records[0].clone();
        assert!(record.matches(&[("id".into(), "1".into()), ("amount".into(), "10".into())]));
        assert!(!record.matches(&[("id".into(), "2".into())]));
        assert!(!record.matches(&[("missing".into(), "1".into())]));
        record.settle_if_due(4, "T");
        assert_eq!(record.fields["result"], "PROCESSING");
        record.settle_if_due(5, "T");
        assert_eq!(record.fields["result"], "SUCCESS");
        assert_eq!(record.fields["finish_time"], "T");
        assert_eq!(record.fields["items"][0]["at"], "T");
        assert!(!record.fields.contains_key("_mock"));
    }

    #[test]
    fn the_default_fixtures_load() {
        let fixtures = Fixtures::from_yaml(DEFAULT_FIXTURES).unwrap();
        let names: Vec<&str> = fixtures.collections().map(|(name, _)| name).collect();
        assert_eq!(
            names,
            [
                "brand/profitsharing/brand_config",
                "brand/profitsharing/order_unsplit_amount",
                "brand/profitsharing/return_order",
                "ecommerce/profitsharing/order_unsplit_amount",
                "ecommerce/profitsharing/profit_sharing_order",
                "ecommerce/profitsharing/return_order",
                "profitsharing/merchant_config",
                "profitsharing/order_unsplit_amount"
            ]
        );
    }

    #[test]
    fn bad_metadata_is_an_error_naming_the_record() {
        let error = Fixtures::from_yaml("c:\n  - _mock: {settle: {}}\n").unwrap_err();
        assert!(error.to_string().contains("c[0]._mock"), "{error}");
    }
}
