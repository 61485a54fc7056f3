//! Product rules: what a family of endpoints does to the mock's state beyond finding and
//! creating records, where the service's behaviour is a rule between records (a split takes
//! money from a transaction; a return needs a split to give back). One module per product; the
//! handler asks them before its generic answer.

mod profit_sharing;

use std::collections::HashSet;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde_json::{Map, Value};
use wechatpay_spec::model::Endpoint;

use crate::server::App;

/// A request a product rule refuses, as the service would: the status, code and message of the
/// APIv3 error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) status: u16,
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl Refusal {
    fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }
}

/// State a product keeps beside the records.
#[derive(Default)]
pub(crate) struct ProductState {
    /// Receivers added and not deleted: `(merchant, type, account)`.
    receivers: Mutex<HashSet<(String, String, String)>>,
}

impl ProductState {
    fn receivers(&self) -> MutexGuard<'_, HashSet<(String, String, String)>> {
        self.receivers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// A checked request, as the product rules read it.
pub(crate) struct Request<'a> {
    pub(crate) endpoint: &'a Endpoint,
    /// The JSON body, its encrypted fields opened.
    pub(crate) body: Option<&'a Value>,
    /// The scalar parameters sent.
    pub(crate) sent: &'a [(String, String)],
}

/// The record a product rule makes of `request` (or its refusal), when a rule applies; `None`
/// leaves the request to the generic answer.
pub(crate) fn answer(
    app: &App,
    request: &Request<'_>,
    now: i64,
) -> Option<Result<Map<String, Value>, Refusal>> {
    profit_sharing::answer(app, request, now)
}

/// The lines of the bill a ticket endpoint issues, when a product writes its own.
pub(crate) fn bill_lines(app: &App, request: &Request<'_>) -> Option<Vec<String>> {
    profit_sharing::bill_lines(app, request)
}

/// The text of `name` in a JSON object (`""` when absent or not text).
fn text<'a>(object: &'a Map<String, Value>, name: &str) -> &'a str {
    object.get(name).and_then(Value::as_str).unwrap_or_default()
}

/// The integer `name` in a JSON object (0 when absent or not an integer).
fn integer(object: &Map<String, Value>, name: &str) -> i64 {
    object.get(name).and_then(Value::as_i64).unwrap_or_default()
}

/// The collection route `METHOD path` reads and writes, if the mock serves it.
fn collection<'a>(app: &'a App, method: &str, path: &str) -> Option<&'a str> {
    let name = format!("{method} {path}");
    app.routes
        .iter()
        .find(|route| route.name == name)
        .map(|route| route.collection.as_str())
}

/// `record` with only the fields `endpoint` answers with: a rule may keep more for itself.
fn answered(endpoint: &Endpoint, record: &Map<String, Value>) -> Map<String, Value> {
    record
        .iter()
        .filter(|(name, _)| {
            endpoint
                .response
                .fields
                .iter()
                .any(|f| f.wire_name == **name)
        })
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}
