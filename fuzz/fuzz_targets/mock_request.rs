//! Requests of any method, path, query, headers and body through the mock's router.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wechatpay_tests::surfaces::mock_request;

/// One runtime and one mock for the whole run.
struct Mock {
    runtime: tokio::runtime::Runtime,
    _server: wechatpay_mock::MockServer,
    router: axum::Router,
}

fn mock() -> &'static Mock {
    static MOCK: OnceLock<Mock> = OnceLock::new();
    MOCK.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let clock = wechatpay_runtime::protocol::clock::ManualClock::new(wechatpay_tests::NOW);
        let config = wechatpay_tests::mock_config(wechatpay_tests::SigningKey::PublicKey, &clock);
        let server = runtime
            .block_on(wechatpay_mock::MockServer::start(config))
            .expect("the mock starts");
        let router = server.router();
        Mock {
            runtime,
            _server: server,
            router,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let mock = mock();
    let input = mock_request::from_bytes(data);
    if let Err(broken) = mock
        .runtime
        .block_on(mock_request::check(&mock.router, &input))
    {
        panic!("{broken}");
    }
});
