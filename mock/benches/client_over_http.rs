//! The client's CPU per call over real HTTP, with the mock in a process of its own, against the
//! bare RSA sign + verify of that call measured in the same run.
//!
//! A call costs the client one RSA-2048 PKCS#1 SHA-256 signature (over the request) and one
//! verification (of the answer). Everything else the client does — reqwest, hyper, tokio, the
//! runtime's own code, allocation — is overhead on top of that. Target: client CPU per call at
//! most 1.10 × (sign + verify).
//!
//! The run:
//!
//! 1. **The mock.** `wechatpay-mock serve --host 127.0.0.1 --port 0` (the package's binary) with
//!    the project's `spec/`, the default fixtures and a fresh temporary `--keys-dir`, started as a
//!    child process. Its announced `base_url:` line gives the address; the rest of its output is
//!    drained by a thread. It is killed at the end, and on a panic too (a guard's `Drop`).
//! 2. **The client.** `DevKeys::in_dir` on that directory loads the keys the mock wrote;
//!    `DevKeys::client_builder` gives a `Client` with the merchant key and the WeChat Pay public
//!    key, pointed at the mock, with `RetryPolicy::none()` and otherwise default settings. It runs
//!    on a tokio current-thread runtime, in this process's main thread, and calls
//!    `client.execute(&QueryReturnOrderRequest)` for `R20190516001` one call after another. Any
//!    answer other than `Ok` with `result: SUCCESS` counts as an error; the run fails if there is
//!    one.
//! 3. **Bare RSA.** `PrivateKey::sign_sha256` of a request message and
//!    `PublicKey::verify_sha256` of a response message (the runtime's protocol key types, on the
//!    same keys), one of each per iteration. The request message is built with
//!    `protocol::message::request_message` from the call's target, a 10-digit timestamp and a
//!    32-character nonce, as the client builds it; the response message and its signature are
//!    those of a real answer of the mock to the same request (read once before timing with
//!    `Client::sign_request` and a plain reqwest client), so both have exactly the call's sizes.
//! 4. **Timing.** 1,000 calls and 100 bare iterations of warm-up, then 5 blocks, each of
//!    `calls / 5` calls followed by as many bare iterations, so that a change in the machine's
//!    load affects both sides alike. Totals over the blocks are reported.
//!
//! CPU time is this process's user + system time, all threads, which is what
//! `getrusage(RUSAGE_SELF)` reports. `getrusage` needs `unsafe` (forbidden in this workspace) or
//! an extra crate, so the same figures are read from `/proc`: the sum of the first field of
//! `/proc/self/task/*/schedstat` (nanoseconds on CPU, every live thread; the figure used for the
//! ratios), cross-checked with `utime + stime` of `/proc/self/stat` (clock ticks, which also
//! count threads that have ended; the kernel share comes from it). The mock's CPU over the call
//! blocks is read the same two ways from `/proc/<pid>/`. Ticks are converted with
//! `getconf CLK_TCK` (100 Hz when that fails).
//!
//! Printed: calls, client CPU µs per call, bare sign + verify µs per iteration, the ratio
//! client / bare, the mock's CPU µs per call, (client + mock) / (2 × bare) (a call costs the mock
//! a verify and a sign too), calls per second of wall time, the client's kernel share, and the
//! cores other processes kept busy meanwhile (`/proc/stat`): the machine is shared, and other
//! load changes the figures, as follows.
//!
//! The figure depends on the scheduler as much as on the code. One call at a time leaves the
//! client waiting while the mock works: on an otherwise idle machine each process's core goes
//! idle on every call and is woken by the other across cores, which costs both of them kernel
//! time and cold caches. When both share one core (another load on the other one, or
//! `taskset -c 1` in front of the command, which the mock inherits) they take turns without
//! idling. Compare runs made in the same conditions: the other-load figure tells a loaded
//! machine from an idle one, and a pinned run should be reported as such.
//!
//! Run with `cargo bench -p wechatpay-mock --bench client_over_http` (about 10 s after the
//! build). A number after `--` replaces the 10,000 measured calls.

#[path = "common/proc_cpu.rs"]
mod proc_cpu;

use std::hint::black_box;
use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use wechatpay_apiv3::ecommerce::profitsharing::{OrderRef, QueryReturnOrderRequest};
use wechatpay_apiv3::shared::ReturnOrderResult;
use wechatpay_mock::keys::DevKeys;
use wechatpay_runtime::protocol::keys::{PrivateKey, PublicKey};
use wechatpay_runtime::protocol::message::{self, request_message, response_message};
use wechatpay_runtime::{Client, Operation as _, RetryPolicy};

use proc_cpu::{Ticks, schedstat_ns, user_system_ticks};

/// Measured calls unless the command line says otherwise.
const CALLS: u64 = 10_000;
/// Calls before measuring: connection set up, allocator and caches warm.
const WARM_UP_CALLS: u64 = 1_000;
/// Bare sign + verify iterations before measuring.
const WARM_UP_BARE: u64 = 100;
/// The measured calls and bare iterations are split into this many alternating blocks.
const BLOCKS: u64 = 5;

fn main() {
    // Numbers on the command line replace the call count; cargo passes `--bench`, not a number.
    let calls = std::env::args()
        .filter_map(|a| a.parse::<u64>().ok())
        .next()
        .unwrap_or(CALLS)
        .max(BLOCKS);
    let per_block = calls / BLOCKS;

    let keys_dir = tempfile::tempdir().expect("a temporary directory");
    let mock = MockProcess::start(keys_dir.path());
    let (keys, _) = DevKeys::in_dir(keys_dir.path()).expect("the mock's development keys");
    let client = keys
        .client_builder()
        .base_urls(mock.url.clone(), mock.url.clone())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("the client builds");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let bare = runtime.block_on(Bare::new(&keys, &client));

    let request = request();
    assert_eq!(
        runtime.block_on(calls_block(&client, &request, WARM_UP_CALLS)),
        0
    );
    bare_block(&bare, WARM_UP_BARE);

    let tck = clock_ticks_per_second();
    let mut totals = Totals::default();
    for _ in 0..BLOCKS {
        let before = Snapshot::take(mock.pid);
        let start = Instant::now();
        totals.errors += runtime.block_on(calls_block(&client, &request, per_block));
        totals.call_wall += start.elapsed();
        let after = Snapshot::take(mock.pid);
        totals.add_calls(&before, &after, tck);

        let before = Snapshot::take(mock.pid);
        bare_block(&bare, per_block);
        let after = Snapshot::take(mock.pid);
        totals.add_bare(&before, &after);
    }
    totals.calls = per_block * BLOCKS;
    totals.print(&bare);
    assert_eq!(totals.errors, 0, "every call must succeed");
    drop(mock);
}

fn request() -> QueryReturnOrderRequest {
    QueryReturnOrderRequest::new(
        "1900000109",
        "R20190516001",
        OrderRef::out_order_no("P20150806125346"),
    )
}

/// `count` calls one after another; how many failed. Not inlined, so that a profile tells its
/// samples from the bare ones.
#[inline(never)]
async fn calls_block(client: &Client, request: &QueryReturnOrderRequest, count: u64) -> u64 {
    let mut errors = 0;
    for _ in 0..count {
        let ok = client
            .execute(request)
            .await
            .is_ok_and(|r| r.data().result == ReturnOrderResult::Success);
        if !ok {
            errors += 1;
        }
    }
    errors
}

/// `count` bare sign + verify iterations. Not inlined, like [`calls_block`].
#[inline(never)]
fn bare_block(bare: &Bare, count: u64) {
    for _ in 0..count {
        let signature = bare
            .merchant
            .sign_sha256(black_box(&bare.request_message))
            .expect("signs");
        black_box(signature);
        assert!(
            bare.wechatpay
                .verify_sha256(black_box(&bare.response_message), &bare.response_signature)
        );
    }
}

/// The mock as a child process, killed when this is dropped (also when unwinding from a panic).
struct MockProcess {
    child: Child,
    pid: u32,
    url: String,
}

impl MockProcess {
    fn start(keys_dir: &Path) -> Self {
        let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let mut child = Command::new(env!("CARGO_BIN_EXE_wechatpay-mock"))
            .args(["serve", "--host", "127.0.0.1", "--port", "0", "--spec"])
            .arg(&spec)
            .arg("--keys-dir")
            .arg(keys_dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the mock starts");
        let pid = child.id();
        let stdout = child.stdout.take().expect("the mock's standard output");
        // The guard exists from here on: a panic below still kills the child.
        let mut process = Self {
            child,
            pid,
            url: String::new(),
        };
        let mut lines = BufReader::new(stdout);
        let mut line = String::new();
        while process.url.is_empty() {
            line.clear();
            let read = lines.read_line(&mut line).expect("the mock's output");
            assert!(read > 0, "the mock exited before announcing its address");
            if let Some(url) = line.trim_end().strip_prefix("base_url: ") {
                url.clone_into(&mut process.url);
            }
        }
        // The routes follow: read and drop them, so a full pipe never blocks the mock.
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut lines, &mut std::io::sink());
        });
        process
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The bare operations and their inputs, of the call's sizes.
struct Bare {
    merchant: PrivateKey,
    wechatpay: PublicKey,
    request_message: Vec<u8>,
    response_message: Vec<u8>,
    response_signature: Vec<u8>,
}

impl Bare {
    /// Sends the call's request once by hand to read a real answer's signed message.
    async fn new(keys: &DevKeys, client: &Client) -> Self {
        use base64::Engine as _;
        let merchant =
            PrivateKey::from_pkcs8_pem(&keys.merchant_private_pem).expect("merchant key");
        let wechatpay =
            PublicKey::from_spki_pem(&keys.wechatpay_public_pem).expect("WeChat Pay public key");

        let signed = client.sign_request(&request()).expect("the request signs");
        let mut builder = reqwest::Client::new().get(&signed.url);
        for (name, value) in &signed.headers {
            builder = builder.header(*name, value);
        }
        let answer = builder.send().await.expect("the mock answers");
        assert!(answer.status().is_success(), "{}", answer.status());
        let header = |name: &str| {
            let value = answer.headers().get(name).expect(name);
            value.to_str().expect("an ASCII header").to_owned()
        };
        let (timestamp, nonce) = (header("Wechatpay-Timestamp"), header("Wechatpay-Nonce"));
        let response_signature = base64::engine::general_purpose::STANDARD
            .decode(header("Wechatpay-Signature"))
            .expect("a base64 signature");
        let body = answer.bytes().await.expect("the answer's body");
        let response_message = response_message(&timestamp, &nonce, &body);
        assert!(wechatpay.verify_sha256(&response_message, &response_signature));

        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let target = request().request_target();
        let nonce = message::nonce().expect("a nonce");
        let request_message = request_message("GET", &target, now, &nonce, b"");
        // `GET\n{target}\n{10-digit timestamp}\n{32-character nonce}\n\n`, as the client signs.
        assert_eq!(
            request_message.len(),
            4 + (target.len() + 1) + 11 + (message::NONCE_LEN + 1) + 1
        );
        Self {
            merchant,
            wechatpay,
            request_message,
            response_message,
            response_signature,
        }
    }
}

/// CPU counters of this process and the mock at one instant.
struct Snapshot {
    /// This process, all live threads, nanoseconds.
    client_ns: u64,
    /// This process, (user, system) ticks.
    client_ticks: (u64, u64),
    mock_ns: u64,
    mock_ticks: (u64, u64),
    machine: Ticks,
}

impl Snapshot {
    fn take(mock: u32) -> Self {
        let mock_dir = PathBuf::from(format!("/proc/{mock}"));
        Self {
            client_ns: schedstat_ns(Path::new("/proc/self")).expect("/proc/self/task"),
            client_ticks: user_system_ticks(Path::new("/proc/self")).expect("/proc/self/stat"),
            mock_ns: schedstat_ns(&mock_dir).expect("the mock's /proc/PID/task"),
            mock_ticks: user_system_ticks(&mock_dir).expect("the mock's /proc/PID/stat"),
            machine: Ticks::now().expect("/proc/stat"),
        }
    }
}

fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| text.trim().parse::<f64>().ok())
        .unwrap_or(100.0)
}

/// Sums over the measured blocks.
#[derive(Default)]
struct Totals {
    calls: u64,
    errors: u64,
    call_wall: Duration,
    client_ns: u64,
    client_ticks: (u64, u64),
    mock_ns: u64,
    mock_ticks: u64,
    bare_ns: u64,
    bare_ticks: u64,
    /// Machine ticks in the call blocks: (total, busy, steal).
    machine: (u64, u64, u64),
    /// Ticks of this process and the mock in the call blocks.
    ours_ticks: u64,
    tck: f64,
}

impl Totals {
    fn add_calls(&mut self, before: &Snapshot, after: &Snapshot, tck: f64) {
        self.tck = tck;
        self.client_ns += after.client_ns - before.client_ns;
        self.client_ticks.0 += after.client_ticks.0 - before.client_ticks.0;
        self.client_ticks.1 += after.client_ticks.1 - before.client_ticks.1;
        self.mock_ns += after.mock_ns - before.mock_ns;
        let mock_ticks =
            after.mock_ticks.0 + after.mock_ticks.1 - (before.mock_ticks.0 + before.mock_ticks.1);
        self.mock_ticks += mock_ticks;
        let machine = after.machine.delta(before.machine);
        self.machine.0 += machine.total;
        self.machine.1 += machine.busy();
        self.machine.2 += machine.steal;
        let client_ticks = after.client_ticks.0 + after.client_ticks.1
            - (before.client_ticks.0 + before.client_ticks.1);
        self.ours_ticks += client_ticks + mock_ticks;
    }

    fn add_bare(&mut self, before: &Snapshot, after: &Snapshot) {
        self.bare_ns += after.client_ns - before.client_ns;
        self.bare_ticks += after.client_ticks.0 + after.client_ticks.1
            - (before.client_ticks.0 + before.client_ticks.1);
    }

    fn print(&self, bare: &Bare) {
        let n = self.calls as f64;
        let us = |ns: u64| ns as f64 / 1e3 / n;
        let ticks_us = |ticks: u64| ticks as f64 / self.tck * 1e6 / n;
        let (client, bare_us, mock) = (us(self.client_ns), us(self.bare_ns), us(self.mock_ns));
        let client_ticks = self.client_ticks.0 + self.client_ticks.1;
        let cpus = std::thread::available_parallelism().map_or(1, usize::from) as f64;
        let machine_total = self.machine.0.max(1) as f64;
        let others = (self.machine.1 as f64 - self.ours_ticks as f64) / machine_total * cpus;
        println!(
            "client over HTTP: client.execute(QueryReturnOrderRequest) against `wechatpay-mock \
             serve` in its own process, one call at a time on a current-thread runtime"
        );
        println!(
            "  messages: {} bytes signed, {} bytes verified",
            bare.request_message.len(),
            bare.response_message.len()
        );
        println!("  calls                      {:>8}", self.calls);
        println!("  errors                     {:>8}", self.errors);
        println!(
            "  client CPU / call          {client:8.1} us  (stat: {:.1} us, kernel share {:.1} %)",
            ticks_us(client_ticks),
            100.0 * self.client_ticks.1 as f64 / client_ticks.max(1) as f64
        );
        println!(
            "  bare sign + verify         {bare_us:8.1} us  (stat: {:.1} us)",
            ticks_us(self.bare_ticks)
        );
        println!("  ratio client / bare        {:8.3}", client / bare_us);
        println!(
            "  mock CPU / call            {mock:8.1} us  (stat: {:.1} us)",
            ticks_us(self.mock_ticks)
        );
        println!(
            "  (client + mock) / 2 bare   {:8.3}",
            (client + mock) / (2.0 * bare_us)
        );
        println!(
            "  wall                       {:8.0} calls/s",
            n / self.call_wall.as_secs_f64()
        );
        println!(
            "  other load in call blocks  {others:8.2} cores (steal {:.1} %)",
            100.0 * self.machine.2 as f64 / machine_total
        );
        println!(
            "| {} | {client:.1} | {bare_us:.1} | {:.3} | {mock:.1} | {:.3} | {:.0} | {:.2} |",
            self.calls,
            client / bare_us,
            (client + mock) / (2.0 * bare_us),
            n / self.call_wall.as_secs_f64(),
            others
        );
    }
}
