//! The load benchmark: 100,000 calls from 32 concurrent tasks against the mock in this process,
//! faults injected all along. It fails on any mismatched or hung call, and prints the outcome
//! and the resident memory after 10,000 and after 100,000 calls (BENCHMARKS.md, "Load").
//!
//! `cargo bench -p wechatpay-tests --bench load` (`-- CALLS TASKS` to change the load).

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with('-'));
    let calls: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let tasks: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(32);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let started = std::time::Instant::now();
    let outcome = runtime.block_on(wechatpay_tests::load::run(calls, tasks, &[10_000]));
    let elapsed = started.elapsed();
    println!("{calls} calls from {tasks} tasks in {elapsed:.1?}");
    println!(
        "  answered with their own record: {}; errors by kind: {:?}",
        outcome.ok, outcome.errors
    );
    println!(
        "  mismatched: {}; hung: {}; slowest call: {:.1?}",
        outcome.mismatched, outcome.hung, outcome.slowest
    );
    for (done, kib) in &outcome.resident {
        println!(
            "  resident memory after {done} calls: {:.1} MiB",
            *kib as f64 / 1024.0
        );
    }
    if let [(_, first), .., (_, last)] = outcome.resident.as_slice() {
        let growth = (*last as f64 - *first as f64) / 1024.0;
        println!("  growth from the first figure to the last: {growth:+.1} MiB");
    }
    if outcome.mismatched > 0 || outcome.hung > 0 {
        std::process::exit(1);
    }
}
