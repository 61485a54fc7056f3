//! Spec files, seeds mutated by the fuzzer or its bytes as they are, through the loader.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wechatpay_tests::surfaces::spec_loader;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = spec_loader::check(&spec_loader::from_bytes(data)) {
        panic!("{broken}");
    }
});
