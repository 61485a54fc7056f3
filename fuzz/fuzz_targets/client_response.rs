//! Answers of any status, headers and body through the client's reading.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wechatpay_tests::surfaces::client_response;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = client_response::check(&client_response::from_bytes(data)) {
        panic!("{broken}");
    }
});
