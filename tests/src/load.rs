//! A load of concurrent calls from the generated client to the mock, with faults injected all
//! along: every call must end in a response or a typed error, within its time limit, and every
//! response must answer the request that asked (each asks for its own return order). Run by the
//! load test (a few thousand calls) and the load benchmark (100,000, with memory figures).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};
use wechatpay_apiv3::ecommerce::profitsharing::{OrderRef, QueryReturnOrderRequest};
use wechatpay_mock::{Fault, MockServer, Record};
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_runtime::{Client, Error, RetryPolicy};

use crate::keys::{self, PUBLIC_KEY_ID};
use crate::{NOW, SigningKey, mock_config};

const ROUTE: &str = "GET /v3/ecommerce/profitsharing/returnorders";
/// The return orders asked for, each its own record.
const ORDERS: usize = 1_000;
/// A call's attempts may take this long each.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);

/// What a load did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Calls made.
    pub calls: usize,
    /// Calls answered with the record they asked for.
    pub ok: usize,
    /// Calls that ended in an error, by kind.
    pub errors: BTreeMap<&'static str, usize>,
    /// Responses that answered another request: must be 0.
    pub mismatched: usize,
    /// Calls that outlived every attempt's time limit: must be 0.
    pub hung: usize,
    /// Resident memory after each measured point, `(calls done, KiB)`.
    pub resident: Vec<(usize, u64)>,
    /// The longest call.
    pub slowest: Duration,
}

/// The faults injected, one after the other, while the load runs.
fn faults() -> Vec<Fault> {
    vec![
        Fault::SystemError,
        Fault::RateLimited(None),
        Fault::Gateway(503),
        Fault::WrongSignature,
        Fault::TruncatedJson,
        Fault::TruncatedBody,
        Fault::DropConnection,
        Fault::Latency(Duration::from_millis(5)),
        Fault::UnknownEnumValue,
    ]
}

/// `calls` calls from `tasks` concurrent tasks; resident memory is read after each number of
/// calls in `checkpoints`.
pub async fn run(calls: usize, tasks: usize, checkpoints: &[usize]) -> Outcome {
    let clock = ManualClock::new(NOW);
    let config = mock_config(SigningKey::PublicKey, &clock).request_log_limit(0);
    let mock = Arc::new(MockServer::start(config).await.expect("the mock starts"));
    for n in 0..ORDERS {
        mock.insert(
            "ecommerce/profitsharing/return_order",
            Record::new(order(n)),
        );
    }
    // Real (short) waits between attempts: a recording sleeper would grow with every call.
    let client = Client::builder()
        .merchant(
            keys::MCHID,
            keys::MERCHANT_SERIAL,
            keys::pem("merchant_test_key.pem"),
        )
        .clock(Arc::new(clock.clone()))
        .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
        .base_urls(mock.url(), mock.url())
        .timeout(ATTEMPT_TIMEOUT)
        .retry_policy(
            RetryPolicy::attempts(3).backoff(Duration::from_millis(1), Duration::from_millis(5)),
        )
        .build()
        .expect("the client builds");

    let stop = Arc::new(AtomicBool::new(false));
    let injector = tokio::spawn(inject(Arc::clone(&mock), Arc::clone(&stop)));
    let next = Arc::new(AtomicUsize::new(0));
    let mut outcome = Outcome::default();
    let mut done = 0;
    for &until in checkpoints.iter().chain(std::iter::once(&calls)) {
        let until = until.min(calls);
        if until <= done {
            continue;
        }
        let handles: Vec<_> = (0..tasks)
            .map(|_| tokio::spawn(call_until(client.clone(), Arc::clone(&next), until)))
            .collect();
        for handle in handles {
            let part = handle.await.expect("a load task");
            outcome.merge(part);
        }
        done = until;
        outcome.resident.push((done, resident_kib()));
    }
    stop.store(true, Ordering::Relaxed);
    let _ = injector.await;
    outcome
}

/// Return order `n`, as the mock keeps it.
fn order(n: usize) -> Map<String, Value> {
    let value = json!({
        "sub_mchid": "1900000109",
        "order_id": "3008450740201411110007820472",
        "out_order_no": "P20150806125346",
        "out_return_no": format!("LOAD{n:06}"),
        "return_mchid": "86693852",
        "amount": n,
        "return_no": format!("30084507402014111100{n:08}"),
        "result": "SUCCESS",
        "finish_time": "2015-05-20T13:29:35.120+08:00",
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Keeps a few faults queued on the route until told to stop.
async fn inject(mock: Arc<MockServer>, stop: Arc<AtomicBool>) {
    let faults = faults();
    let mut i = 0;
    while !stop.load(Ordering::Relaxed) {
        let _ = mock.inject(ROUTE, faults[i % faults.len()].clone(), Some(1));
        i += 1;
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// Calls until `next` reaches `until`.
async fn call_until(client: Client, next: Arc<AtomicUsize>, until: usize) -> Outcome {
    let mut outcome = Outcome::default();
    loop {
        let n = next.fetch_add(1, Ordering::Relaxed);
        if n >= until {
            // Put back what was taken past the end, for the next round.
            next.fetch_min(until, Ordering::Relaxed);
            return outcome;
        }
        let asked = format!("LOAD{:06}", n % ORDERS);
        let request = QueryReturnOrderRequest::new(
            "1900000109",
            &asked,
            OrderRef::out_order_no("P20150806125346"),
        );
        let started = Instant::now();
        // Three attempts, each within its limit, and short backoffs between them.
        let bound = ATTEMPT_TIMEOUT * 3 + Duration::from_secs(5);
        let answered = tokio::time::timeout(bound, client.execute(&request)).await;
        outcome.slowest = outcome.slowest.max(started.elapsed());
        outcome.calls += 1;
        match answered {
            Err(_) => outcome.hung += 1,
            Ok(Ok(response)) if response.out_return_no == asked => outcome.ok += 1,
            Ok(Ok(_)) => outcome.mismatched += 1,
            Ok(Err(error)) => *outcome.errors.entry(kind(&error)).or_default() += 1,
        }
    }
}

fn kind<C>(error: &Error<C>) -> &'static str {
    match error {
        Error::Api(_) => "api",
        Error::Transport { .. } => "transport",
        Error::Verification { .. } => "verification",
        Error::Decode { .. } => "decode",
        Error::ResponseTooLarge { .. } => "too large",
        Error::Validation(_) => "validation",
        _ => "other",
    }
}

impl Outcome {
    fn merge(&mut self, other: Outcome) {
        self.calls += other.calls;
        self.ok += other.ok;
        self.mismatched += other.mismatched;
        self.hung += other.hung;
        self.slowest = self.slowest.max(other.slowest);
        for (kind, count) in other.errors {
            *self.errors.entry(kind).or_default() += count;
        }
    }
}

/// This process's resident memory, in KiB (0 where /proc is not there).
pub fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|text| text.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4)
}
