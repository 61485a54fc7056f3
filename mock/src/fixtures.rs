//! The mock's state: collections of records (orders, return orders, ...) seeded from a fixtures
//! file, looked up by the parameters a request carries, and moved on by the mock's clock.
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

use serde::Deserialize;
use serde_json::{Map, Value};

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

    /// The records of a collection.
    pub(crate) fn records_mut(&mut self, collection: &str) -> Option<&mut Vec<Record>> {
        self.collections.get_mut(collection)
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

    /// Applies the settle change when its time has come (`elapsed` seconds since loading).
    pub(crate) fn settle_if_due(&mut self, elapsed: i64, now_text: &str) {
        let Some(settle) = &self.settle else { return };
        if elapsed < settle.after_secs {
            return;
        }
        for (name, value) in &settle.set {
            self.fields.insert(name.clone(), fill_now(value, now_text));
        }
        self.settle = None;
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
                "brand/profitsharing/return_order",
                "ecommerce/profitsharing/profit_sharing_order",
                "ecommerce/profitsharing/return_order"
            ]
        );
    }

    #[test]
    fn bad_metadata_is_an_error_naming_the_record() {
        let error = Fixtures::from_yaml("c:\n  - _mock: {settle: {}}\n").unwrap_err();
        assert!(error.to_string().contains("c[0]._mock"), "{error}");
    }
}
