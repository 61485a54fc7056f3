//! A few thousand concurrent calls against the mock with faults injected all along: each ends
//! in the response it asked for or a typed error, within its time limit. The 100,000-call run,
//! with memory figures, is the `load` benchmark (BENCHMARKS.md).

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_under_faults_each_get_their_own_answer_or_a_typed_error() {
    let outcome = wechatpay_tests::load::run(2_000, 16, &[]).await;
    assert_eq!(outcome.calls, 2_000);
    assert_eq!(outcome.mismatched, 0, "{outcome:?}");
    assert_eq!(outcome.hung, 0, "{outcome:?}");
    assert_eq!(outcome.errors.get("other"), None, "{outcome:?}");
    // Faults touched some calls, and most got through (retries absorb 5xx and 429).
    assert!(!outcome.errors.is_empty(), "{outcome:?}");
    assert!(outcome.ok > outcome.calls / 2, "{outcome:?}");
}
