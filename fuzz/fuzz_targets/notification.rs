//! Notifications of any headers and body, sealed or not, through the merchant's reading.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wechatpay_tests::surfaces::notification;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = notification::check(&notification::from_bytes(data)) {
        panic!("{broken}");
    }
});
