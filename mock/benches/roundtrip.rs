//! Round trips per second between the client and the embedded mock on loopback, against the bare
//! RSA ceiling measured in the same run.
//!
//! A round trip costs four RSA-2048 PKCS#1 SHA-256 operations: the client signs the request and
//! verifies the answer, the mock verifies the request and signs the answer, `2 × (sign + verify)`
//! of CPU in all. Client and mock share the machine's two cores, so two cores can do at most
//! `2 / (2 × (sign + verify))` round trips a second. `1 / (2 × (sign + verify))` is one core's
//! worth, which is also the bound for a single caller, whose round trips run one after another.
//!
//! The run:
//!
//! 1. **Bare crypto.** Median time of one sign and one verify through the runtime's
//!    `PrivateKey::sign_sha256` and `PublicKey::verify_sha256`, on messages of the round trip's
//!    sizes (the request message of this GET, and the response message over the 278-byte answer),
//!    on one thread while the process does nothing else. Then the four operations of a round
//!    trip on two threads at once for a second: the crypto-only round trips per second the two
//!    cores really deliver together.
//! 2. **Round trips.** The embedded mock (`MockServer::start` on 127.0.0.1:0, development keys,
//!    the project's `spec/`, the default fixtures, the system clock) and one client pointed at it
//!    (`RetryPolicy::none()`, cloned into every task, so one connection pool), on one tokio
//!    runtime with two worker threads. For N = 1, 2, 4, 8, 16 tasks, each calls
//!    `client.execute(&QueryReturnOrderRequest)` for `R20190516001` in a loop (an answer other
//!    than `result: SUCCESS` counts as an error), 0.5 s of warm-up, then 3 s counted: calls that
//!    finish inside the window, over its length.
//!
//! Beside the rate, each level reports:
//! - the process's CPU time in the window (all threads, `/proc/self/task/*/schedstat`) as a share
//!   of the two cores, and per round trip; minus `2 × (sign + verify)`, the CPU a round trip
//!   spends on anything but the bare RSA;
//! - the kernel's share of that CPU (`/proc/self/stat`);
//! - the cores other processes kept busy meanwhile (`/proc/stat`), since the machine is shared: a
//!   window with other load is not a measurement of this code;
//! - the median and 99th percentile latency of one call.
//!
//! At the end it prints how many requests the mock's log holds and the resident memory before and
//! after the round trips: the log keeps the most recent requests, up to its configured limit.
//!
//! Run with `cargo bench -p wechatpay-mock --bench roundtrip` (about 25 s after the build). Numbers
//! after `--` replace the levels, e.g. `-- 8` for one level under a profiler.

#[path = "common/proc_cpu.rs"]
mod proc_cpu;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use wechatpay_apiv3::ecommerce::profitsharing::{OrderRef, QueryReturnOrderRequest};
use wechatpay_apiv3::shared::ReturnOrderResult;
use wechatpay_mock::keys::{DEV_MCHID, DEV_MERCHANT_SERIAL, DEV_PUBLIC_KEY_ID, DevKeys};
use wechatpay_mock::{Merchant, MockConfig, MockServer, ResponseSigning};
use wechatpay_runtime::protocol::clock::SystemClock;
use wechatpay_runtime::protocol::keys::{PrivateKey, PublicKey};
use wechatpay_runtime::protocol::message::{self, request_message, response_message};
use wechatpay_runtime::{Client, Operation as _, RetryPolicy};

use proc_cpu::{Ticks, schedstat_ns, user_system_ticks};

/// Concurrent tasks.
const CONCURRENCY: [usize; 5] = [1, 2, 4, 8, 16];
/// Tokio worker threads: the machine's two cores, shared by client and mock.
const WORKERS: usize = 2;
const WARM_UP: Duration = Duration::from_millis(500);
const WINDOW: Duration = Duration::from_secs(3);
/// Timed repetitions of each bare operation; the median is taken.
const CRYPTO_SAMPLES: usize = 300;
/// How long the two-thread crypto run lasts.
const PARALLEL_CRYPTO: Duration = Duration::from_secs(1);
/// The mock's answer for `R20190516001`: the default fixture, in its field order.
const RETURN_ORDER: &str = r#"{"sub_mchid":"1900000109","order_id":"3008450740201411110007820472","out_order_no":"P20150806125346","out_return_no":"R20190516001","return_mchid":"86693852","amount":10,"return_no":"3008450740201411110007820472","result":"SUCCESS","finish_time":"2015-05-20T13:29:35.120+08:00"}"#;

fn main() {
    let keys = DevKeys::generate().expect("development keys");
    let crypto = Crypto::measure(&keys);
    crypto.print();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKERS)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(round_trips(&keys, &crypto));
}

fn request() -> QueryReturnOrderRequest {
    QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516001",
        OrderRef::out_order_no("P20150806125346"),
    )
}

/// The four RSA operations of one round trip, on the keys and message sizes of the run.
struct CryptoOps {
    merchant_private: PrivateKey,
    merchant_public: PublicKey,
    wechatpay_private: PrivateKey,
    wechatpay_public: PublicKey,
    request_message: Vec<u8>,
    request_signature: Vec<u8>,
    response_message: Vec<u8>,
    response_signature: Vec<u8>,
}

impl CryptoOps {
    fn new(keys: &DevKeys) -> Self {
        let merchant_private =
            PrivateKey::from_pkcs8_pem(&keys.merchant_private_pem).expect("merchant key");
        let wechatpay_public =
            PublicKey::from_spki_pem(&keys.wechatpay_public_pem).expect("WeChat Pay key");
        let now = 1_763_683_200;
        let nonce = message::nonce().expect("a nonce");
        let request_message = request_message("GET", &request().request_target(), now, &nonce, b"");
        let response_message = response_message(&now.to_string(), &nonce, RETURN_ORDER.as_bytes());
        let request_signature = merchant_private
            .sign_sha256(&request_message)
            .expect("signs");
        let response_signature = keys
            .wechatpay_private
            .sign_sha256(&response_message)
            .expect("signs");
        Self {
            merchant_private,
            merchant_public: keys.merchant_public.clone(),
            wechatpay_private: keys.wechatpay_private.clone(),
            wechatpay_public,
            request_message,
            request_signature,
            response_message,
            response_signature,
        }
    }

    fn client_sign(&self) {
        let signature = self.merchant_private.sign_sha256(&self.request_message);
        assert!(signature.is_ok_and(|s| s == self.request_signature));
    }

    fn mock_verify(&self) {
        assert!(
            self.merchant_public
                .verify_sha256(&self.request_message, &self.request_signature)
        );
    }

    fn mock_sign(&self) {
        let signature = self.wechatpay_private.sign_sha256(&self.response_message);
        assert!(signature.is_ok_and(|s| s == self.response_signature));
    }

    fn client_verify(&self) {
        assert!(
            self.wechatpay_public
                .verify_sha256(&self.response_message, &self.response_signature)
        );
    }

    fn round_trip(&self) {
        self.client_sign();
        self.mock_verify();
        self.mock_sign();
        self.client_verify();
    }
}

/// The bare crypto figures of this run.
struct Crypto {
    /// Median of one sign (the mean of the request and response medians), seconds.
    sign: f64,
    /// Median of one verify, likewise.
    verify: f64,
    /// Crypto-only round trips per second with two threads at it.
    parallel: f64,
    /// Cores other processes kept busy meanwhile.
    parallel_others: Option<f64>,
    request_len: usize,
    response_len: usize,
}

impl Crypto {
    fn measure(keys: &DevKeys) -> Self {
        let ops = Arc::new(CryptoOps::new(keys));
        for _ in 0..20 {
            ops.round_trip();
        }
        let sign = (median(|| ops.client_sign()) + median(|| ops.mock_sign())) / 2.0;
        let verify = (median(|| ops.mock_verify()) + median(|| ops.client_verify())) / 2.0;

        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicU64::new(0));
        let threads: Vec<_> = (0..WORKERS)
            .map(|_| {
                let (ops, stop, done) = (Arc::clone(&ops), Arc::clone(&stop), Arc::clone(&done));
                std::thread::spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        ops.round_trip();
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                })
            })
            .collect();
        let (cpu_before, ticks_before) = (process_cpu(), Ticks::now());
        let start = Instant::now();
        std::thread::sleep(PARALLEL_CRYPTO);
        let counted = done.load(Ordering::Relaxed);
        let elapsed = start.elapsed().as_secs_f64();
        let (cpu_after, ticks_after) = (process_cpu(), Ticks::now());
        let cpu = cpu_before.zip(cpu_after).map(|(b, a)| a - b);
        let others = ticks_before
            .zip(ticks_after)
            .map(|(before, after)| after.since(before).0)
            .zip(cpu)
            .map(|(busy, cpu)| (busy - cpu / elapsed).max(0.0));
        stop.store(true, Ordering::Relaxed);
        for thread in threads {
            thread.join().expect("a crypto thread");
        }
        Self {
            sign,
            verify,
            parallel: counted as f64 / elapsed,
            parallel_others: others,
            request_len: ops.request_message.len(),
            response_len: ops.response_message.len(),
        }
    }

    /// CPU seconds of crypto per round trip: a sign and a verify on each side.
    fn per_round_trip(&self) -> f64 {
        2.0 * (self.sign + self.verify)
    }

    /// The issue's formula, `1 / (2 × (sign + verify))`: one core's worth.
    fn one_core(&self) -> f64 {
        1.0 / self.per_round_trip()
    }

    /// Two cores: `2 / (2 × (sign + verify))`.
    fn two_cores(&self) -> f64 {
        WORKERS as f64 / self.per_round_trip()
    }

    fn print(&self) {
        println!("bare crypto (RSA-2048 PKCS#1 SHA-256, aws-lc-rs through protocol::keys)");
        println!(
            "  sign   {:7.1} us  (median; messages of {} and {} bytes)",
            self.sign * 1e6,
            self.request_len,
            self.response_len
        );
        println!("  verify {:7.1} us  (median)", self.verify * 1e6);
        println!(
            "  crypto per round trip 2 x (sign + verify) = {:.1} us",
            self.per_round_trip() * 1e6
        );
        println!(
            "  ceiling 1 / (2 x (sign + verify))  = {:6.0} round trips/s (one core's worth)",
            self.one_core()
        );
        println!(
            "  ceiling 2 / (2 x (sign + verify))  = {:6.0} round trips/s (two cores)",
            self.two_cores()
        );
        println!(
            "  crypto alone on {WORKERS} threads, measured = {:6.0} round trips/s \
             (other processes busy meanwhile: {} cores)",
            self.parallel,
            cores(self.parallel_others)
        );
        println!();
    }
}

/// The median wall time of `op`, in seconds.
fn median(op: impl Fn()) -> f64 {
    let mut times: Vec<f64> = (0..CRYPTO_SAMPLES)
        .map(|_| {
            let start = Instant::now();
            op();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// CPU time of every thread of this process so far, in seconds, when the kernel reports it.
fn process_cpu() -> Option<f64> {
    schedstat_ns(Path::new("/proc/self")).map(|nanos| nanos as f64 / 1e9)
}

/// This process's user and kernel CPU ticks so far (`/proc/self/stat`).
fn user_kernel_ticks() -> Option<(u64, u64)> {
    user_system_ticks(Path::new("/proc/self"))
}

/// What one concurrency level measured.
struct Level {
    tasks: usize,
    rate: f64,
    cpu_per_round_trip: Option<f64>,
    cpu_busy: Option<f64>,
    /// The kernel's share of this process's CPU time.
    kernel: Option<f64>,
    /// Cores other processes kept busy, on average.
    others: Option<f64>,
    steal: Option<f64>,
    p50: Duration,
    p99: Duration,
    errors: u64,
}

async fn round_trips(keys: &DevKeys, crypto: &Crypto) {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let merchant = Merchant {
        mchid: DEV_MCHID.to_owned(),
        serial_no: DEV_MERCHANT_SERIAL.to_owned(),
        public_key: keys.merchant_public.clone(),
    };
    let signing = ResponseSigning::PublicKey {
        id: DEV_PUBLIC_KEY_ID.to_owned(),
        key: keys.wechatpay_private.clone(),
    };
    let config = MockConfig::new(merchant, signing)
        .spec_dir(spec)
        .clock(Arc::new(SystemClock));
    let mock = MockServer::start(config).await.expect("the mock starts");
    let client = Client::builder()
        .merchant(DEV_MCHID, DEV_MERCHANT_SERIAL, &keys.merchant_private_pem)
        .wechatpay_public_key(DEV_PUBLIC_KEY_ID, &keys.wechatpay_public_pem)
        .base_urls(mock.url(), mock.url())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("the client builds");
    let first = client.execute(&request()).await.expect("a first call");
    assert_eq!(first.data().result, ReturnOrderResult::Success);

    println!(
        "round trips: client.execute(QueryReturnOrderRequest) against the embedded mock, \
         {WORKERS} tokio workers, {:.1} s warm-up + {:.0} s counted per N",
        WARM_UP.as_secs_f64(),
        WINDOW.as_secs_f64()
    );
    // Numbers on the command line replace the default levels (`-- 8` to profile one); cargo
    // passes `--bench`, which is not a number.
    let mut chosen: Vec<usize> = std::env::args().filter_map(|a| a.parse().ok()).collect();
    if chosen.is_empty() {
        chosen = CONCURRENCY.to_vec();
    }
    let resident_before = resident_mib();
    let mut levels = Vec::new();
    for tasks in chosen {
        levels.push(level(&client, tasks, crypto).await);
    }
    print_table(crypto, &levels);

    let resident_after = resident_mib();
    let received = mock.received().len();
    let mib = |m: Option<f64>| m.map_or_else(|| "?".to_owned(), |m| format!("{m:.0}"));
    println!(
        "\nthe mock's request log holds {received} entries; resident memory {} MiB before the \
         round trips, {} MiB after",
        mib(resident_before),
        mib(resident_after)
    );
}

async fn level(client: &Client, tasks: usize, crypto: &Crypto) -> Level {
    let measuring = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicU64::new(0));
    let handles: Vec<_> = (0..tasks)
        .map(|_| {
            let client = client.clone();
            let (measuring, stop, errors) = (
                Arc::clone(&measuring),
                Arc::clone(&stop),
                Arc::clone(&errors),
            );
            tokio::spawn(call_until_stopped(client, measuring, stop, errors))
        })
        .collect();

    tokio::time::sleep(WARM_UP).await;
    let cpu_before = process_cpu();
    let ticks_before = Ticks::now();
    let split_before = user_kernel_ticks();
    let start = Instant::now();
    measuring.store(true, Ordering::Relaxed);
    tokio::time::sleep(WINDOW).await;
    measuring.store(false, Ordering::Relaxed);
    let elapsed = start.elapsed().as_secs_f64();
    let cpu_after = process_cpu();
    let ticks_after = Ticks::now();
    let split_after = user_kernel_ticks();
    stop.store(true, Ordering::Relaxed);

    let mut latencies = Vec::new();
    for handle in handles {
        latencies.extend(handle.await.expect("a task"));
    }
    latencies.sort_unstable();
    let completed = latencies.len();
    let rate = completed as f64 / elapsed;
    let cpu = cpu_before.zip(cpu_after).map(|(b, a)| a - b);
    let machine = ticks_before
        .zip(ticks_after)
        .map(|(before, after)| after.since(before));
    let percentile = |p: f64| {
        let index = ((completed as f64 * p) as usize).min(completed.saturating_sub(1));
        latencies.get(index).copied().unwrap_or_default()
    };
    let measured = Level {
        tasks,
        rate,
        cpu_per_round_trip: cpu.map(|c| c / completed.max(1) as f64),
        cpu_busy: cpu.map(|c| c / elapsed / WORKERS as f64),
        kernel: split_before.zip(split_after).map(|((u0, k0), (u1, k1))| {
            let (user, kernel) = (u1.saturating_sub(u0), k1.saturating_sub(k0));
            kernel as f64 / (user + kernel).max(1) as f64
        }),
        others: machine
            .zip(cpu)
            .map(|((busy, _), cpu)| (busy - cpu / elapsed).max(0.0)),
        steal: machine.map(|(_, steal)| steal),
        p50: percentile(0.50),
        p99: percentile(0.99),
        errors: errors.load(Ordering::Relaxed),
    };
    println!(
        "  N = {tasks:2}: {rate:6.0} round trips/s, {:5.1} % of the two-core ceiling",
        100.0 * rate / crypto.two_cores()
    );
    measured
}

/// One task's round trips until `stop`: the latencies measured while `measuring`, and a count
/// of failures in `errors`.
async fn call_until_stopped(
    client: Client,
    measuring: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    errors: Arc<AtomicU64>,
) -> Vec<Duration> {
    let request = request();
    let mut latencies = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let start = Instant::now();
        let ok = client
            .execute(&request)
            .await
            .is_ok_and(|r| r.data().result == ReturnOrderResult::Success);
        let took = start.elapsed();
        if !ok {
            errors.fetch_add(1, Ordering::Relaxed);
        } else if measuring.load(Ordering::Relaxed) {
            latencies.push(took);
        }
    }
    latencies
}

fn print_table(crypto: &Crypto, levels: &[Level]) {
    let crypto_us = crypto.per_round_trip() * 1e6;
    println!();
    println!(
        "|  N | round trips/s | % of 2/(2(s+v)) | % of 1/(2(s+v)) | % of crypto on 2 threads \
         | CPU busy | other load | CPU us / round trip | non-crypto us | kernel share | p50 ms \
         | p99 ms | errors |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for level in levels {
        let cpu_us = level.cpu_per_round_trip.map(|c| c * 1e6);
        println!(
            "| {:2} | {:.0} | {:.0} % | {:.0} % | {:.0} % | {} | {} | {} | {} | {} | {:.2} | {:.2} | {} |",
            level.tasks,
            level.rate,
            100.0 * level.rate / crypto.two_cores(),
            100.0 * level.rate / crypto.one_core(),
            100.0 * level.rate / crypto.parallel,
            percent(level.cpu_busy),
            cores(level.others),
            cpu_us.map_or_else(|| "?".to_owned(), |c| format!("{c:.0}")),
            cpu_us.map_or_else(|| "?".to_owned(), |c| format!("{:.0}", c - crypto_us)),
            percent(level.kernel),
            level.p50.as_secs_f64() * 1e3,
            level.p99.as_secs_f64() * 1e3,
            level.errors,
        );
    }
    let stolen = levels.iter().filter_map(|l| l.steal).fold(0.0, f64::max);
    println!(
        "(most CPU time stolen by the hypervisor in any window: {:.1} %)",
        100.0 * stolen
    );
}

/// A share as a percentage, or `?`.
fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "?".to_owned(), |v| format!("{:.0} %", 100.0 * v))
}

/// A count of cores, or `?`.
fn cores(value: Option<f64>) -> String {
    value.map_or_else(|| "?".to_owned(), |v| format!("{v:.2}"))
}

/// The process's resident memory, in MiB.
fn resident_mib() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: f64 = text.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096.0 / (1024.0 * 1024.0))
}
