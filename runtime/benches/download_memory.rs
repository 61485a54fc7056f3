//! The resident memory and throughput of a 1 GiB download to a file, plain and gzip.
//!
//! Goal: the client's peak RSS grows by less than 16 MiB while it downloads 1 GiB, whatever the
//! file's size, since a download is streamed chunk by chunk and never held whole.
//!
//! Method:
//!
//! - The server is this program again, started as a child process (`DOWNLOAD_MEMORY_SERVE=1`),
//!   so that its memory is not counted in the client's. It serves `GET /v3/billdownload/file`
//!   on 127.0.0.1. The content is made on the fly and never held whole. It is a 1 MiB block of
//!   trade-bill CSV rows, repeated, with the block's number written into its first row so that
//!   no two blocks are equal. The plain run sends it with its `Content-Length`. The gzip run
//!   (`?token=gzip`) sends it chunked, compressed block by block as it is sent
//!   (`Compression::fast()`). The server hashes the content once at start (SHA1, the ticket's
//!   `hash_value`) and prints its port and the hash.
//! - The client is a `Client` built with the test keys of `tests/data/protocol/`. It calls
//!   `download_to_path` on a current-thread tokio runtime, writing to a temporary directory
//!   (on disk, not tmpfs, on the machines this runs on), `gzip(true)` for the gzip run.
//! - Memory: before each run, the peak is reset (`5` written to `/proc/self/clear_refs`) and
//!   `VmRSS` is read from `/proc/self/status`; after it, `VmHWM` (the peak since the reset).
//!   The growth is `VmHWM` after minus `VmRSS` before. It covers everything the download
//!   allocates: reqwest's buffers, the decoder, the pending block, tokio's file buffer and its
//!   blocking threads.
//! - Throughput: content bytes over the wall time of the call, which includes the final
//!   `sync_all` and rename. The server shares the machine's two cores, and in the gzip run it
//!   compresses as it sends, so the figure is a floor, not the client's limit.
//!
//! Run with `cargo bench -p wechatpay-runtime --bench download_memory` (release). The size is
//! 1 GiB; `DOWNLOAD_MEMORY_MIB=64` makes a quick run.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use aws_lc_rs::digest::{Context, SHA1_FOR_LEGACY_USE_ONLY};
use axum::body::{Body, Bytes};
use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use flate2::Compression;
use flate2::write::GzEncoder;
use futures_util::StreamExt as _;
use wechatpay_apiv3::shared::ErrorCode;
use wechatpay_runtime::client::DownloadRequest;
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_runtime::{Client, RetryPolicy};

/// 2025-11-21T00:00:00Z: the client's clock.
const NOW: i64 = 1_763_683_200;
const MCHID: &str = "1900000109";
const MERCHANT_SERIAL: &str = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
const PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0114232134912410000000000000";
const SERVE: &str = "DOWNLOAD_MEMORY_SERVE";
const BLOCK: usize = 1 << 20;

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    if std::env::var_os(SERVE).is_some() {
        runtime.block_on(serve());
    } else {
        runtime.block_on(measure());
    }
}

/// The content's size in blocks (MiB).
fn blocks() -> usize {
    std::env::var("DOWNLOAD_MEMORY_MIB")
        .ok()
        .and_then(|mib| mib.parse().ok())
        .unwrap_or(1024)
}

/// One MiB of trade-bill rows, to be stamped with its number.
fn template() -> Vec<u8> {
    let mut block = Vec::with_capacity(BLOCK);
    let mut row = 0u64;
    while block.len() < BLOCK {
        let line = format!(
            "`2025-11-20 10:{:02}:{:02},`wx8888888888888888,`1900000109,`4200000{:021},`P{:015},`SUCCESS,`{}.{:02}\n",
            row / 60 % 60,
            row % 60,
            row.wrapping_mul(2_654_435_761) % 1_000_000_000_000,
            row * 7919 % 1_000_000_000,
            row * 31 % 10_007,
            row % 100,
        );
        block.extend_from_slice(line.as_bytes());
        row += 1;
    }
    block.truncate(BLOCK);
    block
}

/// Block `index` of the content: the template with its number over the first row's date.
fn block(template: &[u8], index: usize) -> Vec<u8> {
    let mut block = template.to_vec();
    let stamp = format!("`{index:018}");
    block[..stamp.len()].copy_from_slice(stamp.as_bytes());
    block
}

#[derive(serde::Deserialize)]
struct Token {
    token: String,
}

/// The server process: hashes the content, prints `PORT HASH`, serves until stdin closes.
async fn serve() {
    let template = Arc::new(template());
    let blocks = blocks();
    let mut hasher = Context::new(&SHA1_FOR_LEGACY_USE_ONLY);
    for index in 0..blocks {
        hasher.update(&block(&template, index));
    }
    let hash: String = hasher
        .finish()
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a local port");
    let port = listener.local_addr().expect("its address").port();
    println!("{port} {hash}");
    std::io::stdout().flush().expect("stdout");
    // The parent closes stdin when done (or dies): then this process ends too.
    std::thread::spawn(|| {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        std::process::exit(0);
    });
    let router = axum::Router::new().route(
        "/v3/billdownload/file",
        axum::routing::get(move |Query(token): Query<Token>| {
            let template = Arc::clone(&template);
            async move { file(template, blocks, token.token == "gzip") }
        }),
    );
    axum::serve(listener, router).await.expect("serving");
}

type Chunk = Result<Bytes, std::io::Error>;

/// The file's answer, made block by block as it is sent.
fn file(template: Arc<Vec<u8>>, blocks: usize, gzip: bool) -> Response {
    let request_id = [("Request-ID", "BENCH-0")];
    if !gzip {
        let length = (blocks * BLOCK).to_string();
        let body = futures_util::stream::iter(0..blocks)
            .map(move |index| Chunk::Ok(Bytes::from(block(&template, index))));
        let headers = [(header::CONTENT_LENGTH, length)];
        return (request_id, headers, Body::from_stream(body)).into_response();
    }
    let encoder = GzEncoder::new(Vec::new(), Compression::fast());
    let body = futures_util::stream::unfold(Some((0, encoder)), move |state| {
        let template = Arc::clone(&template);
        async move {
            let (index, mut encoder) = state?;
            if index == blocks {
                let tail = encoder.finish();
                return Some((tail.map(Bytes::from), None));
            }
            let written = encoder.write_all(&block(&template, index));
            let out = std::mem::take(encoder.get_mut());
            Some((
                written.map(|()| Bytes::from(out)),
                Some((index + 1, encoder)),
            ))
        }
    });
    (request_id, Body::from_stream(body)).into_response()
}

/// `VmRSS` or `VmHWM` of this process, in KiB.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The client process: starts the server, downloads plain then gzip, prints the figures.
async fn measure() {
    let exe = std::env::current_exe().expect("this program's path");
    let mut server = Command::new(exe)
        .env(SERVE, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server process starts");
    let mut line = String::new();
    let stdout = server.stdout.take().expect("its stdout");
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the server prints its port");
    let (port, hash) = line.trim().split_once(' ').expect("PORT HASH");
    let base = format!("http://127.0.0.1:{port}");

    let pem = |name: &str| {
        let path = format!("{}/tests/data/protocol/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"))
    };
    let client = Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, pem("merchant_test_key.pem"))
        .wechatpay_public_key(PUBLIC_KEY_ID, pem("wechatpay_public_key_test.pem"))
        .clock(Arc::new(ManualClock::new(NOW)))
        .retry_policy(RetryPolicy::none())
        .base_url(&base)
        .build()
        .expect("the client builds");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mib = blocks();
    println!(
        "download_memory: {mib} MiB of content, to {}",
        dir.path().display()
    );
    for (name, gzip) in [("plain", false), ("gzip", true)] {
        let url = format!("{base}/v3/billdownload/file?token={name}");
        let request = DownloadRequest::from_ticket(url, "SHA1", hash).gzip(gzip);
        let path = dir.path().join(format!("bill-{name}.csv"));
        run(&client, name, &request, &path).await;
        std::fs::remove_file(&path).expect("the file is removed");
    }
    drop(server.stdin.take());
    let _ = server.kill();
    let _ = server.wait();
}

/// One download, measured.
async fn run(client: &Client, name: &str, request: &DownloadRequest, path: &std::path::Path) {
    // Without the reset, VmHWM would be the peak since the process started.
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = status_kib("VmRSS:");
    let start = Instant::now();
    let downloaded = client
        .download_to_path::<ErrorCode>(request, path)
        .await
        .unwrap_or_else(|error| panic!("the {name} download failed: {}", error.report()));
    let seconds = start.elapsed().as_secs_f64();
    let peak = status_kib("VmHWM:");
    let mib = |bytes: u64| bytes as f64 / f64::from(1 << 20);
    let growth = match (before, peak, reset) {
        (Some(before), Some(peak), true) => {
            format!("{:.1} MiB", peak.saturating_sub(before) as f64 / 1024.0)
        }
        _ => "n/a (no /proc/self/status or clear_refs)".to_owned(),
    };
    println!(
        "{name}: {:.0} MiB content, {:.0} MiB received, {seconds:.2} s, {:.0} MiB/s; \
         RSS before {} KiB, peak {} KiB, peak growth {growth}",
        mib(downloaded.content_bytes),
        mib(downloaded.received_bytes),
        mib(downloaded.content_bytes) / seconds,
        before.unwrap_or_default(),
        peak.unwrap_or_default(),
    );
}
