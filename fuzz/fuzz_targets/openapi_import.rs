//! OpenAPI documents, ours and a third party's, mutated by the fuzzer's bytes (or the bytes as
//! they are), through the importer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wechatpay_tests::surfaces::openapi_import;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = openapi_import::check(&openapi_import::from_bytes(data)) {
        panic!("{broken}");
    }
});
