//! Property tests of every input surface (`wechatpay_tests::surfaces`): arbitrary and mutated
//! inputs, a few hundred per surface, each surface bounded to a few seconds. A failure prints
//! the smallest input proptest found; `PROPTEST_CASES=10000` runs longer by hand.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use wechatpay_tests::surfaces::{
    client_response, mock_request, notification, openapi_import, page_import, spec_loader,
};
use wechatpay_tests::{NOW, SigningKey, mock_config};

/// Far above any case's time: a case over it is a hang or a blow-up, not a slow machine.
const HANG: Duration = Duration::from_secs(10);

fn config(cases: u32) -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(cases),
        // Failures are reported with their inputs; nothing is written into the source tree.
        failure_persistence: None,
        ..Config::default()
    }
}

/// Runs `check` on inputs from `strategy`, failing on a broken property or a hang.
fn run<T: std::fmt::Debug>(
    cases: u32,
    strategy: impl Strategy<Value = T>,
    check: impl Fn(&T) -> Result<(), String>,
) {
    let mut runner = TestRunner::new(config(cases));
    runner
        .run(&strategy, |input| {
            let started = Instant::now();
            let checked = check(&input);
            prop_assert!(started.elapsed() < HANG, "took {:?}", started.elapsed());
            checked.map_err(TestCaseError::fail)
        })
        .unwrap();
}

#[test]
fn the_spec_loader_locates_every_error_and_never_panics() {
    run(300, spec_loader::strategy(), spec_loader::check);
}

#[test]
fn the_page_importer_drafts_any_text_or_says_why_and_its_drafts_read_back() {
    run(300, page_import::strategy(), page_import::check);
}

#[test]
fn the_openapi_importer_drafts_any_document_or_says_where_it_breaks() {
    // Each case imports a document of up to 0.6 MiB: fewer cases than the small surfaces.
    run(48, openapi_import::strategy(), openapi_import::check);
}

#[test]
fn the_client_reads_any_answer_into_a_response_or_a_typed_error() {
    run(400, client_response::strategy(), client_response::check);
}

#[test]
fn a_notification_is_read_only_when_signed_and_sealed_and_errors_keep_its_secrets() {
    run(400, notification::strategy(), notification::check);
}

#[test]
fn the_mock_answers_any_request_with_an_apiv3_error_or_a_response() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let clock = wechatpay_runtime::protocol::clock::ManualClock::new(NOW);
    let mock = runtime
        .block_on(wechatpay_mock::MockServer::start(mock_config(
            SigningKey::PublicKey,
            &clock,
        )))
        .unwrap();
    let router = mock.router();
    run(400, mock_request::strategy(), |input| {
        runtime.block_on(mock_request::check(&router, input))
    });
}
